using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Methods that write their outputs into <c>Span&lt;T&gt;</c> parameters (<c>void Softmax(ReadOnlySpan&lt;double&gt; z,
/// Span&lt;double&gt; p)</c>, in-place updates, a result and an output together). The backward writes the outputs
/// as the method does; the written span's adjoint comes in holding the adjoint of its final values and leaves
/// holding that of its values on entry. Checked against central finite differences of a weighted sum of the
/// outputs at several points, against the closed form of softmax's derivative, and the run-time and
/// compile-time refusals.
/// </summary>
public class OutputSpanTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class Outputs
        {
            [Differentiable]
            public static void Softmax(ReadOnlySpan<double> z, Span<double> p)
            {
                double max = z[0];
                for (int i = 1; i < z.Length; i++) if (z[i] > max) max = z[i];
                double sum = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    p[i] = Math.Exp(z[i] - max);
                    sum += p[i];
                }

                for (int i = 0; i < z.Length; i++) p[i] /= sum;
            }

            // In place, stopping at the first negative element (a 'return;' in a loop).
            [Differentiable]
            public static void Update(Span<double> y, double a)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    if (y[i] < 0) return;
                    y[i] = a * y[i] + Math.Sin(y[i]) * y[(i + 1) % y.Length];
                }
            }

            // A result and an output.
            [Differentiable]
            public static double Normalize(double[] x, Span<double> y)
            {
                double n = 0;
                foreach (double v in x) n += v * v;
                n = Math.Sqrt(n);
                for (int i = 0; i < x.Length; i++) y[i] = x[i] / n;
                return n;
            }
        }

        public static partial class MixedOutputs
        {
            // A float input beside a double output (their overlap check once compared spans of two element types).
            [Differentiable]
            public static void Scaled(float[] a, ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = x[i] * a[i] * x[i];
            }
        }

        public static class Drivers
        {
            private static readonly double[] Weights = [0.7, -1.3, 0.4, 2.1];

            private static double Weighted(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += Weights[i] * v[i];
                return s;
            }

            // z (4) → Σ w·softmax(z).
            public static double SoftmaxValue(double[] f)
            {
                var p = new double[4];
                Outputs.Softmax(f, p);
                return Weighted(p);
            }

            public static double[] SoftmaxGradient(double[] f)
            {
                var p = new double[4];
                var dP = (double[])Weights.Clone();
                var dZ = new double[4];
                Outputs.SoftmaxBackward(f, p, dZ, dP);
                var primal = new double[4];
                Outputs.Softmax(f, primal);
                if (!p.AsSpan().SequenceEqual(primal) || dP.Any(d => d != 0)) throw new InvalidOperationException("outputs or their adjoints are off");
                return dZ;
            }

            // y (4), a → Σ w·y after the update.
            public static double UpdateValue(double[] f)
            {
                double[] y = f[0..4];
                Outputs.Update(y, f[4]);
                return Weighted(y);
            }

            public static double[] UpdateGradient(double[] f)
            {
                double[] y = f[0..4];
                var dY = (double[])Weights.Clone();
                double dA = 0;
                Outputs.UpdateBackward(y, f[4], dY, ref dA);
                return [.. dY, dA];
            }

            // x (4) → 0.5·n + Σ w·y.
            public static double NormalizeValue(double[] f)
            {
                var y = new double[4];
                double n = Outputs.Normalize(f, y);
                return 0.5 * n + Weighted(y);
            }

            public static double[] NormalizeGradient(double[] f)
            {
                var y = new double[4];
                var dY = (double[])Weights.Clone();
                var dX = new double[4];
                Outputs.NormalizeBackward(f, y, 0.5, dX, dY);
                return dX;
            }

            // a (4, float), x (4) → Σ w·y.
            public static double ScaledValue(double[] f)
            {
                var y = new double[4];
                MixedOutputs.Scaled([.. f[..4].Select(v => (float)v)], f[4..], y);
                return Weighted(y);
            }

            public static double[] ScaledGradient(double[] f)
            {
                var dA = new float[4];
                var dX = new double[4];
                MixedOutputs.ScaledBackward([.. f[..4].Select(v => (float)v)], f[4..], new double[4], dA, dX, (double[])Weights.Clone());
                return [.. dA.Select(v => (double)v), .. dX];
            }

            // Forward mode: [value, directional derivative] along a direction t of f's layout. The written span's
            // tangent comes in holding that of its values on entry and leaves holding that of what was written.
            public static double[] SoftmaxTangent(double[] f, double[] t)
            {
                var p = new double[4];
                var tP = new double[4];
                Outputs.SoftmaxTangent(f, p, t, tP);
                return [Weighted(p), Weighted(tP)];
            }

            public static double[] UpdateTangent(double[] f, double[] t)
            {
                double[] y = f[0..4];
                double[] tY = t[0..4];
                Outputs.UpdateTangent(y, f[4], tY, t[4]);
                return [Weighted(y), Weighted(tY)];
            }

            public static double[] NormalizeTangent(double[] f, double[] t)
            {
                var y = new double[4];
                var tY = new double[4];
                double n = Outputs.NormalizeTangent(f, y, t, tY, out double tN);
                return [0.5 * n + Weighted(y), 0.5 * tN + Weighted(tY)];
            }

            public static string OverlappingTangent()
            {
                double[] x = [0.1, 0.2, 0.3, 0.4], tX = [1.0, 0, 0, 0, 0, 0];
                try
                {
                    Outputs.SoftmaxTangent(x, new double[4], tX.AsSpan(0, 4), tX.AsSpan(2, 4));
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string Overlapping()
            {
                double[] buffer = [0.1, 0.2, 0.3, 0.4, 0.5];
                try
                {
                    Outputs.SoftmaxBackward(buffer.AsSpan(0, 3), buffer.AsSpan(2, 3), new double[3], new double[3]);
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
    [InlineData("Softmax", 4)]
    [InlineData("Update", 5)]
    [InlineData("Normalize", 4)]
    [InlineData("Scaled", 8)]
    public void Derivatives_of_what_a_method_writes_into_spans_match_finite_differences(string name, int size)
    {
        var random = new Random(5);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - (name == "Update" ? 0.6 : 1)).ToArray();
            if (name == "Scaled")
            {
                f = [.. f.Select((v, i) => i < 4 ? (double)(float)v : v)]; // a is float: differences at float points, in double steps.
            }

            Drivers.GradientMatchesFiniteDifferences(name, f, name == "Scaled" ? 1e-3 : 1e-6, name == "Scaled" ? 1e-4 : 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Softmax", 4)]
    [InlineData("Update", 5)]
    [InlineData("Normalize", 4)]
    public void Forward_mode_writes_the_tangents_of_the_outputs_into_the_spans_tangents(string name, int size)
    {
        var random = new Random(9);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - (name == "Update" ? 0.6 : 1)).ToArray();
            double[] direction = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], 1e-14, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void A_written_spans_tangent_over_another_tangent_is_refused() =>
        Assert.Equal("'tP' must not share memory with 'tZ': the method writes 'tP' while it reads 'tZ'. (Parameter 'tP')", (string)Drivers.Call("OverlappingTangent")!);

    [Fact]
    public void Softmax_matches_its_closed_form()
    {
        // ∂(Σ_i w_i p_i)/∂z_j = p_j (w_j − Σ_i w_i p_i).
        double[] z = [0.3, -1.2, 0.8, 0.1];
        double[] w = [0.7, -1.3, 0.4, 2.1];
        double[] e = z.Select(v => Math.Exp(v - 0.8)).ToArray();
        double[] p = e.Select(v => v / e.Sum()).ToArray();
        double mean = p.Zip(w, (a, b) => a * b).Sum();
        double[] gradient = (double[])Drivers.Call("SoftmaxGradient", z)!;
        for (int j = 0; j < 4; j++)
        {
            GradientAssert.Close(p[j] * (w[j] - mean), gradient[j], 1e-14, $"dZ[{j}]");
        }
    }

    [Fact]
    public void An_output_span_over_an_input_is_refused_with_both_names() =>
        Assert.Equal("'p' must not share memory with 'z': the method writes 'p' while its derivative reads 'z'. (Parameter 'p')", (string)Drivers.Call("Overlapping")!);

    [Fact]
    public Task What_stays_refused_for_output_spans_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Outputs
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];

            // A written span passed on: the backward would have to give it back its old values.
            [Differentiable]
            public static void PassedOn(ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = x[0] * 2;
                y[1] = Sum({|GG0001:y|});
            }

            // Nothing written anywhere a derivative could go.
            [Differentiable]
            public static {|GG0004:void|} Nothing(double[] x) { }

            // Arrays stay inputs: the output type is Span<T>.
            [Differentiable]
            public static void IntoArray(ReadOnlySpan<double> x, Span<double> y, double[] z)
            {
                y[0] = x[0];
                {|GG0001:z[0] = x[1]|};
            }
        }
        """);
}
