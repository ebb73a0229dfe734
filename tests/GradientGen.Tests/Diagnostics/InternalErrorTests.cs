using GradientGen.Analysis;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Diagnostics;

/// <summary>An unexpected exception inside the analysis is a located GG9999 error, never a crash or a broken build.</summary>
public class InternalErrorTests
{
    // Only this method name trips the fault, so tests running in parallel are unaffected.
    private const string Exploding = "GradientGenTestExplodes";

    static InternalErrorTests() =>
        MethodAnalysis.FaultInjection = m => m.Name == Exploding ? new InvalidOperationException("injected failure") : null;

    private const string Source = $$"""
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double {{Exploding}}(double x) => x * x;

            [Differentiable]
            public static double Fine(double x) => x * x;
        }
        """;

    [Fact]
    public void Analyzer_reports_GG9999_on_the_method_name_with_the_exception_message()
    {
        Diagnostic d = Assert.Single(GeneratorHarness.AnalyzerDiagnostics(Source));
        Assert.Equal("GG9999", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(Exploding, d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("InvalidOperationException: injected failure", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_skips_only_the_failing_method_and_reports_nothing_itself()
    {
        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(Source);
        GeneratorRunResult result = run.Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "C.Fine.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains(Exploding, StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
