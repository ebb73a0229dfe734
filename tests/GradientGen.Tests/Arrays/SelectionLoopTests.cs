using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A loop keeping a running minimum or maximum and nothing else from one iteration to the next keeps the index of the
/// iteration the value was last taken from, and its reverse runs that iteration alone (<c>SelectionLoops</c>): kmeans's
/// nearest centroid, LogSumExp's maximum. Each backward is checked against central finite differences at several
/// points and returns the primal's value to the bit; ties and NaNs send the adjoint where the rule for Min and Max
/// sends it, iteration by iteration; a loop whose iterations would keep values computes its one iteration again instead;
/// one inside a loop whose iterations the reverse takes in turn keeps its index after each run; loops whose iterations
/// share more (a sum, the running value read elsewhere or before the loop) keep every iteration's values as before.
/// </summary>
public class SelectionLoopTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Selecting
        {
            // GradBench's kmeans cost over flat rows of d coordinates: a selection inside the fused loop over points.
            [Differentiable]
            public static double Nearest([NoDerivative] double[] points, double[] centroids, int d)
            {
                double cost = 0;
                for (int i = 0; i < points.Length / d; i++)
                {
                    double closest = double.PositiveInfinity;
                    for (int j = 0; j < centroids.Length / d; j++)
                    {
                        double distance = 0;
                        for (int l = 0; l < d; l++)
                        {
                            double difference = points[i * d + l] - centroids[j * d + l];
                            distance += difference * difference;
                        }

                        closest = Math.Min(closest, distance);
                    }

                    cost += closest;
                }

                return cost;
            }

            // GradBench's lse: a selection at the top level, its result read by the loop after it.
            [Differentiable]
            public static double LogSumExp(double[] x)
            {
                double a = x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    a = Math.Max(a, x[i]);
                }

                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum += Math.Exp(x[i] - a);
                }

                return Math.Log(sum) + a;
            }

            // The iteration's value first, a product of elements: on a tie the later iteration takes the adjoint.
            [Differentiable]
            public static double LargestProduct(double[] x, double s)
            {
                double m = s;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    m = Math.Max(x[i] * x[i + 1], m);
                }

                return m * s;
            }

            // The running value first: on a tie the earlier iteration keeps the adjoint.
            [Differentiable]
            public static double Smallest(double[] x)
            {
                double m = double.PositiveInfinity;
                for (int i = 0; i < x.Length; i++)
                {
                    m = Math.Min(m, x[i]);
                }

                return m;
            }

            // The iteration's value first.
            [Differentiable]
            public static double SmallestLast(double[] x)
            {
                double m = double.PositiveInfinity;
                for (int i = 0; i < x.Length; i++)
                {
                    m = Math.Min(x[i], m);
                }

                return m;
            }

            // Not selections: a sum beside the maximum; the maximum read by the iteration.
            [Differentiable]
            public static double WithASum(double[] x)
            {
                double m = x[0], s = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    s += x[i] * x[i];
                    m = Math.Max(m, x[i]);
                }

                return m * s;
            }

            [Differentiable]
            public static double ReadInTheLoop(double[] x)
            {
                double m = x[0], s = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    double v = x[i] * m;
                    m = Math.Max(m, v);
                }

                return m + s;
            }

            // A maximum per row inside a loop whose iterations the reverse takes in turn (the running product isn't a
            // sum): the index is kept after each row's loop and taken back before its reverse.
            [Differentiable]
            public static double PerRow(double[] x, int width)
            {
                double p = 1;
                for (int r = 0; r < x.Length / width; r++)
                {
                    double m = x[r * width];
                    for (int c = 1; c < width; c++)
                    {
                        m = Math.Max(m, x[r * width + c]);
                    }

                    p = p * m + 0.5;
                }

                return p;
            }

            // The same with values the iterations overwrite: each row's one iteration computed again.
            [Differentiable]
            public static double PerRowOfSines(double[] x, int width)
            {
                double p = 1;
                for (int r = 0; r < x.Length / width; r++)
                {
                    double m = double.NegativeInfinity;
                    for (int c = 0; c < width; c++)
                    {
                        double v = Math.Sin(x[r * width + c] * p);
                        m = Math.Max(m, v * v);
                    }

                    p = p * m + 0.5;
                }

                return p;
            }

            // Written with a comparison, as most C# finds a maximum: the branch that takes the value is the choice.
            [Differentiable]
            public static double LargestIf(double[] x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    if (x[i] > m)
                    {
                        m = x[i];
                    }
                }

                return m * m;
            }

            // The same per row inside a loop the reverse takes in turn (the plain GMM's log-sum-exp).
            [Differentiable]
            public static double PerRowIf(double[] x, int width)
            {
                double p = 1;
                for (int r = 0; r < x.Length / width; r++)
                {
                    double m = x[r * width];
                    for (int c = 1; c < width; c++)
                    {
                        if (x[r * width + c] > m)
                        {
                            m = x[r * width + c];
                        }
                    }

                    p = p * m + 0.5;
                }

                return p;
            }

            // With values the iterations overwrite: the one iteration again, its branch taken without its test.
            [Differentiable]
            public static double SineIf(double[] x, double s)
            {
                double m = double.NegativeInfinity;
                for (int i = 0; i < x.Length; i++)
                {
                    double v = Math.Sin(x[i] * s);
                    if (v * v > m)
                    {
                        m = v * v;
                    }
                }

                return m * s;
            }

            // An argmax: the branch also records the index in a local of the method's, which nothing in the loop reads.
            [Differentiable]
            public static double TracksIndex(double[] x)
            {
                double m = x[0];
                int at = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    if (x[i] > m)
                    {
                        m = x[i];
                        at = i;
                    }
                }

                return m * (at + 1);
            }

            // The recorded index read in the loop (a tie-break on it): state the iterations share, no selection.
            [Differentiable]
            public static double ReadsTheIndex(double[] x)
            {
                double m = x[0];
                int at = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    if (x[i] > m + 0.001 * at)
                    {
                        m = x[i];
                        at = i;
                    }
                }

                return m * (at + 1);
            }

            // An argmax of sines, the index read after the loop as an element's: x[at] of the one iteration's reverse.
            [Differentiable]
            public static double ArgMax(double[] x, double s)
            {
                double m = double.MinValue;
                int at = -1;
                for (int i = 0; i < x.Length; i++)
                {
                    double e = Math.Sin(x[i] * s);
                    if (e > m)
                    {
                        m = e;
                        at = i;
                    }
                }

                return m * x[at] + at;
            }

            // A selection inside a selection: the smallest of the rows' largest sines. The outer one's reverse runs one
            // row, whose inner selection reverses one column.
            [Differentiable]
            public static double MinOfMax(double[] x, int width)
            {
                double m = double.PositiveInfinity;
                for (int r = 0; r < x.Length / width; r++)
                {
                    double best = double.NegativeInfinity;
                    for (int c = 0; c < width; c++)
                    {
                        best = Math.Max(best, Math.Sin(x[r * width + c]) * (c + 1));
                    }

                    m = Math.Min(m, best);
                }

                return m * m;
            }

            // The same inside a loop the reverse takes in turn, with a call in the inner selection.
            [Differentiable]
            public static double ProductOfMinOfMax(double[] x, int width)
            {
                double p = 1;
                for (int k = 0; k < 2; k++)
                {
                    double m = double.PositiveInfinity;
                    for (int r = 0; r < x.Length / width; r++)
                    {
                        double best = double.NegativeInfinity;
                        for (int c = 0; c < width; c++)
                        {
                            best = Math.Max(best, Bump(x[r * width + c] * (k + 1), c));
                        }

                        m = Math.Min(m, best);
                    }

                    p = p * m + 0.25;
                }

                return p;
            }

            // A callee with split sweeps called in a selection: its forward sweep would leave every iteration's values on
            // the tape; the reverse of the one iteration calls its backward instead.
            [Differentiable]
            public static double Bump(double p, int k)
            {
                double s = p;
                for (int i = 0; i < k % 3; i++)
                {
                    s = s * 0.9 + Math.Cos(s);
                }

                return s;
            }

            [Differentiable]
            public static double LargestBump(double[] x)
            {
                double m = double.NegativeInfinity;
                for (int i = 0; i < x.Length; i++)
                {
                    double b = Bump(x[i], i);
                    m = Math.Max(m, b);
                }

                return m;
            }

            // Values the iterations overwrite and the reverse reads (v, for the square's and the sine's reverses): the
            // reverse computes its one iteration again rather than every iteration keeping them.
            [Differentiable]
            public static double Worst(double[] x, double s)
            {
                double worst = s * s;
                for (int i = 0; i < x.Length; i++)
                {
                    double v = Math.Sin(x[i] * s);
                    worst = Math.Max(v * v, worst);
                }

                return worst * s;
            }

            // The same inside the fused loop over points, with an inner loop whose reverse takes back the products it
            // overwrote: the iteration again keeps them, its reverse pops them.
            [Differentiable]
            public static double NearestProduct([NoDerivative] double[] points, double[] centroids, int d)
            {
                double cost = 0;
                for (int i = 0; i < points.Length / d; i++)
                {
                    double best = double.PositiveInfinity;
                    for (int j = 0; j < centroids.Length / d; j++)
                    {
                        double p = 1;
                        for (int l = 0; l < d; l++)
                        {
                            p *= 1.5 + Math.Sin(points[i * d + l] - centroids[j * d + l]);
                        }

                        best = Math.Min(best, p);
                    }

                    cost += best;
                }

                return cost;
            }

            // The running value's first value is read by the reverse of what comes before the loop: the loop would have
            // to keep it, so it is no selection.
            [Differentiable]
            public static double ReadBefore(double[] x)
            {
                double m = x[0] * x[1];
                double y = m * m;
                for (int i = 0; i < x.Length; i++)
                {
                    m = Math.Min(m, x[i]);
                }

                return y + m;
            }

            // A caller running LogSumExp's split sweeps: the index kept goes on the tape; PerRow's keeps an index per row there.
            [Differentiable]
            public static double Caller(double[] x, double s)
            {
                double t = LogSumExp(x) * s;
                return t * t + PerRow(x, 2) * s;
            }
        }

        // The running value a field of the object: the kept index's name is made from the member's, without 'this.'.
        public partial class Holder
        {
            public double Best;

            [Differentiable]
            public double Track(double[] x)
            {
                Best = x[0] * 0.5;
                for (int i = 0; i < x.Length; i++)
                {
                    Best = Math.Max(Best, x[i] * x[i]);
                }

                return Best * 2;
            }
        }

        public static class Drivers
        {
            private static readonly double[] Points = [0.1, 0.9, -0.4, 0.3, 0.8, -0.7, 0.2, 0.2, -0.9, -0.5, 0.6, 0.1];

            public static double NearestValue(double[] f) => Selecting.Nearest(Points, f, 2);
            public static double NearestGradient(double[] f, double[] g) => Selecting.NearestBackward(Points, f, 2, 1.0, g);

            public static double LogSumExpValue(double[] f) => Selecting.LogSumExp(f);
            public static double LogSumExpGradient(double[] f, double[] g) => Selecting.LogSumExpBackward(f, 1.0, g);

            public static double LargestProductValue(double[] f) => Selecting.LargestProduct(f[1..], f[0]);
            public static double LargestProductGradient(double[] f, double[] g)
            {
                double ds = 0;
                double value = Selecting.LargestProductBackward(f[1..], f[0], 1.0, g.AsSpan(1), ref ds);
                g[0] = ds;
                return value;
            }

            public static double SmallestValue(double[] f) => Selecting.Smallest(f);
            public static double SmallestGradient(double[] f, double[] g) => Selecting.SmallestBackward(f, 1.0, g);

            public static double SmallestLastValue(double[] f) => Selecting.SmallestLast(f);
            public static double SmallestLastGradient(double[] f, double[] g) => Selecting.SmallestLastBackward(f, 1.0, g);

            public static double WithASumValue(double[] f) => Selecting.WithASum(f);
            public static double WithASumGradient(double[] f, double[] g) => Selecting.WithASumBackward(f, 1.0, g);

            public static double ReadInTheLoopValue(double[] f) => Selecting.ReadInTheLoop(f);
            public static double ReadInTheLoopGradient(double[] f, double[] g) => Selecting.ReadInTheLoopBackward(f, 1.0, g);

            public static double PerRowValue(double[] f) => Selecting.PerRow(f, 3);
            public static double PerRowGradient(double[] f, double[] g) => Selecting.PerRowBackward(f, 3, 1.0, g);

            public static double LargestBumpValue(double[] f) => Selecting.LargestBump(f);
            public static double LargestBumpGradient(double[] f, double[] g) => Selecting.LargestBumpBackward(f, 1.0, g);

            public static double WorstValue(double[] f) => Selecting.Worst(f[1..], f[0]);
            public static double WorstGradient(double[] f, double[] g)
            {
                double ds = 0;
                double value = Selecting.WorstBackward(f[1..], f[0], 1.0, g.AsSpan(1), ref ds);
                g[0] = ds;
                return value;
            }

            public static double NearestProductValue(double[] f) => Selecting.NearestProduct(Points, f, 2);
            public static double NearestProductGradient(double[] f, double[] g) => Selecting.NearestProductBackward(Points, f, 2, 1.0, g);

            public static double ReadBeforeValue(double[] f) => Selecting.ReadBefore(f);
            public static double ReadBeforeGradient(double[] f, double[] g) => Selecting.ReadBeforeBackward(f, 1.0, g);

            public static double PerRowOfSinesValue(double[] f) => Selecting.PerRowOfSines(f, 3);
            public static double PerRowOfSinesGradient(double[] f, double[] g) => Selecting.PerRowOfSinesBackward(f, 3, 1.0, g);

            public static double LargestIfValue(double[] f) => Selecting.LargestIf(f);
            public static double LargestIfGradient(double[] f, double[] g) => Selecting.LargestIfBackward(f, 1.0, g);

            public static double PerRowIfValue(double[] f) => Selecting.PerRowIf(f, 3);
            public static double PerRowIfGradient(double[] f, double[] g) => Selecting.PerRowIfBackward(f, 3, 1.0, g);

            public static double SineIfValue(double[] f) => Selecting.SineIf(f[1..], f[0]);
            public static double SineIfGradient(double[] f, double[] g)
            {
                double ds = 0;
                double value = Selecting.SineIfBackward(f[1..], f[0], 1.0, g.AsSpan(1), ref ds);
                g[0] = ds;
                return value;
            }

            public static double TracksIndexValue(double[] f) => Selecting.TracksIndex(f);
            public static double TracksIndexGradient(double[] f, double[] g) => Selecting.TracksIndexBackward(f, 1.0, g);

            public static double ReadsTheIndexValue(double[] f) => Selecting.ReadsTheIndex(f);
            public static double ReadsTheIndexGradient(double[] f, double[] g) => Selecting.ReadsTheIndexBackward(f, 1.0, g);

            public static double ArgMaxValue(double[] f) => Selecting.ArgMax(f[1..], f[0]);
            public static double ArgMaxGradient(double[] f, double[] g)
            {
                double ds = 0;
                double value = Selecting.ArgMaxBackward(f[1..], f[0], 1.0, g.AsSpan(1), ref ds);
                g[0] = ds;
                return value;
            }

            public static double MinOfMaxValue(double[] f) => Selecting.MinOfMax(f, 3);
            public static double MinOfMaxGradient(double[] f, double[] g) => Selecting.MinOfMaxBackward(f, 3, 1.0, g);

            public static double ProductOfMinOfMaxValue(double[] f) => Selecting.ProductOfMinOfMax(f, 3);
            public static double ProductOfMinOfMaxGradient(double[] f, double[] g) => Selecting.ProductOfMinOfMaxBackward(f, 3, 1.0, g);

            public static double TrackValue(double[] f) => new Holder().Track(f);
            public static double TrackGradient(double[] f, double[] g) => new Holder().TrackBackward(f, 1.0, new Holder(), g);

            public static double CallerValue(double[] f) => Selecting.Caller(f[1..], f[0]);
            public static double CallerGradient(double[] f, double[] g)
            {
                double ds = 0;
                double value = Selecting.CallerBackward(f[1..], f[0], 1.0, g.AsSpan(1), ref ds);
                g[0] = ds;
                return value;
            }
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    [Theory]
    [InlineData("Nearest", 6)]
    [InlineData("LogSumExp", 7)]
    [InlineData("LargestProduct", 7)]
    [InlineData("Smallest", 5)]
    [InlineData("SmallestLast", 5)]
    [InlineData("WithASum", 6)]
    [InlineData("ReadInTheLoop", 6)]
    [InlineData("PerRow", 9)]
    [InlineData("PerRowOfSines", 9)]
    [InlineData("LargestIf", 6)]
    [InlineData("PerRowIf", 9)]
    [InlineData("SineIf", 7)]
    [InlineData("TracksIndex", 6)]
    [InlineData("ReadsTheIndex", 6)]
    [InlineData("ArgMax", 7)]
    [InlineData("MinOfMax", 9)]
    [InlineData("ProductOfMinOfMax", 9)]
    [InlineData("Track", 6)]
    [InlineData("Caller", 6)]
    [InlineData("LargestBump", 6)]
    [InlineData("Worst", 6)]
    [InlineData("NearestProduct", 6)]
    [InlineData("ReadBefore", 5)]
    public void The_gradient_matches_finite_differences_and_the_value_the_primal(string name, int size)
    {
        var random = new Random(43);
        for (int point = 0; point < 5; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var gradient = new double[size];
            double value = (double)Driver(name + "Gradient").Invoke(null, [f, gradient])!;
            double primal = (double)Driver(name + "Value").Invoke(null, [f])!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal), BitConverter.DoubleToInt64Bits(value));
            GradientAssert.MatchesFiniteDifferences(p => (double)Driver(name + "Value").Invoke(null, [p])!, gradient, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Nearest", "if (!(closest <= distance))", "if (jOfClosest >= 0)", "")]
    [InlineData("LogSumExp", "if (!(a >= t0))", "if (iOfA >= 0)", "t4")] // Only the next loop's exponentials.
    [InlineData("Smallest", "if (!(m <= t0))", "if (iOfM >= 0)", "")]
    [InlineData("SmallestLast", "if (t0 <= m)", "if (iOfM >= 0)", "")]
    [InlineData("Holder.Track", "if (!(this.Best >= t2))", "if (iOfBest >= 0)", "")]
    [InlineData("LargestBump", "if (!(m >= b))", "if (iOfM >= 0)", "")]
    public void A_selection_keeps_the_index_the_value_was_taken_from_and_nothing_per_iteration(string name, string kept, string reverse, string saved)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"{(name.Contains('.') ? name : "Selecting." + name)}.g.cs"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == kept));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == reverse));
        Assert.Contains("// Only the iteration", text);
        Assert.Equal(saved, string.Join(", ", GeneratorHarness.SavedValues(text)));
    }

    [Theory]
    [InlineData("WithASum")]
    [InlineData("ReadInTheLoop")]
    [InlineData("ReadBefore")]
    [InlineData("ReadsTheIndex")]
    public void A_loop_whose_iterations_share_more_is_no_selection(string name)
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Selecting.{name}.g.cs");
        Assert.DoesNotContain("SelectionLoops", text);
    }

    [Theory]
    [InlineData("Worst", "if (t2 >= worst)", "")]
    [InlineData("NearestProduct", "if (!(best <= p))", "t1, t3, p")] // What the inner loop overwrites, kept by the iteration again only.
    public void A_selection_whose_iterations_would_keep_values_computes_its_one_iteration_again(string name, string kept, string saved)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Selecting.{name}.g.cs"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == kept));
        Assert.Contains("// The iteration again: its values are computed here, not kept by every iteration.", text);
        Assert.Equal(saved, string.Join(", ", GeneratorHarness.SavedValues(text)));
        string reverse = text[text.IndexOf("// The iteration again", StringComparison.Ordinal)..];
        Assert.Equal(saved, string.Join(", ", GeneratorHarness.SavedValues(reverse)));
    }

    [Theory]
    [InlineData("PerRow", "cOfM")]
    [InlineData("PerRowOfSines", "cOfM")]
    public void A_selection_in_a_loop_the_reverse_takes_in_turn_keeps_its_index_after_each_run(string name, string taken)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Selecting.{name}.g.cs"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == $"intSlots[intCursor++] = {taken};"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == $"{taken} = intSlots[--intCursor];"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == $"if ({taken} >= 0)"));
    }

    [Theory]
    [InlineData("LargestIf", "iOfM")]
    [InlineData("PerRowIf", "cOfM")]
    [InlineData("SineIf", "iOfM")]
    [InlineData("TracksIndex", "iOfM")]
    [InlineData("ArgMax", "iOfM")]
    public void A_branch_that_takes_the_value_keeps_the_index_and_is_reversed_without_its_test(string name, string taken)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Selecting.{name}.g.cs"));
        string[] lines = text.Split('\n').Select(line => line.Trim()).ToArray();
        int kept = Array.IndexOf(lines, $"{taken} = {(taken == "cOfM" ? "c" : "i")};");
        Assert.True(kept > 0, text);
        Assert.StartsWith("// Keeps the iteration m takes its value from", lines[kept - 1]);
        Assert.Equal(1, lines.Count(line => line == "// The branch the iteration took: its test isn't kept (SelectionLoops)."));
        Assert.DoesNotContain("c0", GeneratorHarness.SavedValues(text)); // The branch's test isn't kept.
    }

    [Fact]
    public void Split_sweeps_leave_the_kept_index_on_the_tape()
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, "Selecting.LogSumExp.g.cs");
        Assert.Contains("tape.Push(iOfA);", text);
        Assert.Contains("int iOfA = tape.PopInt();", text);
        string caller = GeneratorHarness.GeneratedText(Compiled.Value.Run, "Selecting.Caller.g.cs");
        Assert.Contains("LogSumExpForwardSweep(", caller);
        Assert.Contains("PerRowForwardSweep(", caller);
    }

    [Fact]
    public void A_call_in_a_selection_runs_its_backward_not_its_split_sweeps()
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, "Selecting.LargestBump.g.cs"));
        Assert.Contains("BumpBackward(", text);
        Assert.DoesNotContain("BumpForwardSweep(", text);
        Assert.DoesNotContain("BumpReverseSweep(", text);
    }

    [Theory]
    [InlineData("Smallest", new[] { 3.0, 1.0, 2.0, 1.0, 4.0 }, new[] { 0.0, 1.0, 0.0, 0.0, 0.0 })]
    [InlineData("SmallestLast", new[] { 3.0, 1.0, 2.0, 1.0, 4.0 }, new[] { 0.0, 0.0, 0.0, 1.0, 0.0 })]
    // Math.Min is NaN from a NaN on: every later iteration is taken (NaN <= v is false), the last one keeps the adjoint.
    [InlineData("Smallest", new[] { 3.0, double.NaN, 2.0, 5.0 }, new[] { 0.0, 0.0, 0.0, 1.0 })]
    public void Ties_and_NaNs_send_the_adjoint_where_the_rule_for_Min_does(string name, double[] x, double[] expected)
    {
        var gradient = new double[x.Length];
        Driver(name + "Gradient").Invoke(null, [x, gradient]);
        Assert.Equal(expected, gradient);
    }

    private static MethodInfo Driver(string name) => Compiled.Value.Assembly.GetType("Drivers")!.GetMethod(name)!;
}
