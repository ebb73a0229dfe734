using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's lse at its sizes (n = 2,500 … 1,280,000, x uniform in [0, 1)): LSE(x) (the baseline), its
/// generated gradient and softmax by hand, so the Ratio column is J/F. The set-up throws unless they agree.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchLseBenchmarks
{
    private double[] _x = null!;
    private double[] _gradient = null!;

    [Params(2500, 160000, 1280000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = GradBenchInputs.Uniform(N, 31337);
        _gradient = new double[N];
        double[] hand = new double[N];
        double handValue = GradBenchHandGradients.LseGradient(_x, hand);
        Agreement.Check($"lse n={N}, value", Objective(), [Generated(), handValue], 1e-12);
        Agreement.Check($"lse n={N}, gradient", hand, _gradient, 1e-12);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => LseObjective.LogSumExp(_x);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return LseObjective.LogSumExpBackward(_x, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand() => GradBenchHandGradients.LseGradient(_x, _gradient);
}
