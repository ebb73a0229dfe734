using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Structs whose members can't be assigned in place: a <c>readonly record struct</c> (its <c>init</c>
/// properties, its own operators and property, inlined), a <c>readonly struct</c> with <c>readonly</c> fields
/// set by its constructor, one nested in another, one inside a mutable struct, one with an <c>int</c> beside its
/// doubles, and arrays of them. The generated code changes a member by building the struct again; the adjoint of
/// such a struct is a value of its type (<c>ref P2 dA</c>). Checked against central differences at several points,
/// against closed forms, and by the generated text.
/// </summary>
public class ImmutableStructTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public readonly record struct P2(double X, double Y)
        {
            public static P2 operator +(P2 a, P2 b) => new(a.X + b.X, a.Y + b.Y);
            public static P2 operator -(P2 a, P2 b) => new(a.X - b.X, a.Y - b.Y);
            public static P2 operator *(double s, P2 a) => new(s * a.X, s * a.Y);
            public double Length => Math.Sqrt(X * X + Y * Y);
        }

        public readonly struct Mass
        {
            public readonly double M;
            public readonly double V;
            public Mass(double m, double v) { M = m; V = v; }
        }

        public readonly record struct Segment(P2 A, P2 B);

        public readonly record struct Tagged(double Value, int Id);

        public partial struct Body
        {
            public P2 Pos;
            public double M;

            // Not inlined (it has a loop): a local given to it stays a struct.
            [Differentiable]
            public double Energy()
            {
                double e = 0;
                for (int i = 1; i < 3; i++) e += M * Pos.X * Pos.Y / i;
                return e;
            }
        }

        public static partial class Shapes
        {
            // ½mv²: its gradient is (½v², mv).
            [Differentiable]
            public static double Kinetic(Mass m) => 0.5 * m.M * m.V * m.V;

            // A chain of springs through the points: locals rebuilt by operators and 'with', in a loop.
            [Differentiable]
            public static double Chain(P2 start, P2 step, double k)
            {
                P2 p = start;
                double energy = 0;
                for (int i = 0; i < 4; i++)
                {
                    P2 next = p + 0.5 * step;
                    next = next with { Y = next.Y * k };
                    energy += (next - p).Length;
                    p = next;
                }

                return energy + p.X * p.Y;
            }

            // Nested immutable structs, one inside a mutable struct kept whole (its own method reads it), and a struct that holds an int.
            [Differentiable]
            public static double Nested(Segment s, Tagged t, double m)
            {
                var b = new Body { M = m };
                b.Pos = s.A - s.B;
                b.Pos = b.Pos with { X = b.Pos.X * t.Value };
                Segment u = s with { B = new P2(b.Pos.Y, t.Value) };
                u = new Segment(u.B, u.A);
                var w = new Tagged(u.A.X * b.M, 0);
                return u.A.X * u.B.Y + w.Value * t.Id + w.Id + b.Pos.X * b.Pos.Y + b.Energy();
            }

            // An immutable struct result: its adjoint comes in as dResult.
            [Differentiable]
            public static P2 Rotate(P2 p, double angle)
            {
                double c = Math.Cos(angle), s = Math.Sin(angle);
                return new P2(c * p.X - s * p.Y, s * p.X + c * p.Y);
            }

            // An array of immutable structs, read by index: the points' centroid's squared distance to q.
            [Differentiable]
            public static double Spread(P2[] points, P2 q)
            {
                var sum = new P2(0, 0);
                foreach (P2 p in points) sum = sum + p;
                P2 d = (1.0 / points.Length) * sum - q;
                return d.X * d.X + d.Y * d.Y;
            }
        }

        public static class Drivers
        {
            private static P2 P(double[] f, int i) => new(f[i], f[i + 1]);

            // m, v → 2.
            public static double KineticValue(double[] f) => Shapes.Kinetic(new Mass(f[0], f[1]));

            public static double[] KineticGradient(double[] f)
            {
                Mass dm = default;
                Shapes.KineticBackward(new Mass(f[0], f[1]), 1.0, ref dm);
                return [dm.M, dm.V];
            }

            // start 2, step 2, k → 5.
            public static double ChainValue(double[] f) => Shapes.Chain(P(f, 0), P(f, 2), f[4]);

            public static double[] ChainGradient(double[] f)
            {
                P2 ds = default, dt = default; double dk = 0;
                Shapes.ChainBackward(P(f, 0), P(f, 2), f[4], 1.0, ref ds, ref dt, ref dk);
                return [ds.X, ds.Y, dt.X, dt.Y, dk];
            }

            // segment 4, tagged value, m → 6 (the tag is 3).
            public static double NestedValue(double[] f) => Shapes.Nested(new Segment(P(f, 0), P(f, 2)), new Tagged(f[4], 3), f[5]);

            public static double[] NestedGradient(double[] f)
            {
                Segment ds = default; Tagged dt = default; double dm = 0;
                Shapes.NestedBackward(new Segment(P(f, 0), P(f, 2)), new Tagged(f[4], 3), f[5], 1.0, ref ds, ref dt, ref dm);
                return [ds.A.X, ds.A.Y, ds.B.X, ds.B.Y, dt.Value, dm];
            }

            // p 2, angle → 3; the seed (0.7, −0.2).
            public static double RotateValue(double[] f)
            {
                P2 r = Shapes.Rotate(P(f, 0), f[2]);
                return 0.7 * r.X - 0.2 * r.Y;
            }

            public static double[] RotateGradient(double[] f)
            {
                P2 dp = default; double da = 0;
                Shapes.RotateBackward(P(f, 0), f[2], new P2(0.7, -0.2), ref dp, ref da);
                return [dp.X, dp.Y, da];
            }

            // 3 points, q → 8.
            public static double SpreadValue(double[] f) => Shapes.Spread([P(f, 0), P(f, 2), P(f, 4)], P(f, 6));

            public static double[] SpreadGradient(double[] f)
            {
                var dp = new P2[3]; P2 dq = default;
                Shapes.SpreadBackward([P(f, 0), P(f, 2), P(f, 4)], P(f, 6), 1.0, dp, ref dq);
                return [.. dp.SelectMany(d => new[] { d.X, d.Y }), dq.X, dq.Y];
            }

            // The adjoint of a struct with an int keeps the int it came with.
            public static int TagAfterBackward()
            {
                Segment ds = default; Tagged dt = new(0, 42); double dm = 0;
                Shapes.NestedBackward(new Segment(new P2(1, 2), new P2(3, 4)), new Tagged(0.5, 3), 2.0, 1.0, ref ds, ref dt, ref dm);
                return dt.Id;
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    public static TheoryData<string, int> Cases => new()
    {
        { "Kinetic", 2 },
        { "Chain", 5 },
        { "Nested", 6 },
        { "Rotate", 3 },
        { "Spread", 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Immutable_struct_gradients_match_finite_differences_at_several_points(string name, int size)
    {
        var random = new Random(11);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Kinetic_energy_gradient_is_the_closed_form()
    {
        double[] gradient = Drivers.Gradient("Kinetic", [2.0, 3.0]);
        GradientAssert.Close(4.5, gradient[0], 1e-15, "dM");
        GradientAssert.Close(6.0, gradient[1], 1e-15, "dV");
    }

    [Fact]
    public void Rotation_adjoint_is_the_seed_rotated_back()
    {
        // R(θ)ᵀ·g for the seed g, and g·R′(θ)p for the angle.
        double[] f = [0.8, -0.3, 0.6];
        (double c, double s) = (Math.Cos(f[2]), Math.Sin(f[2]));
        (double gx, double gy) = (0.7, -0.2);
        double[] gradient = Drivers.Gradient("Rotate", f);
        GradientAssert.Close(c * gx + s * gy, gradient[0], 1e-15, "dP.X");
        GradientAssert.Close(-s * gx + c * gy, gradient[1], 1e-15, "dP.Y");
        GradientAssert.Close(gx * (-s * f[0] - c * f[1]) + gy * (c * f[0] - s * f[1]), gradient[2], 1e-15, "dAngle");
    }

    [Fact]
    public void An_immutable_struct_gets_a_ref_adjoint_of_its_own_type_and_keeps_its_other_members()
    {
        Type shapes = Drivers.Assembly.GetType("Shapes")!;
        Type p2 = Drivers.Assembly.GetType("P2")!;
        MethodInfo rotate = shapes.GetMethod("RotateBackward")!;
        Assert.Equal([p2, typeof(double), p2, p2.MakeByRefType(), typeof(double).MakeByRefType()], rotate.GetParameters().Select(p => p.ParameterType).ToArray());
        Assert.Equal(p2, rotate.ReturnType);
        Assert.Equal(42, (int)Drivers.Call("TagAfterBackward")!);
    }

    [Fact]
    public void A_member_is_changed_by_building_the_struct_again()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "Shapes.Nested.g.cs");
        // The readonly record struct inside a mutable struct: the inner one is built again with its constructor.
        Assert.Contains("b.Pos = new global::P2(", text);
        // The adjoint of a struct with an int: the int is passed on.
        Assert.Contains("dT = new global::Tagged(dT.Value + ", text);
        Assert.Contains(", dT.Id);", text);
    }
}
