using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's particle at its input, w = 0, timed as GradBench times it: the whole gradient descent to the
/// control w*, one Euler flight per objective and one nested derivative per gradient. The baseline is GradBench's
/// <c>finite</c> tool (central differences inside and out), so the Ratio column compares with GradBench's ratios
/// of each tool to <c>finite</c>; <c>rr</c> and <c>fr</c> are the generated outer reverse (NaiveEulerGradient) and
/// forward (NaiveEulerTangent) over the inner reverse PotentialGradient, <c>rf</c> and <c>ff</c> the same over the
/// inner forward PotentialTangent (NaiveEulerByTangents). The set-up throws unless every variant
/// returns GradBench's answer.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchParticleBenchmarks
{
    /// <summary>What GradBench's validator compares with (python/gradbench/gradbench/evals/particle/run.py).</summary>
    private const double GradBenchAnswer = 0.2071918746486116;

    private double _start;

    [GlobalSetup]
    public void Setup()
    {
        _start = 0.0;
        Agreement.Check("particle w=0, rr, fr, rf and ff", GradBenchAnswer, [Rr(), Fr(), Rf(), Ff()], 1e-12);
        Agreement.Check("particle w=0, finite", GradBenchAnswer, [Finite()], 1e-8);
    }

    [Benchmark(Baseline = true)]
    public double Finite() => ParticleObjective.SolveFinite(_start);

    [Benchmark]
    public double Rr() => ParticleObjective.SolveRr(_start);

    [Benchmark]
    public double Fr() => ParticleObjective.SolveFr(_start);

    [Benchmark]
    public double Rf() => ParticleObjective.SolveRf(_start);

    [Benchmark]
    public double Ff() => ParticleObjective.SolveFf(_start);
}
