using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Array locals that name arrays rather than fill one: a network's forward pass written layer by layer,
/// <c>double[] a = x; for (…) a = Dense(W[l], b[l], a);</c>, or with a scratch array per layer filled and then
/// named (<c>var next = new double[n]; …; a = next;</c>), or kept as the rows of a local jagged array
/// (<c>a[0] = x; a[l + 1] = Dense(W[l], b[l], a[l]);</c>); rows of a jagged array held in locals (<c>double[] output = a[L];</c>); a callee's array declared in a loop's body; bindings in branches, straight-line code, after an early return, declared in a loop's body (a batch), to another such
/// local and to an array that carries no derivative; in double and float. Checked against central finite differences
/// at several points, in reverse and forward mode; what stays refused is pinned by id and span.
/// </summary>
public class ReboundArrayTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class Networks
        {
            // A dense layer: tanh(W·x + b), W row-major (b.Length × x.Length).
            [Differentiable]
            public static double[] Dense(double[] W, double[] b, double[] x)
            {
                var z = new double[b.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    double s = b[i];
                    for (int j = 0; j < x.Length; j++) s += W[i * x.Length + j] * x[j];
                    z[i] = Math.Tanh(s);
                }
                return z;
            }

            [Differentiable]
            public static double Dot(double[] u, double[] v)
            {
                double s = 0;
                for (int i = 0; i < u.Length; i++) s += u[i] * v[i];
                return s;
            }

            // The layers one after the other, each a callee's array; the loss the squared error.
            [Differentiable]
            public static double Layers(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
            {
                double[] a = x;
                for (int l = 0; l < W.Length; l++) a = Dense(W[l], b[l], a);
                double loss = 0;
                for (int i = 0; i < t.Length; i++) loss += (a[i] - t[i]) * (a[i] - t[i]);
                return loss;
            }

            // The same network written without a callee: each layer's activations in a scratch array, then named.
            [Differentiable]
            public static double Plain(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
            {
                double[] a = x;
                for (int l = 0; l < W.Length; l++)
                {
                    var next = new double[b[l].Length];
                    for (int i = 0; i < next.Length; i++)
                    {
                        double s = b[l][i];
                        for (int j = 0; j < a.Length; j++) s += W[l][i * a.Length + j] * a[j];
                        next[i] = Math.Tanh(s);
                    }
                    a = next;
                }
                double loss = 0;
                foreach (double v in a) loss += v * v;
                return loss - Dot(a, t);
            }

            // Straight-line bindings, a binding kept in a second local, and the first passed twice.
            [Differentiable]
            public static double Chained(double[] W, double[] b, double[] x)
            {
                double[] a = x;
                double[] first = a;
                a = Dense(W, b, a);
                double[] hidden = a;
                a = Dense(W, b, a);
                return Dot(a, hidden) + Dot(first, first) * a[0];
            }

            // A binding chosen by a branch, one of them an array that carries no derivative.
            [Differentiable]
            public static double Chosen(double[] W, double[] b, double[] x, [NoDerivative] double[] fixedInput, int mode)
            {
                double[] a = x;
                if (mode == 1) a = fixedInput;
                else if (mode == 2) a = Dense(W, b, x);
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * x[i] * b[0];
                return s;
            }

            // After an early return, so declared in the guarded rest of the method: its adjoint exists where it does.
            [Differentiable]
            public static double Guarded(double[] W, double[] b, double[] x)
            {
                if (x[0] > 5) return x[1];
                double[] a = Dense(W, b, x);
                for (int k = 0; k < 2; k++) a = Dense(W, b, a);
                return Dot(a, x);
            }

            // Every layer kept, as rows of a local jagged array: the first row names x, each next one a callee's
            // array computed from the row before; two rows read at the end.
            [Differentiable]
            public static double Kept(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
            {
                var a = new double[W.Length + 1][];
                a[0] = x;
                for (int l = 0; l < W.Length; l++) a[l + 1] = Dense(W[l], b[l], a[l]);
                double loss = 0;
                for (int i = 0; i < t.Length; i++) loss += (a[W.Length][i] - t[i]) * (a[W.Length][i] - t[i]);
                return loss + Dot(a[1], a[1]) * a[0][2];
            }

            // Rows of fresh arrays from a callee, then written and replaced: a row the callee gave may be written into.
            [Differentiable]
            public static double RowsWritten(double[] W, double[] b, double[] x)
            {
                var a = new double[2][];
                a[0] = Dense(W, b, x);
                a[1] = Dense(W, b, a[0]);
                a[0][1] *= a[1][0];
                double s = Dot(a[0], a[1]);
                a[1] = Dense(W, b, a[0]);
                return s + a[1][1];
            }

            // A callee's array declared in a loop's body: one per iteration, each with its adjoint.
            [Differentiable]
            public static double PerLayer(double[][] W, double[][] b, double[] x)
            {
                double s = 0;
                for (int l = 0; l < W.Length; l++)
                {
                    double[] h = Dense(W[l], b[l], x);
                    if (h[0] > 0) s += h[0] * h[h.Length - 1];
                    else s -= Dot(h, h);
                }

                return s;
            }

            // Locals naming each other's arrays in turn: a swap through a third, and a layer between.
            [Differentiable]
            public static double Swapped(double[] W, double[] b, double[] x, double[] y)
            {
                double[] u = x, v = y, swap = u;
                for (int k = 0; k < 3; k++)
                {
                    swap = u;
                    u = Dense(W, b, v);
                    v = swap;
                }

                return Dot(u, v) + u[0] * swap[1];
            }

            // Rows of the kept layers held in locals: the output and the first hidden layer.
            [Differentiable]
            public static double RowLocals(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
            {
                var a = new double[W.Length + 1][];
                a[0] = x;
                for (int l = 0; l < W.Length; l++) a[l + 1] = Dense(W[l], b[l], a[l]);
                double[] output = a[W.Length];
                double[] hidden = a[1];
                double loss = 0;
                for (int i = 0; i < t.Length; i++) loss += (output[i] - t[i]) * (output[i] - t[i]) + hidden[i] * output[i];
                return loss;
            }

            // A local naming the rows of a jagged parameter one after another.
            [Differentiable]
            public static double RowsInTurn(double[][] W, double[] x)
            {
                double[] r = W[0];
                double s = 0;
                for (int k = 0; k < W.Length; k++)
                {
                    r = W[k];
                    s += Dot(r, x) * r[k % r.Length];
                }

                return s * r[0];
            }

            // A batch: per sample, a local declared in the loop's body names the sample's row, then each layer's array.
            [Differentiable]
            public static double Batch(double[][] W, double[][] b, double[][] xs, [NoDerivative] double[] t)
            {
                double loss = 0;
                for (int s = 0; s < xs.Length; s++)
                {
                    double[] a = xs[s];
                    for (int l = 0; l < W.Length; l++) a = Dense(W[l], b[l], a);
                    for (int i = 0; i < t.Length; i++) loss += (a[i] - t[i]) * (a[i] - t[i]);
                }

                return loss;
            }

            // Single precision, a loop running a layer a given number of times.
            [Differentiable]
            public static float Repeated(float[] W, float[] x, int times)
            {
                float[] a = x;
                for (int k = 0; k < times; k++)
                {
                    var next = new float[a.Length];
                    for (int i = 0; i < a.Length; i++) next[i] = MathF.Sin(W[i] * a[i] + a[(i + 1) % a.Length]);
                    a = next;
                }
                float s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * (i + 1);
                return s;
            }
        }

        public static class Drivers
        {
            // Sizes 3 → 4 → 2: W0 (12), b0 (4), W1 (8), b1 (2), x (3): 29.
            private static double[][] W(double[] f) => [f[..12], f[16..24]];
            private static double[][] B(double[] f) => [f[12..16], f[24..26]];
            private static readonly double[] Target = [0.3, -0.2];

            // The drivers of the 3 → 4 → 2 network's methods, and of the small ones' (W, b, x).
            private delegate double NetworkBackward(double[][] W, double[][] b, double[] x, double[] t, double dResult, double[][] dW, double[][] dB, Span<double> dX);
            private delegate double NetworkTangentOf(double[][] W, double[][] b, double[] x, double[] t, double[][] tW, double[][] tB, ReadOnlySpan<double> tX, out double tResult);
            private delegate double SmallBackward(double[] W, double[] b, double[] x, double dResult, Span<double> dW, Span<double> dB, Span<double> dX);
            private delegate double SmallTangentOf(double[] W, double[] b, double[] x, ReadOnlySpan<double> tW, ReadOnlySpan<double> tB, ReadOnlySpan<double> tX, out double tResult);

            /// <param name="primal">When given, the backward's value must be the method's.</param>
            private static double[] NetworkGradient(double[] f, NetworkBackward backward, Func<double[], double>? primal)
            {
                double[][] dW = [new double[12], new double[8]];
                double[][] dB = [new double[4], new double[2]];
                var dX = new double[3];
                double value = backward(W(f), B(f), f[26..], Target, 1.0, dW, dB, dX);
                if (primal is not null && value != primal(f)) throw new InvalidOperationException("the backward's value is off");
                return [.. dW[0], .. dB[0], .. dW[1], .. dB[1], .. dX];
            }
            private static double[] NetworkTangent(double[] f, double[] t, NetworkTangentOf tangent) => [tangent(W(f), B(f), f[26..], Target, W(t), B(t), t[26..], out double tResult), tResult];

            // W (4), b (2), x (2): 8.
            private static double[] SmallGradient(double[] f, SmallBackward backward)
            {
                double[] dW = new double[4], dB = new double[2], dX = new double[2];
                backward(f[..4], f[4..6], f[6..], 1.0, dW, dB, dX);
                return [.. dW, .. dB, .. dX];
            }
            private static double[] SmallTangent(double[] f, double[] t, SmallTangentOf tangent) => [tangent(f[..4], f[4..6], f[6..], t[..4], t[4..6], t[6..], out double tResult), tResult];

            public static double LayersValue(double[] f) => Networks.Layers(W(f), B(f), f[26..], Target);
            public static double[] LayersGradient(double[] f) => NetworkGradient(f, Networks.LayersBackward, LayersValue);
            public static double[] LayersTangent(double[] f, double[] t) => NetworkTangent(f, t, Networks.LayersTangent);

            public static double PlainValue(double[] f) => Networks.Plain(W(f), B(f), f[26..], Target);
            public static double[] PlainGradient(double[] f) => NetworkGradient(f, Networks.PlainBackward, PlainValue);
            public static double[] PlainTangent(double[] f, double[] t) => NetworkTangent(f, t, Networks.PlainTangent);

            public static double ChainedValue(double[] f) => Networks.Chained(f[..4], f[4..6], f[6..]);
            public static double[] ChainedGradient(double[] f) => SmallGradient(f, Networks.ChainedBackward);
            public static double[] ChainedTangent(double[] f, double[] t) => SmallTangent(f, t, Networks.ChainedTangent);

            // W (4), b (2), x (2), in each mode.
            private static readonly double[] Fixed = [0.7, -1.3];
            public static double Chosen0Value(double[] f) => Networks.Chosen(f[..4], f[4..6], f[6..], Fixed, 0);
            public static double Chosen1Value(double[] f) => Networks.Chosen(f[..4], f[4..6], f[6..], Fixed, 1);
            public static double Chosen2Value(double[] f) => Networks.Chosen(f[..4], f[4..6], f[6..], Fixed, 2);
            public static double[] Chosen0Gradient(double[] f) => ChosenGradient(f, 0);
            public static double[] Chosen1Gradient(double[] f) => ChosenGradient(f, 1);
            public static double[] Chosen2Gradient(double[] f) => ChosenGradient(f, 2);
            private static double[] ChosenGradient(double[] f, int mode)
            {
                double[] dW = new double[4], dB = new double[2], dX = new double[2];
                Networks.ChosenBackward(f[..4], f[4..6], f[6..], Fixed, mode, 1.0, dW, dB, dX);
                return [.. dW, .. dB, .. dX];
            }
            public static double[] Chosen0Tangent(double[] f, double[] t) => ChosenTangent(f, t, 0);
            public static double[] Chosen1Tangent(double[] f, double[] t) => ChosenTangent(f, t, 1);
            public static double[] Chosen2Tangent(double[] f, double[] t) => ChosenTangent(f, t, 2);
            private static double[] ChosenTangent(double[] f, double[] t, int mode) => [Networks.ChosenTangent(f[..4], f[4..6], f[6..], Fixed, mode, t[..4], t[4..6], t[6..], out double tResult), tResult];

            public static double GuardedValue(double[] f) => Networks.Guarded(f[..4], f[4..6], f[6..]);
            public static double[] GuardedGradient(double[] f) => SmallGradient(f, Networks.GuardedBackward);
            public static double[] GuardedTangent(double[] f, double[] t) => SmallTangent(f, t, Networks.GuardedTangent);

            public static double KeptValue(double[] f) => Networks.Kept(W(f), B(f), f[26..], Target);
            public static double[] KeptGradient(double[] f) => NetworkGradient(f, Networks.KeptBackward, KeptValue);
            public static double[] KeptTangent(double[] f, double[] t) => NetworkTangent(f, t, Networks.KeptTangent);

            public static double RowsWrittenValue(double[] f) => Networks.RowsWritten(f[..4], f[4..6], f[6..]);
            public static double[] RowsWrittenGradient(double[] f) => SmallGradient(f, Networks.RowsWrittenBackward);
            public static double[] RowsWrittenTangent(double[] f, double[] t) => SmallTangent(f, t, Networks.RowsWrittenTangent);

            // Two layers 3 → 2 (W 6 and 6, b 2 and 2), x (3): 19.
            private static double[][] SameW(double[] f) => [f[..6], f[8..14]];
            private static double[][] SameB(double[] f) => [f[6..8], f[14..16]];
            public static double PerLayerValue(double[] f) => Networks.PerLayer(SameW(f), SameB(f), f[16..]);
            public static double[] PerLayerGradient(double[] f)
            {
                double[][] dW = [new double[6], new double[6]];
                double[][] dB = [new double[2], new double[2]];
                var dX = new double[3];
                Networks.PerLayerBackward(SameW(f), SameB(f), f[16..], 1.0, dW, dB, dX);
                return [.. dW[0], .. dB[0], .. dW[1], .. dB[1], .. dX];
            }
            public static double[] PerLayerTangent(double[] f, double[] t) => [Networks.PerLayerTangent(SameW(f), SameB(f), f[16..], SameW(t), SameB(t), t[16..], out double tResult), tResult];

            // W (4), b (2), x (2), y (2): 10.
            public static double SwappedValue(double[] f) => Networks.Swapped(f[..4], f[4..6], f[6..8], f[8..]);
            public static double[] SwappedGradient(double[] f)
            {
                double[] dW = new double[4], dB = new double[2], dX = new double[2], dY = new double[2];
                Networks.SwappedBackward(f[..4], f[4..6], f[6..8], f[8..], 1.0, dW, dB, dX, dY);
                return [.. dW, .. dB, .. dX, .. dY];
            }
            public static double[] SwappedTangent(double[] f, double[] t) => [Networks.SwappedTangent(f[..4], f[4..6], f[6..8], f[8..], t[..4], t[4..6], t[6..8], t[8..], out double tResult), tResult];

            public static double RowLocalsValue(double[] f) => Networks.RowLocals(W(f), B(f), f[26..], Target);
            public static double[] RowLocalsGradient(double[] f) => NetworkGradient(f, Networks.RowLocalsBackward, null);
            public static double[] RowLocalsTangent(double[] f, double[] t) => NetworkTangent(f, t, Networks.RowLocalsTangent);

            // Three rows of 2, x (2): 8.
            private static double[][] Rows3(double[] f) => [f[..2], f[2..4], f[4..6]];
            public static double RowsInTurnValue(double[] f) => Networks.RowsInTurn(Rows3(f), f[6..]);
            public static double[] RowsInTurnGradient(double[] f)
            {
                double[][] dW = [new double[2], new double[2], new double[2]];
                var dX = new double[2];
                Networks.RowsInTurnBackward(Rows3(f), f[6..], 1.0, dW, dX);
                return [.. dW[0], .. dW[1], .. dW[2], .. dX];
            }
            public static double[] RowsInTurnTangent(double[] f, double[] t) => [Networks.RowsInTurnTangent(Rows3(f), f[6..], Rows3(t), t[6..], out double tResult), tResult];

            // The network above, three samples of 3: 26 + 9 = 35.
            private static double[][] Samples(double[] f) => [f[26..29], f[29..32], f[32..35]];
            public static double BatchValue(double[] f) => Networks.Batch(W(f), B(f), Samples(f), Target);
            public static double[] BatchGradient(double[] f)
            {
                double[][] dW = [new double[12], new double[8]];
                double[][] dB = [new double[4], new double[2]];
                double[][] dXs = [new double[3], new double[3], new double[3]];
                Networks.BatchBackward(W(f), B(f), Samples(f), Target, 1.0, dW, dB, dXs);
                return [.. dW[0], .. dB[0], .. dW[1], .. dB[1], .. dXs[0], .. dXs[1], .. dXs[2]];
            }
            public static double[] BatchTangent(double[] f, double[] t) => [Networks.BatchTangent(W(f), B(f), Samples(f), Target, W(t), B(t), Samples(t), out double tResult), tResult];

            // W (3), x (3), three times.
            private static float[] Floats(double[] f) => [.. f.Select(v => (float)v)];
            public static double RepeatedValue(double[] f) => Networks.Repeated(Floats(f[..3]), Floats(f[3..]), 3);
            public static double[] RepeatedGradient(double[] f)
            {
                float[] dW = new float[3], dX = new float[3];
                Networks.RepeatedBackward(Floats(f[..3]), Floats(f[3..]), 3, 1f, dW, dX);
                return [.. dW.Select(v => (double)v), .. dX.Select(v => (double)v)];
            }
            public static double[] RepeatedTangent(double[] f, double[] t) => [Networks.RepeatedTangent(Floats(f[..3]), Floats(f[3..]), 3, Floats(t[..3]), Floats(t[3..]), out float tResult), tResult];
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, number of inputs, central-difference step, tolerance.</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Layers", 29, 1e-6, 1e-7 },
        { "Plain", 29, 1e-6, 1e-7 },
        { "Chained", 8, 1e-6, 1e-7 },
        { "Chosen0", 8, 1e-6, 1e-7 },
        { "Chosen1", 8, 1e-6, 1e-7 },
        { "Chosen2", 8, 1e-6, 1e-7 },
        { "Guarded", 8, 1e-6, 1e-7 },
        { "Kept", 29, 1e-6, 1e-7 },
        { "PerLayer", 19, 1e-6, 1e-7 },
        { "Swapped", 10, 1e-6, 1e-7 },
        { "RowLocals", 29, 1e-6, 1e-7 },
        { "RowsInTurn", 8, 1e-6, 1e-7 },
        { "Batch", 35, 1e-6, 1e-7 },
        { "RowsWritten", 8, 1e-6, 1e-7 },
        { "Repeated", 6, 1e-2, 3e-3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_through_array_locals_that_name_arrays_match_finite_differences(string name, int size, double h, double tolerance)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), h, tolerance, $"{name} at point {point}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_mode_through_array_locals_that_name_arrays_gives_the_gradient_along_the_direction(string name, int size, double h, double tolerance)
    {
        _ = h;
        double relative = name == "Repeated" ? 1e-5 : 1e-12;
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, size);
            double[] direction = FlatDrivers.RandomPoint(20 + point, size);
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], tolerance * 1e-3, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], relative * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public Task What_stays_refused_for_array_locals_that_name_arrays_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Named
        {
            [Differentiable]
            public static double[] Layer(double[] x)
            {
                var r = new double[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = Math.Tanh(x[i]);
                return r;
            }

            // Written into after it names x: it would write the parameter.
            [Differentiable]
            public static double WrittenInto(double[] x)
            {
                double[] a = {|GG0001:x|};
                a = {|GG0001:Layer(a)|};
                a[0] = 2 * a[1];
                return a[0];
            }

            // The array it names is written after: the local would see the writes.
            [Differentiable]
            public static double NamedThenWritten(double[] x)
            {
                double[] a = {|GG0001:x|};
                var next = new double[2];
                for (int k = 0; k < 2; k++)
                {
                    next[0] = a[0] * x[1];
                    a = {|GG0001:next|};
                }

                return a[0];
            }

            [Differentiable]
            public static double ForeachGivingItAnother(double[] x)
            {
                double[] a = x;
                double s = 0;
                foreach (double v in {|GG0001:a|})
                {
                    a = Layer(a);
                    s += v;
                }

                return s + a[0];
            }

            [Differentiable]
            public static double[] Returned(double[] x)
            {
                double[] a = x;
                a = Layer(a);
                return {|GG0001:a|};
            }
        }
        """);

    [Fact]
    public void The_refusal_of_an_array_local_given_other_arrays_and_written_into_says_what_to_write() =>
        Assert.Equal(
            "GradientGen cannot differentiate assigning the active array 'a' again; allocate it once with 'new' at the top of the method and write its elements; or give it only arrays nothing writes into once it names them (a = x, a = Layer(a)), and write into none of its elements",
            AnalyzerVerifier.MessageOf("""
                using System;
                using GradientGen;

                public static partial class Named
                {
                    [Differentiable]
                    public static double[] Layer(double[] x)
                    {
                        var r = new double[x.Length];
                        for (int i = 0; i < x.Length; i++) r[i] = Math.Tanh(x[i]);
                        return r;
                    }

                    [Differentiable]
                    public static double WrittenInto(double[] x)
                    {
                        var a = new double[2];
                        a = {|GG0001:Layer(x)|};
                        a[0] = 2 * a[1];
                        return a[0];
                    }
                }
                """, "GG0001"));

    [Fact]
    public void Second_order_refuses_array_locals_that_name_arrays() =>
        Assert.Equal(
            "'NamedHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'Named' (its backward is), because it gives the array local 'a' other arrays; second order doesn't follow that yet",
            AnalyzerVerifier.MessageOf("""
                using GradientGen;

                public static partial class Second
                {
                    [Differentiable]
                    public static double Named(double[] x, double[] y, int m)
                    {
                        double[] a = x;
                        if (m == 1) a = y;
                        double s = 0;
                        for (int i = 0; i < a.Length; i++) s += a[i] * a[i] * x[i];
                        return s;
                    }

                    public static double[,] Use(double[] x, double[] y) => {|GG0017:NamedHessian|}(x, y, 1);
                }
                """, "GG0017"));
}
