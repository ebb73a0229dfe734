using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Jagged arrays <c>T[][]</c>: parameters and members of <c>this</c> read element by element (<c>w[i][j]</c>,
/// rows of different lengths, by index and by <c>foreach</c>), their adjoints a <c>T[][]</c> of the same shape, passed on to other
/// [Differentiable] methods. Checked against central finite differences at several points and against the
/// closed form; the run-time checks of the adjoint's shape; what stays refused is pinned by id and span.
/// </summary>
public class JaggedArrayTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using GradientGen;

        public static partial class Rows
        {
            // Σ_i tanh(Σ_j w[i][j]·x[j]) over rows of different lengths.
            [Differentiable]
            public static double TanhOfRows(double[][] w, double[] x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    double r = 0;
                    for (int j = 0; j < w[i].Length; j++)
                    {
                        r += w[i][j] * x[j];
                    }

                    s += Math.Tanh(r);
                }

                return s;
            }

            // A jagged array passed on, an element read at a computed index, and a constant jagged array passed
            // where the callee takes an adjoint.
            [Differentiable]
            public static double Calls(double[][] w, double[] x, [NoDerivative] double[][] c, int k)
            {
                double a = TanhOfRows(w, x) * w[k][k + 1];
                return a + TanhOfRows(c, x) * w[w.Length - 1][0];
            }

            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, double[] b)
            {
                double s = 0;
                for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
                return s;
            }

            // foreach over the rows: each row a view whose adjoint is the same row of dW, passed on and read.
            [Differentiable]
            public static double ForeachRows(double[][] w, double[] x)
            {
                double s = 0;
                foreach (double[] row in w)
                {
                    s += Math.Tanh(Dot(row, x)) + row[0] * row[row.Length - 1];
                }

                return s;
            }

            // A foreach over the elements of one row, w[i], at a row the loop picks (its derivative once went nowhere).
            [Differentiable]
            public static double RowElements(double[][] w, double[] x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    int k = i;
                    foreach (double v in w[k])
                    {
                        s += v * v * x[i];
                        k = 0;
                    }
                }

                return s;
            }

            // Rows used as arrays: passed to a callee, aliased in a local per iteration and once at the top,
            // their elements read at computed indices. Each row's adjoint is the same row of dW.
            [Differentiable]
            public static double RowViews(double[][] w, double[] x)
            {
                double[] last = w[w.Length - 1];
                double loss = last[0] * last[last.Length - 1];
                for (int i = 0; i < w.Length; i++)
                {
                    double[] row = w[i];
                    double z = Dot(w[i], x) + row[0] * row[row.Length - 1] + Dot(row, x) * last[1];
                    loss += Math.Tanh(z);
                }

                return loss;
            }

            [Differentiable]
            public static float Floats(float[][] w, float y) => w[0][1] * w[1][0] * y + MathF.Sin(w[3][3]);

            [Differentiable]
            public static T Squares<T>(T[][] a) where T : IFloatingPointIeee754<T>
            {
                T s = T.Zero;
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < a[i].Length; j++)
                        s += a[i][j] * a[i][j];
                return s;
            }
        }

        // The layer keeps its weights in a jagged member; the shadow's take the adjoints.
        public sealed partial class Layer
        {
            public double[][] W = [];
            public double Scale;

            [Differentiable]
            public double Energy(double[] x)
            {
                double s = 0;
                for (int i = 0; i < W.Length; i++)
                    for (int j = 0; j < W[i].Length; j++)
                        s += Scale * W[i][j] * W[i][j] * x[j];
                return s;
            }
        }

        public static class Drivers
        {
            // Rows of lengths 3, 2, 4: 9 entries, then x of length 4.
            private static readonly int[] Lengths = [3, 2, 4];

            public static double[][] Jagged(double[] f, int offset)
            {
                var w = new double[Lengths.Length][];
                for (int i = 0; i < w.Length; i++) { w[i] = f[offset..(offset + Lengths[i])]; offset += Lengths[i]; }
                return w;
            }

            public static double[][] Zeros() => Array.ConvertAll(Lengths, n => new double[n]);

            public static double[] Flatten(double[][] w) => [.. w.SelectMany(row => row)];

            public static double TanhOfRowsValue(double[] f) => Rows.TanhOfRows(Jagged(f, 0), f[9..13]);

            public static double[] TanhOfRowsGradient(double[] f)
            {
                double[][] dW = Zeros();
                var dX = new double[4];
                Rows.TanhOfRowsBackward(Jagged(f, 0), f[9..13], 1.0, dW, dX);
                return [.. Flatten(dW), .. dX];
            }

            private static readonly double[] Constant = [0.3, -0.2, 0.5, 0.7, -0.4, 0.1, 0.2, -0.6, 0.9];

            public static double CallsValue(double[] f) => Rows.Calls(Jagged(f, 0), f[9..13], Jagged(Constant, 0), 0);

            public static double[] CallsGradient(double[] f)
            {
                double[][] dW = Zeros();
                var dX = new double[4];
                Rows.CallsBackward(Jagged(f, 0), f[9..13], Jagged(Constant, 0), 0, 1.0, dW, dX);
                return [.. Flatten(dW), .. dX];
            }

            public static double ForeachRowsValue(double[] f) => Rows.ForeachRows(Jagged(f, 0), f[9..13]);

            public static double[] ForeachRowsGradient(double[] f)
            {
                double[][] dW = Zeros();
                var dX = new double[4];
                Rows.ForeachRowsBackward(Jagged(f, 0), f[9..13], 1.0, dW, dX);
                return [.. Flatten(dW), .. dX];
            }

            public static double[] ForeachRowsTangent(double[] f, double[] t) => [Rows.ForeachRowsTangent(Jagged(f, 0), f[9..13], Jagged(t, 0), t[9..13], out double tResult), tResult];

            public static double RowElementsValue(double[] f) => Rows.RowElements(Jagged(f, 0), f[9..13]);

            public static double[] RowElementsGradient(double[] f)
            {
                double[][] dW = Zeros();
                var dX = new double[4];
                Rows.RowElementsBackward(Jagged(f, 0), f[9..13], 1.0, dW, dX);
                return [.. Flatten(dW), .. dX];
            }

            public static double[] RowElementsTangent(double[] f, double[] t) => [Rows.RowElementsTangent(Jagged(f, 0), f[9..13], Jagged(t, 0), t[9..13], out double tResult), tResult];

            public static double RowViewsValue(double[] f) => Rows.RowViews(Jagged(f, 0), f[9..13]);

            public static double[] RowViewsGradient(double[] f)
            {
                double[][] dW = Zeros();
                var dX = new double[4];
                Rows.RowViewsBackward(Jagged(f, 0), f[9..13], 1.0, dW, dX);
                return [.. Flatten(dW), .. dX];
            }

            // Forward mode: the value and the directional derivative along a direction of the same layout.
            public static double[] TanhOfRowsTangent(double[] f, double[] t) => [Rows.TanhOfRowsTangent(Jagged(f, 0), f[9..13], Jagged(t, 0), t[9..13], out double tResult), tResult];

            public static double[] CallsTangent(double[] f, double[] t) => [Rows.CallsTangent(Jagged(f, 0), f[9..13], Jagged(Constant, 0), 0, Jagged(t, 0), t[9..13], out double tResult), tResult];

            public static double[] RowViewsTangent(double[] f, double[] t) => [Rows.RowViewsTangent(Jagged(f, 0), f[9..13], Jagged(t, 0), t[9..13], out double tResult), tResult];

            public static double[] SquaresTangent(double[] f, double[] t) => [Rows.SquaresTangent(Jagged(f, 0), Jagged(t, 0), out double tResult), tResult];

            public static string TangentOfAnotherShape()
            {
                try
                {
                    Rows.TanhOfRowsTangent(Jagged(Constant, 0), new double[4], [new double[3], new double[3], new double[4]], new double[4], out _);
                    return "accepted";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static double SquaresValue(double[] f) => Rows.Squares(Jagged(f, 0));

            public static double[] SquaresGradient(double[] f)
            {
                double[][] dA = Zeros();
                Rows.SquaresBackward(Jagged(f, 0), 1.0, dA);
                return Flatten(dA);
            }

            // W as above, Scale, then x of length 4.
            public static double EnergyValue(double[] f) => new Layer { W = Jagged(f, 0), Scale = f[9] }.Energy(f[10..14]);

            public static double[] EnergyGradient(double[] f)
            {
                var shadow = new Layer { W = Zeros() };
                var dX = new double[4];
                new Layer { W = Jagged(f, 0), Scale = f[9] }.EnergyBackward(f[10..14], 1.0, shadow, dX);
                return [.. Flatten(shadow.W), shadow.Scale, .. dX];
            }

            public static float[] FloatsGradient(float[][] w, float y)
            {
                float[][] dW = [new float[2], new float[1], new float[1], new float[4]];
                float dY = 0;
                Rows.FloatsBackward(w, y, 1f, dW, ref dY);
                return [dW[0][1], dW[1][0], dW[3][3], dW[0][0], dW[2][0], dY];
            }

            public static string Refusal(int which)
            {
                double[][] w = Jagged([.. Enumerable.Range(0, 9).Select(i => i * 0.1)], 0);
                double[][] dW = which switch
                {
                    0 => [new double[3], new double[2]],
                    1 => [new double[3], new double[3], new double[4]],
                    2 => [new double[3], w[1], new double[4]],
                    _ => [new double[3], null!, new double[4]],
                };
                try
                {
                    Rows.TanhOfRowsBackward(w, new double[4], 1.0, dW, new double[4]);
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

    [Theory]
    [InlineData("TanhOfRows", 13)]
    [InlineData("Calls", 13)]
    [InlineData("RowViews", 13)]
    [InlineData("ForeachRows", 13)]
    [InlineData("RowElements", 13)]
    [InlineData("Squares", 9)]
    [InlineData("Energy", 14)]
    public void Gradient_through_jagged_arrays_matches_finite_differences(string name, int size)
    {
        var random = new Random(23);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("TanhOfRows", 13)]
    [InlineData("Calls", 13)]
    [InlineData("RowViews", 13)]
    [InlineData("ForeachRows", 13)]
    [InlineData("RowElements", 13)]
    [InlineData("Squares", 9)]
    public void Forward_mode_through_jagged_arrays_gives_the_gradient_along_the_direction(string name, int size)
    {
        var random = new Random(29);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] direction = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            Assert.Equal(Drivers.Value(name, f), tangent[0], 12);
            Assert.Equal(Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum(), tangent[1], 10);
        }
    }

    [Fact]
    public void A_jagged_tangent_of_another_shape_is_refused_with_its_name() =>
        Assert.Equal("'tW' must have the shape of 'w': as many rows, each as long as the row of 'w' it matches. (Parameter 'tW')", (string)Drivers.Call("TangentOfAnotherShape")!);

    [Fact]
    public void Closed_forms_hold_for_the_rows_and_for_float_elements()
    {
        // TanhOfRows: ∂/∂w[i][j] = (1 − tanh²(r_i))·x[j], ∂/∂x[j] = Σ_i (1 − tanh²(r_i))·w[i][j].
        double[] f = [0.5, -0.3, 0.2, 0.1, 0.4, 0.7, -0.8, 0.3, 0.6, 1.0, 2.0, -1.0, 0.5];
        double[] gradient = (double[])Drivers.Call("TanhOfRowsGradient", f)!;
        double[][] w = [[0.5, -0.3, 0.2], [0.1, 0.4], [0.7, -0.8, 0.3, 0.6]];
        double[] x = [1.0, 2.0, -1.0, 0.5];
        double[] expectedX = new double[4];
        int k = 0;
        for (int i = 0; i < 3; i++)
        {
            double r = 0;
            for (int j = 0; j < w[i].Length; j++) r += w[i][j] * x[j];
            double slope = 1 - Math.Tanh(r) * Math.Tanh(r);
            for (int j = 0; j < w[i].Length; j++)
            {
                GradientAssert.Close(slope * x[j], gradient[k++], 1e-14, $"dW[{i}][{j}]");
                expectedX[j] += slope * w[i][j];
            }
        }

        for (int j = 0; j < 4; j++) GradientAssert.Close(expectedX[j], gradient[9 + j], 1e-14, $"dX[{j}]");

        // Floats: w[0][1]·w[1][0]·y + sin(w[3][3]) (row 2 is read nowhere: its adjoint stays 0).
        float[][] fw = [[9f, 0.5f], [3f], [7f], [0f, 0f, 0f, 0.25f]];
        float[] fg = (float[])Drivers.Call("FloatsGradient", fw, 2f)!;
        Assert.Equal([3f * 2f, 0.5f * 2f, MathF.Cos(0.25f), 0f, 0f, 0.5f * 3f], fg);
    }

    [Fact]
    public void An_adjoint_of_another_shape_or_sharing_a_row_is_refused_with_its_name()
    {
        const string shape = "'dW' must have the shape of 'w': as many rows, each as long as the row of 'w' it matches. (Parameter 'dW')";
        Assert.Equal(shape, (string)Drivers.Call("Refusal", 0)!);
        Assert.Equal(shape, (string)Drivers.Call("Refusal", 1)!);
        Assert.Equal("'dW' must not share rows with 'w': the backward reads 'w' while it adds into 'dW'. (Parameter 'dW')", (string)Drivers.Call("Refusal", 2)!);
        Assert.Equal(shape, (string)Drivers.Call("Refusal", 3)!);
    }

    [Fact]
    public Task What_is_not_followed_through_a_jagged_array_is_refused_where_it_happens() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Rows
        {
            [Differentiable]
            public static double Dot(double[] a, double[] b) => a[0] * b[0];

            [Differentiable]
            public static double[][] Returned(double[][] w) => {|GG0001:w|};

            [Differentiable]
            public static double RowInBranch(double[][] w, double[] x, bool b) => b ? Dot({|GG0001:w[0]|}, x) : 0;

            [Differentiable]
            public static double Rows_(double[][] w, double[][] c)
            {
                double s = 0;
                foreach (double[] row in {|GG0001:w|}) { s += row[0]; w = c; }
                return s;
            }

            [Differentiable]
            public static double Alias(double[][] w)
            {
                double[][] v = {|GG0001:w|};
                return v[0][0];
            }

            [Differentiable]
            public static double RowWritten(double[][] w)
            {
                double[] r = w[1];
                {|GG0001:r[0] = 2|};
                return r[0] * w[0][0];
            }

            [Differentiable]
            public static double RowReplaced(double[][] w)
            {
                {|GG0001:w[0] = new double[2]|};
                return w[0][0];
            }

            [Differentiable]
            public static double[] Layer(double[] x)
            {
                var r = new double[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = Math.Tanh(x[i]);
                return r;
            }

            [Differentiable]
            public static double ForeachOverACall(double[] x)
            {
                double s = 0;
                foreach (double v in {|GG0001:Layer(x)|}) s += v;
                return s;
            }

            [Differentiable]
            public static double ForeachOverARowItReplaces(double[] x)
            {
                var h = new double[1][];
                h[0] = new double[2];
                h[0][0] = x[0];
                double s = 0;
                foreach (double v in {|GG0001:h[0]|}) { s += v; h[0] = new double[1]; }
                return s;
            }

            [Differentiable]
            public static double ForeachOverRowsItReplaces(double[] x)
            {
                var h = new double[2][];
                h[0] = new double[2];
                h[1] = new double[2];
                h[0][0] = x[0];
                double s = 0;
                foreach (double[] row in {|GG0001:h|}) { s += row[0]; h[1] = new double[1]; }
                return s;
            }

            [Differentiable]
            public static double ElementWritten(double[][] w)
            {
                {|GG0001:w[0][1] = 3|};
                return w[0][0];
            }
        }
        """);
}
