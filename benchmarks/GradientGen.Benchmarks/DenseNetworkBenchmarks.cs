using BenchmarkDotNet.Attributes;
using GradientGen.Tests.DenseNetwork;

namespace GradientGen.Benchmarks;

/// <summary>
/// The class's dense network, 784-128-10 with tanh and squared error, all 101,770 parameters in one flat
/// vector: the loss F (baseline), its generated gradient and hand-written backpropagation, batch 1 and 64.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class DenseNetworkBenchmarks
{
    private double[] _p = null!;
    private double[] _x = null!;
    private double[] _t = null!;
    private double[] _gradient = null!;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _p = Enumerable.Range(0, DenseNetworkObjective.ParameterCount).Select(_ => (random.NextDouble() - 0.5) * 0.1).ToArray();
        _x = Enumerable.Range(0, Batch * DenseNetworkObjective.Inputs).Select(_ => random.NextDouble()).ToArray();
        _t = Enumerable.Range(0, Batch * DenseNetworkObjective.Outputs).Select(_ => random.NextDouble()).ToArray();
        _gradient = new double[DenseNetworkObjective.ParameterCount];
        double[] hand = new double[DenseNetworkObjective.ParameterCount];
        double value = Generated();
        double handValue = DenseNetworkHandGradient.Gradient(_p, _x, _t, Batch, hand);
        Agreement.Check($"dense network batch {Batch}, value", Objective(), [value, handValue], 1e-10);
        Agreement.Check($"dense network batch {Batch}, gradient", hand, _gradient, 1e-10);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => DenseNetworkObjective.Loss(_p, _x, _t, Batch);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return DenseNetworkObjective.LossBackward(_p, _x, _t, Batch, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand()
    {
        Array.Clear(_gradient);
        return DenseNetworkHandGradient.Gradient(_p, _x, _t, Batch, _gradient);
    }
}
