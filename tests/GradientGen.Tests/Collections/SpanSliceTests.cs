using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// Span slices of active parameters (<c>x[1..]</c>, <c>x[k..^1]</c>, <c>x.Slice(a, n)</c>, <c>x.AsSpan(a, n)</c>,
/// <c>MemoryExtensions.AsSpan(y, a)</c>, <c>y.AsSpan(1..3)</c>), in locals, one per iteration of a counted loop, and
/// passed straight to a [Differentiable] callee: each is a view whose adjoint is the same slice of the parameter's
/// adjoint. Checked against central differences at several points, closed forms, the forward mode (tangent ·
/// direction = gradient · direction), in float and double.
/// </summary>
public class SpanSliceTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class Slices
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            // x[1..] in a local, and two slices passed straight to the callee: Σ_{i≥1} x_i² + x0·x1 + x1·x2.
            [Differentiable]
            public static double Tail(double[] x)
            {
                ReadOnlySpan<double> tail = x[1..];
                double s = 0;
                for (int i = 0; i < tail.Length; i++) s += tail[i] * tail[i];
                return s + Dot(x.AsSpan(0, 2), x.AsSpan(1, 2));
            }

            // A start held in a variable the method changes afterwards, and starts from the end.
            [Differentiable]
            public static double Window(ReadOnlySpan<double> x, int k)
            {
                ReadOnlySpan<double> a = x[k..^1];
                ReadOnlySpan<double> b = x[^2..];
                k = 0;
                double s = 0;
                foreach (double v in a) s += Math.Sin(v) * b[1];
                return s + b[0] * b[0] + k;
            }

            // One slice per row of a flat weight vector, in a local and straight into the callee.
            [Differentiable]
            public static double Rows(double[] w, double[] x)
            {
                int m = x.Length;
                double s = 0;
                for (int r = 0; r < w.Length / m; r++)
                {
                    ReadOnlySpan<double> row = w.AsSpan(r * m, m);
                    double z = Math.Tanh(Dot(row, x));
                    s += z * z + row[0] * Dot(w.AsSpan(r * m, m), x);
                }

                return s;
            }

            // Slice and AsSpan forms, over a Span input the method only reads and over an array.
            [Differentiable]
            public static double Forms(Span<double> x, double[] y)
            {
                var a = x.Slice(1);
                var b = x.Slice(0, 2);
                ReadOnlySpan<double> c = MemoryExtensions.AsSpan(y, 1);
                ReadOnlySpan<double> d = y.AsSpan(1..3);
                ReadOnlySpan<double> e = y.AsSpan();
                return a[0] * b[1] + c[0] * d[1] * e[0] + Dot(a, c);
            }

            [Differentiable]
            public static float FloatDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
            {
                float s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            [Differentiable]
            public static float FloatRows(float[] w, float[] x)
            {
                int m = x.Length;
                float s = 0;
                for (int r = 0; r < w.Length / m; r++)
                {
                    ReadOnlySpan<float> row = w.AsSpan(r * m, m);
                    float z = MathF.Tanh(FloatDot(row, x));
                    s += z * z + FloatDot(x[1..], w[(r * m)..((r + 1) * m)]) * x[0];
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double TailValue(double[] f) => Slices.Tail(f);

            public static double[] TailGradient(double[] f)
            {
                var dX = new double[f.Length];
                double value = Slices.TailBackward(f, 1.0, dX);
                if (value != Slices.Tail(f)) throw new InvalidOperationException("the backward's value is off");
                return dX;
            }

            public static double TailDirectional(double[] f, double[] d) { Slices.TailTangent(f, d, out double t); return t; }

            public static double WindowValue(double[] f) => Slices.Window(f, 1);

            public static double[] WindowGradient(double[] f)
            {
                var dX = new double[f.Length];
                Slices.WindowBackward(f, 1, 1.0, dX);
                return dX;
            }

            public static double WindowDirectional(double[] f, double[] d) { Slices.WindowTangent(f, 1, d, out double t); return t; }

            // w (6) then x (3).
            public static double RowsValue(double[] f) => Slices.Rows(f[..6], f[6..]);

            public static double[] RowsGradient(double[] f)
            {
                var dW = new double[6];
                var dX = new double[3];
                Slices.RowsBackward(f[..6], f[6..], 1.0, dW, dX);
                return [.. dW, .. dX];
            }

            public static double RowsDirectional(double[] f, double[] d) { Slices.RowsTangent(f[..6], f[6..], d[..6], d[6..], out double t); return t; }

            // x (3) then y (3).
            public static double FormsValue(double[] f) => Slices.Forms(f[..3], f[3..]);

            public static double[] FormsGradient(double[] f)
            {
                var dX = new double[3];
                var dY = new double[3];
                Slices.FormsBackward(f[..3], f[3..], 1.0, dX, dY);
                return [.. dX, .. dY];
            }

            public static double FormsDirectional(double[] f, double[] d) { Slices.FormsTangent(f[..3], f[3..], d[..3], d[3..], out double t); return t; }

            public static double FloatRowsValue(double[] f) => Slices.FloatRows(F(f[..6]), F(f[6..]));

            public static double[] FloatRowsGradient(double[] f)
            {
                var dW = new float[6];
                var dX = new float[3];
                Slices.FloatRowsBackward(F(f[..6]), F(f[6..]), 1f, dW, dX);
                return [.. dW.Select(v => (double)v), .. dX.Select(v => (double)v)];
            }

            public static double FloatRowsDirectional(double[] f, double[] d) { Slices.FloatRowsTangent(F(f[..6]), F(f[6..]), F(d[..6]), F(d[6..]), out float t); return t; }

            private static float[] F(double[] v) => v.Select(e => (float)e).ToArray();

            // Adjoints accumulate into the caller's, slices included: a second call doubles them.
            public static double[] TailTwice(double[] f)
            {
                var dX = new double[f.Length];
                Slices.TailBackward(f, 1.0, dX);
                Slices.TailBackward(f, 1.0, dX);
                return dX;
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Tail", 5)]
    [InlineData("Window", 5)]
    [InlineData("Rows", 9)]
    [InlineData("Forms", 6)]
    public void Gradients_through_slices_match_finite_differences(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Float_slices_match_finite_differences()
    {
        for (int point = 0; point < 3; point++)
        {
            Drivers.GradientMatchesFiniteDifferences("FloatRows", FlatDrivers.RandomPoint(10 + point, 9), 1e-2, 2e-3, $"FloatRows at point {point}");
        }
    }

    [Fact]
    public void Tail_matches_its_closed_form_and_accumulates()
    {
        // ∂/∂x_j (Σ_{i≥1} x_i² + x0·x1 + x1·x2): x1, 2·x1 + x0 + x2, 2·x2 + x1, then 2·x_j.
        double[] x = [0.5, -1.25, 2.0, 0.75, -0.3];
        double[] expected = [x[1], 2 * x[1] + x[0] + x[2], 2 * x[2] + x[1], 2 * x[3], 2 * x[4]];
        double[] gradient = Drivers.Gradient("Tail", x);
        double[] twice = (double[])Drivers.Call("TailTwice", x)!;
        for (int j = 0; j < x.Length; j++)
        {
            GradientAssert.Close(expected[j], gradient[j], 1e-15, $"dX[{j}]");
            GradientAssert.Close(2 * expected[j], twice[j], 1e-15, $"twice dX[{j}]");
        }
    }

    [Fact]
    public void Rows_matches_its_closed_form()
    {
        // Σ_r tanh(w_r·x)² + w_r0 (w_r·x): ∂/∂w_rj = 2 tanh(z) (1 − tanh²(z)) x_j + [j = 0] z + w_r0 x_j, z = w_r·x.
        double[] f = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.9, -1.1, 0.7];
        double[] gradient = Drivers.Gradient("Rows", f);
        double[] x = f[6..];
        var dX = new double[3];
        for (int r = 0; r < 2; r++)
        {
            double[] w = f[(3 * r)..(3 * r + 3)];
            double z = w.Zip(x, (a, b) => a * b).Sum();
            double t = Math.Tanh(z);
            for (int j = 0; j < 3; j++)
            {
                double expected = 2 * t * (1 - t * t) * x[j] + (j == 0 ? z : 0) + w[0] * x[j];
                GradientAssert.Close(expected, gradient[3 * r + j], 1e-14, $"dW[{3 * r + j}]");
                dX[j] += 2 * t * (1 - t * t) * w[j] + w[0] * w[j];
            }
        }

        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(dX[j], gradient[6 + j], 1e-14, $"dX[{j}]");
        }
    }

    [Theory]
    [InlineData("Tail", 5)]
    [InlineData("Window", 5)]
    [InlineData("Rows", 9)]
    [InlineData("Forms", 6)]
    [InlineData("FloatRows", 9)]
    public void Tangents_through_slices_agree_with_the_gradient(string name, int size)
    {
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(20 + point, size), d = FlatDrivers.RandomPoint(40 + point, size);
            double[] gradient = Drivers.Gradient(name, f);
            double expected = gradient.Zip(d, (g, v) => g * v).Sum();
            double tangent = (double)Drivers.Call(name + "Directional", f, d)!;
            GradientAssert.Close(expected, tangent, name == "FloatRows" ? 1e-5 : 1e-12, $"{name} along a direction at point {point}");
        }
    }
}
