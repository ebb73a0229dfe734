using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Arrays and spans of structs (<c>Vector3[]</c>, <c>ReadOnlySpan&lt;Particle&gt;</c>) as inputs: members of their
/// elements (<c>p[i].X</c>), whole elements in vector arithmetic (<c>Vector3.Distance(p[i], p[j])</c>),
/// <c>foreach</c>, passing them on, and a member of <c>this</c>; and local arrays of structs the method writes
/// (whole elements with <c>=</c>, <c>+=</c>, <c>-=</c>, and members). The adjoint is a <c>Span&lt;S&gt;</c> whose elements'
/// members accumulate. Checked against central finite differences at several points and the closed form.
/// </summary>
public class StructArrayTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using GradientGen;

        public struct Particle
        {
            public double X, V;
        }

        public static partial class Cloud
        {
            // Springs to the origin and a repulsion between every pair: k·Σ|p_i|² + Σ_{i<j} 1/|p_i − p_j|.
            [Differentiable]
            public static float Energy(Vector3[] p, float k)
            {
                float e = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    e += k * p[i].LengthSquared();
                    for (int j = i + 1; j < p.Length; j++)
                    {
                        e += 1f / Vector3.Distance(p[i], p[j]);
                    }
                }

                return e;
            }

            // Local arrays of structs: spring forces accumulated into one (+=, -=), a semi-implicit Euler step
            // stored into another (whole elements, then a member), read back element by element.
            [Differentiable]
            public static double Step(Particle[] q, double k, double dt)
            {
                int n = q.Length;
                var force = new Particle[n];
                for (int i = 0; i + 1 < n; i++)
                {
                    var d = new Particle { X = q[i + 1].X - q[i].X, V = q[i + 1].V - q[i].V };
                    force[i].X += k * d.X;
                    force[i + 1].X -= k * d.X;
                    force[i].V += Math.Sin(d.V);
                }

                var next = new Particle[n];
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = q[i].V + force[i].X * dt;
                    next[i] = new Particle { X = q[i].X + v * dt, V = v };
                    next[i].V *= 1 - force[i].V * dt;
                    e += next[i].X * next[i].X + 0.5 * next[i].V * next[i].V;
                }

                return e + next[0].X * next[n - 1].V;
            }

            // Whole Vector3 elements stored and added into, in float.
            [Differentiable]
            public static float Pulled(Vector3[] p, float k)
            {
                var pulled = new Vector3[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    pulled[i] = p[i] * k;
                    pulled[i] += Vector3.Normalize(p[i]);
                    pulled[i] -= new Vector3(0, k * k, 0);
                }

                float e = 0;
                foreach (Vector3 r in pulled) e += r.LengthSquared();
                return e;
            }

            // Local arrays of structs allocated per iteration of a loop and in a branch: each run has its own.
            [Differentiable]
            public static double Rounds(Particle[] q, double k)
            {
                double e = 0;
                for (int r = 0; r < 2; r++)
                {
                    var moved = new Particle[q.Length];
                    for (int i = 0; i < q.Length; i++)
                    {
                        moved[i].X = q[i].X + k * r * q[i].V;
                        moved[i].V = Math.Cos(q[i].X * e);
                    }

                    if (r == 0)
                    {
                        var extra = new Particle[1];
                        extra[0] = new Particle { X = moved[0].X * k, V = e };
                        e += extra[0].X * extra[0].X + extra[0].V;
                    }

                    foreach (Particle m in moved) e += m.X * m.V;
                }

                return e;
            }

            // Members of elements, a foreach, and a call that takes the array on.
            [Differentiable]
            public static double Kinetic(ReadOnlySpan<Particle> q, double m)
            {
                double e = 0;
                foreach (Particle r in q)
                {
                    e += 0.5 * m * r.V * r.V;
                }

                for (int i = 0; i < q.Length; i++)
                {
                    e += Math.Sin(q[i].X) * q[i].V;
                }

                return e;
            }

            // A foreach whose struct never reaches the result (its backward once named an adjoint it didn't have).
            [Differentiable]
            public static double Unused(Particle[] q, double m)
            {
                double ignored = 0;
                foreach (Particle r in q) ignored += r.V;
                return m * q[1].X;
            }

            [Differentiable]
            public static double Total(Particle[] q, [NoDerivative] Particle[] fixedOnes, double m) =>
                Kinetic(q, m) * Kinetic(fixedOnes, m) + q[0].X;
        }

        public sealed partial class Body
        {
            public Vector3[] Points = [];

            [Differentiable]
            public float Spread(Vector3 center)
            {
                float s = 0;
                for (int i = 0; i < Points.Length; i++)
                {
                    Vector3 d = Points[i] - center;
                    s += Vector3.Dot(d, d);
                }

                return s;
            }
        }

        public static class Drivers
        {
            private static Vector3[] Points(double[] f, int count) =>
                [.. Enumerable.Range(0, count).Select(i => new Vector3((float)f[3 * i], (float)f[3 * i + 1], (float)f[3 * i + 2]))];

            private static double[] Flat(ReadOnlySpan<Vector3> v)
            {
                var f = new double[3 * v.Length];
                for (int i = 0; i < v.Length; i++) { f[3 * i] = v[i].X; f[3 * i + 1] = v[i].Y; f[3 * i + 2] = v[i].Z; }
                return f;
            }

            private static Particle[] Particles(double[] f, int count) =>
                [.. Enumerable.Range(0, count).Select(i => new Particle { X = f[2 * i], V = f[2 * i + 1] })];

            private static double[] Flat(Particle[] q) => [.. q.SelectMany(p => new[] { p.X, p.V })];

            // Four points, then k.
            public static double EnergyValue(double[] f) => Cloud.Energy(Points(f, 4), (float)f[12]);

            public static double[] EnergyGradient(double[] f)
            {
                var dP = new Vector3[4];
                float dK = 0;
                Cloud.EnergyBackward(Points(f, 4), (float)f[12], 1f, dP, ref dK);
                return [.. Flat(dP), dK];
            }

            // Three particles, then k and dt.
            public static double StepValue(double[] f) => Cloud.Step(Particles(f, 3), f[6], f[7]);

            public static double[] StepGradient(double[] f)
            {
                var dQ = new Particle[3];
                double dK = 0, dDt = 0;
                Cloud.StepBackward(Particles(f, 3), f[6], f[7], 1.0, dQ, ref dK, ref dDt);
                return [.. Flat(dQ), dK, dDt];
            }

            // Three points, then k.
            public static double PulledValue(double[] f) => Cloud.Pulled(Points(f, 3), (float)f[9]);

            public static double[] PulledGradient(double[] f)
            {
                var dP = new Vector3[3];
                float dK = 0;
                Cloud.PulledBackward(Points(f, 3), (float)f[9], 1f, dP, ref dK);
                return [.. Flat(dP), dK];
            }

            // Three particles, then k.
            public static double RoundsValue(double[] f) => Cloud.Rounds(Particles(f, 3), f[6]);

            public static double[] RoundsGradient(double[] f)
            {
                var dQ = new Particle[3];
                double dK = 0;
                Cloud.RoundsBackward(Particles(f, 3), f[6], 1.0, dQ, ref dK);
                return [.. Flat(dQ), dK];
            }

            // Three particles, then m.
            public static double KineticValue(double[] f) => Cloud.Kinetic(Particles(f, 3), f[6]);

            public static double[] KineticGradient(double[] f)
            {
                var dQ = new Particle[3];
                double dM = 0;
                Cloud.KineticBackward(Particles(f, 3), f[6], 1.0, dQ, ref dM);
                return [.. Flat(dQ), dM];
            }

            private static readonly Particle[] Fixed = [new() { X = 0.3, V = -0.2 }, new() { X = 1.1, V = 0.6 }];

            public static double UnusedValue(double[] f) => Cloud.Unused(Particles(f, 3), f[6]);

            public static double[] UnusedGradient(double[] f)
            {
                var dQ = new Particle[3];
                double dM = 0;
                Cloud.UnusedBackward(Particles(f, 3), f[6], 1.0, dQ, ref dM);
                return [.. Flat(dQ), dM];
            }

            public static double TotalValue(double[] f) => Cloud.Total(Particles(f, 3), Fixed, f[6]);

            public static double[] TotalGradient(double[] f)
            {
                var dQ = new Particle[3];
                double dM = 0;
                Cloud.TotalBackward(Particles(f, 3), Fixed, f[6], 1.0, dQ, ref dM);
                return [.. Flat(dQ), dM];
            }

            // Three points, then the center.
            public static double SpreadValue(double[] f) => new Body { Points = Points(f, 3) }.Spread(new Vector3((float)f[9], (float)f[10], (float)f[11]));

            public static double[] SpreadGradient(double[] f)
            {
                var shadow = new Body { Points = new Vector3[3] };
                Vector3 dCenter = default;
                new Body { Points = Points(f, 3) }.SpreadBackward(new Vector3((float)f[9], (float)f[10], (float)f[11]), 1f, shadow, ref dCenter);
                return [.. Flat(shadow.Points), dCenter.X, dCenter.Y, dCenter.Z];
            }

            // Forward mode: the value and the directional derivative along a direction of the same layout.
            public static double[] EnergyTangent(double[] f, double[] t) => [Cloud.EnergyTangent(Points(f, 4), (float)f[12], Points(t, 4), (float)t[12], out float tResult), tResult];

            public static double[] StepTangent(double[] f, double[] t) => [Cloud.StepTangent(Particles(f, 3), f[6], f[7], Particles(t, 3), t[6], t[7], out double tResult), tResult];

            public static double[] RoundsTangent(double[] f, double[] t) => [Cloud.RoundsTangent(Particles(f, 3), f[6], Particles(t, 3), t[6], out double tResult), tResult];

            public static double[] PulledTangent(double[] f, double[] t) => [Cloud.PulledTangent(Points(f, 3), (float)f[9], Points(t, 3), (float)t[9], out float tResult), tResult];

            public static double[] KineticTangent(double[] f, double[] t) => [Cloud.KineticTangent(Particles(f, 3), f[6], Particles(t, 3), t[6], out double tResult), tResult];

            public static double[] TotalTangent(double[] f, double[] t) => [Cloud.TotalTangent(Particles(f, 3), Fixed, f[6], Particles(t, 3), t[6], out double tResult), tResult];

            public static string ShortTangent()
            {
                try
                {
                    Cloud.KineticTangent(Fixed, 1.0, new Particle[1], 0.0, out _);
                    return "accepted";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string Overlapping()
            {
                var p = new Vector3[] { Vector3.One, Vector3.UnitX };
                float dK = 0;
                try
                {
                    Cloud.EnergyBackward(p, 1f, 1f, p.AsSpan(), ref dK);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, number of parameters, central-difference step, tolerance (Vector3 is float).</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Energy", 13, 1e-2, 3e-3 },
        { "Kinetic", 7, 1e-6, 1e-7 },
        { "Total", 7, 1e-6, 1e-7 },
        { "Unused", 7, 1e-6, 1e-7 },
        { "Spread", 12, 1e-2, 2e-3 },
        { "Step", 8, 1e-6, 1e-7 },
        { "Pulled", 10, 1e-2, 3e-3 },
        { "Rounds", 7, 1e-6, 1e-7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_through_arrays_of_structs_match_finite_differences(string name, int size, double h, double tolerance)
    {
        var random = new Random(7);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, h, tolerance, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Energy", 13, 1e-5)]
    [InlineData("Kinetic", 7, 1e-12)]
    [InlineData("Total", 7, 1e-12)]
    [InlineData("Step", 8, 1e-12)]
    [InlineData("Pulled", 10, 1e-5)]
    [InlineData("Rounds", 7, 1e-10)]
    public void Forward_mode_through_arrays_of_structs_gives_the_gradient_along_the_direction(string name, int size, double tolerance)
    {
        var random = new Random(11);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            double[] direction = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], tolerance, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], tolerance * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void A_tangent_of_another_length_is_refused() =>
        Assert.Equal("'tQ' must have the length of 'q'. (Parameter 'tQ')", (string)Drivers.Call("ShortTangent")!);

    [Fact]
    public void Kinetic_matches_its_closed_form()
    {
        // ∂/∂X_i = cos(X_i)·V_i, ∂/∂V_i = m·V_i + sin(X_i), ∂/∂m = Σ V_i²/2.
        double[] f = [0.4, -1.2, 1.5, 0.3, -0.7, 2.0, 1.7];
        double[] gradient = (double[])Drivers.Call("KineticGradient", f)!;
        double dM = 0;
        for (int i = 0; i < 3; i++)
        {
            double x = f[2 * i], v = f[2 * i + 1];
            GradientAssert.Close(Math.Cos(x) * v, gradient[2 * i], 1e-14, $"dQ[{i}].X");
            GradientAssert.Close(f[6] * v + Math.Sin(x), gradient[2 * i + 1], 1e-14, $"dQ[{i}].V");
            dM += 0.5 * v * v;
        }

        GradientAssert.Close(dM, gradient[6], 1e-14, "dM");
    }

    [Fact]
    public void An_adjoint_overlapping_its_array_is_refused() =>
        Assert.Equal("'dP' must not share memory with 'p': the backward reads 'p' while it adds into 'dP'. (Parameter 'dP')", (string)Drivers.Call("Overlapping")!);

    [Fact]
    public Task What_stays_refused_for_arrays_of_structs_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class Cloud
        {
            [Differentiable]
            public static {|GG0004:Vector3[]|} Returned(Vector3[] p) => p;

            [Differentiable]
            public static float Written(Vector3[] p)
            {
                {|GG0001:p[0].X = 2f|};
                return p[0].X;
            }

            [Differentiable]
            public static float LocalArrayAliasingTheParameter(Vector3[] p)
            {
                float s = 0;
                for (int i = 0; i < 2; i++)
                {
                    Vector3[] q = {|GG0001:p|};
                    s += q[0].X;
                }

                return s;
            }

            [Differentiable]
            public static float Scaled(Vector3[] p)
            {
                var q = new Vector3[2];
                {|GG0001:q[0] *= p[0]|};
                return q[0].X;
            }
        }
        """);
}
