using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A reverse loop reads some elements once, before it runs, instead of in every iteration: adjoint elements
/// held in a local (<c>InvariantAdjointElements</c>) and primal elements reread at an index the loop doesn't
/// change (<c>InvariantReads</c>). The primal reads them only when the loop runs, at an index that may be out of
/// range when it doesn't; the backward must then read nothing either, and give the primal's value and zero
/// gradients rather than an <see cref="IndexOutOfRangeException"/>. Where the loops run, each backward is checked
/// against central finite differences.
/// </summary>
public class LoopsThatDontRunTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Unread
        {
            // a[k] and x[k] read in every iteration of the loop over j, which runs m times.
            [Differentiable]
            public static double Square(double[] x, double[] y, int k, int m)
            {
                double[] a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = x[i] * x[i];
                double s = 0;
                for (int j = 0; j < m; j++) s += a[k] * y[j] + Math.Sin(x[k]) * y[j];
                return s * s;
            }

            // The same loop ending the method: fused with its reverse (FusedReductions).
            [Differentiable]
            public static double Sum(double[] x, double[] y, int k, int m)
            {
                double[] a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = x[i] * x[i];
                double s = 0;
                for (int j = 0; j < m; j++) s += a[k] * y[j] + Math.Sin(x[k]) * y[j];
                return s;
            }

            // Counting down, fused: the trip count is a conditional expression.
            [Differentiable]
            public static double Down(double[] x, double[] y, int k, int m)
            {
                double[] a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = x[i] * x[i];
                double s = 0;
                for (int j = m - 1; j >= 0; j--) s += a[k] * y[j] + Math.Sin(x[k]) * y[j];
                return s;
            }

            // a[k] read only in the inner loop, which doesn't run when c is empty though the outer one does.
            [Differentiable]
            public static double Deep(double[] x, [NoDerivative] double[] c, int k, int m)
            {
                double[] a = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = Math.Sin(x[i]);
                double s = 0;
                for (int p = 0; p < m; p++)
                {
                    for (int q = 0; q < c.Length; q++) s += a[k] * c[q] * (p + 1);
                }

                return s * s;
            }
        }

        public static class Drivers
        {
            public static double SquareValue(double[] f, int k, int m) => Unread.Square(f[..3], f[3..], k, m);

            public static double[] SquareGradient(double[] f, int k, int m, out double value)
            {
                var dx = new double[3]; var dy = new double[f.Length - 3];
                value = Unread.SquareBackward(f[..3], f[3..], k, m, 1.0, dx, dy);
                return [.. dx, .. dy];
            }

            public static double SumValue(double[] f, int k, int m) => Unread.Sum(f[..3], f[3..], k, m);

            public static double[] SumGradient(double[] f, int k, int m, out double value)
            {
                var dx = new double[3]; var dy = new double[f.Length - 3];
                value = Unread.SumBackward(f[..3], f[3..], k, m, 1.0, dx, dy);
                return [.. dx, .. dy];
            }

            public static double DownValue(double[] f, int k, int m) => Unread.Down(f[..3], f[3..], k, m);

            public static double[] DownGradient(double[] f, int k, int m, out double value)
            {
                var dx = new double[3]; var dy = new double[f.Length - 3];
                value = Unread.DownBackward(f[..3], f[3..], k, m, 1.0, dx, dy);
                return [.. dx, .. dy];
            }

            // c is constant: the coefficients when the point has more than x, none when it hasn't.
            private static double[] C(double[] f) => f.Length > 3 ? [0.75, -0.5, 1.5, 0.25] : [];

            public static double DeepValue(double[] f, int k, int m) => Unread.Deep(f[..3], C(f), k, m);

            public static double[] DeepGradient(double[] f, int k, int m, out double value)
            {
                var dx = new double[3];
                value = Unread.DeepBackward(f[..3], C(f), k, m, 1.0, dx);
                return [.. dx, .. new double[f.Length - 3]];
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    public static TheoryData<string> Methods => new() { "Square", "Sum", "Down", "Deep" };

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_loop_that_doesnt_run_reads_no_element_at_an_index_out_of_range(string name)
    {
        // k = 3 is past x's end; the loop reading x[k] runs no iteration (m = 0, or no y/c for Deep's inner loop).
        (double[] f, int m) = name == "Deep" ? (new[] { 0.3, -0.7, 1.1 }, 2) : (new[] { 0.3, -0.7, 1.1, 0.5, -0.25 }, 0);
        double[] gradient = Gradient(name, f, 3, m, out double value);
        Assert.Equal(Value(name, f, 3, m), value);
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Where_the_loops_run_the_gradient_matches_finite_differences(string name)
    {
        var random = new Random(17);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, 3 + 4).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            foreach ((int k, int m) in new[] { (0, 4), (2, 3), (1, 1) })
            {
                double[] gradient = Gradient(name, f, k, m, out double value);
                Assert.Equal(Value(name, f, k, m), value);
                GradientAssert.MatchesFiniteDifferences(p => Value(name, p, k, m), gradient, f, 1e-6, 1e-6, $"{name}(k = {k}, m = {m}) at point {point}");
            }
        }
    }

    private static double Value(string name, double[] f, int k, int m) =>
        (double)Compiled.Value.GetType("Drivers")!.GetMethod(name + "Value")!.Invoke(null, [f, k, m])!;

    private static double[] Gradient(string name, double[] f, int k, int m, out double value)
    {
        object?[] arguments = [f, k, m, null];
        var gradient = (double[])Compiled.Value.GetType("Drivers")!.GetMethod(name + "Gradient")!.Invoke(null, arguments)!;
        value = (double)arguments[3]!;
        return gradient;
    }
}
