using System.Reflection;
using GradientGen.Emit;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Emit;

/// <summary>
/// Reverse loops one after the other over the same indices whose iterations touch only their own elements run as one
/// loop (<c>FusedReverseLoops</c>): elementwise chains against central differences, fused and not; GMM's component
/// reverse fused to the exact text (the second body reading the first's index local, its element's last term taken
/// with it: <c>AddedThenTaken</c>); and the pairs that must stay apart.
/// </summary>
public class FusedReverseLoopsTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Fusion
        {
            // Three loops over the same i: z, then y from z, then the sum of y's squares. Reversed, one loop.
            [Differentiable]
            public static double Chain(double[] w, [NoDerivative] double[] x)
            {
                int n = x.Length;
                double[] z = new double[n];
                double[] y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    z[i] = w[i] * x[i];
                }

                for (int i = 0; i < n; i++)
                {
                    y[i] = Math.Tanh(z[i]) + z[i] * z[i];
                }

                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += y[i] * y[i];
                }

                return s;
            }

            // The second loop carries s: its reverse carries ds, which the first loop's reverse never reads.
            [Differentiable]
            public static double Carried(double[] x, double a)
            {
                int n = x.Length;
                double[] y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = a * x[i];
                }

                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s = 0.5 * s + y[i] * y[i];
                }

                return s;
            }

            // The second loop reads its neighbour's element: its iteration i adds into what the first's i + 1 reads.
            [Differentiable]
            public static double Neighbours(double[] x)
            {
                int n = x.Length;
                double[] y = new double[n];
                double[] z = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = x[i] * x[i];
                }

                for (int i = 0; i < n; i++)
                {
                    z[i] = y[i] * y[(i + 1) % n];
                }

                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += z[i] * z[i];
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double Chain(double[] w, double[] x) => Fusion.Chain(w, x);

            public static double[] ChainGradient(double[] w, double[] x)
            {
                double[] dW = new double[w.Length];
                Fusion.ChainBackward(w, x, 1.0, dW);
                return dW;
            }

            public static double Carried(double[] p) => Fusion.Carried(p[..^1], p[^1]);

            public static double[] CarriedGradient(double[] p)
            {
                double[] dX = new double[p.Length - 1];
                double dA = 0;
                Fusion.CarriedBackward(p[..^1], p[^1], 1.0, dX, ref dA);
                return [.. dX, dA];
            }

            public static double Neighbours(double[] x) => Fusion.Neighbours(x);

            public static double[] NeighboursGradient(double[] x)
            {
                double[] dX = new double[x.Length];
                Fusion.NeighboursBackward(x, 1.0, dX);
                return dX;
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    [Fact]
    public void A_chain_of_elementwise_loops_matches_central_differences()
    {
        var random = new Random(7);
        foreach (int n in new[] { 1, 2, 5 })
        {
            double[] x = Enumerable.Range(0, n).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
            double[] w = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            GradientAssert.MatchesFiniteDifferences(p => Call<double>("Chain", p, x), Call<double[]>("ChainGradient", w, x), w, 1e-6, 1e-6, $"Chain over {n}");
        }
    }

    [Theory]
    [InlineData("Carried")]
    [InlineData("Neighbours")]
    public void Pairs_match_central_differences(string name)
    {
        var random = new Random(13);
        foreach (int n in new[] { 1, 3, 6 })
        {
            double[] p = Enumerable.Range(0, name == "Carried" ? n + 1 : n).Select(_ => random.NextDouble() - 0.5).ToArray();
            GradientAssert.MatchesFiniteDifferences(q => Call<double>(name, q), Call<double[]>(name + "Gradient", p), p, 1e-6, 1e-6, $"{name} over {n}");
        }
    }

    [Theory]
    [InlineData("Chain", 1)]
    [InlineData("Carried", 1)]
    [InlineData("Neighbours", 2)]
    public void Only_loops_over_their_own_elements_are_fused(string name, int loops)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, $"Fusion.{name}.g.cs"));
        Assert.Equal(loops, text.Split('\n').Count(l => l.TrimStart().StartsWith("for (long iteration", StringComparison.Ordinal)));
        Assert.Equal(loops == 1, text.Contains("(FusedReverseLoops)", StringComparison.Ordinal));
    }

    private const string GmmComponent = """
        // for (int id2 = 0; id2 < d; id2++)
        for (long iteration3 = (long)d - 1; iteration3 >= 0; iteration3--)
        {
            id2 = (int)iteration3;
            // qxcentered[id2] = qdiags[ik1 * d + id2] * xcentered[id2];
            t5 = qdiags[(ik1 * d + id2)];
            t6 = xcentered[id2];
            double dT7 = dQxcentered[id2];
            dQxcentered[id2] = 0.0;
            double dT5 = dT7 * t6;
            double dT6 = dT7 * t5;
            dXcentered[id2] += dT6;
            dQdiags[(ik1 * d + id2)] += dT5;
        }
        // for (int id1 = 0; id1 < d; id1++)
        for (long iteration2 = (long)d - 1; iteration2 >= 0; iteration2--)
        {
            id1 = (int)iteration2;
            // xcentered[id1] = x[ix * d + id1] - means[ik1 * d + id1];
            double dT4 = dXcentered[id1];
            dXcentered[id1] = 0.0;
            xcentered[id1] = doubleSlots[--doubleCursor];
            dMeans[(ik1 * d + id1)] -= dT4;
        }
        """;

    private static readonly HashSet<string> NoStacks = [];

    private static readonly HashSet<string> GmmOwn = ["doubleSlots", "qdiags", "dQdiags", "xcentered", "dXcentered", "qxcentered", "dQxcentered"];

    [Fact]
    public void Additions_into_arrays_other_names_may_reach_are_reordered()
    {
        // Into the caller's spans from both loops: each iteration's sum in another order, as aliasing would give anyway.
        string block = GmmComponent.ReplaceLineEndings("\n").Replace("dQdiags[(ik1 * d + id2)] += dT5;", "dAlphas[id2] += dT5;", StringComparison.Ordinal);
        Assert.Contains("(FusedReverseLoops)", FusedReverseLoops.Fold(block, GmmOwn, NoStacks), StringComparison.Ordinal);
    }

    [Fact]
    public void Gmm_component_runs_its_two_loops_as_one()
    {
        Assert.Equal(
            """
            // for (int id2 = 0; id2 < d; id2++)
            // for (int id1 = 0; id1 < d; id1++)
            // The loops above count the same indices and each iteration touches only its own elements: one reverse loop takes both (FusedReverseLoops).
            for (long iteration3 = (long)d - 1; iteration3 >= 0; iteration3--)
            {
                id2 = (int)iteration3;
                // qxcentered[id2] = qdiags[ik1 * d + id2] * xcentered[id2];
                t5 = qdiags[(ik1 * d + id2)];
                t6 = xcentered[id2];
                double dT7 = dQxcentered[id2];
                dQxcentered[id2] = 0.0;
                double dT5 = dT7 * t6;
                double dT6 = dT7 * t5;
                dQdiags[(ik1 * d + id2)] += dT5;
                id1 = (int)iteration3;
                // xcentered[id1] = x[ix * d + id1] - means[ik1 * d + id1];
                double dT4 = dXcentered[id2] + dT6;
                dXcentered[id2] = 0.0;
                xcentered[id2] = doubleSlots[--doubleCursor];
                dMeans[(ik1 * d + id2)] -= dT4;
            }
            """.ReplaceLineEndings("\n"),
            FusedReverseLoops.Fold(GmmComponent.ReplaceLineEndings("\n"), GmmOwn, NoStacks));
    }

    [Theory]
    // Different bounds.
    [InlineData("(long)d - 2; iteration2 >= 0", "", "")]
    [InlineData("(long)d - 1; iteration2 >= 1", "", "")]
    // A scalar one sets that the other reads (t5, a carried adjoint).
    [InlineData("", "double dT4 = dXcentered[id1] * t5;", "")]
    [InlineData("", "dS += dXcentered[id1];", "double dT5 = dT7 * dS;")]
    // An element of an array one writes at another index.
    [InlineData("", "double dT4 = dXcentered[id1 + 1];", "")]
    [InlineData("", "double dT4 = dXcentered[(id1 + 1) % d];", "")]
    [InlineData("", "double dT4 = dXcentered[ik1];", "")]
    [InlineData("", "double dT4 = dXcentered[2 * id1];", "")]
    [InlineData("", "double dT4 = dXcentered[(ik1 + id1) * d];", "")]
    // Both keep values on the same stack.
    [InlineData("", "", "t6 = doubleSlots[--doubleCursor];")]
    // Not a plain statement: a branch, a call, a row of a jagged array.
    [InlineData("", "if (c0) dMeans[(ik1 * d + id1)] -= 1.0;", "")]
    [InlineData("", "dMeans[(ik1 * d + id1)] -= Helper(dT4);", "")]
    [InlineData("", "double dT4 = rows[id1][0];", "")]
    [InlineData("", "double[] scratch = new double[2];", "")]
    // The index's local set again.
    [InlineData("", "id1 = 0;", "")]
    // Arrays other names may reach: one written, another read, or an addition beside a read.
    [InlineData("", "x[id1] = 0.0;", "double dT5 = dT7 * means[id2];")]
    [InlineData("", "", "double dT5 = dT7 * dMeans[id2];")]
    [InlineData("", "", "double dT5 = dT7 * means[id2];")]
    public void Anything_else_stays_two_loops(string bounds, string second, string first)
    {
        string block = GmmComponent.ReplaceLineEndings("\n");
        if (bounds.Length > 0)
        {
            block = block.Replace("(long)d - 1; iteration2 >= 0", bounds, StringComparison.Ordinal);
        }

        if (second.Length > 0)
        {
            block = block.Replace("    double dT4 = dXcentered[id1];\n", $"    {second}\n    double dT4 = dXcentered[id1];\n", StringComparison.Ordinal);
            block = second.StartsWith("double dT4", StringComparison.Ordinal) ? block.Replace("    double dT4 = dXcentered[id1];\n", string.Empty, StringComparison.Ordinal) : block;
        }

        if (first.Length > 0)
        {
            block = block.Replace("    double dT5 = dT7 * t6;\n", $"    {first}\n", StringComparison.Ordinal);
        }

        Assert.Equal(block, FusedReverseLoops.Fold(block, GmmOwn, NoStacks));
    }

    private static T Call<T>(string name, params object[] args) =>
        (T)Compiled.Value.GetType("Drivers")!.GetMethod(name)!.Invoke(null, args)!;
}
