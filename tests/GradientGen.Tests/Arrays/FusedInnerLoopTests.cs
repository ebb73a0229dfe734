using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A method's last loop, with inner loops, whose iterations share nothing but the sums it returns
/// (<c>FusedReductions.IterationsIndependent</c>): it runs once, in the reverse sweep, each iteration followed by its
/// reverse (a polynomial per point, a row's dot product). What an inner loop overwrites and the reverse needs is
/// kept and taken back within the iteration. Loops whose iterations carry a value to the next, or whose inner loops
/// read a sum, stay where they are. Every backward is checked against central finite differences at several points
/// and returns the primal's value to the bit.
/// </summary>
public class FusedInnerLoopTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Inner
        {
            // Horner's rule per point, counting down.
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

                    double r = value - 0.5;
                    loss += r * r;
                }

                return loss;
            }

            // The inner loop's reverse needs the values it overwrote: kept and taken back in each iteration.
            [Differentiable]
            public static double Squares(double[] c, [NoDerivative] double[] xs)
            {
                double e = 0;
                for (int p = 0; p < xs.Length; p++)
                {
                    double v = xs[p];
                    for (int k = 0; k < c.Length; k++)
                    {
                        v = v * v * 0.5 + c[k] * xs[p];
                    }

                    e += Math.Sin(v);
                }

                return 2.0 * e;
            }

            // An inner loop that stops early: its trips are counted in the iteration.
            [Differentiable]
            public static double Until(double[] c, [NoDerivative] double[] xs)
            {
                double e = 0;
                for (int p = 0; p < xs.Length; p++)
                {
                    double v = 0;
                    int k = 0;
                    while (k < c.Length && v < 2.0)
                    {
                        v = v * xs[p] + Math.Exp(c[k]);
                        k++;
                    }

                    e += v * xs[p];
                }

                return e;
            }

            // Rows of a triangular product, the outer index read inside.
            [Differentiable]
            public static double Rows(double[] w, double[] x)
            {
                int n = x.Length;
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    double s = 0;
                    for (int j = 0; j <= i; j++)
                    {
                        s += w[i * n + j] * x[j];
                    }

                    e += Math.Sin(s) * x[i];
                }

                return 0.5 * e;
            }

            // h carries from one iteration to the next: not fused.
            [Differentiable]
            public static double Carried(double[] w, double[] x)
            {
                double h = 0;
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < w.Length; j++)
                    {
                        h = Math.Tanh(h * w[j] + x[i]);
                    }

                    e += h;
                }

                return e;
            }

            // The inner loop reads the sum: its adjoint changes from one iteration to the next, not fused.
            [Differentiable]
            public static double ReadsTheSum(double[] w, double[] x)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    for (int j = 0; j < w.Length; j++)
                    {
                        e += e * 0.125 * w[j] + x[i] * w[j];
                    }
                }

                return e;
            }
        }

        public static class Drivers
        {
            private static readonly double[] Xs = [0.3, -0.9, 1.1, 0.45];

            public static double HornerValue(double[] f) => Inner.Horner(f, Xs);
            public static double HornerGradient(double[] f, double[] g) => Inner.HornerBackward(f, Xs, 1.0, g);
            public static double SquaresValue(double[] f) => Inner.Squares(f, Xs);
            public static double SquaresGradient(double[] f, double[] g) => Inner.SquaresBackward(f, Xs, 1.0, g);
            public static double UntilValue(double[] f) => Inner.Until(f, Xs);
            public static double UntilGradient(double[] f, double[] g) => Inner.UntilBackward(f, Xs, 1.0, g);

            // Two-input methods: w is the point's first entries (9 for Rows' 3 × 3, else 3), x the rest.
            public static double RowsValue(double[] f) => Inner.Rows(f[..9], f[9..]);
            public static double RowsGradient(double[] f, double[] g)
            {
                var dw = new double[9]; var dx = new double[3];
                double value = Inner.RowsBackward(f[..9], f[9..], 1.0, dw, dx);
                dw.CopyTo(g, 0); dx.CopyTo(g, 9);
                return value;
            }

            public static double CarriedValue(double[] f) => Inner.Carried(f[..3], f[3..]);
            public static double CarriedGradient(double[] f, double[] g)
            {
                var dw = new double[3]; var dx = new double[f.Length - 3];
                double value = Inner.CarriedBackward(f[..3], f[3..], 1.0, dw, dx);
                dw.CopyTo(g, 0); dx.CopyTo(g, 3);
                return value;
            }

            public static double ReadsTheSumValue(double[] f) => Inner.ReadsTheSum(f[..3], f[3..]);
            public static double ReadsTheSumGradient(double[] f, double[] g)
            {
                var dw = new double[3]; var dx = new double[f.Length - 3];
                double value = Inner.ReadsTheSumBackward(f[..3], f[3..], 1.0, dw, dx);
                dw.CopyTo(g, 0); dx.CopyTo(g, 3);
                return value;
            }
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    /// <summary>Method, the point's size, and the scale of its entries.</summary>
    public static TheoryData<string, int, double> Cases => new()
    {
        { "Horner", 5, 0.8 },
        { "Squares", 3, 0.4 },
        { "Until", 4, 0.5 },
        { "Rows", 12, 0.8 },
        { "Carried", 6, 0.8 },
        { "ReadsTheSum", 6, 0.8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_gradient_matches_finite_differences_and_the_value_the_primal(string name, int size, double scale)
    {
        var random = new Random(29);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
            var gradient = new double[size];
            double value = (double)Driver(name + "Gradient").Invoke(null, [f, gradient])!;
            double primal = (double)Driver(name + "Value").Invoke(null, [f])!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal), BitConverter.DoubleToInt64Bits(value));
            GradientAssert.MatchesFiniteDifferences(p => (double)Driver(name + "Value").Invoke(null, [p])!, gradient, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Horner", new string[0])]
    [InlineData("Squares", new[] { "v" })]
    [InlineData("Until", new string[0])]
    [InlineData("Rows", new string[0])]
    public void Loops_whose_iterations_share_only_their_sums_run_fused_with_their_reverse(string name, string[] kept)
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Inner.{name}.g.cs");
        Assert.Contains("// Run here, where the adjoints of its sums are known: each iteration followed by its reverse, which takes back what the iteration kept.", text);
        // Nothing kept from one iteration for another (r, s, v of the outer body): only what an inner loop overwrites
        // and its reverse needs (Squares' v, squared in place).
        Assert.Equal(kept, System.Text.RegularExpressions.Regex.Matches(text, @"(?:Slots\[\w+\+\+\] = |\.Push\()(@?\w+)").Select(m => m.Groups[1].Value).Distinct().ToArray());
    }

    [Fact]
    public void Horner_keeps_nothing_at_all()
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, "Inner.Horner.g.cs");
        Assert.DoesNotContain("Slots", text);
        Assert.DoesNotContain("Stack", text);
    }

    [Theory]
    [InlineData("Carried")]
    [InlineData("ReadsTheSum")]
    public void Loops_carrying_a_value_or_reading_a_sum_are_not_fused(string name)
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Inner.{name}.g.cs");
        Assert.DoesNotContain("// Run here", text);
    }

    private static MethodInfo Driver(string name) => Compiled.Value.Assembly.GetType("Drivers")!.GetMethod(name)!;
}
