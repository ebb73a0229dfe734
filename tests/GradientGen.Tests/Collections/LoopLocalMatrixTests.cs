using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// Active local matrices (<c>T[,]</c>) allocated inside loops and branches: each run of the block has its own
/// matrix, kept for the reverse sweep like a per-run <c>T[]</c>, and its own adjoint, allocated with the matrix's
/// shape where the block's reverse starts (the pool has no two-dimensional arrays: one allocation per run, as the
/// method makes one). Checked against central differences at several points, with loops of no iteration, a
/// branch inside, a matrix of another shape in each iteration and one allocated in a branch; in forward mode each
/// gets a tangent matrix beside it, checked against the gradient.
/// </summary>
public class LoopLocalMatrixTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class PerRun
        {
            // A 2 × 2 scratch matrix per iteration, written in a branch too.
            [Differentiable]
            public static double Inside(double[,] w, double x, int n)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    var m = new double[2, 2];
                    m[0, 0] = w[0, 0] * x + s;
                    m[1, 1] = Math.Sin(m[0, 0]) * w[1, 1];
                    if (m[1, 1] > 0) m[0, 1] = m[1, 1] * m[0, 0];
                    s += m[1, 1] * m[0, 0] + m[0, 1] + w[0, 1] * w[1, 0] * 0.25;
                }

                return s * s;
            }

            // A matrix of k + 1 rows in iteration k.
            [Differentiable]
            public static double Growing(double[,] w, double x, int n)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    var m = new double[k + 1, 2];
                    for (int i = 0; i <= k; i++)
                    {
                        m[i, 0] = Math.Tanh(w[i % 2, 0] * x + 0.1 * i);
                        m[i, 1] = m[i, 0] * w[i % 2, 1] + s * 0.5;
                    }

                    for (int i = 0; i <= k; i++) s += m[i, 0] * m[i, 1];
                }

                return s;
            }

            // A matrix allocated in one branch only.
            [Differentiable]
            public static double Branch(double[,] w, double x, int n)
            {
                double s = x;
                if (n > 1)
                {
                    var m = new double[2, 3];
                    for (int j = 0; j < 3; j++) m[j % 2, j] = w[j % 2, j % 2] * x * (j + 1);
                    s += m[0, 0] * m[1, 1] + Math.Exp(m[0, 2]);
                }

                return s * w[1, 0];
            }
        }

        public static class Drivers
        {
            // w's four entries, then x.
            private static double[,] W(double[] f) => new double[,] { { f[0], f[1] }, { f[2], f[3] } };

            private static double[] Flat(double[,] dW, double dX) => [dW[0, 0], dW[0, 1], dW[1, 0], dW[1, 1], dX];

            public static double InsideValue(double[] f, int n) => PerRun.Inside(W(f), f[4], n);
            public static double[] InsideGradient(double[] f, int n) { var dW = new double[2, 2]; double dX = 0; PerRun.InsideBackward(W(f), f[4], n, 1.0, dW, ref dX); return Flat(dW, dX); }
            public static double InsideTangent(double[] f, int n, double[] d) { PerRun.InsideTangent(W(f), f[4], n, W(d), d[4], out double t); return t; }

            public static double GrowingValue(double[] f, int n) => PerRun.Growing(W(f), f[4], n);
            public static double[] GrowingGradient(double[] f, int n) { var dW = new double[2, 2]; double dX = 0; PerRun.GrowingBackward(W(f), f[4], n, 1.0, dW, ref dX); return Flat(dW, dX); }
            public static double GrowingTangent(double[] f, int n, double[] d) { PerRun.GrowingTangent(W(f), f[4], n, W(d), d[4], out double t); return t; }

            public static double BranchValue(double[] f, int n) => PerRun.Branch(W(f), f[4], n);
            public static double[] BranchGradient(double[] f, int n) { var dW = new double[2, 2]; double dX = 0; PerRun.BranchBackward(W(f), f[4], n, 1.0, dW, ref dX); return Flat(dW, dX); }
            public static double BranchTangent(double[] f, int n, double[] d) { PerRun.BranchTangent(W(f), f[4], n, W(d), d[4], out double t); return t; }
        }
        """;

    private static readonly Lazy<System.Reflection.Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    public static TheoryData<string, int> Cases => new()
    {
        { "Inside", 3 },
        { "Inside", 0 },
        { "Growing", 3 },
        { "Growing", 1 },
        { "Branch", 2 },
        { "Branch", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_gradient_through_matrices_allocated_per_run_matches_finite_differences(string name, int n)
    {
        var random = new Random(23);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            var gradient = (double[])Driver(name + "Gradient").Invoke(null, [f, n])!;
            GradientAssert.MatchesFiniteDifferences(p => (double)Driver(name + "Value").Invoke(null, [p, n])!, gradient, f, 1e-6, 1e-6, $"{name}(n = {n}) at point {point}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_tangent_is_the_gradient_along_the_direction(string name, int n)
    {
        var random = new Random(31);
        double[] f = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
        double[] direction = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var gradient = (double[])Driver(name + "Gradient").Invoke(null, [f, n])!;
        var tangent = (double)Driver(name + "Tangent").Invoke(null, [f, n, direction])!;
        GradientAssert.Close(gradient.Zip(direction, (g, d) => g * d).Sum(), tangent, 1e-11, $"{name}(n = {n})");
    }

    private static System.Reflection.MethodInfo Driver(string name) => Compiled.Value.GetType("Drivers")!.GetMethod(name)!;
}
