using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's llsq at m = 128 coefficients (x uniform in [0, 1)) and n sample points of its range
/// (16 … 16,392): y(x) (the baseline), its generated gradient and the normal-equations gradient by hand.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchLlsqBenchmarks
{
    private const int M = 128;
    private double[] _x = null!;
    private double[] _gradient = null!;

    [Params(16, 1024, 16392)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = GradBenchInputs.Uniform(M, 31337);
        _gradient = new double[M];
        double[] hand = new double[M];
        double handValue = GradBenchHandGradients.LlsqGradient(_x, N, hand);
        Agreement.Check($"llsq n={N}, value", Objective(), [Generated(), handValue], 1e-10);
        Agreement.Check($"llsq n={N}, gradient", hand, _gradient, 1e-10);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => LlsqObjective.Objective(_x, N);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return LlsqObjective.ObjectiveBackward(_x, N, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand() => GradBenchHandGradients.LlsqGradient(_x, N, _gradient);
}
