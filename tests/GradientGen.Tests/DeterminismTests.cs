using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests;

/// <summary>The same input gives byte-identical output, run after run and driver after driver.</summary>
public class DeterminismTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class D
        {
            [Differentiable]
            public static double F(double x, double y, int n)
            {
                double a = x * y;
                x = Math.Sin(a) + x;
                a += Math.Pow(x, y) * n;
                return G(a, x) + Math.Atan2(y, x);
            }

            [Differentiable]
            public static double G(double p, double q) => Math.Exp(p - q) * Math.Max(p, q);
        }
        """;

    [Fact]
    public void Two_independent_runs_generate_identical_text()
    {
        var first = GeneratorHarness.Generate(Source).Run.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
        var second = GeneratorHarness.Generate(Source).Run.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
        Assert.Equal(first, second);
        Assert.Contains(first, f => f.HintName == "D.F.g.cs");
    }

    [Fact]
    public void Generated_code_uses_unix_line_endings_and_no_trailing_whitespace()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "D.F.g.cs");
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split('\n'), line => line.EndsWith(' '));
    }

    [Fact]
    public void Generated_code_compiles_with_warnings_as_errors_and_computes_the_gradient()
    {
        var f = new Differentiated(GeneratorHarness.CompileAndLoad(Source), "D", "F");
        GradientAssert.MatchesFiniteDifferences(f, [0, 1], [[0.7, 1.3, 2], [1.1, 0.4, 3], [2.0, 2.5, 1]]);
    }
}
