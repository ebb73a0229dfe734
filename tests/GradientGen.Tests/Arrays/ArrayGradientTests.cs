using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Gradients of functions of vectors and matrices: the class's dense layer against its own formulas, and
/// softmax cross-entropy, log-sum-exp, a two-layer perceptron and matrix–vector products against central
/// finite differences. Each method has a flat driver (value and gradient over one parameter vector),
/// because spans cannot go through reflection.
/// </summary>
public class ArrayGradientTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Nets
        {
            // The class's dense layer: J = Σ (σ(W·x + b) − t)².
            [Differentiable]
            public static double Dense(double[,] W, double[] b, double[] x, [NoDerivative] double[] t)
            {
                int m = b.Length, n = x.Length;
                double[] y = new double[m];
                for (int i = 0; i < m; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < n; j++) z += W[i, j] * x[j];
                    y[i] = 1.0 / (1.0 + Math.Exp(-z));
                }

                double loss = 0;
                for (int i = 0; i < m; i++) { double e = y[i] - t[i]; loss += e * e; }
                return loss;
            }

            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> v)
            {
                double max = v[0];
                foreach (double e in v) max = Math.Max(max, e);
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += Math.Exp(v[i] - max);
                return max + Math.Log(s);
            }

            [Differentiable]
            public static double SoftmaxCrossEntropy(double[] logits, int label) => LogSumExp(logits) - logits[label];

            [Differentiable]
            public static double Dot(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            // y = A·x with a matrix, then ‖y‖²; and a dot product with data through a differentiable helper.
            [Differentiable]
            public static double MatVec(double[,] A, double[] x, [NoDerivative] double[] data)
            {
                int rows = A.GetLength(0), cols = A.GetLength(1);
                double[] y = new double[rows];
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                        y[i] += A[i, j] * x[j];
                return Dot(y, y) + Dot(x, data);
            }

            // A two-layer perceptron, all parameters in one flat vector: 2 inputs, 3 tanh hidden units, 1 output.
            [Differentiable]
            public static double Mlp(double[] p, [NoDerivative] double[] input, [NoDerivative] double target)
            {
                double[] h = new double[3];
                for (int k = 0; k < 3; k++)
                {
                    double a = p[k * 3 + 2];
                    for (int j = 0; j < 2; j++) a += p[k * 3 + j] * input[j];
                    h[k] = Math.Tanh(a);
                }

                double output = p[12];
                for (int k = 0; k < 3; k++) output += p[9 + k] * h[k];
                double error = output - target;
                return 0.5 * error * error;
            }

            // A collection expression with active elements: each element's derivative flows back.
            [Differentiable]
            public static double Polar(double r, double theta)
            {
                double[] p = [r * Math.Cos(theta), r * Math.Sin(theta), r];
                return Dot(p, p) + p[0] * p[2];
            }

            // Scratch on the stack: a span local over stackalloc memory, passed to a differentiable helper.
            [Differentiable]
            public static double Squares(double[] x)
            {
                Span<double> squares = stackalloc double[x.Length];
                for (int i = 0; i < x.Length; i++) squares[i] = x[i] * x[i];
                return LogSumExp(squares);
            }

            // Element overwrites: a running state vector updated in place.
            [Differentiable]
            public static double Smooth(double[] x, int passes)
            {
                double[] s = new double[x.Length];
                for (int i = 0; i < x.Length; i++) s[i] = x[i];
                for (int p = 0; p < passes; p++)
                    for (int i = 1; i < s.Length; i++)
                        s[i] = 0.5 * s[i] + 0.5 * Math.Sin(s[i - 1]);
                double total = 0;
                foreach (double v in s) total += v * v;
                return total;
            }
        }

        /// <summary>Flat drivers: unpack one parameter vector, call the method or its backward, flatten the gradient.</summary>
        public static class Drivers
        {
            private static readonly double[] T = { 0.2, 0.9 };
            private static readonly double[] Input = { 0.4, -1.3 };
            private static readonly double[] Data = { 0.3, -0.7, 1.1 };

            private static double[,] Matrix(double[] f, int rows, int cols, int offset)
            {
                var m = new double[rows, cols];
                for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = f[offset + i * cols + j];
                return m;
            }

            private static double[] Flatten(double[,] m) { var f = new double[m.Length]; int k = 0; foreach (double v in m) f[k++] = v; return f; }

            // Dense: W 2×3, b 2, x 3 → 11 parameters.
            public static double DenseValue(double[] f) => Nets.Dense(Matrix(f, 2, 3, 0), f[6..8], f[8..11], T);

            public static double[] DenseGradient(double[] f)
            {
                var dW = new double[2, 3]; var db = new double[2]; var dx = new double[3];
                Nets.DenseBackward(Matrix(f, 2, 3, 0), f[6..8], f[8..11], T, 1.0, dW, db, dx);
                return [.. Flatten(dW), .. db, .. dx];
            }

            public static double LogSumExpValue(double[] f) => Nets.LogSumExp(f);

            public static double[] LogSumExpGradient(double[] f) { var d = new double[f.Length]; Nets.LogSumExpBackward(f, 1.0, d); return d; }

            public static double SoftmaxValue(double[] f) => Nets.SoftmaxCrossEntropy(f, 2);

            public static double[] SoftmaxGradient(double[] f) { var d = new double[f.Length]; Nets.SoftmaxCrossEntropyBackward(f, 2, 1.0, d); return d; }

            // MatVec: A 2×3, x 3 → 9 parameters.
            public static double MatVecValue(double[] f) => Nets.MatVec(Matrix(f, 2, 3, 0), f[6..9], Data);

            public static double[] MatVecGradient(double[] f)
            {
                var dA = new double[2, 3]; var dx = new double[3];
                Nets.MatVecBackward(Matrix(f, 2, 3, 0), f[6..9], Data, 1.0, dA, dx);
                return [.. Flatten(dA), .. dx];
            }

            public static double MlpValue(double[] f) => Nets.Mlp(f, Input, 0.7);

            public static double[] MlpGradient(double[] f) { var d = new double[f.Length]; Nets.MlpBackward(f, Input, 0.7, 1.0, d); return d; }

            public static double PolarValue(double[] f) => Nets.Polar(f[0], f[1]);

            public static double[] PolarGradient(double[] f) { var g = Nets.PolarGradient(f[0], f[1]); return [g.dR, g.dTheta]; }

            public static double SquaresValue(double[] f) => Nets.Squares(f);

            public static double[] SquaresGradient(double[] f) { var d = new double[f.Length]; Nets.SquaresBackward(f, 1.0, d); return d; }

            public static double SmoothValue(double[] f) => Nets.Smooth(f, 3);

            public static double[] SmoothGradient(double[] f) { var d = new double[f.Length]; Nets.SmoothBackward(f, 3, 1.0, d); return d; }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static double Value(string name, double[] f) => (double)Driver(name + "Value").Invoke(null, [f])!;

    private static double[] Gradient(string name, double[] f) => (double[])Driver(name + "Gradient").Invoke(null, [f])!;

    private static MethodInfo Driver(string name) => Compiled.Value.GetType("Drivers")!.GetMethod(name)!;

    public static TheoryData<string, int> Cases => new()
    {
        { "Dense", 11 },
        { "LogSumExp", 5 },
        { "Softmax", 4 },
        { "MatVec", 9 },
        { "Mlp", 13 },
        { "Smooth", 6 },
        { "Polar", 2 },
        { "Squares", 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_at_several_points(string name, int size)
    {
        var random = new Random(17);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] gradient = Gradient(name, f);
            Assert.Equal(size, gradient.Length);
            for (int k = 0; k < size; k++)
            {
                double[] plus = (double[])f.Clone(), minus = (double[])f.Clone();
                plus[k] += 1e-6;
                minus[k] -= 1e-6;
                double fd = (Value(name, plus) - Value(name, minus)) / 2e-6;
                GradientAssert.Close(fd, gradient[k], 1e-6, $"{name}: d/dp[{k}] at point {point}");
            }
        }
    }

    [Fact]
    public void Dense_layer_gradient_equals_the_class_formulas()
    {
        // db = dY ⊙ σ'(z) with dY = 2(y − t); dW = db·xᵀ; dX = Wᵀ·db.
        var random = new Random(5);
        double[] f = Enumerable.Range(0, 11).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[,] w = { { f[0], f[1], f[2] }, { f[3], f[4], f[5] } };
        double[] b = f[6..8], x = f[8..11], t = [0.2, 0.9];
        double[] db = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double z = b[i] + w[i, 0] * x[0] + w[i, 1] * x[1] + w[i, 2] * x[2];
            double y = 1 / (1 + Math.Exp(-z));
            db[i] = 2 * (y - t[i]) * y * (1 - y);
        }

        double[] generated = Gradient("Dense", f);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                GradientAssert.Close(db[i] * x[j], generated[i * 3 + j], 1e-14, $"dW[{i},{j}]");
            }

            GradientAssert.Close(db[i], generated[6 + i], 1e-14, $"db[{i}]");
        }

        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(w[0, j] * db[0] + w[1, j] * db[1], generated[8 + j], 1e-14, $"dX[{j}]");
        }
    }

    [Fact]
    public void Backward_refuses_an_adjoint_that_overlaps_its_input()
    {
        // Spans can't go through reflection: call through a compiled probe instead.
        var probe = GeneratorHarness.CompileAndLoad(Source.Replace("public static class Drivers", """
            public static class Probe
            {
                public static void Aliased() { var a = new double[] { 1, 2 }; Nets.DotBackward(a, new double[] { 3, 4 }, 1.0, a, new double[2]); }
            }

            public static class Drivers
            """, StringComparison.Ordinal));
        var e = Assert.Throws<TargetInvocationException>(() => probe.GetType("Probe")!.GetMethod("Aliased")!.Invoke(null, null));
        Assert.IsType<ArgumentException>(e.InnerException);
    }
}
