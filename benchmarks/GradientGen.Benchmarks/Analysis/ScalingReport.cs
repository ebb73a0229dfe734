using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GradientGen.Benchmarks.Workloads;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Benchmarks.Analysis;

/// <summary>
/// <c>--scaling [workload size]… [--stack MB] [--runs N]</c>: the generator's and the analyzer's wall-clock
/// time on <see cref="ScalingSources"/>, each run on a thread of the given stack size (1 MB by default, the
/// smallest a compiler host gives; a larger one measures a build that would overflow). Without a workload,
/// the whole table of docs/benchmarks.md's "Scaling" section.
/// </summary>
internal static class ScalingReport
{
    private static readonly (string Workload, int Size)[] Table =
    [
        ("chain", 100), ("chain", 300), ("chain", 1000), ("independent", 1000),
        ("straight", 1000), ("straight", 10000), ("sum", 1000), ("sum", 10000),
    ];

    public static int Run(string[] args, TextWriter output)
    {
        int stackMb = Option(args, "--stack", 1);
        int runs = Option(args, "--runs", 3);
        var selected = new List<(string, int)>();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int size))
            {
                selected.Add((args[i], size));
                i++;
            }
        }

        (string Workload, int Size)[] rows = selected.Count > 0 ? [.. selected] : Table;

        // One untimed pass over the smallest sizes: JIT-compile Roslyn and the generator first.
        OnThread(stackMb, () => Measure("chain", 50, runs: 1));
        output.WriteLine($"{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical cores, {stackMb} MB thread, load average {LoadAverage()}");
        output.WriteLine($"Wall-clock ms, the fastest of {runs} runs; in parentheses the process's CPU ms in the same run (all threads: GC, JIT)");
        output.WriteLine();
        output.WriteLine("| Workload | Size | Generator | Analyzer (compiler included) | Compiler alone |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string workload, int size) in rows)
        {
            Row r = default;
            OnThread(stackMb, () => r = Measure(workload, size, runs));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload} | {size:N0} | {r.Generator} | {r.Analyzer} | {r.Compiler} |"));
        }

        output.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static Row Measure(string workload, int size, int runs)
    {
        (string source, string type) = workload switch
        {
            "chain" => (ScalingSources.Chain(size), "Chain"),
            "independent" => (ScalingSources.Independent(size), "Independent"),
            "straight" => (ScalingSources.StraightLine(size), "StraightLine"),
            "sum" => (ScalingSources.Sum(size), "Sum"),
            _ => throw new ArgumentException($"unknown workload '{workload}'"),
        };
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, SyntheticProject.ParseOptions, path: "Scaling.cs");
        int expectedFiles = workload is "chain" or "independent" ? size : 1;

        Compilation? output = null;
        Time generator = Fastest(runs, () =>
        {
            GeneratorPipeline.Driver().RunGeneratorsAndUpdateCompilation(SyntheticProject.CompilationOf([tree]), out output, out ImmutableArray<Diagnostic> diagnostics);
            if (!diagnostics.IsEmpty)
            {
                throw new InvalidOperationException($"The generator failed: {string.Join("; ", diagnostics.Take(3))}");
            }
        });
        ImmutableArray<SyntaxTree> trees = [.. output!.SyntaxTrees];
        int generated = trees.Count(t => Path.GetFileName(t.FilePath).StartsWith(type + ".", StringComparison.Ordinal));
        if (generated != expectedFiles)
        {
            throw new InvalidOperationException($"{workload} {size}: expected {expectedFiles} generated files, got {generated}");
        }

        Time analyzer = Fastest(runs, () =>
        {
            Diagnostic[] errors = [.. GeneratorPipeline.Analyze(SyntheticProject.CompilationOf(trees)).Where(d => d.Severity == DiagnosticSeverity.Error || !d.Id.StartsWith("GG", StringComparison.Ordinal))];
            if (errors.Length > 0)
            {
                throw new InvalidOperationException($"The analyzer reported: {string.Join("; ", errors.Take(3))}");
            }
        });
        Time compiler = Fastest(runs, () => SyntheticProject.CompilationOf(trees).GetDiagnostics());
        return new Row(generator, analyzer, compiler);
    }

    private static Time Fastest(int runs, Action run)
    {
        Time best = new(double.MaxValue, 0);
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            run();
            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            if (wall < best.Wall)
            {
                best = new Time(wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        return best;
    }

    private static void OnThread(int stackMb, Action action)
    {
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            stackMb * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException(failure.Message, failure);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private readonly record struct Time(double Wall, double Cpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall:F0} ({Cpu:F0})");
    }

    private readonly record struct Row(Time Generator, Time Analyzer, Time Compiler);
}
