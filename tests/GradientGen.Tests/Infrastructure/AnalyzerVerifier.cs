using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DifferentiabilityAnalyzer"/> on markup source (<c>{|GG0001:…|}</c> pins id and span).
/// The attributes the generator would add are supplied as plain sources.
/// </summary>
internal static class AnalyzerVerifier
{
    /// <param name="allowUnsafe">Compile with <c>/unsafe</c>, for sources with <c>unsafe</c> blocks.</param>
    public static async Task VerifyAsync(string markup, bool allowUnsafe = false)
    {
        var test = new CSharpAnalyzerTest<DifferentiabilityAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestRefs.Empty,
            TestCode = markup,
        };
        test.TestState.AdditionalReferences.AddRange(TestRefs.Net100);
        foreach ((string hint, string text) in SnapshotVerifier.FixedFiles.Value)
        {
            test.TestState.Sources.Add((hint, text));
        }

        if (allowUnsafe)
        {
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
            });
        }

        await test.RunAsync();
    }

    /// <summary>The message of the one <paramref name="id"/> diagnostic on the markup's source (markup removed).</summary>
    public static string MessageOf(string markup, string id)
    {
        string source = Regex.Replace(markup, @"\{\|GG\d{4}:|\|\}", string.Empty);
        return Assert.Single(GeneratorHarness.AnalyzerDiagnostics(source), d => d.Id == id).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }
}
