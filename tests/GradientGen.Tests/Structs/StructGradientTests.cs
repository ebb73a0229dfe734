using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Structs that carry derivatives: System.Numerics vectors (their operators, Dot, Length, Normalize, Cross,
/// Distance, Lerp, constructors), a user's struct with public fields, a record struct, tuples, nested
/// structs, <c>with</c>, object initializers, struct locals overwritten in a loop. The adjoint of a struct
/// parameter is a <c>ref</c> value of its type whose members accumulate. Checked against central finite
/// differences at several points (in float for the vectors) and against closed forms; each method has a
/// flat driver (one vector of doubles in, value or gradient out).
/// </summary>
public class StructGradientTests
{
    internal const string Source = """
        using System;
        using System.Numerics;
        using GradientGen;

        public struct Particle { public double X; public double V; public int Id; }

        public struct Body { public Particle P; public double Mass { get; set; } }

        public record struct Point(double X, double Y);

        public struct Pair
        {
            public double A, B;
            public Pair(double a, double b) { A = a; B = b; }
        }

        public static partial class Physics
        {
            // The spring's energy ½k(|a − b| − rest)²: its gradient in a is k·s·(a − b)/|a − b|.
            [Differentiable]
            public static float Spring(Vector3 a, Vector3 b, float k, float rest)
            {
                Vector3 d = a - b;
                float s = d.Length() - rest;
                return 0.5f * k * s * s;
            }

            [Differentiable]
            public static float Mix(Vector3 a, Vector3 b, float t)
            {
                Vector3 c = Vector3.Cross(a, b) + Vector3.Normalize(a) * t - b / 2f;
                c += new Vector3(t, 1, 2) * Vector3.Distance(a, b);
                c.Y *= 2;
                c -= -a;
                var e = new Vector3(new Vector2(a.Z, t), b.X);
                return Vector3.Dot(c, Vector3.Lerp(a, b, t)) + c.X * Vector3.DistanceSquared(e, a) + e.LengthSquared();
            }

            // A damped oscillator stepped n times (symplectic Euler); the struct locals are overwritten each step.
            [Differentiable]
            public static float Orbit(Vector2 x0, Vector2 v0, int n, float dt)
            {
                Vector2 x = x0, v = v0;
                for (int i = 0; i < n; i++)
                {
                    Vector2 f = -x * x.Length() - 0.1f * v;
                    v += f * dt;
                    x += v * dt;
                }

                return x.X * x.X + 3 * x.Y;
            }

            [Differentiable]
            public static double Energy(Particle p, Body b, double k)
            {
                var q = new Particle { X = p.X * 2, V = p.V + b.P.V };
                q.X += k * b.Mass;
                q.V *= b.P.X;
                Particle r = q;
                r.X = r.X * r.V;
                return 0.5 * b.Mass * q.V * q.V + k * q.X * r.X;
            }

            [Differentiable]
            public static double Shapes((double, double) t, Point p, double s)
            {
                var u = (t.Item1 * p.X, t.Item2 + p.Y);
                var w = p with { Y = u.Item1 * s };
                var pair = new Pair(w.X, u.Item2);
                var origin = new Point(s, 1.5);
                return u.Item1 * u.Item2 + w.Y * w.X + pair.A * pair.B + origin.X * origin.Y;
            }
        }

        public static partial class Fields
        {
            [Differentiable]
            public static float Potential(Vector3 p, float k) => k * p.LengthSquared() + p.X * p.Y;

            // Struct arguments to a [Differentiable] callee: a local, an expression, a parameter, in a loop.
            [Differentiable]
            public static float Chain(Vector3 a, Vector3 b, float k)
            {
                Vector3 d = a - b;
                float total = Potential(d, k) + Potential(a * 2, 1f);
                for (int i = 0; i < 3; i++)
                {
                    d = d * 0.5f + b;
                    total += Potential(d, k * i);
                }

                return total + Potential(b, k);
            }
        }

        public struct Ball { public Vector3 Pos; public float M; }

        public static partial class Inner
        {
            // A whole inner struct stored, then its members read and changed.
            [Differentiable]
            public static float Store(Vector3 p, float m)
            {
                var b = new Ball { M = m };
                b.Pos = p * 2;
                b.Pos.Y *= m;
                return b.Pos.X + b.Pos.Y * b.M + b.Pos.Z * b.Pos.Z;
            }
        }

        public static partial class Forces
        {
            // A struct result, with an early return: dResult is a Vector3.
            [Differentiable]
            public static Vector3 Force(Vector3 p, float k)
            {
                if (p.X > 5) return Vector3.Zero;
                Vector3 f = -k * p * p.Length();
                return f + new Vector3(0, -9.81f, 0);
            }

            // The work of that force along a straight path: a struct-returning callee in a loop.
            [Differentiable]
            public static float Work(Vector3 p0, Vector3 v, float k)
            {
                Vector3 p = p0;
                float w = 0;
                for (int i = 0; i < 3; i++)
                {
                    Vector3 f = Force(p, k);
                    w += Vector3.Dot(f, v);
                    p += v * 0.1f;
                }

                return w;
            }
        }

        public static class Drivers
        {
            // p 3, m → 4.
            public static double StoreValue(double[] f) => Inner.Store(V3(f, 0), (float)f[3]);

            public static double[] StoreGradient(double[] f)
            {
                Vector3 dp = default; float dm = 0;
                Inner.StoreBackward(V3(f, 0), (float)f[3], 1f, ref dp, ref dm);
                return [dp.X, dp.Y, dp.Z, dm];
            }

            // p0 3, v 3, k → 7.
            public static double WorkValue(double[] f) => Forces.Work(V3(f, 0), V3(f, 3), (float)f[6]);

            public static double[] WorkGradient(double[] f)
            {
                Vector3 dp = default, dv = default; float dk = 0;
                Forces.WorkBackward(V3(f, 0), V3(f, 3), (float)f[6], 1f, ref dp, ref dv, ref dk);
                return [dp.X, dp.Y, dp.Z, dv.X, dv.Y, dv.Z, dk];
            }

            // The vector-Jacobian product of Force with the cotangent (1, 2, 3): p 3, k → 4.
            public static double ForceValue(double[] f) => Vector3.Dot(Forces.Force(V3(f, 0), (float)f[3]), new Vector3(1, 2, 3));

            public static double[] ForceGradient(double[] f)
            {
                Vector3 dp = default; float dk = 0;
                Forces.ForceBackward(V3(f, 0), (float)f[3], new Vector3(1, 2, 3), ref dp, ref dk);
                return [dp.X, dp.Y, dp.Z, dk];
            }

            // a 3, b 3, k → 7.
            public static double ChainValue(double[] f) => Fields.Chain(V3(f, 0), V3(f, 3), (float)f[6]);

            public static double[] ChainGradient(double[] f)
            {
                Vector3 da = default, db = default; float dk = 0;
                Fields.ChainBackward(V3(f, 0), V3(f, 3), (float)f[6], 1f, ref da, ref db, ref dk);
                return [da.X, da.Y, da.Z, db.X, db.Y, db.Z, dk];
            }

            private static Vector3 V3(double[] f, int i) => new((float)f[i], (float)f[i + 1], (float)f[i + 2]);

            private static Vector2 V2(double[] f, int i) => new((float)f[i], (float)f[i + 1]);

            // a 3, b 3, k, rest → 8.
            public static double SpringValue(double[] f) => Physics.Spring(V3(f, 0), V3(f, 3), (float)f[6], (float)f[7]);

            public static double[] SpringGradient(double[] f)
            {
                Vector3 da = default, db = default; float dk = 0, dr = 0;
                Physics.SpringBackward(V3(f, 0), V3(f, 3), (float)f[6], (float)f[7], 1f, ref da, ref db, ref dk, ref dr);
                return [da.X, da.Y, da.Z, db.X, db.Y, db.Z, dk, dr];
            }

            // a 3, b 3, t → 7.
            public static double MixValue(double[] f) => Physics.Mix(V3(f, 0), V3(f, 3), (float)f[6]);

            public static double[] MixGradient(double[] f)
            {
                Vector3 da = default, db = default; float dt = 0;
                Physics.MixBackward(V3(f, 0), V3(f, 3), (float)f[6], 1f, ref da, ref db, ref dt);
                return [da.X, da.Y, da.Z, db.X, db.Y, db.Z, dt];
            }

            // x0 2, v0 2, dt → 5 (n = 7 steps).
            public static double OrbitValue(double[] f) => Physics.Orbit(V2(f, 0), V2(f, 2), 7, (float)f[4]);

            public static double[] OrbitGradient(double[] f)
            {
                Vector2 dx = default, dv = default; float ddt = 0;
                Physics.OrbitBackward(V2(f, 0), V2(f, 2), 7, (float)f[4], 1f, ref dx, ref dv, ref ddt);
                return [dx.X, dx.Y, dv.X, dv.Y, ddt];
            }

            // p 2, body 3 (P.X, P.V, Mass), k → 6.
            private static Body Body(double[] f) => new() { P = new Particle { X = f[2], V = f[3] }, Mass = f[4] };

            public static double EnergyValue(double[] f) => Physics.Energy(new Particle { X = f[0], V = f[1], Id = 7 }, Body(f), f[5]);

            public static double[] EnergyGradient(double[] f)
            {
                Particle dp = default; Body db = default; double dk = 0;
                Physics.EnergyBackward(new Particle { X = f[0], V = f[1], Id = 7 }, Body(f), f[5], 1.0, ref dp, ref db, ref dk);
                return [dp.X, dp.V, db.P.X, db.P.V, db.Mass, dk];
            }

            // t 2, p 2, s → 5.
            public static double ShapesValue(double[] f) => Physics.Shapes((f[0], f[1]), new Point(f[2], f[3]), f[4]);

            public static double[] ShapesGradient(double[] f)
            {
                (double, double) dt = default; Point dp = default; double ds = 0;
                Physics.ShapesBackward((f[0], f[1]), new Point(f[2], f[3]), f[4], 1.0, ref dt, ref dp, ref ds);
                return [dt.Item1, dt.Item2, dp.X, dp.Y, ds];
            }

            public static double[] SpringTwice(double[] f)
            {
                Vector3 da = default, db = default; float dk = 0, dr = 0;
                Physics.SpringBackward(V3(f, 0), V3(f, 3), (float)f[6], (float)f[7], 1f, ref da, ref db, ref dk, ref dr);
                Physics.SpringBackward(V3(f, 0), V3(f, 3), (float)f[6], (float)f[7], 1f, ref da, ref db, ref dk, ref dr);
                return [da.X, da.Y, da.Z, db.X, db.Y, db.Z, dk, dr];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, number of parameters, central-difference step, tolerance (the vectors are float).</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Spring", 8, 1e-2, 2e-3 },
        { "Mix", 7, 1e-2, 2e-3 },
        { "Orbit", 5, 2e-3, 2e-3 },
        { "Energy", 6, 1e-6, 1e-7 },
        { "Shapes", 5, 1e-6, 1e-7 },
        { "Chain", 7, 1e-2, 2e-3 },
        { "Work", 7, 1e-2, 2e-3 },
        { "Force", 4, 1e-2, 2e-3 },
        { "Store", 4, 1e-2, 2e-3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Struct_gradients_match_finite_differences_at_several_points(string name, int size, double h, double tolerance)
    {
        var random = new Random(31);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            if (name == "Orbit")
            {
                f[4] = 0.05 + 0.1 * random.NextDouble();
            }

            Drivers.GradientMatchesFiniteDifferences(name, f, h, tolerance, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Spring_gradient_is_the_closed_form()
    {
        double[] f = [0.3, -1.2, 0.8, -0.4, 0.5, 0.1, 2.5, 0.7];
        double[] d = [f[0] - f[3], f[1] - f[4], f[2] - f[5]];
        double length = Math.Sqrt(d.Sum(x => x * x));
        double s = length - f[7];
        double[] gradient = Drivers.Gradient("Spring", f);
        for (int i = 0; i < 3; i++)
        {
            GradientAssert.Close(f[6] * s * d[i] / length, gradient[i], 1e-5, $"dA[{i}]");
            GradientAssert.Close(-f[6] * s * d[i] / length, gradient[3 + i], 1e-5, $"dB[{i}]");
        }

        GradientAssert.Close(0.5 * s * s, gradient[6], 1e-5, "dK");
        GradientAssert.Close(-f[6] * s, gradient[7], 1e-5, "dRest");
    }

    [Fact]
    public void Struct_adjoints_accumulate_member_by_member()
    {
        double[] f = [0.3, -1.2, 0.8, -0.4, 0.5, 0.1, 2.5, 0.7];
        double[] once = Drivers.Gradient("Spring", f);
        double[] twice = (double[])Drivers.Call("SpringTwice", f)!;
        for (int k = 0; k < once.Length; k++)
        {
            GradientAssert.Close(2 * once[k], twice[k], 1e-6, $"p[{k}]");
        }
    }

    [Fact]
    public void A_struct_parameter_gets_a_ref_adjoint_of_its_own_type()
    {
        MethodInfo backward = Drivers.Assembly.GetType("Physics")!.GetMethod("EnergyBackward")!;
        Assert.Equal(
            ["Particle p", "Body b", "Double k", "Double dResult", "Particle& dP", "Body& dB", "Double& dK"],
            backward.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"));
    }
}
