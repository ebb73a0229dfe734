using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// Active local arrays allocated inside loops and branches (a scratch array or a layer's activations per
/// iteration): each run of the block has its own array, kept for the reverse sweep on a stack of array references,
/// and its own adjoint, rented from the pool at the start of the block's reverse and given back where the reverse
/// undoes the allocation. Checked against central differences at several points and a closed form, float and
/// double, arrays of a different length in each iteration, passed to a callee, in a branch, in a loop left by
/// break; in forward mode each such array gets a tangent array beside it, checked against the gradient.
/// </summary>
public class LoopLocalArrayTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class PerIteration
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            // A layer's activations per iteration; each depends on the last iteration's sum.
            [Differentiable]
            public static double Layers(double[] w, double[] x)
            {
                double s = 0;
                for (int k = 0; k < w.Length; k++)
                {
                    var h = new double[x.Length];
                    for (int i = 0; i < h.Length; i++) h[i] = Math.Tanh(w[k] * x[i] + s);
                    for (int i = 0; i < h.Length; i++) s += h[i] * h[i];
                }

                return s;
            }

            // A scratch array whose length changes with the iteration, written twice and passed to a callee.
            [Differentiable]
            public static double Growing(double[] x)
            {
                double s = 0;
                for (int k = 1; k <= x.Length; k++)
                {
                    double[] p = new double[k];
                    for (int i = 0; i < k; i++) p[i] = x[i] * x[k - 1];
                    p[0] *= Math.Sin(s + 1);
                    s += Dot(p, x);
                }

                return s;
            }

            // A collection expression in a branch, and one in a while loop left by break.
            [Differentiable]
            public static double Branchy(double[] x)
            {
                double s = x[0];
                if (x[1] > 0)
                {
                    double[] t = [x[0] * x[1], s, 2.0];
                    s = t[0] * t[1] + t[2];
                }

                int k = 0;
                while (true)
                {
                    double[] u = [s, x[k]];
                    s = u[0] * Math.Cos(u[1]);
                    if (++k == x.Length) break;
                }

                return s;
            }

            // Single precision, nested: the inner loop allocates.
            [Differentiable]
            public static float Nested(float[] x)
            {
                float s = 0;
                for (int a = 0; a < 2; a++)
                {
                    for (int b = 0; b < x.Length; b++)
                    {
                        var q = new float[2];
                        q[0] = x[b] * (a + 1);
                        q[1] = MathF.Exp(-q[0] * q[0]) + s * 0.5f;
                        s = q[1] - q[0] * 0.1f;
                    }
                }

                return s;
            }
        }

        public static class Drivers
        {
            // w (3) then x (2).
            public static double LayersValue(double[] f) => PerIteration.Layers(f[..3], f[3..]);

            public static double[] LayersGradient(double[] f)
            {
                var dW = new double[3];
                var dX = new double[2];
                double value = PerIteration.LayersBackward(f[..3], f[3..], 1.0, dW, dX);
                if (value != PerIteration.Layers(f[..3], f[3..])) throw new InvalidOperationException("the backward's value is off");
                return [.. dW, .. dX];
            }

            public static double GrowingValue(double[] f) => PerIteration.Growing(f);

            public static double[] GrowingGradient(double[] f)
            {
                var dX = new double[f.Length];
                PerIteration.GrowingBackward(f, 1.0, dX);
                return dX;
            }

            public static double BranchyValue(double[] f) => PerIteration.Branchy(f);

            public static double[] BranchyGradient(double[] f)
            {
                var dX = new double[f.Length];
                PerIteration.BranchyBackward(f, 1.0, dX);
                return dX;
            }

            // Forward mode: [value, directional derivative along t].
            public static double[] LayersTangent(double[] f, double[] t) => [PerIteration.LayersTangent(f[..3], f[3..], t[..3], t[3..], out double tResult), tResult];

            public static double[] GrowingTangent(double[] f, double[] t) => [PerIteration.GrowingTangent(f, t, out double tResult), tResult];

            public static double[] BranchyTangent(double[] f, double[] t) => [PerIteration.BranchyTangent(f, t, out double tResult), tResult];

            public static double NestedValue(double[] f) => PerIteration.Nested(f.Select(v => (float)v).ToArray());

            public static double[] NestedGradient(double[] f)
            {
                var dX = new float[f.Length];
                PerIteration.NestedBackward(f.Select(v => (float)v).ToArray(), 1f, dX);
                return dX.Select(v => (double)v).ToArray();
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Layers", 5)]
    [InlineData("Growing", 4)]
    [InlineData("Branchy", 3)]
    public void Gradients_through_arrays_allocated_per_iteration_match_finite_differences(string name, int size)
    {
        for (int point = 0; point < 5; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Float_arrays_allocated_in_nested_loops_match_finite_differences()
    {
        for (int point = 0; point < 3; point++)
        {
            Drivers.GradientMatchesFiniteDifferences("Nested", FlatDrivers.RandomPoint(30 + point, 3), 1e-2, 2e-3, $"Nested at point {point}");
        }
    }

    [Fact]
    public void Growing_matches_its_closed_form_for_one_and_two_elements()
    {
        // n = 2: k = 1: p = [x0·x0·sin(1)], s1 = x0³ sin 1. k = 2: p = [x0·x1·sin(s1 + 1), x1·x1], s = s1 + x0²x1 sin(s1 + 1) + x1³.
        double x0 = 0.7, x1 = -0.4;
        double s1 = x0 * x0 * x0 * Math.Sin(1), c = Math.Sin(s1 + 1), dc = Math.Cos(s1 + 1);
        double ds1 = 3 * x0 * x0 * Math.Sin(1);
        double d0 = ds1 + 2 * x0 * x1 * c + x0 * x0 * x1 * dc * ds1;
        double d1 = x0 * x0 * c + 3 * x1 * x1;
        double[] gradient = Drivers.Gradient("Growing", [x0, x1]);
        GradientAssert.Close(d0, gradient[0], 1e-14, "dX[0]");
        GradientAssert.Close(d1, gradient[1], 1e-14, "dX[1]");
    }

    [Theory]
    [InlineData("Layers", 5)]
    [InlineData("Growing", 4)]
    [InlineData("Branchy", 3)]
    public void Forward_mode_gives_each_array_allocated_per_iteration_a_tangent_array(string name, int size)
    {
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, size), direction = FlatDrivers.RandomPoint(10 + point, size);
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], 1e-14, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }
}
