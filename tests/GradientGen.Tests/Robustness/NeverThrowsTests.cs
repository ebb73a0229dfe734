using System.Collections.Immutable;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Properties;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradientGen.Tests.Robustness;

/// <summary>
/// The generator and the analyzer never throw, whatever the input: over the random programs of the
/// property test (all supported, so no GG error either), and over the same programs damaged the way a
/// user's half-typed code is (cut short, a token deleted, a construct GradientGen refuses spliced in).
/// A thrown exception would show as CS8785 from the generator or AD0001 from the analyzer.
/// </summary>
public class NeverThrowsTests
{
    private const int Programs = 100;

    // Constructs spliced into the programs: unsupported, ill-typed or incomplete code.
    private static readonly string[] Splices =
    [
        "dynamic d = x; ", "x = (double)(decimal)x; ", "unsafe { double* p = &x; x = *p; } ", "goto end; ", "Func<double, double> f = t => t * x; x = f(y); ",
        "x %= 2; ", "ref double r = ref x; ", "x = this.x; ", "(x, y) = (y, x); ", "x = Math.IEEERemainder(x, y); ", "x = default; ", "throw null; ",
        "x = Opaque(x); ", "await Task.Yield(); ", "x = new System.Numerics.Complex(x, 0).Real; ", "{ ", "} ", "( ", "[Differentiable] ", "x = n switch { > 0 => x, }; ",
    ];

    [Fact]
    public async Task Random_programs_get_no_diagnostic_and_no_exception()
    {
        RandomProgram[] programs = Enumerable.Range(0, Programs).Select(i => ProgramGenerator.Generate(i * 7919, 1 + (i % 4))).ToArray();
        ImmutableArray<Diagnostic> diagnostics = await RunBoth(RandomProgram.Source(programs));
        Assert.Empty(diagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error || d.Id == "AD0001"));
    }

    [Fact]
    public async Task Damaged_programs_never_make_the_generator_or_the_analyzer_throw()
    {
        var random = new Random(20261127);
        var sources = new List<string>();
        for (int i = 0; i < Programs; i++)
        {
            string source = RandomProgram.Source([ProgramGenerator.Generate(i * 104729, 1 + (i % 4))]).Replace("class Programs", "class Programs" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            int body = source.IndexOf("static double P0", StringComparison.Ordinal);
            int at = random.Next(body, source.Length);
            sources.Add((i % 3) switch
            {
                0 => source[..at],
                1 => source.Remove(at, Math.Min(random.Next(1, 12), source.Length - at)),
                _ => source.Insert(source.IndexOf(';', at) is int semicolon and >= 0 ? semicolon + 1 : at, " " + Splices[random.Next(Splices.Length)]),
            });
        }

        ImmutableArray<Diagnostic> diagnostics = await RunBoth([.. sources]);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "GG9999");
    }

    /// <summary>Runs the generator, asserts it neither threw nor reported, then the analyzer over its output.</summary>
    private static async Task<ImmutableArray<Diagnostic>> RunBoth(params string[] sources)
    {
        CSharpCompilation input = GeneratorHarness.Compile(sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        Assert.Empty(generatorDiagnostics);
        // An exception in the analyzer is reported as an AD0001 diagnostic here.
        return await output.WithAnalyzers([new DifferentiabilityAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }
}
