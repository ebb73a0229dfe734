using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A product by a factor its left (or right) operand already holds, <c>(c * s) * s</c>: the outer product's reverse
/// gives s <c>(g + g) * t</c> (<c>(g * 2c) * s</c> when c is a literal) and the inner one's gives s nothing
/// (<c>RepeatedFactors</c>). Each method against its
/// closed-form derivatives at several points, and the reverse's text where it folds and where it must not (a square
/// inside, s set between the two products).
/// </summary>
public class RepeatedFactorsTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Chains
        {
            [Differentiable]
            public static double Constant(double s) => 100 * s * s;

            [Differentiable]
            public static float ConstantFloat(float s) => 100f * s * s;

            [Differentiable]
            public static double Active(double k, double s) => 0.5 * k * s * s;

            [Differentiable]
            public static double Cube(double a, double s) => a * s * s * s;

            [Differentiable]
            public static double RightFirst(double k, double s) => s * (k * s);

            [Differentiable]
            public static double SquareInside(double s) => (s * s) * s;

            [Differentiable]
            public static double SetBetween(double k, double s) => k * s * (s = s + 1);
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    public static TheoryData<string, Func<double, double, double[]>> Gradients => new()
    {
        { "Active", (k, s) => [0.5 * s * s, k * s] },
        { "Cube", (a, s) => [s * s * s, 3 * a * s * s] },
        { "RightFirst", (k, s) => [s * s, 2 * k * s] },
        { "SetBetween", (k, s) => [s * (s + 1), k * (2 * s + 1)] },
    };

    [Theory]
    [MemberData(nameof(Gradients))]
    public void Two_argument_chains_match_their_closed_forms(string name, Func<double, double, double[]> gradient)
    {
        var f = new Differentiated(Compiled.Value.Assembly, "Chains", name);
        foreach ((double a, double b) in new[] { (0.3, -0.7), (-1.1, 0.4), (2.5, 1.3), (1.7, -2.2) })
        {
            (double value, double[] adjoints) = f.Backprop([a, b]);
            Assert.Equal(f.Value(a, b), value);
            double[] expected = gradient(a, b);
            GradientAssert.Close(expected[0], adjoints[0], 1e-12, $"{name}: d/d1 at ({a}, {b})");
            GradientAssert.Close(expected[1], adjoints[1], 1e-12, $"{name}: d/d2 at ({a}, {b})");
        }
    }

    [Theory]
    [InlineData("Constant", 200.0, 1.0)]
    [InlineData("SquareInside", 0.0, 3.0)]
    public void One_argument_chains_match_their_closed_forms(string name, double linear, double square)
    {
        // 100·s² → 200·s; s³ → 3·s².
        var f = new Differentiated(Compiled.Value.Assembly, "Chains", name);
        foreach (double s in new[] { -1.3, 0.2, 0.9, 2.4 })
        {
            (double value, double[] adjoints) = f.Backprop([s]);
            Assert.Equal(f.Value(s), value);
            GradientAssert.Close(name == "Constant" ? linear * s : square * s * s, adjoints[0], 1e-12, $"{name} at {s}");
        }
    }

    [Theory]
    [InlineData("Constant", "dS += (dResult * 200.0) * s;")]
    [InlineData("ConstantFloat", "dS += (dResult * 200f) * s;")]
    [InlineData("Active", "dS += (dResult + dResult) * t1;")]
    [InlineData("RightFirst", "dS += (dResult + dResult) * t0;")]
    [InlineData("Cube", "dS += dT1 * (t0 + t0);")]
    public void The_repeated_factor_gets_one_doubled_term(string name, string line)
    {
        string reverse = Reverse(name);
        Assert.Contains(line, reverse.Split('\n').Select(l => l.Trim()));
        // The inner product's reverse gives s nothing: one term for s per product of two s, a second only for a third s.
        Assert.Equal(name == "Cube" ? 2 : 1, reverse.Split('\n').Count(l => l.Trim().StartsWith("dS +=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("SquareInside")]
    [InlineData("SetBetween")]
    public void A_square_inside_or_the_factor_set_between_is_not_folded(string name) =>
        Assert.DoesNotContain("(dResult + dResult) * t", Reverse(name), StringComparison.Ordinal);

    private static string Reverse(string name)
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Chains.{name}.g.cs");
        return text.Substring(text.IndexOf("// Reverse sweep", StringComparison.Ordinal));
    }
}
