using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's saddle at its input, s = (1, 1), timed as GradBench times it: the outer descent on (a, b), each
/// objective an inner ascent and each gradient the nested derivative of one, then the ascent on (x, y) at the
/// (a, b) found. The baseline is GradBench's <c>finite</c> tool (central differences inside and out), so the
/// Ratio column compares with GradBench's ratios of each tool to <c>finite</c>; <c>rr</c> and <c>fr</c> are the
/// generated outer reverse (MaxOverP2Gradient) and forward (two MaxOverP2Tangent) over the inner reverse
/// ObjectiveGradient, <c>rf</c> and <c>ff</c> the same over the inner forward ObjectiveTangent
/// (MaxOverP2ByTangents). The set-up throws unless every variant returns GradBench's answer.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchSaddleBenchmarks
{
    /// <summary>Each of the four entries GradBench's validator compares with (python/gradbench/gradbench/evals/saddle/run.py).</summary>
    private const double GradBenchAnswer = 8.246324826140356e-06;

    private double _start;

    [GlobalSetup]
    public void Setup()
    {
        _start = 1.0;
        foreach (var (variant, point, tolerance) in new[] { ("rr", Rr(), 1e-15), ("fr", Fr(), 1e-15), ("rf", Rf(), 1e-15), ("ff", Ff(), 1e-15), ("finite", Finite(), 1e-12) })
        {
            Agreement.Check($"saddle s=(1, 1), {variant}", GradBenchAnswer, point, tolerance);
        }
    }

    [Benchmark(Baseline = true)]
    public double[] Finite() => SaddleObjective.SolveFinite(_start, _start);

    [Benchmark]
    public double[] Rr() => SaddleObjective.SolveRr(_start, _start);

    [Benchmark]
    public double[] Fr() => SaddleObjective.SolveFr(_start, _start);

    [Benchmark]
    public double[] Rf() => SaddleObjective.SolveRf(_start, _start);

    [Benchmark]
    public double[] Ff() => SaddleObjective.SolveFf(_start, _start);
}
