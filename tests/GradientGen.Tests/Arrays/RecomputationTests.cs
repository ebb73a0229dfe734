using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// What the reverse sweep evaluates again instead of saving: trip counts of counted loops (every comparison
/// and stride, loops that run zero times), elements of parameter arrays the method only reads, locals a loop
/// body declares from its index, and locals written once at the top. Each method's backward is checked
/// against central finite differences at several points and integer arguments; the generated text is
/// checked for what must no longer be pushed.
/// </summary>
public class RecomputationTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Recompute
        {
            // QTimesXSquaredNorm's shape: a triangular inner loop whose trip count is the outer index, and an
            // accumulator overwritten in the inner loop and read after it.
            [Differentiable]
            public static double Triangular(double[] q, double[] l, double[] x, int d)
            {
                double result = 0;
                for (int j = 0; j < d; j++)
                {
                    double row = q[j] * x[j];
                    for (int i = 0; i < j; i++)
                    {
                        row += l[j * d + i] * x[i];
                    }

                    result += row * row;
                }

                // Squared, so the loop isn't fused with its reverse (FusedReductions) and its saves show.
                return result * result;
            }

            // Every counted form: <=, strides of 2 and 3, counting down with > and >=, bounds from parameters,
            // a local written once, an array's length and an expression, loops that may run zero times.
            [Differentiable]
            public static double Strides(double[] v, int lo, int hi)
            {
                int n = v.Length;
                int last = n - 1;
                double s = 0.5;
                for (int i = lo; i <= hi; i += 2) s += v[i] * v[i];
                for (int i = last; i > lo; i--) s = s * 0.5 + v[i] * s;
                for (int i = last; i >= 0; i -= 3) s += Math.Sin(v[i] * s);
                for (int i = hi; i < lo; i++) s += v[i] * 3;
                for (int i = 0; i < n / 2; i++) s += v[2 * i] * v[2 * i + 1];
                for (int i = 10; 7 < i; i--) s *= 1 + v[i - 7] * 0.1;
                for (int i = 0; i + 1 < n; i += 2) s += v[i] * v[i + 1] * 0.25;
                return s;
            }

            // LSTM's offsets: locals a counted loop declares from its index and parameters, set again by each
            // reverse iteration; a data element read through them; a state overwritten every step.
            [Differentiable]
            public static double Offsets(double[] w, [NoDerivative] double[] x, int layers, int width)
            {
                double h = 0.25;
                for (int layer = 0; layer < layers; layer++)
                {
                    int weight = layer * 2 * width;
                    int bias = weight + width;
                    double scale = x[layer];
                    for (int i = 0; i < width; i++)
                    {
                        h = Math.Tanh(h * w[weight + i] + w[bias + i] * scale);
                    }
                }

                return h;
            }

            // Saves x at every step: n crosses the value stack's stackalloc'd start (32) and its first pooled size (256).
            [Differentiable]
            public static double Logistic(double x, double r, int n)
            {
                for (int i = 0; i < n; i++)
                {
                    x = r * x * (1 - x);
                }

                return x;
            }

            // Horner's rule counting down from an expression (c.Length - 1): the index is set again by the reverse
            // loop, not pushed; only the residual, overwritten per point, is saved.
            [Differentiable]
            public static double Horner(double[] c, [NoDerivative] double[] xs)
            {
                double loss = 0;
                for (int p = 0; p < xs.Length; p++)
                {
                    double value = 0;
                    for (int k = c.Length - 1; k >= 0; k--)
                    {
                        value = value * xs[p] + c[k];
                    }

                    double r = value - 1.0;
                    loss += r * r;
                }

                // Squared, so the loop isn't fused with its reverse (FusedReductions) and its saves show.
                return loss * loss;
            }

            // Integer updates undone by the reverse sweep instead of saved (li++, li -= 2, li += step), with later
            // overwrites of li that must keep the value the inverses start from; w[li] read again, not saved.
            [Differentiable]
            public static double Walk(double[] w, int step)
            {
                double s = 0.5;
                int li = 0;
                for (int p = 0; p < 3; p++)
                {
                    for (int q = 0; q < 4; q++)
                    {
                        s = s * 0.5 + w[li] * s;
                        li++;
                    }

                    li -= 2;
                    li += step;
                }

                int back = li;
                li = 1;
                s += w[li] * s;
                li = back - 1;
                s += w[li] * w[li];
                return s;
            }

            // ½k(d − 1)² summed: 0.5 * k, of parameters the method never writes, is computed again in each
            // reverse iteration instead of saved; so is s, from the index, and the product that reads both.
            [Differentiable]
            public static double Springs(double[] x, double k)
            {
                double e = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double s = x[i + 1] - x[i] - 1.0;
                    e += 0.5 * k * s * s;
                }

                return e * e; // More than the bare sum, which would run the loop fused with its reverse.
            }

            // q[i] * q[i]: one temporary for the element read twice, so one copy kept where q changes later.
            [Differentiable]
            public static double SumOfSquares(double[] w)
            {
                double[] q = new double[w.Length];
                double sq = 0;
                for (int r = 0; r < 2; r++)
                {
                    for (int i = 0; i < w.Length; i++) q[i] = q[i] * 0.5 + w[i];
                    for (int i = 0; i < w.Length; i++) sq += q[i] * q[i];
                }

                return sq;
            }

            // foreach: the reverse loop sets the index again and takes the trip count from the length; the element of an
            // array that carries no derivative is read again, not saved.
            [Differentiable]
            public static double ForeachHorner(double[] c, [NoDerivative] double[] x, double t)
            {
                double r = 0;
                foreach (double ci in c) r = r * t + ci;
                foreach (double xi in x) r = r * xi + t;
                return r;
            }

            // A break: the number of iterations is only known by counting them.
            [Differentiable]
            public static double UntilLarge(double[] v)
            {
                double s = 1;
                for (int i = 0; i < v.Length; i++)
                {
                    if (s > 4)
                    {
                        break;
                    }

                    s = s * (1 + v[i] * v[i]);
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double TriangularValue(double[] f, int d) => Recompute.Triangular(f[..d], f[d..(d + d * d)], f[(d + d * d)..], d);

            public static double[] TriangularGradient(double[] f, int d)
            {
                var dq = new double[d]; var dl = new double[d * d]; var dx = new double[d];
                Recompute.TriangularBackward(f[..d], f[d..(d + d * d)], f[(d + d * d)..], d, 1.0, dq, dl, dx);
                return [.. dq, .. dl, .. dx];
            }

            public static double StridesValue(double[] f, int lo, int hi) => Recompute.Strides(f, lo, hi);

            public static double[] StridesGradient(double[] f, int lo, int hi) { var d = new double[f.Length]; Recompute.StridesBackward(f, lo, hi, 1.0, d); return d; }

            private static readonly double[] Data = [0.5, -1.5, 2.0, 0.75];

            public static double OffsetsValue(double[] f, int layers, int width) => Recompute.Offsets(f, Data, layers, width);

            public static double[] OffsetsGradient(double[] f, int layers, int width) { var d = new double[f.Length]; Recompute.OffsetsBackward(f, Data, layers, width, 1.0, d); return d; }

            // x0 in (0.26, 0.74), r in (2.42, 2.58): the map settles to its fixed point, so differences stay meaningful.
            public static double LogisticValue(double[] f, int n) => Recompute.Logistic(0.5 + 0.3 * f[0], 2.5 + 0.1 * f[1], n);

            public static double[] LogisticGradient(double[] f, int n) { double dx = 0, dr = 0; Recompute.LogisticBackward(0.5 + 0.3 * f[0], 2.5 + 0.1 * f[1], n, 1.0, ref dx, ref dr); return [0.3 * dx, 0.1 * dr]; }

            private static readonly double[] Points = [-0.9, -0.2, 0.4, 1.1];

            public static double HornerValue(double[] f) => Recompute.Horner(f, Points);

            public static double[] HornerGradient(double[] f) { var d = new double[f.Length]; Recompute.HornerBackward(f, Points, 1.0, d); return d; }

            public static double WalkValue(double[] f, int step) => Recompute.Walk(f, step);

            public static double[] WalkGradient(double[] f, int step) { var d = new double[f.Length]; Recompute.WalkBackward(f, step, 1.0, d); return d; }

            public static double SpringsValue(double[] f) => Recompute.Springs(f[..^1], f[^1]);

            public static double[] SpringsGradient(double[] f)
            {
                var d = new double[f.Length - 1];
                double dK = 0;
                Recompute.SpringsBackward(f[..^1], f[^1], 1.0, d, ref dK);
                return [.. d, dK];
            }

            public static double SumOfSquaresValue(double[] f) => Recompute.SumOfSquares(f);

            public static double[] SumOfSquaresGradient(double[] f) { var d = new double[f.Length]; Recompute.SumOfSquaresBackward(f, 1.0, d); return d; }

            public static double ForeachHornerValue(double[] f) => Recompute.ForeachHorner(f[..4], [0.5, -0.25, 0.75], f[4]);

            public static double[] ForeachHornerGradient(double[] f)
            {
                var dc = new double[4];
                double dt = 0;
                Recompute.ForeachHornerBackward(f[..4], [0.5, -0.25, 0.75], f[4], 1.0, dc, ref dt);
                return [.. dc, dt];
            }

            public static double UntilLargeValue(double[] f) => Recompute.UntilLarge(f);

            public static double[] UntilLargeGradient(double[] f) { var d = new double[f.Length]; Recompute.UntilLargeBackward(f, 1.0, d); return d; }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    /// <summary>Method, parameter count, and the int arguments after the flat parameter vector.</summary>
    public static TheoryData<string, int, object[]> Cases => new()
    {
        { "Triangular", 3 + 9 + 3, [3] },
        { "Triangular", 1 + 1 + 1, [1] },
        { "Triangular", 0, [0] },
        { "Strides", 12, [1, 6] },
        { "Strides", 12, [0, 11] },
        { "Strides", 12, [6, 2] },
        { "Strides", 12, [11, 11] },
        { "Offsets", 12, [3, 2] },
        { "Offsets", 12, [2, 3] },
        { "Offsets", 12, [0, 3] },
        { "UntilLarge", 6, [] },
        { "ForeachHorner", 5, [] },
        { "Walk", 10, [0] },
        { "Walk", 10, [1] },
        { "SumOfSquares", 4, [] },
        { "Springs", 6, [] },
        { "Horner", 5, [] },
        { "Horner", 1, [] },
        { "Horner", 0, [] },
        { "Logistic", 2, [5] },
        { "Logistic", 2, [33] },
        { "Logistic", 2, [300] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_at_several_points(string name, int size, object[] ints)
    {
        var random = new Random(23);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            GradientAssert.MatchesFiniteDifferences(p => Call<double>(name + "Value", p, ints), Call<double[]>(name + "Gradient", f, ints), f, 1e-6, 1e-6, $"{name}({string.Join(", ", ints)}) at point {point}");
        }
    }

    [Fact]
    public void Triangular_loops_push_only_the_accumulator_overwritten_once_per_row()
    {
        // row is saved where `row = q[j] * x[j]` overwrites the previous row's value, which the reverse of
        // `result += row * row` reads; the inner loop pushes nothing, and no trip count is kept.
        string text = Text("Recompute.Triangular.g.cs");
        Assert.Equal(["row"], Saved(text));
        Assert.Contains("for (long iteration = (long)j - 1; iteration >= 0; iteration--)", text);
        Assert.Contains("for (long iteration1 = (long)d - 1; iteration1 >= 0; iteration1--)", text);
    }

    [Fact]
    public void Trip_counts_of_every_counted_form_are_computed_again()
    {
        string text = Text("Recompute.Strides.g.cs");
        Assert.DoesNotContain("trips", text);
        // Each reverse loop counts the index from its last value back to its first; strides other than 1 find the last
        // from the trip count.
        Assert.Contains("for (long iteration = lo + ((hi >= lo ? ((long)hi - lo) / 2 + 1 : 0) - 1L) * 2; iteration >= lo; iteration -= 2)", text);
        Assert.Contains("for (long iteration1 = (long)lo + 1; iteration1 <= last; iteration1++)", text);
        Assert.Contains("for (long iteration2 = last - ((last >= 0 ? ((long)last) / 3 + 1 : 0) - 1L) * 3; iteration2 <= last; iteration2 += 3)", text);
        Assert.Contains("for (long iteration3 = (long)lo - 1; iteration3 >= hi; iteration3--)", text);
        Assert.Contains("for (long iteration4 = (long)(n / 2) - 1; iteration4 >= 0; iteration4--)", text);
        Assert.Contains("for (long iteration5 = 8; iteration5 <= 10; iteration5++)", text);
        Assert.Contains("for (long iteration6 = ((((long)n - 1) > 0 ? (((long)n - 1) + 1) / 2 : 0) - 1L) * 2; iteration6 >= 0; iteration6 -= 2)", text);
    }

    [Fact]
    public void Locals_declared_from_the_index_are_set_again_by_each_reverse_iteration()
    {
        string text = Text("Recompute.Offsets.g.cs");
        string[] lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        int start = Array.IndexOf(lines, "layer = (int)iteration1;");
        Assert.Equal(["weight = layer * 2 * width;", "bias = weight + width;", "scale = x[layer];"], lines[(start + 1)..(start + 4)]);

        // Only the state h, which every step overwrites; w's elements are read again, the offsets recomputed.
        Assert.Equal(["h"], Saved(text));
    }

    [Fact]
    public void A_loop_counting_down_from_an_expression_sets_its_index_again_instead_of_saving_it()
    {
        string text = Text("Recompute.Horner.g.cs");
        Assert.Equal(["r"], Saved(text));
        Assert.Contains("for (long iteration = 0; iteration <= (c.Length - 1); iteration++)", text);
        Assert.Contains("k = (int)iteration;", text);
    }

    [Fact]
    public void Integer_updates_are_undone_in_the_reverse_sweep_and_the_elements_they_index_read_again()
    {
        string text = Text("Recompute.Walk.g.cs");
        Assert.Contains("li--;", text);
        Assert.Contains("li += 2;", text);
        Assert.Contains("li -= step;", text);

        // On the stack only the state s, per step; li's and w[li]'s are not. The two overwrites of li after the
        // loops keep its old value in locals: the inverses start from it.
        Assert.Equal(["s"], Saved(text));
        Assert.Contains("int liSaved = li;", text);
        Assert.Contains("int liSaved1 = li;", text);
    }

    [Fact]
    public void An_element_read_twice_in_one_product_is_one_temporary()
    {
        string text = Text("Recompute.SumOfSquares.g.cs");
        Assert.Matches(@"doubleSlots\[doubleCursor\+\+\] = t4;\s+t4 = q\[i1\];", text);
        Assert.Contains("double t5 = t4 * t4;", text);
        Assert.Equal(["t4"], Saved(text));
    }

    [Fact]
    public void A_statement_that_restores_its_target_first_computes_its_temporaries_again()
    {
        // x = r * x * (1 - x): r * x and 1 - x are computed again from the x popped first; x alone is saved.
        string text = Text("Recompute.Logistic.g.cs");
        Assert.Equal(["x"], Saved(text));
        Assert.Matches(@"x = doubleSlots\[--doubleCursor\];\s+t0 = r \* x;\s+t1 = 1\.0 - x;", text);
    }

    [Fact]
    public void Arithmetic_on_parameters_never_written_is_computed_again_in_a_loop_instead_of_saved()
    {
        string text = Text("Recompute.Springs.g.cs");
        Assert.Empty(Saved(text));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, @"t3 = 0\.5 \* k;"));
    }

    [Fact]
    public void A_foreach_sets_its_index_and_its_inactive_element_again_instead_of_saving_them()
    {
        string text = Text("Recompute.ForeachHorner.g.cs");
        Assert.Equal(["r"], Saved(text)); // In the first loop; the second's reverse reads xi, not r.
        Assert.DoesNotContain("intStack", text);
        Assert.DoesNotContain("trips", text);
        Assert.Contains("for (long iteration = (long)c.Length - 1; iteration >= 0; iteration--)", text);
        Assert.Matches(@"index1 = \(int\)iteration1;\s+xi = x\[index1\];", text);
    }

    [Fact]
    public void A_loop_left_by_break_counts_its_iterations()
    {
        string text = Text("Recompute.UntilLarge.g.cs");
        Assert.Contains("trips++;", text);
        Assert.Contains("for (long iteration = trips - 1L; iteration >= 0; iteration--)", text);
    }

    private static string Text(string hintName) => GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, hintName));

    /// <summary>The values the forward sweep saves on a value stack (<c>stack.Push(v)</c> or <c>v = stack.Replace(v, …)</c>), in order.</summary>
    private static string[] Saved(string text) => GeneratorHarness.SavedValues(text);

    private static T Call<T>(string name, double[] f, object[] ints) =>
        (T)Compiled.Value.GetType("Drivers")!.GetMethod(name)!.Invoke(null, [f, .. ints])!;
}
