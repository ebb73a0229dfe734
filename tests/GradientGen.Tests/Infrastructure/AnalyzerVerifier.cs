using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DifferentiabilityAnalyzer"/> on markup source (<c>{|GG0001:…|}</c> pins id and span).
/// The attributes the generator would add are supplied as plain sources.
/// </summary>
internal static class AnalyzerVerifier
{
    public static async Task VerifyAsync(string markup)
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

        await test.RunAsync();
    }
}
