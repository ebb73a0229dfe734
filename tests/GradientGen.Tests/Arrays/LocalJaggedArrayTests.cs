using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Local jagged arrays the method builds (<c>var a = new double[layers + 1][]; a[l] = new double[n];</c>, a
/// network's activations layer by layer): rows of different lengths allocated in loops, rows allocated again after
/// they were read, a foreach over the rows, the array and its rows passed to another [Differentiable] method and
/// changed after the call, in double and float; and jagged results (<c>double[][]</c>, whose backward takes the cotangent
/// <c>double[][] dResult</c> of the result's shape, and whose tangent fills the caller's <c>double[][] tResult</c>), and a caller of such a method. Checked against central finite differences at several points, in reverse and
/// forward mode; what stays refused is pinned by id and span.
/// </summary>
public class LocalJaggedArrayTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class Activations
        {
            // A dense network whose layers are rows of w (layer l: sizes[l + 1] × sizes[l], row-major), keeping
            // every layer's activations in a local jagged array; the loss is the last layer's squared norm.
            [Differentiable]
            public static double Network(double[][] w, double[] x, int[] sizes)
            {
                var a = new double[sizes.Length][];
                a[0] = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[0][i] = x[i];
                for (int l = 0; l + 1 < sizes.Length; l++)
                {
                    a[l + 1] = new double[sizes[l + 1]];
                    for (int o = 0; o < sizes[l + 1]; o++)
                    {
                        double z = 0;
                        for (int i = 0; i < sizes[l]; i++) z += w[l][o * sizes[l] + i] * a[l][i];
                        a[l + 1][o] = Math.Tanh(z);
                    }
                }

                double loss = 0;
                foreach (double v in a[sizes.Length - 1]) loss += v * v;
                return loss;
            }

            [Differentiable]
            public static double Dot(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            // The layers as rows of a local jagged array passed to a callee: each neuron a Dot of a weight row and the
            // last layer's row; then the last row passed twice, and elements changed after the calls.
            [Differentiable]
            public static double Layered(double[][] w, double[] x, int layers)
            {
                var a = new double[layers + 1][];
                a[0] = new double[x.Length];
                for (int i = 0; i < x.Length; i++) a[0][i] = x[i];
                for (int l = 0; l < layers; l++)
                {
                    a[l + 1] = new double[x.Length];
                    for (int o = 0; o < x.Length; o++) a[l + 1][o] = Math.Tanh(Dot(w[l * x.Length + o], a[l]));
                }

                double s = Dot(a[layers], a[layers]);
                a[0][0] = 5;
                a[layers][1] *= 3;
                return s + a[layers][1] * a[0][1];
            }

            // Rows read, then allocated again (shorter) and written from what was read; a foreach over the rows
            // before and after.
            [Differentiable]
            public static double Replaced(double[] x)
            {
                var h = new double[2][];
                h[0] = new double[x.Length];
                h[1] = new double[2];
                for (int i = 0; i < x.Length; i++) h[0][i] = x[i] * x[i];
                h[1][0] = Math.Sin(x[1]);
                double s = 0;
                foreach (double[] row in h) s += row[0] * row[1];
                h[0] = new double[1];
                h[0][0] = s * x[2];
                h[1] = new double[2];
                h[1][1] = h[0][0] + s;
                foreach (double[] row in h) s += row[row.Length - 1];
                return s;
            }

            [Differentiable]
            public static double SumOfSquares(double[][] a)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                    for (int j = 0; j < a[i].Length; j++)
                        s += a[i][j] * a[i][j];
                return s;
            }

            // Passed to a callee, then changed: the callee's backward reads the elements as they were at the call.
            [Differentiable]
            public static double Passed(double[] x)
            {
                var h = new double[2][];
                h[0] = new double[x.Length];
                h[1] = new double[x.Length];
                for (int i = 0; i < x.Length; i++) { h[0][i] = x[i]; h[1][i] = Math.Exp(x[i]); }
                double s = SumOfSquares(h);
                h[0][0] *= x[1];
                h[1] = new double[1];
                h[1][0] = x[2];
                return s * h[0][0] + SumOfSquares(h);
            }

            // Allocated after an early return, and another one in a branch that returns.
            [Differentiable]
            public static double Guarded(double[] x)
            {
                if (x[0] < -0.9) return x[1];
                var h = new double[2][];
                h[0] = new double[2];
                h[0][0] = x[0] * x[1];
                h[0][1] = Math.Cos(x[2]);
                if (x[1] > 0)
                {
                    var g = new double[1][];
                    g[0] = new double[1];
                    g[0][0] = h[0][0] * h[0][1];
                    return g[0][0] + x[2];
                }

                return h[0][0] - h[0][1];
            }

            // Arrays whose values never reach the result, written with active values: copied as they are.
            [Differentiable]
            public static double Dead(double[] x)
            {
                var unused = new double[2];
                unused[0] = x[0] * x[1];
                var rows = new double[1][];
                rows[0] = new double[1];
                rows[0][0] = Math.Exp(x[2]);
                double ignored = unused[0] + rows[0][0];
                ignored *= 2;
                return x[0] * Math.Sin(x[2]);
            }

            // Rows passed to a call, then one replaced and the other written: the call's backward reads the rows and
            // adds into the adjoints they had when it ran.
            [Differentiable]
            public static double PassedThenReplaced(double[] x)
            {
                var h = new double[2][];
                h[0] = new double[x.Length];
                h[1] = new double[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    h[0][i] = Math.Sin(x[i]);
                    h[1][i] = x[i] * x[i];
                }

                double s = Dot(h[0], h[1]);
                h[1] = new double[1];
                h[1][0] = s * x[0];
                h[0][1] *= 3;
                return s + Dot(h[0], x) + h[1][0];
            }

            // Single precision, rows allocated in a branch.
            [Differentiable]
            public static float Branches(float[] x)
            {
                var h = new float[x.Length][];
                float s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] > 0)
                    {
                        h[i] = new float[2];
                        h[i][0] = x[i] * s + 1f;
                        h[i][1] = MathF.Sqrt(x[i]);
                    }
                    else
                    {
                        h[i] = new float[1];
                        h[i][0] = x[i] * x[i];
                    }

                    s += h[i][h[i].Length - 1];
                }

                return s;
            }
        }

        public static partial class Results
        {
            // A jagged result: each layer's activations, the rows shorter and shorter.
            [Differentiable]
            public static double[][] Layers(double[] x, int depth)
            {
                var h = new double[depth][];
                for (int l = 0; l < depth; l++)
                {
                    h[l] = new double[x.Length - l];
                    for (int i = 0; i < h[l].Length; i++) h[l][i] = Math.Sin(l == 0 ? x[i] : h[l - 1][i] * x[i]);
                }

                return h;
            }

            // A caller of a jagged result: rows read in a loop, an element changed, a row passed on, then replaced.
            [Differentiable]
            public static double UseLayers(double[] x)
            {
                var h = Layers(x, 3);
                double s = 0;
                for (int l = 0; l < h.Length; l++) s += h[l][0] * h[l][h[l].Length - 1];
                h[0][1] *= 2;
                s += Activations.Dot(h[1], h[1]);
                h[1] = new double[1];
                h[1][0] = s;
                return s + h[2][0] + h[0][1] * h[1][0];
            }

            // An outer product as rows, one element changed after.
            [Differentiable]
            public static double[][] Outer(double[] u, double[] v)
            {
                var m = new double[u.Length][];
                for (int i = 0; i < u.Length; i++)
                {
                    m[i] = new double[v.Length];
                    for (int j = 0; j < v.Length; j++) m[i][j] = u[i] * v[j];
                }

                m[0][1] *= u[1];
                return m;
            }
        }

        public static class Drivers
        {
            private static readonly int[] Sizes = [3, 2, 2];

            // w: layer 0 is 2×3 (6), layer 1 is 2×2 (4); then x (3): 13.
            private static double[][] W(double[] f) => [f[..6], f[6..10]];

            public static double NetworkValue(double[] f) => Activations.Network(W(f), f[10..], Sizes);

            public static double[] NetworkGradient(double[] f)
            {
                double[][] dW = [new double[6], new double[4]];
                var dX = new double[3];
                double value = Activations.NetworkBackward(W(f), f[10..], Sizes, 1.0, dW, dX);
                if (value != NetworkValue(f)) throw new InvalidOperationException("the backward's value is off");
                return [.. dW[0], .. dW[1], .. dX];
            }

            public static double[] NetworkTangent(double[] f, double[] t) => [Activations.NetworkTangent(W(f), f[10..], Sizes, W(t), t[10..], out double tResult), tResult];

            // w: 6 rows of 3 (two layers of 3 neurons), then x (3): 21.
            private static double[][] Rows6(double[] f) => [.. Enumerable.Range(0, 6).Select(r => f[(3 * r)..(3 * r + 3)])];

            public static double LayeredValue(double[] f) => Activations.Layered(Rows6(f), f[18..], 2);

            public static double[] LayeredGradient(double[] f)
            {
                double[][] dW = [.. Enumerable.Range(0, 6).Select(_ => new double[3])];
                var dX = new double[3];
                Activations.LayeredBackward(Rows6(f), f[18..], 2, 1.0, dW, dX);
                return [.. dW.SelectMany(r => r), .. dX];
            }

            public static double[] LayeredTangent(double[] f, double[] t) => [Activations.LayeredTangent(Rows6(f), f[18..], 2, Rows6(t), t[18..], out double tResult), tResult];

            public static double ReplacedValue(double[] f) => Activations.Replaced(f);

            public static double[] ReplacedGradient(double[] f)
            {
                var dX = new double[f.Length];
                Activations.ReplacedBackward(f, 1.0, dX);
                return dX;
            }

            public static double[] ReplacedTangent(double[] f, double[] t) => [Activations.ReplacedTangent(f, t, out double tResult), tResult];

            public static double PassedValue(double[] f) => Activations.Passed(f);

            public static double[] PassedGradient(double[] f)
            {
                var dX = new double[f.Length];
                Activations.PassedBackward(f, 1.0, dX);
                return dX;
            }

            public static double[] PassedTangent(double[] f, double[] t) => [Activations.PassedTangent(f, t, out double tResult), tResult];

            // The results' cotangent: a fixed weight per element.
            private static double[][] Seed(double[][] like) => [.. like.Select((row, i) => row.Select((_, j) => 0.3 + (0.7 * i) - (0.4 * j)).ToArray())];

            private static double Weighted(double[][] r)
            {
                double[][] w = Seed(r);
                return r.Select((row, i) => row.Select((v, j) => w[i][j] * v).Sum()).Sum();
            }

            // x (4), depth 3.
            public static double LayersValue(double[] f) => Weighted(Results.Layers(f, 3));

            public static double[] LayersGradient(double[] f)
            {
                var dX = new double[4];
                double[][] result = Results.LayersBackward(f, 3, Seed(Results.Layers(f, 3)), dX);
                if (Weighted(result) != LayersValue(f)) throw new InvalidOperationException("the backward's result is off");
                return dX;
            }

            public static double[] LayersTangent(double[] f, double[] t)
            {
                double[][] tResult = [new double[4], new double[3], new double[2]];
                double[][] result = Results.LayersTangent(f, 3, t, tResult);
                return [Weighted(result), Weighted(tResult)];
            }

            // x (4).
            public static double UseLayersValue(double[] f) => Results.UseLayers(f);
            public static double[] UseLayersGradient(double[] f)
            {
                var dX = new double[4];
                Results.UseLayersBackward(f, 1.0, dX);
                return dX;
            }
            public static double[] UseLayersTangent(double[] f, double[] t) => [Results.UseLayersTangent(f, t, out double tResult), tResult];
            // u (3), v (2).
            public static double OuterValue(double[] f) => Weighted(Results.Outer(f[..3], f[3..]));

            public static double[] OuterGradient(double[] f)
            {
                var dU = new double[3];
                var dV = new double[2];
                double[][] result = Results.OuterBackward(f[..3], f[3..], Seed(Results.Outer(f[..3], f[3..])), dU, dV);
                if (Weighted(result) != OuterValue(f)) throw new InvalidOperationException("the backward's result is off");
                return [.. dU, .. dV];
            }

            public static double[] OuterTangent(double[] f, double[] t)
            {
                double[][] tResult = [new double[2], new double[2], new double[2]];
                double[][] result = Results.OuterTangent(f[..3], f[3..], t[..3], t[3..], tResult);
                return [Weighted(result), Weighted(tResult)];
            }

            public static string MisshapenSeed()
            {
                try
                {
                    Results.OuterBackward([1.0, 2.0], [3.0, 4.0], [[1.0], [1.0, 2.0]], new double[2], new double[2]);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static double PassedThenReplacedValue(double[] f) => Activations.PassedThenReplaced(f);
            public static double[] PassedThenReplacedGradient(double[] f)
            {
                var dX = new double[f.Length];
                Activations.PassedThenReplacedBackward(f, 1.0, dX);
                return dX;
            }
            public static double[] PassedThenReplacedTangent(double[] f, double[] t) => [Activations.PassedThenReplacedTangent(f, t, out double tResult), tResult];
            public static double GuardedValue(double[] f) => Activations.Guarded(f);

            public static double[] GuardedGradient(double[] f)
            {
                var dX = new double[3];
                Activations.GuardedBackward(f, 1.0, dX);
                return dX;
            }

            public static double[] GuardedTangent(double[] f, double[] t) => [Activations.GuardedTangent(f, t, out double tResult), tResult];

            public static double[] DeadGradient(double[] f)
            {
                var dX = new double[3];
                Activations.DeadBackward(f, 1.0, dX);
                return dX;
            }

            private static float[] Floats(double[] f) => [.. f.Select(v => (float)v)];

            public static double BranchesValue(double[] f) => Activations.Branches(Floats(f));

            public static double[] BranchesGradient(double[] f)
            {
                var dX = new float[f.Length];
                Activations.BranchesBackward(Floats(f), 1f, dX);
                return [.. dX.Select(v => (double)v)];
            }

            public static double[] BranchesTangent(double[] f, double[] t) => [Activations.BranchesTangent(Floats(f), Floats(t), out float tResult), tResult];
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, number of inputs, central-difference step, tolerance.</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Network", 13, 1e-6, 1e-7 },
        { "Layered", 21, 1e-6, 1e-7 },
        { "Replaced", 3, 1e-6, 1e-7 },
        { "Passed", 3, 1e-6, 1e-7 },
        { "PassedThenReplaced", 3, 1e-6, 1e-7 },
        { "Guarded", 3, 1e-6, 1e-7 },
        { "Branches", 4, 1e-2, 3e-3 },
        { "Layers", 4, 1e-6, 1e-7 },
        { "UseLayers", 4, 1e-6, 1e-7 },
        { "Outer", 5, 1e-6, 1e-7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_through_local_jagged_arrays_match_finite_differences(string name, int size, double h, double tolerance)
    {
        for (int point = 0; point < 4; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, size);
            if (name == "Branches")
            {
                f = [.. f.Select(v => Math.Abs(v) < 0.1 ? v + 0.3 : v)]; // Away from the branch's edge at 0.
            }

            Drivers.GradientMatchesFiniteDifferences(name, f, h, tolerance, $"{name} at point {point}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_mode_through_local_jagged_arrays_gives_the_gradient_along_the_direction(string name, int size, double h, double tolerance)
    {
        _ = h;
        double relative = name == "Branches" ? 1e-5 : 1e-12;
        for (int point = 0; point < 3; point++)
        {
            double[] f = [.. FlatDrivers.RandomPoint(point, size).Select(v => Math.Abs(v) < 0.1 ? v + 0.3 : v)];
            double[] direction = FlatDrivers.RandomPoint(20 + point, size);
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], tolerance * 1e-3, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], relative * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void A_jagged_results_cotangent_of_another_shape_is_refused() =>
        Assert.Equal("'dResult' must have the shape of 'result': as many rows, each as long as the row of 'result' it matches. (Parameter 'dResult')", (string)Drivers.Call("MisshapenSeed")!);

    [Fact]
    public void Arrays_whose_values_never_reach_the_result_may_hold_active_values()
    {
        foreach (double[] x in new[] { new[] { 0.3, -1.2, 0.8 }, new[] { -0.5, 2.0, 1.5 } })
        {
            double[] gradient = (double[])Drivers.Call("DeadGradient", x)!;
            GradientAssert.Close(Math.Sin(x[2]), gradient[0], 1e-15, "dX[0]");
            GradientAssert.Close(0, gradient[1], 0, "dX[1]");
            GradientAssert.Close(x[0] * Math.Cos(x[2]), gradient[2], 1e-15, "dX[2]");
        }
    }

    [Fact]
    public void Replaced_matches_its_closed_form()
    {
        // Rows h0 = (x0², x1², x2²), h1 = (sin x1, 0): the first foreach gives s1 = x0²·x1² + sin x1·0. Then
        // h0 = (s1·x2), h1 = (0, s1·x2 + s1), and the second foreach: s = s1 + s1·x2 + (s1·x2 + s1) = 2·s1·(1 + x2).
        double x0 = 0.6, x1 = -1.1, x2 = 0.4;
        double s1 = x0 * x0 * x1 * x1;
        double[] gradient = Drivers.Gradient("Replaced", [x0, x1, x2]);
        GradientAssert.Close(2 * s1 * (1 + x2), Drivers.Value("Replaced", [x0, x1, x2]), 1e-14, "value");
        GradientAssert.Close(2 * (1 + x2) * 2 * x0 * x1 * x1, gradient[0], 1e-14, "dX[0]");
        GradientAssert.Close(2 * (1 + x2) * 2 * x1 * x0 * x0, gradient[1], 1e-14, "dX[1]");
        GradientAssert.Close(2 * s1, gradient[2], 1e-14, "dX[2]");
    }

    [Fact]
    public Task What_stays_refused_for_local_jagged_arrays_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Rows
        {
            [Differentiable]
            public static double[] Layer(double[] x)
            {
                var r = new double[1];
                r[0] = Math.Tanh(x[0]);
                return r;
            }

            [Differentiable]
            public static double Dot(double[] a, double[] b) => a[0] * b[0];

            // A row naming the parameter, then written into: it would write the parameter.
            [Differentiable]
            public static double RowNamingAParameterWritten(double[] x)
            {
                var h = new double[2][];
                {|GG0001:h[0] = x|};
                h[0][0] = 2;
                return h[0][1];
            }

            [Differentiable]
            public static double RowPassedInALoopThatReplacesRows(double[] x)
            {
                var h = new double[1][];
                double s = 0;
                for (int k = 0; k < 2; k++)
                {
                    h[0] = new double[1];
                    h[0][0] = x[0] * k;
                    s += Dot({|GG0001:h[0]|}, x);
                }

                return s;
            }

            [Differentiable]
            public static double InALoop(double[] x)
            {
                double s = 0;
                for (int k = 0; k < 2; k++)
                {
                    var h = {|GG0001:new double[1][]|};
                    h[0] = new double[1];
                    h[0][0] = x[k];
                    s += h[0][0];
                }

                return s;
            }

            [Differentiable]
            public static double Initialized(double[] x)
            {
                double[][] h = {|GG0001:[[x[0]], [x[1]]]|};
                return h[0][0];
            }
        }
        """);

    [Fact]
    public void The_refusal_of_a_row_naming_an_array_it_then_writes_says_what_to_write() =>
        Assert.Equal(
            "GradientGen cannot differentiate 'h[0] = x' on the local jagged array 'h'; give a row a new array of zeros, a[i] = new T[m], then write its elements; or the array a [Differentiable] callee returns; or an array nothing writes into, and then write into none of the rows",
            AnalyzerVerifier.MessageOf("""
                using System;
                using GradientGen;

                public static partial class Rows
                {
                    [Differentiable]
                    public static double[] Layer(double[] x)
                    {
                        var r = new double[1];
                        r[0] = Math.Tanh(x[0]);
                        return r;
                    }

                    [Differentiable]
                    public static double RowNamingAParameterWritten(double[] x)
                    {
                        var h = new double[2][];
                        {|GG0001:h[0] = x|};
                        h[0][0] = 2;
                        return h[0][1];
                    }
                }
                """, "GG0001"));
}
