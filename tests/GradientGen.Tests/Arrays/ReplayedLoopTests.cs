using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Loops whose reverse iterations run the body forward again instead of reading saved values
/// (<c>LoopStmt.Replays</c>): bodies, branches included, whose only state carried between iterations is a sum
/// they add into. Each method returns more than the bare sum (<c>e * e</c>), which would run the loop fused with
/// its reverse instead (FusedReductionTests).
/// Each backward is checked against central differences at three points; the generated text is checked for
/// the replay and for what is still saved; the loops that must keep their saves (a sum read in the loop, an
/// expensive body, state carried over) are checked to keep them and stay exact.
/// </summary>
public class ReplayedLoopTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public struct P3
        {
            public P3(double x, double y, double z) { X = x; Y = y; Z = z; }
            public double X { get; set; }
            public double Y { get; set; }
            public double Z { get; set; }
            public static P3 operator -(P3 a, P3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
            public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
        }

        public static partial class Replay
        {
            // A chain of springs on a user struct: the whole body is the iteration's own.
            [Differentiable]
            public static double Springs(ReadOnlySpan<P3> p, double k)
            {
                double e = 0;
                for (int i = 0; i + 1 < p.Length; i++)
                {
                    P3 d = p[i + 1] - p[i];
                    double s = d.Length - 1.0;
                    e += 0.5 * k * s * s;
                }

                return e * e;
            }

            // Two sums, one added into and one taken from, and a square root.
            [Differentiable]
            public static double Distances(double[] x, double[] y)
            {
                double e = 0, f = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double dx = x[i] - y[i];
                    double d = Math.Sqrt(dx * dx + 1);
                    e += d * dx;
                    f -= 0.1 * d * d;
                }

                return e * f;
            }

            // A local the loop reads and doesn't write, overwritten after it: the replay, and only the replay, needs its old value.
            [Differentiable]
            public static double OverwrittenAfter(double[] x, double c0)
            {
                double c = c0 * 2;
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double t = x[i] + c - 1;
                    e += t * t * t;
                }

                c = Math.Sin(e);
                return e + c * c0;
            }

            // The inner loop reads scale (only the replay does), which the outer loop changes after it every round.
            [Differentiable]
            public static double Rounds(double[] x, double[] w)
            {
                double e = 0, scale = 1;
                for (int r = 0; r < w.Length; r++)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        double d = x[i] + scale - w[r];
                        e += d * d * d;
                    }

                    scale = scale * 0.5 + w[r];
                }

                return e;
            }

            // The sum is read in the loop: its value is carried over, so the loop keeps its saves.
            [Differentiable]
            public static double SumReadInside(double[] x)
            {
                double s = 0.5;
                for (int i = 0; i < x.Length; i++)
                {
                    double a = x[i] * x[i];
                    s += a * s;
                }

                return s;
            }

            // An exponential to keep one value: computing it again costs more than the save.
            [Differentiable]
            public static double Expensive(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double z = Math.Exp(x[i]);
                    s += z * z * x[i];
                }

                return s * s;
            }

            // A foreach over a span: its element is read again with the index the reverse loop sets.
            [Differentiable]
            public static double Norms(ReadOnlySpan<double> x, double w)
            {
                double s = 0;
                foreach (double v in x)
                {
                    double y = Math.Sqrt(v * v * w + 1);
                    s += y * y * w;
                }

                return s * s;
            }

            // Branches: an if/else, a ?: and the conditions, all computed again in the replay.
            [Differentiable]
            public static double Branches(double[] x, double w)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double m = Math.Sqrt(x[i] * x[i] * w + 1);
                    double z;
                    if (m > 1.2)
                    {
                        z = m * m * w;
                    }
                    else
                    {
                        z = -m * w;
                    }

                    double q = m > 1.1 ? m * w : m * 2;
                    s += z * q;
                }

                return s * s;
            }

            // A condition that calls a method is not evaluated again (the call might not give the same answer).
            [Differentiable]
            public static double CallInCondition(double[] x, double w)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double m = Math.Sqrt(x[i] * x[i] * w + 1);
                    double z = Math.Abs(x[i]) > 0.5 ? m * w : m;
                    s += z * m;
                }

                return s;
            }

            // An element of a local int array written in the loop where the IR doesn't see it, used as an index:
            // reading it again in the reverse would read the last iteration's, so the loop keeps its saves.
            [Differentiable]
            public static double Indirect(double[] x)
            {
                int[] at = new int[1];
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    at[0] = (i * 2 + 1) % x.Length;
                    int j = at[0];
                    double v = Math.Sqrt(x[j] * x[j] + 1);
                    s += v * v * x[i];
                }

                return s;
            }

            // Neighbours' differences for the Hessian: second order replays too.
            [Differentiable]
            public static double Chain(double[] x)
            {
                double e = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double d = x[i + 1] - x[i];
                    double l = Math.Sqrt(d * d + 1);
                    e += l * d;
                }

                return e * e;
            }
        }

        public static class Drivers
        {
            public static double SpringsValue(double[] f) => Replay.Springs(Points(f), f[^1]);

            public static double[] SpringsGradient(double[] f)
            {
                P3[] p = Points(f);
                var dP = new P3[p.Length];
                double dK = 0;
                Replay.SpringsBackward(p, f[^1], 1.0, dP, ref dK);
                return [.. dP.SelectMany(q => new[] { q.X, q.Y, q.Z }), dK];
            }

            private static P3[] Points(double[] f) => Enumerable.Range(0, (f.Length - 1) / 3).Select(i => new P3(f[3 * i], f[3 * i + 1], f[3 * i + 2])).ToArray();

            public static double DistancesValue(double[] f) => Replay.Distances(f[..(f.Length / 2)], f[(f.Length / 2)..]);

            public static double[] DistancesGradient(double[] f)
            {
                int n = f.Length / 2;
                var dx = new double[n]; var dy = new double[n];
                Replay.DistancesBackward(f[..n], f[n..], 1.0, dx, dy);
                return [.. dx, .. dy];
            }

            public static double OverwrittenAfterValue(double[] f) => Replay.OverwrittenAfter(f[..^1], f[^1]);

            public static double[] OverwrittenAfterGradient(double[] f)
            {
                var dx = new double[f.Length - 1];
                double dC = 0;
                Replay.OverwrittenAfterBackward(f[..^1], f[^1], 1.0, dx, ref dC);
                return [.. dx, dC];
            }

            public static double RoundsValue(double[] f) => Replay.Rounds(f[..4], f[4..]);

            public static double[] RoundsGradient(double[] f)
            {
                var dx = new double[4]; var dw = new double[f.Length - 4];
                Replay.RoundsBackward(f[..4], f[4..], 1.0, dx, dw);
                return [.. dx, .. dw];
            }

            public static double SumReadInsideValue(double[] f) => Replay.SumReadInside(f);

            public static double[] SumReadInsideGradient(double[] f) { var d = new double[f.Length]; Replay.SumReadInsideBackward(f, 1.0, d); return d; }

            public static double ExpensiveValue(double[] f) => Replay.Expensive(f);

            public static double[] ExpensiveGradient(double[] f) { var d = new double[f.Length]; Replay.ExpensiveBackward(f, 1.0, d); return d; }

            public static double NormsValue(double[] f) => Replay.Norms(f[..^1], f[^1]);

            public static double[] NormsGradient(double[] f)
            {
                var dx = new double[f.Length - 1];
                double dW = 0;
                Replay.NormsBackward(f[..^1], f[^1], 1.0, dx, ref dW);
                return [.. dx, dW];
            }

            public static double BranchesValue(double[] f) => Replay.Branches(f[..^1], f[^1]);

            public static double[] BranchesGradient(double[] f)
            {
                var dx = new double[f.Length - 1];
                double dW = 0;
                Replay.BranchesBackward(f[..^1], f[^1], 1.0, dx, ref dW);
                return [.. dx, dW];
            }

            public static double CallInConditionValue(double[] f) => Replay.CallInCondition(f[..^1], f[^1]);

            public static double[] CallInConditionGradient(double[] f)
            {
                var dx = new double[f.Length - 1];
                double dW = 0;
                Replay.CallInConditionBackward(f[..^1], f[^1], 1.0, dx, ref dW);
                return [.. dx, dW];
            }

            public static double IndirectValue(double[] f) => Replay.Indirect(f);

            public static double[] IndirectGradient(double[] f) { var d = new double[f.Length]; Replay.IndirectBackward(f, 1.0, d); return d; }

            public static double ChainValue(double[] f) => Replay.Chain(f);

            public static double[] ChainGradient(double[] f) { var d = new double[f.Length]; Replay.ChainBackward(f, 1.0, d); return d; }

            public static double[,] ChainHessian(double[] f) => Replay.ChainHessian(f);
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    public static TheoryData<string, int> Cases => new()
    {
        { "Springs", 3 * 5 + 1 },
        { "Springs", 3 * 1 + 1 },
        { "Distances", 2 * 5 },
        { "Distances", 0 },
        { "OverwrittenAfter", 6 },
        { "Rounds", 4 + 3 },
        { "SumReadInside", 5 },
        { "Expensive", 5 },
        { "Chain", 6 },
        { "Norms", 5 },
        { "Branches", 9 },
        { "CallInCondition", 9 },
        { "Indirect", 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_at_several_points(string name, int size)
    {
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(31 + point, size).Select(v => v * 0.8).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} ({size}) at point {point}");
        }
    }

    [Fact]
    public void The_Hessian_of_a_replayed_loop_matches_differences_of_its_gradient()
    {
        double[] x = FlatDrivers.RandomPoint(5, 5);
        var hessian = (double[,])Drivers.Call("ChainHessian", x)!;
        const double h = 1e-5;
        for (int j = 0; j < x.Length; j++)
        {
            double[] up = (double[])x.Clone(), down = (double[])x.Clone();
            up[j] += h;
            down[j] -= h;
            double[] gUp = Drivers.Gradient("Chain", up), gDown = Drivers.Gradient("Chain", down);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal((gUp[i] - gDown[i]) / (2 * h), hessian[i, j], 6);
            }
        }
    }

    [Theory]
    [InlineData("Springs")]
    [InlineData("Distances")]
    [InlineData("OverwrittenAfter")]
    [InlineData("Chain")]
    [InlineData("Norms")]
    [InlineData("Branches")]
    public void A_body_that_keeps_no_state_but_sums_is_computed_again_and_saves_nothing(string name)
    {
        string text = Text($"Replay.{name}.g.cs");
        Assert.Contains("// The iteration again: its values are computed, not saved.", text);
        Assert.DoesNotContain("Stack", text);
    }

    [Fact]
    public void The_sums_are_left_out_of_the_replay()
    {
        string text = Text("Replay.Distances.g.cs");
        string reverse = text[text.IndexOf("// The iteration again", StringComparison.Ordinal)..];
        Assert.DoesNotMatch(@"(?m)^\s*e \+=", reverse);
        Assert.DoesNotMatch(@"(?m)^\s*f -=", reverse);
        Assert.Contains("double d = global::System.Math.Sqrt(", reverse);
    }

    [Fact]
    public void A_value_the_replay_reads_that_is_overwritten_after_the_loop_is_kept()
    {
        string text = Text("Replay.OverwrittenAfter.g.cs");
        Assert.Contains("double cSaved = c;", text);
    }

    [Fact]
    public void An_inner_loop_replays_with_the_outer_loops_value_saved_per_round()
    {
        string text = Text("Replay.Rounds.g.cs");
        Assert.Contains("// The iteration again: its values are computed, not saved.", text);
        Assert.Equal(["scale"], Saved(text));
    }

    [Theory]
    [InlineData("SumReadInside")]
    [InlineData("Expensive")]
    [InlineData("CallInCondition")]
    [InlineData("Indirect")]
    public void Loops_that_carry_state_or_cost_more_to_compute_again_keep_their_saves(string name)
    {
        string text = Text($"Replay.{name}.g.cs");
        Assert.DoesNotContain("The iteration again", text);
        Assert.NotEmpty(Saved(text));
    }

    private static string Text(string hintName) => GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, hintName));

    private static string[] Saved(string text) => GeneratorHarness.SavedValues(text);
}
