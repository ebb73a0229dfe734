using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DifferentiabilityAnalyzer"/> on markup source, applies <typeparamref name="TFix"/> to its
/// diagnostics and checks the fixed source, whose markup lists every diagnostic the analyzer still reports
/// there (and any compiler error). The attributes the generator would add are supplied as plain sources.
/// </summary>
internal static class CodeFixVerifier<TFix>
    where TFix : CodeFixProvider, new()
{
    /// <summary>One file, before and after; <paramref name="equivalenceKey"/> picks the fix when several are offered.</summary>
    public static Task VerifyAsync(string markup, string fixedMarkup, string? equivalenceKey = null, CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None) =>
        VerifyAsync([markup], [fixedMarkup], equivalenceKey, behaviors);

    /// <summary>Several files (Test0.cs, Test1.cs, …), for a fix that edits another file than the diagnostic's.</summary>
    public static async Task VerifyAsync(string[] markups, string[] fixedMarkups, string? equivalenceKey = null, CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None)
    {
        var test = new CSharpCodeFixTest<DifferentiabilityAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestRefs.Empty,
            CodeActionEquivalenceKey = equivalenceKey,
            CodeFixTestBehaviors = behaviors,
        };
        test.TestState.AdditionalReferences.AddRange(TestRefs.Net100);
        foreach (string markup in markups)
        {
            test.TestState.Sources.Add(markup);
        }

        foreach (string markup in fixedMarkups)
        {
            test.FixedState.Sources.Add(markup);
        }

        foreach ((string hint, string text) in SnapshotVerifier.FixedFiles.Value)
        {
            test.TestState.Sources.Add((hint, text));
            test.FixedState.Sources.Add((hint, text));
        }

        await test.RunAsync();
    }
}
