using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Scaling;

/// <summary>
/// Mutually recursive [Differentiable] methods stand or fall together (the greatest fixed point): when one
/// of them can't be differentiated, none is, whichever is analyzed first, and each reports the call into
/// its partner; when all can, all are.
/// </summary>
public class MutualRecursionTests
{
    private const string Failing = """
        using GradientGen;

        public static class Opaque
        {
            public static double Shift(double x) => x + 1;
        }

        public static partial class Recursive
        {
            [Differentiable]
            public static double A(double x, int n)
            {
                if (n <= 0)
                {
                    return Opaque.Shift(x);
                }

                return B(x, n - 1);
            }

            [Differentiable]
            public static double B(double x, int n) => A(x, n) * 2.0;

            [Differentiable]
            public static double UsesB(double x) => B(x, 3) + x;
        }
        """;

    [Fact]
    public void When_one_partner_fails_none_is_generated_and_each_call_into_a_partner_is_reported()
    {
        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(Failing);
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Recursive.", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        string[] reported = [.. GeneratorHarness.AnalyzerDiagnostics(Failing).Select(d => $"{d.Id} {d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}").Order(StringComparer.Ordinal)];
        Assert.Equal(["GG0003 A(x, n)", "GG0003 B(x, 3)", "GG0003 B(x, n - 1)", "GG0003 Opaque.Shift(x)"], reported);
    }

    [Fact]
    public void When_every_partner_can_be_differentiated_all_are()
    {
        CompiledSource source = new("""
            using GradientGen;

            public static partial class Recursive
            {
                [Differentiable]
                public static double Even(double x, int n) => n <= 0 ? x : Odd(x, n - 1) * x;

                [Differentiable]
                public static double Odd(double x, int n) => n <= 0 ? x * x : Even(x, n - 1) + x;
            }
            """);

        // Even(x, 2) = Odd(x, 1) x = (Even(x, 0) + x) x = 2x²: derivative 4x.
        (double value, double[] gradient) = source.Method("Recursive", "Even").Backprop([1.5, 2]);
        Assert.Equal(4.5, value, 1e-12);
        Assert.Equal(6.0, gradient[0], 1e-12);
    }
}
