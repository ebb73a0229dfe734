using System.Reflection;
using GradientGen.Emit;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A scratch array's adjoint that each pass of a loop adds into first and clears last, over the same indices, is set
/// by the first loop and left uncleared by the last (<c>PassLocalAdjointArrays</c>): gradients against central
/// differences where it applies and where the indices change from pass to pass; the exact rewritten text; and the
/// sweeps it must leave as they are.
/// </summary>
public class PassLocalAdjointArraysTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Scratch
        {
            // q is written whole at the top of each pass, mixed along itself, then read into sq: GMM's qxcentered.
            [Differentiable]
            public static double Fixed(double[] w, [NoDerivative] double[] x, int d, int n)
            {
                double[] q = new double[d];
                double s = 0;
                for (int p = 0; p < n; p++)
                {
                    for (int i = 0; i < d; i++)
                    {
                        q[i] = w[i] * x[p * d + i];
                    }

                    for (int i = 1; i < d; i++)
                    {
                        q[i] += w[d + i - 1] * q[i - 1];
                    }

                    double sq = 0;
                    for (int i = 0; i < d; i++)
                    {
                        sq += q[i] * q[i];
                    }

                    s += Math.Log(1 + sq);
                }

                return s;
            }

            // Each pass writes fewer of q's elements than the one before, and reads the last one whichever pass wrote it:
            // the last element's adjoint must carry over to the pass that wrote it, so it can't be set afresh.
            [Differentiable]
            public static double Shrinking(double[] w, [NoDerivative] double[] x, int d, int n)
            {
                double[] q = new double[d];
                double s = 0;
                for (int p = 0; p < n; p++)
                {
                    int m = d - p % d;
                    for (int i = 0; i < m; i++)
                    {
                        q[i] = w[i] * x[p * d + i];
                    }

                    double sq = 0.5 * q[d - 1];
                    for (int i = 0; i < m; i++)
                    {
                        sq += q[i] * q[i];
                    }

                    s += Math.Log(1 + sq * sq);
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double Call(string name, double[] w, double[] x, int d, int n) => name == "Fixed" ? Scratch.Fixed(w, x, d, n) : Scratch.Shrinking(w, x, d, n);

            public static double[] Gradient(string name, double[] w, double[] x, int d, int n)
            {
                double[] dW = new double[w.Length];
                if (name == "Fixed")
                {
                    Scratch.FixedBackward(w, x, d, n, 1.0, dW);
                }
                else
                {
                    Scratch.ShrinkingBackward(w, x, d, n, 1.0, dW);
                }

                return dW;
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    [Theory]
    [InlineData("Fixed")]
    [InlineData("Shrinking")]
    public void Gradients_match_central_differences(string name)
    {
        var random = new Random(17);
        foreach ((int d, int n) in new[] { (1, 1), (2, 3), (4, 5) })
        {
            double[] x = Enumerable.Range(0, d * n).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
            double[] w = Enumerable.Range(0, 2 * d).Select(_ => random.NextDouble() - 0.5).ToArray();
            MethodInfo call = Compiled.Value.GetType("Drivers")!.GetMethod("Call")!, gradient = Compiled.Value.GetType("Drivers")!.GetMethod("Gradient")!;
            GradientAssert.MatchesFiniteDifferences(p => (double)call.Invoke(null, [name, p, x, d, n])!, (double[])gradient.Invoke(null, [name, w, x, d, n])!, w, 1e-6, 1e-6, $"{name} at d = {d}, n = {n}");
        }
    }

    [Theory]
    [InlineData("Fixed", true)]
    [InlineData("Shrinking", false)]
    public void Only_indices_fixed_for_the_sweep_are_set_instead_of_cleared(string name, bool rewritten)
    {
        string text = GeneratorHarness.GeneratedText(Run.Value, $"Scratch.{name}.g.cs");
        Assert.Equal(rewritten, text.Contains("(PassLocalAdjointArrays)", StringComparison.Ordinal));
    }

    private const string Sweep = """
        for (long iteration3 = (long)n - 1; iteration3 >= 0; iteration3--)
        {
            p = (int)iteration3;
            double dSq = dS / t7;
            // for (int i2 = 0; i2 < d; i2++)
            for (long iteration2 = (long)d - 1; iteration2 >= 0; iteration2--)
            {
                i2 = (int)iteration2;
                double dT5 = (dSq + dSq) * t5;
                dQ[i2] += dT5;
                t5 = doubleSlots[--doubleCursor];
            }
            // for (int i1 = 1; i1 < d; i1++)
            for (long iteration1 = (long)d - 1; iteration1 >= 1; iteration1--)
            {
                i1 = (int)iteration1;
                double dT4 = dQ[i1];
                dQ[(i1 - 1)] += dT4 * t3;
            }
            // for (int i = 0; i < d; i++)
            for (long iteration = (long)d - 1; iteration >= 0; iteration--)
            {
                i = (int)iteration;
                double dT1 = dQ[i];
                dQ[i] = 0.0;
                dW[i] += dT1 * x[p * d + i];
            }
        }
        """;

    [Fact]
    public void The_first_loop_sets_what_the_last_leaves()
    {
        string expected = Sweep.ReplaceLineEndings("\n")
            .Replace("    // for (int i2 = 0; i2 < d; i2++)\n", "    // for (int i2 = 0; i2 < d; i2++)\n    // Elements zero in every pass here, set by this loop and left by the one that reads them last (PassLocalAdjointArrays): dQ.\n", StringComparison.Ordinal)
            .Replace("dQ[i2] += dT5;", "dQ[i2] = dT5;", StringComparison.Ordinal)
            .Replace("        dQ[i] = 0.0;\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, PassLocalAdjointArrays.Fold(Sweep.ReplaceLineEndings("\n"), ["dQ"]));
    }

    [Fact]
    public void Two_adjoints_set_by_one_loop_share_its_comment()
    {
        const string sweep = "for (long iteration1 = (long)n - 1; iteration1 >= 0; iteration1--)\n{\n    for (long iteration = (long)d - 1; iteration >= 0; iteration--)\n    {\n"
            + "        i = (int)iteration;\n        dQ[i] += dT5;\n        dR[i] += dT6;\n    }\n    for (long iteration2 = (long)d - 1; iteration2 >= 0; iteration2--)\n    {\n"
            + "        i2 = (int)iteration2;\n        double dT1 = dQ[i2] + dR[i2];\n        dQ[i2] = 0.0;\n        dR[i2] = 0.0;\n        dW[i2] += dT1;\n    }\n}";
        Assert.Equal(
            "for (long iteration1 = (long)n - 1; iteration1 >= 0; iteration1--)\n{\n"
            + "    // Elements zero in every pass here, set by this loop and left by the one that reads them last (PassLocalAdjointArrays): dQ, dR.\n"
            + "    for (long iteration = (long)d - 1; iteration >= 0; iteration--)\n    {\n"
            + "        i = (int)iteration;\n        dQ[i] = dT5;\n        dR[i] = dT6;\n    }\n    for (long iteration2 = (long)d - 1; iteration2 >= 0; iteration2--)\n    {\n"
            + "        i2 = (int)iteration2;\n        double dT1 = dQ[i2] + dR[i2];\n        dW[i2] += dT1;\n    }\n}",
            PassLocalAdjointArrays.Fold(sweep, ["dQ", "dR"]));
    }

    [Theory]
    [InlineData("(long)d - 1; iteration >= 0", "(long)d - 2; iteration >= 0")] // other indices
    [InlineData("dQ[i] = 0.0;", "dQ[(p + i)] = 0.0;")] // another element
    [InlineData("dQ[i2] += dT5;", "dQ[(p + i2)] += dT5;")] // at a term the sweep sets (p)
    [InlineData("dQ[i2] += dT5;", "dQ[i2] += dT5;\n        dQ[i2] += dT5;")] // added into twice
    [InlineData("dQ[i2] += dT5;", "dQ[i2] -= dT5;")] // taken from (left as it is)
    [InlineData("double dSq = dS / t7;", "double dSq = dS / t7 + dQ[0];")] // read before the first loop
    [InlineData("double dT1 = dQ[i];", "double dT1 = dQ[i] + dQ[0];")] // the last loop reads another element
    [InlineData("double dT4 = dQ[i1];", "double dT4 = dQ[i1];\n        if (dT4 > 1.0) return 0.0;")] // leaves the block between
    [InlineData("i = (int)iteration;", "i = (int)iteration;\n        i = 0;")] // the index's local set again
    [InlineData("        dQ[i] = 0.0;\n", "        if (c0)\n        {\n            dQ[i] = 0.0;\n        }\n")] // cleared in a branch
    [InlineData("for (long iteration3 = (long)n - 1;", "d = 3;\nfor (long iteration3 = (long)n - 1;")] // the bound set in the sweep
    public void Anything_else_is_left_as_it_is(string from, string to)
    {
        string sweep = Sweep.ReplaceLineEndings("\n").Replace(from, to, StringComparison.Ordinal);
        Assert.Equal(sweep, PassLocalAdjointArrays.Fold(sweep, ["dQ"]));
    }
}
