using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// Pins the exact generated text with the Roslyn testing library: every generated file must be listed,
/// byte for byte, and the whole compilation must be free of diagnostics.
/// </summary>
internal static class SnapshotVerifier
{
    /// <summary>The generator's post-initialization files, whose text depends on the Roslyn version: taken from a live run.</summary>
    internal static readonly Lazy<(string Hint, string Text)[]> FixedFiles = new(() =>
        GeneratorHarness.Driver().RunGenerators(CSharpCompilation.Create("empty")).GetRunResult().Results.Single()
            .GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToArray());

    public static async Task VerifyAsync(string source, params (string HintName, string Text)[] expected)
    {
        var test = new CSharpSourceGeneratorTest<DifferentiableGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = TestRefs.Empty,
            TestState = { Sources = { source } },
        };
        test.TestState.AdditionalReferences.AddRange(TestRefs.Net100);

        // A project with <Nullable>enable</Nullable>, as GeneratorHarness compiles: in a nullable-oblivious one
        // the generated file turns nullable warnings off for the copied code (#nullable disable warnings).
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable));
        });
        foreach ((string hint, string text) in FixedFiles.Value)
        {
            test.TestState.GeneratedSources.Add((typeof(DifferentiableGenerator), hint, SourceText.From(text, Encoding.UTF8)));
        }

        foreach ((string hint, string text) in expected)
        {
            test.TestState.GeneratedSources.Add((typeof(DifferentiableGenerator), hint, SourceText.From(text, Encoding.UTF8)));
        }

        // A snapshot of backward files pins those; the forward-mode and second-order files it doesn't list are
        // taken from a live run (their own snapshots list theirs, see Tangents/TangentSnapshotTests and
        // SecondOrder/HessianSnapshotTests).
        foreach (GeneratedSourceResult other in GeneratorHarness.Generate(source).Run.Results.Single().GeneratedSources)
        {
            if ((other.HintName.EndsWith(".Tangent.g.cs", StringComparison.Ordinal) || other.HintName.EndsWith(".Hessian.g.cs", StringComparison.Ordinal))
                && !expected.Any(e => e.HintName == other.HintName))
            {
                test.TestState.GeneratedSources.Add((typeof(DifferentiableGenerator), other.HintName, SourceText.From(other.SourceText.ToString(), Encoding.UTF8)));
            }
        }

        // SNAPSHOT_DUMP=<folder> writes each pinned file the generator no longer emits byte for byte, as
        // <hint>.expected and <hint>.actual, so that an intended change of the generated text can be reviewed
        // as a diff and copied into the test.
        if (Environment.GetEnvironmentVariable("SNAPSHOT_DUMP") is { } dir)
        {
            var run = GeneratorHarness.Generate(source).Run.Results.Single().GeneratedSources;
            foreach ((string hint, string text) in expected)
            {
                string actual = run.Single(g => g.HintName == hint).SourceText.ToString();
                if (actual != text)
                {
                    Directory.CreateDirectory(dir);
                    File.WriteAllText(Path.Combine(dir, hint + ".expected"), text);
                    File.WriteAllText(Path.Combine(dir, hint + ".actual"), actual);
                }
            }
        }

        await test.RunAsync();
    }
}
