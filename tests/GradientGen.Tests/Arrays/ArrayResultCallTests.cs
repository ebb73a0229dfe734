using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Layer-then-loss pipelines: a local array initialized with the array a [Differentiable] callee returns
/// (<c>double[] h = Layer(W1, x)</c>) is differentiated through the callee's backward, which takes the local's
/// adjoint as its dResult. Checked against central finite differences at several points, with the returned
/// array changed afterwards (its old element is given back before the next layer's backward reads it), and
/// for a matrix result; what stays refused is pinned in the diagnostics test below.
/// </summary>
public class ArrayResultCallTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Net
        {
            [Differentiable]
            public static double[] Layer(double[,] W, double[] x)
            {
                var y = new double[W.GetLength(0)];
                for (int i = 0; i < y.Length; i++)
                {
                    double z = 0;
                    for (int j = 0; j < x.Length; j++) z += W[i, j] * x[j];
                    y[i] = Math.Tanh(z);
                }

                return y;
            }

            [Differentiable]
            public static double[,] Outer(double[] a, double[] b)
            {
                var m = new double[a.Length, b.Length];
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < b.Length; j++)
                        m[i, j] = a[i] * b[j];
                return m;
            }

            // Two layers, the hidden one changed in place, then a loss over both.
            [Differentiable]
            public static double Loss(double[,] W1, double[,] W2, double[] x)
            {
                double[] h = Layer(W1, x);
                double[] y = Layer(W2, h);
                h[0] = h[0] * 2;
                double s = 0;
                for (int i = 0; i < y.Length; i++) s += y[i] * y[i] + h[i % h.Length];
                return s;
            }

            // Returned arrays passed straight on, nested (each held in a temporary array).
            [Differentiable]
            public static double Nested(double[,] W1, double[,] W2, double[] x) => Norm(Layer(W2, Layer(W1, x))) + Diagonal(Outer(x, x));

            [Differentiable]
            public static double Norm(double[] v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                return s;
            }

            [Differentiable]
            public static double Diagonal(double[,] m) => m[0, 0] * m[1, 1];

            [Differentiable]
            public static double Trace(double[] a, double[] b)
            {
                double[,] m = Outer(a, b);
                double t = 0;
                for (int i = 0; i < a.Length; i++) t += m[i, i] * m[i, i];
                return t;
            }
        }

        public static class Drivers
        {
            private static double[,] Matrix(double[] f, int rows, int cols, int offset)
            {
                var m = new double[rows, cols];
                for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = f[offset + i * cols + j];
                return m;
            }

            private static double[] Flatten(double[,] m) { var f = new double[m.Length]; int k = 0; foreach (double v in m) f[k++] = v; return f; }

            // W1 3×2, W2 2×3, x 2 → 14.
            public static double LossValue(double[] f) => Net.Loss(Matrix(f, 3, 2, 0), Matrix(f, 2, 3, 6), f[12..14]);

            public static double[] LossGradient(double[] f)
            {
                var dW1 = new double[3, 2]; var dW2 = new double[2, 3]; var dx = new double[2];
                Net.LossBackward(Matrix(f, 3, 2, 0), Matrix(f, 2, 3, 6), f[12..14], 1.0, dW1, dW2, dx);
                return [.. Flatten(dW1), .. Flatten(dW2), .. dx];
            }

            public static double NestedValue(double[] f) => Net.Nested(Matrix(f, 3, 2, 0), Matrix(f, 2, 3, 6), f[12..14]);

            public static double[] NestedGradient(double[] f)
            {
                var dW1 = new double[3, 2]; var dW2 = new double[2, 3]; var dx = new double[2];
                Net.NestedBackward(Matrix(f, 3, 2, 0), Matrix(f, 2, 3, 6), f[12..14], 1.0, dW1, dW2, dx);
                return [.. Flatten(dW1), .. Flatten(dW2), .. dx];
            }

            // a 3, b 3 → 6.
            public static double TraceValue(double[] f) => Net.Trace(f[0..3], f[3..6]);

            public static double[] TraceGradient(double[] f)
            {
                var da = new double[3]; var db = new double[3];
                Net.TraceBackward(f[0..3], f[3..6], 1.0, da, db);
                return [.. da, .. db];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Loss", 14)]
    [InlineData("Trace", 6)]
    [InlineData("Nested", 14)]
    public void Gradient_through_returned_arrays_matches_finite_differences(string name, int size)
    {
        var random = new Random(41);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public Task A_returned_array_passed_on_inside_a_loop_is_GG0001_on_the_expression() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Net
        {
            [Differentiable]
            public static double[] Twice(double[] x)
            {
                var y = new double[x.Length];
                for (int i = 0; i < x.Length; i++) y[i] = 2 * x[i];
                return y;
            }

            [Differentiable]
            public static double Sum(double[] v)
            {
                double s = 0;
                foreach (double e in v) s += e;
                return s;
            }

            [Differentiable]
            public static double F(double[] x)
            {
                double s = 0;
                for (int k = 0; k < 2; k++) s += Sum({|GG0001:Twice(x)|});
                return s;
            }
        }
        """);
}
