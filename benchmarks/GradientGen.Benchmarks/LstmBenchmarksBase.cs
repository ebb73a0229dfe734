using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// An ADBench LSTM objective F (the baseline), its generated gradient and the hand-written gradient, on one
/// input of data/adbench; the [GlobalSetup] throws unless the three agree (and match the golden, if kept).
/// A derived class names the inputs and the objective: <see cref="LstmBenchmarks"/> the one shaped for
/// GradientGen, <see cref="LstmPlainBenchmarks"/> the one written the plain way.
/// </summary>
public abstract class LstmBenchmarksBase
{
    private LstmInput _input = null!;
    private double[] _gradient = null!;

    /// <summary>The input, relative to data/adbench.</summary>
    public abstract string File { get; set; }

    /// <summary>Names the objective in agreement errors.</summary>
    protected abstract string Label { get; }

    private protected abstract double Primal(LstmInput l);

    /// <summary>The generated backward with dResult = 1, adjoints [∂main_params | ∂extra_params] in <paramref name="all"/>.</summary>
    private protected abstract double Backward(LstmInput l, Span<double> all);

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Lstm(File);
        _gradient = new double[_input.ParameterCount];
        double[] hand = new double[_input.ParameterCount];
        double value = Generated();
        double handValue = ByHand(hand);
        Agreement.Check($"{Label} {File}, value", Objective(), [value, handValue], 1e-8);
        Agreement.Check($"{Label} {File}, gradient", hand, _gradient, 1e-8);
        Agreement.CheckGolden(File, _gradient);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Primal(_input);

    [Benchmark]
    public double Generated()
    {
        Span<double> all = _gradient;
        all.Clear();
        return Backward(_input, all);
    }

    [Benchmark]
    public double ByHand() => ByHand(_gradient);

    private double ByHand(double[] gradient) => LstmHandGradient.Gradient(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B, gradient);
}
