using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Outputs written into spans of structs (<c>Span&lt;Particle&gt; next</c>, <c>Span&lt;Vector2&gt;</c> updated in place, a
/// result and an output together): members and whole elements stored, added into, scaled. As for spans of numbers,
/// the written span's adjoint goes both ways and its tangent too. Checked against central finite differences of a
/// weighted sum of the outputs at several points, in reverse and forward mode, and the run-time refusal of an output
/// over an input's memory.
/// </summary>
public class StructSpanOutputTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using GradientGen;

        public struct Particle
        {
            public double X, V;
            [NoDerivative] public double Mass;
        }

        public static partial class Motion
        {
            // One explicit Euler step into another span; the mass is copied as it is.
            [Differentiable]
            public static void Step(ReadOnlySpan<Particle> p, Span<Particle> next, double dt)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    next[i].X = p[i].X + dt * p[i].V;
                    next[i].V = p[i].V - dt * Math.Sin(p[i].X) / p[i].Mass;
                    next[i].Mass = p[i].Mass;
                }
            }

            // In place, whole Vector2 elements added into.
            [Differentiable]
            public static void Drift(Span<Vector2> p, float dt)
            {
                for (int i = 0; i < p.Length; i++) p[i] += new Vector2(dt, -dt) * p[i].Y + p[(i + 1) % p.Length] * 0.5f;
            }

            // A result and an in-place update: the velocities scaled, their energy returned.
            [Differentiable]
            public static double Damp(Span<Particle> p, double k)
            {
                double e = 0;
                for (int i = 0; i < p.Length; i++)
                {
                    p[i].V *= k;
                    e += 0.5 * p[i].Mass * p[i].V * p[i].V;
                }

                return e;
            }
        }

        public static class Drivers
        {
            private static readonly double[] W = [0.7, -1.3, 0.4, 2.1, -0.6, 0.9];

            private static Particle[] Particles(double[] f, int count) =>
                [.. Enumerable.Range(0, count).Select(i => new Particle { X = f[2 * i], V = f[2 * i + 1], Mass = 1.5 + i })];

            private static double Weighted(ReadOnlySpan<Particle> p)
            {
                double s = 0;
                for (int i = 0; i < p.Length; i++) s += W[2 * i] * p[i].X + W[2 * i + 1] * p[i].V;
                return s;
            }

            private static Particle[] Seed(int count) => [.. Enumerable.Range(0, count).Select(i => new Particle { X = W[2 * i], V = W[2 * i + 1], Mass = 9 })];

            // p (3 × X, V), dt: 7.
            public static double StepValue(double[] f)
            {
                var next = new Particle[3];
                Motion.Step(Particles(f, 3), next, f[6]);
                return Weighted(next);
            }

            public static double[] StepGradient(double[] f)
            {
                var next = new Particle[3];
                var dP = new Particle[3];
                Particle[] dNext = Seed(3);
                double dDt = 0;
                Motion.StepBackward(Particles(f, 3), next, f[6], dP, dNext, ref dDt);
                // Every member of next is written, the constant Mass too: the adjoint of their values on entry is 0.
                if (dNext.Any(d => d.X != 0 || d.V != 0 || d.Mass != 0) || dP.Any(d => d.Mass != 0)) throw new InvalidOperationException("the output's adjoint is off");
                return [.. dP.SelectMany(d => new[] { d.X, d.V }), dDt];
            }

            public static double[] StepTangent(double[] f, double[] t)
            {
                var next = new Particle[3];
                var tNext = new Particle[3];
                Motion.StepTangent(Particles(f, 3), next, f[6], Particles(t, 3), tNext, t[6]);
                return [Weighted(next), Weighted(tNext)];
            }

            private static Vector2[] Points(double[] f) => [new((float)f[0], (float)f[1]), new((float)f[2], (float)f[3]), new((float)f[4], (float)f[5])];

            private static double Weighted(Vector2[] p) => W[0] * p[0].X + W[1] * p[0].Y + W[2] * p[1].X + W[3] * p[1].Y + W[4] * p[2].X + W[5] * p[2].Y;

            // p (3 × X, Y), dt: 7.
            public static double DriftValue(double[] f)
            {
                Vector2[] p = Points(f);
                Motion.Drift(p, (float)f[6]);
                return Weighted(p);
            }

            public static double[] DriftGradient(double[] f)
            {
                Vector2[] dP = [new((float)W[0], (float)W[1]), new((float)W[2], (float)W[3]), new((float)W[4], (float)W[5])];
                float dDt = 0;
                Motion.DriftBackward(Points(f), (float)f[6], dP, ref dDt);
                return [dP[0].X, dP[0].Y, dP[1].X, dP[1].Y, dP[2].X, dP[2].Y, dDt];
            }

            public static double[] DriftTangent(double[] f, double[] t)
            {
                Vector2[] p = Points(f), tP = Points(t);
                Motion.DriftTangent(p, (float)f[6], tP, (float)t[6]);
                return [Weighted(p), Weighted(tP)];
            }

            // p (3 × X, V), k: 7.
            public static double DampValue(double[] f)
            {
                Particle[] p = Particles(f, 3);
                return Motion.Damp(p, f[6]) + Weighted(p);
            }

            public static double[] DampGradient(double[] f)
            {
                Particle[] dP = Seed(3);
                double dK = 0;
                Motion.DampBackward(Particles(f, 3), f[6], 1.0, dP, ref dK);
                if (dP.Any(d => d.Mass != 9)) throw new InvalidOperationException("a constant member's adjoint was touched");
                return [.. dP.SelectMany(d => new[] { d.X, d.V }), dK];
            }

            public static double[] DampTangent(double[] f, double[] t)
            {
                Particle[] p = Particles(f, 3), tP = Particles(t, 3);
                double value = Motion.DampTangent(p, f[6], tP, t[6], out double tResult);
                return [value + Weighted(p), tResult + Weighted(tP)];
            }

            public static string Overlapping()
            {
                Particle[] p = Particles(new double[6], 3);
                double dDt = 0;
                try
                {
                    Motion.StepBackward(p, p, 0.1, new Particle[3], new Particle[3], ref dDt);
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

    /// <summary>Name, central-difference step, tolerance (Vector2 is float).</summary>
    public static TheoryData<string, double, double> Cases => new()
    {
        { "Step", 1e-6, 1e-7 },
        { "Drift", 1e-2, 3e-3 },
        { "Damp", 1e-6, 1e-7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_written_into_spans_of_structs_match_finite_differences(string name, double h, double tolerance)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, 7), h, tolerance, $"{name} at point {point}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_mode_writes_the_tangents_of_struct_outputs(string name, double h, double tolerance)
    {
        _ = h;
        double relative = name == "Drift" ? 1e-5 : 1e-12;
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, 7), direction = FlatDrivers.RandomPoint(30 + point, 7);
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], tolerance * 1e-3, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], relative * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void An_output_span_of_structs_over_an_input_is_refused() =>
        Assert.Equal("'next' must not share memory with 'p': the method writes 'next' while its derivative reads 'p'. (Parameter 'next')", (string)Drivers.Call("Overlapping")!);
}
