using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GradientGen.Analysis;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Scaling;

/// <summary>
/// Each [Differentiable] method is analyzed once per compilation, however many methods call it: a caller
/// reads its callees' results (a chain of N methods analyzed its last method N times, quadratic in all).
/// </summary>
public class AnalyzedOnceTests
{
    // Only these method names are counted, so tests running in parallel are unaffected.
    private const string Prefix = "GradientGenTestCounted";

    private static readonly ConcurrentDictionary<string, int> Analyses = new(StringComparer.Ordinal);

    static AnalyzedOnceTests() =>
        MethodAnalysis.AnalysisStarted = m =>
        {
            if (m.Name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                Analyses.AddOrUpdate(m.Name, 1, (_, n) => n + 1);
            }
        };

    [Fact]
    public void A_chain_and_a_shared_callee_are_each_analyzed_once_by_the_generator()
    {
        // M0 → M1 → … → M19, and every Mi also calls Shared.
        var text = new StringBuilder("using GradientGen;\npublic static partial class Counted\n{\n");
        text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double {Prefix}Shared(double x) => x * x;");
        for (int i = 0; i < 20; i++)
        {
            string next = i < 19 ? $"{Prefix}M{i + 1}(x)" : "x";
            text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double {Prefix}M{i}(double x) => {next} + {Prefix}Shared(x);");
        }

        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(text.Append('}').ToString());
        Assert.Equal(21, run.Results.Single().GeneratedSources.Count(s => s.HintName.StartsWith("Counted.", StringComparison.Ordinal) && !s.HintName.EndsWith(".Tangent.g.cs", StringComparison.Ordinal) && !s.HintName.EndsWith(".Hessian.g.cs", StringComparison.Ordinal)));
        Assert.Equal(21, Analyses.Count);
        Assert.All(Analyses, kv => Assert.Equal(1, kv.Value));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
