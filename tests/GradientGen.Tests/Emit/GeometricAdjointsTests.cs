using System.Reflection;
using GradientGen.Emit;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A reverse loop whose carried adjoint only changes by a factor fixed for the loop carries the factor's power instead
/// (<c>GeometricAdjoints</c>): Horner's rule and a float running average against central differences or their closed
/// forms at several points; the rewritten text; and the bodies it must leave as they are, with their gradients checked
/// too (a discounted return whose factor carries a derivative, a factor the loop sets, a read after the scaling, an
/// adjoint added into).
/// </summary>
public class GeometricAdjointsTests
{
    private const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public static partial class Geometric
        {
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

                return loss;
            }

            // The factor carries a derivative too: its adjoint reads the adjoint a second time, which would cost a second
            // product per iteration, so the loop stays as it is.
            [Differentiable]
            public static double Discounted(double[] rewards, double gamma)
            {
                double g = 0;
                for (int t = rewards.Length - 1; t >= 0; t--)
                {
                    g = gamma * g + rewards[t];
                }

                return g * g;
            }

            [Differentiable]
            public static float Average(float[] x, [NoDerivative] float beta)
            {
                float m = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    m = beta * m + (1 - beta) * x[i];
                }

                return m;
            }

            // The factor changes every iteration: the reverse restores it, so it is not a power.
            [Differentiable]
            public static double Growing(double[] x, double a)
            {
                double s = 0;
                double f = a;
                for (int i = 0; i < x.Length; i++)
                {
                    s = s * f + x[i];
                    f = f * 1.1;
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double Horner(double[] c, double[] xs) => Geometric.Horner(c, xs);

            public static double[] HornerGradient(double[] c, double[] xs)
            {
                double[] dC = new double[c.Length];
                Geometric.HornerBackward(c, xs, 1.0, dC);
                return dC;
            }

            public static double Discounted(double[] p) => Geometric.Discounted(p[..^1], p[^1]);

            public static double[] DiscountedGradient(double[] p)
            {
                double[] dRewards = new double[p.Length - 1];
                double dGamma = 0;
                Geometric.DiscountedBackward(p[..^1], p[^1], 1.0, dRewards, ref dGamma);
                return [.. dRewards, dGamma];
            }

            public static double[] AverageGradient(float[] x, float beta)
            {
                float[] dX = new float[x.Length];
                Geometric.AverageBackward(x, beta, 1f, dX);
                return [.. dX.Select(v => (double)v)];
            }

            public static double Growing(double[] p) => Geometric.Growing(p[..^1], p[^1]);

            public static double[] GrowingGradient(double[] p)
            {
                double[] dX = new double[p.Length - 1];
                double dA = 0;
                Geometric.GrowingBackward(p[..^1], p[^1], 1.0, dX, ref dA);
                return [.. dX, dA];
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    [Fact]
    public void Horner_matches_central_differences()
    {
        var random = new Random(3);
        double[] xs = Enumerable.Range(0, 7).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        foreach (int degree in new[] { 0, 1, 4, 9 })
        {
            double[] c = Enumerable.Range(0, degree + 1).Select(_ => random.NextDouble() - 0.5).ToArray();
            GradientAssert.MatchesFiniteDifferences(p => Call<double>("Horner", p, xs), Call<double[]>("HornerGradient", c, xs), c, 1e-6, 1e-6, $"Horner of degree {degree}");
        }
    }

    [Theory]
    [InlineData("Discounted")]
    [InlineData("Growing")]
    public void Recurrences_match_central_differences(string name)
    {
        var random = new Random(11);
        foreach (int length in new[] { 1, 3, 8 })
        {
            double[] p = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5), 0.3 + (0.6 * random.NextDouble())];
            GradientAssert.MatchesFiniteDifferences(q => Call<double>(name, q), Call<double[]>(name + "Gradient", p), p, 1e-6, 1e-6, $"{name} over {length}");
        }
    }

    [Fact]
    public void A_float_running_average_matches_its_closed_form()
    {
        // m = Σ (1 − β) β^(n−1−i) x_i: ∂m/∂x_i = (1 − β) β^(n−1−i).
        var random = new Random(5);
        foreach (int n in new[] { 1, 4, 12 })
        {
            float[] x = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            float beta = 0.5f + (0.4f * (float)random.NextDouble());
            double[] gradient = (double[])Compiled.Value.GetType("Drivers")!.GetMethod("AverageGradient")!.Invoke(null, [x, beta])!;
            Assert.Equal(n, gradient.Length);
            for (int i = 0; i < n; i++)
            {
                GradientAssert.Close((1 - beta) * Math.Pow(beta, n - 1 - i), gradient[i], 1e-5, $"∂m/∂x[{i}] over {n}");
            }
        }
    }

    [Theory]
    [InlineData("Horner", true)]
    [InlineData("Discounted", false)]
    [InlineData("Average", true)]
    [InlineData("Growing", false)]
    public void Only_a_factor_fixed_for_the_loop_becomes_a_power(string name, bool rewritten)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, $"Geometric.{name}.g.cs"));
        Assert.Equal(rewritten, text.Contains("(GeometricAdjoints)", StringComparison.Ordinal));
    }

    [Fact]
    public void Horner_carries_the_power_of_its_point()
    {
        Assert.Equal(
            ("double dT1 = dValue * scale;\ndC[k] += dT1;\nscale *= xs[p];", "double scale = 1.0;", "dValue *= scale;"),
            GeometricAdjoints.Rewrite("// value = value * xs[p] + c[k];\ndouble dT0 = dValue;\ndouble dT1 = dValue;\ndC[k] += dT1;\ndValue = dT0 * xs[p];", new HashSet<string> { "k" }, "scale") is { } r
                ? (string.Join("\n", r.Body.Split('\n').Skip(1)), r.Before, r.After)
                : default);

        // The copy the scaling reads, read again, reads D times the scale; a cleared adjoint added into is set.
        Assert.Equal(
            ("float dT0 = dM * scale1;\ndX[i] += dT0 * t1;\nscale1 *= beta;", "float scale1 = 1f;", "dM *= scale1;"),
            GeometricAdjoints.Rewrite("float dT0 = dM;\ndM = 0f;\ndX[i] += dT0 * t1;\ndM += dT0 * beta;", new HashSet<string> { "i" }, "scale1") is { } f ? (f.Body, f.Before, f.After) : default);
    }

    [Theory]
    [InlineData("double dT0 = dS;\nf = t5;\ndX[i] += dT0;\ndS = dT0 * f;")] // the factor set in the loop
    [InlineData("double dT0 = dS;\ndX[i] += dT0;\ndS = dT0 * x[i];")] // at the loop's own index
    [InlineData("double dT0 = dS;\ndouble dT1 = dS;\ndX[i] += dT0;\ndY[i] += dT1;\ndS = dT0 * f;")] // two reads
    [InlineData("double dT0 = dS;\ndS = dT0 * f;\ndX[i] += dS;")] // a read after the scaling
    [InlineData("double dT0 = dS;\ndS += dX[i];\ndS = dT0 * f;")] // added into
    [InlineData("double dT0 = dS;\ndX[i] += dT0;\ndS += dT0 * f;")] // added into, not cleared
    [InlineData("double dT0 = dS;\ndS = 0.0;\ndX[i] += dS;\ndS += dT0 * f;")] // read between the clearing and the scaling
    [InlineData("double dT0 = dS;\nif (c0)\n{\n    dX[i] += dS;\n}\ndS = dT0 * f;")] // read in a nested block
    [InlineData("double dT0 = dS;\ndX[i] += dT0;\ndS = dT0 * dT0;")] // a square, not a power
    [InlineData("dX[i] += dT2;\ndS = dT2 * f;")] // scaled from another adjoint
    public void Anything_else_is_left_as_it_is(string body) =>
        Assert.Null(GeometricAdjoints.Rewrite(body, new HashSet<string> { "i" }, "scale"));

    private static T Call<T>(string name, params object[] args) =>
        (T)Compiled.Value.GetType("Drivers")!.GetMethod(name)!.Invoke(null, args)!;
}
