using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using GradientGen.Benchmarks.Workloads;
using Microsoft.CodeAnalysis;

namespace GradientGen.Benchmarks;

/// <summary>
/// Compile time and IDE responsiveness: the generator and the analyzer run in-process (Roslyn's driver)
/// on a synthetic project of N [Differentiable] methods, cold and after an edit to one method's body.
/// </summary>
/// <remarks>
/// Five warm-up iterations of 1 s each, even under <c>--job short</c>: Roslyn and the generator are
/// JIT-compiled and tier up only after a few seconds of work (the 100-method cold run took 370 ms at first and
/// 110 ms after about 30 runs). A long-lived compiler server or IDE process runs them tiered up, so that is
/// the state to measure. Min is shown beside Mean because on a shared machine other processes only ever add time.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[WarmupCount(5)]
[IterationTime(1000)]
public class CompileTimeBenchmarks
{
    private SyntheticProject _project = null!;
    private ImmutableArray<SyntaxTree> _withGenerated;
    private EditSession _session = null!;

    /// <summary>Number of [Differentiable] methods in the project.</summary>
    [Params(10, 100, 200, 1000)]
    public int Methods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _project = SyntheticProject.Create(Methods);
        _session = new EditSession(_project);
        _withGenerated = [.. GeneratorPipeline.Verify(_project, _session.Current, _session.LastRun).SyntaxTrees];
        _session.Edit();
        GeneratorPipeline.Verify(_project, _session.Current, _session.LastRun);
    }

    /// <summary>A build: a new driver on a new compilation, generated trees added to it.</summary>
    [Benchmark]
    public Compilation GeneratorColdRun()
    {
        GeneratorPipeline.Driver().RunGeneratorsAndUpdateCompilation(_project.Compilation(), out Compilation output, out _);
        return output;
    }

    /// <summary>The analyzer over a new compilation of the project and its generated code.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> AnalyzerRun() => GeneratorPipeline.Analyze(SyntheticProject.CompilationOf(_withGenerated));

    /// <summary>
    /// For reference: the compiler's own diagnostics on the compilation <see cref="AnalyzerRun"/> analyzes. The
    /// analyzer's run includes this work (it binds every method body to raise the events its actions hang on),
    /// which a build does anyway.
    /// </summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> CompilerDiagnostics() => SyntheticProject.CompilationOf(_withGenerated).GetDiagnostics();

    /// <summary>The generator again after an edit to one method's body (the driver has run on the previous version).</summary>
    [Benchmark]
    public GeneratorDriver GeneratorRerunAfterEdit() => _session.Edit();
}
