using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GradientGen.Benchmarks.Workloads;
using Microsoft.CodeAnalysis;

namespace GradientGen.Benchmarks.Analysis;

/// <summary>
/// <c>--compile-time</c>: a quick look, without BenchmarkDotNet, at the generator's and the analyzer's time
/// on synthetic projects of 10 to 1,000 methods (<see cref="CompileTimeBenchmarks"/> measures the same
/// operations properly), and at how many methods' pipeline steps an edit to one method's body re-runs,
/// from the driver's tracked steps. The compiler's own diagnostics on the analyzer's compilation are shown
/// beside the analyzer because the analyzer's run includes them (it binds every method body).
/// </summary>
internal static class CompileTimeReport
{
    // The fastest of a few runs, as in --ablation: on a shared machine other processes only ever add time.
    private const int Runs = 5;
    private static readonly int[] MethodCounts = [10, 100, 200, 1000];

    public static int Run(TextWriter output)
    {
        // The warm-up is one untimed pass over every size: Roslyn and the generator are JIT-compiled, and one
        // run of one size leaves them half tiered up (the 100-method cold run took 370 ms at first and 110 ms after about 30 runs).
        foreach (int n in MethodCounts)
        {
            Measure(n, runs: 1);
        }

        output.WriteLine($"{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical cores, load average {LoadAverage()}");
        output.WriteLine($"Wall-clock ms, the fastest of {Runs} runs after a warm-up pass; in parentheses the process's CPU ms in the same run (all threads: GC, JIT)");
        output.WriteLine();
        output.WriteLine("| Methods | Generator, cold | ms / method | Analyzer | ms / method | Compiler alone, same compilation | Generator after an edit | Analysis re-ran (changed) | Models changed | Files re-emitted |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int n in MethodCounts)
        {
            Row r = Measure(n, Runs);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {n:N0} | {r.Cold.Wall:F0} ({r.Cold.Cpu:F0}) | {r.Cold.Wall / n:F2} | {r.Analyzer.Wall:F0} ({r.Analyzer.Cpu:F0}) | {r.Analyzer.Wall / n:F2} | {r.Compiler.Wall:F0} ({r.Compiler.Cpu:F0}) | {r.Edit.Wall:F0} ({r.Edit.Cpu:F0}) | {r.Analyzed} ({r.AnalysisChanged}) | {r.ModelsChanged} | {r.Emitted} |"));
        }

        return 0;
    }

    private static Row Measure(int n, int runs)
    {
        var project = SyntheticProject.Create(n);
        var session = new EditSession(project);
        ImmutableArray<SyntaxTree> withGenerated = [.. GeneratorPipeline.Verify(project, session.Current, session.LastRun).SyntaxTrees];
        session.Edit();
        GeneratorPipeline.Verify(project, session.Current, session.LastRun);

        Time cold = Fastest(runs, () => GeneratorPipeline.Driver().RunGeneratorsAndUpdateCompilation(project.Compilation(), out _, out _));
        Time analyzer = Fastest(runs, () => GeneratorPipeline.Analyze(SyntheticProject.CompilationOf(withGenerated)));
        Time compiler = Fastest(runs, () => SyntheticProject.CompilationOf(withGenerated).GetDiagnostics());
        Time edit = Fastest(runs, () => session.Edit());
        (int analyzed, int analysisChanged, int modelsChanged, int emitted) = StepsRerunAfterEdit(project);
        return new Row(cold, analyzer, compiler, edit, analyzed, analysisChanged, modelsChanged, emitted);
    }

    private static Time Fastest(int runs, Action run)
    {
        var times = new Time[runs];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            run();
            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            times[i] = new Time(wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        return times.MinBy(t => t.Wall);
    }

    /// <summary>
    /// After one edit, with the steps tracked: the analysis outputs that were computed again (changed: those
    /// that differ from before), the model outputs that changed, and the files the output step wrote again.
    /// </summary>
    private static (int Analyzed, int AnalysisChanged, int ModelsChanged, int Emitted) StepsRerunAfterEdit(SyntheticProject project)
    {
        var session = new EditSession(project, trackSteps: true);
        session.Edit();
        GeneratorRunResult result = session.LastRun.Results.Single();
        IncrementalStepRunReason[] analysis = Reasons(result.TrackedSteps[DifferentiableGenerator.AnalysisStep]);
        IncrementalStepRunReason[] models = Reasons(result.TrackedSteps[DifferentiableGenerator.ModelStep]);
        IncrementalStepRunReason[] outputs = Reasons(result.TrackedOutputSteps.SelectMany(kv => kv.Value));
        return (
            analysis.Count(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Removed)),
            analysis.Count(IsChange),
            models.Count(IsChange),
            outputs.Count(IsChange));
    }

    private static IncrementalStepRunReason[] Reasons(IEnumerable<IncrementalGeneratorRunStep> steps) =>
        [.. steps.SelectMany(s => s.Outputs).Select(o => o.Reason)];

    private static bool IsChange(IncrementalStepRunReason reason) =>
        reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified;

    // The machine is shared: the load average says how far to trust the wall-clock figures.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private readonly record struct Time(double Wall, double Cpu);

    private readonly record struct Row(Time Cold, Time Analyzer, Time Compiler, Time Edit, int Analyzed, int AnalysisChanged, int ModelsChanged, int Emitted);
}
