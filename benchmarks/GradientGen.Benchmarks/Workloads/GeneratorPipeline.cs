using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// Runs GradientGen's generator and analyzer in-process the way a build does (the analyzer sees the
/// generated code), and checks that a run did the work, so that a timing can never be of a run that
/// silently generated nothing.
/// </summary>
internal static class GeneratorPipeline
{
    /// <summary>A driver that has run on nothing yet; <paramref name="trackSteps"/> records each step's run reasons (and costs time).</summary>
    public static GeneratorDriver Driver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new DifferentiableGenerator().AsSourceGenerator()],
        parseOptions: SyntheticProject.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

    /// <summary>The analyzer over a whole compilation, which should include the generated trees.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers([new DifferentiabilityAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// The project with the run's generated trees added. Throws unless the run generated exactly one backward file
    /// per method of <paramref name="project"/>, the generator reported nothing, the output compiles without
    /// warnings, and the analyzer over it reports no error (nor crashes: an exception comes back as AD0001).
    /// </summary>
    public static Compilation Verify(SyntheticProject project, Compilation input, GeneratorDriverRunResult run)
    {
        GeneratorRunResult result = run.Results.Single();
        if (result.Exception is not null || !result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"The generator failed: {result.Exception?.Message ?? string.Join("; ", result.Diagnostics)}");
        }

        var expected = project.GeneratedHintNames.ToHashSet(StringComparer.Ordinal);
        // Each method's backward file; its forward-mode and second-order files (…Tangent.g.cs, …Hessian.g.cs) come beside it.
        string[] perMethod = [.. result.GeneratedSources.Select(s => s.HintName)
            .Where(h => h.StartsWith("Synthetic.", StringComparison.Ordinal) && !h.EndsWith(".Tangent.g.cs", StringComparison.Ordinal) && !h.EndsWith(".Hessian.g.cs", StringComparison.Ordinal))];
        if (perMethod.Length != expected.Count || !expected.SetEquals(perMethod))
        {
            throw new InvalidOperationException($"Expected one generated file per method ({expected.Count}), got {perMethod.Length}; missing: {string.Join(", ", expected.Except(perMethod).Take(5))}");
        }

        Compilation output = input.AddSyntaxTrees(run.GeneratedTrees);
        Diagnostic[] compilerIssues = [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
        if (compilerIssues.Length > 0)
        {
            throw new InvalidOperationException($"The project with its generated code does not compile cleanly: {string.Join("; ", compilerIssues.Take(5))}");
        }

        Diagnostic[] errors = [.. Analyze(output).Where(d => d.Severity == DiagnosticSeverity.Error || !d.Id.StartsWith("GG", StringComparison.Ordinal))];
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"The analyzer reported {errors.Length} errors or failures: {string.Join("; ", errors.Take(5))}");
        }

        return output;
    }
}
