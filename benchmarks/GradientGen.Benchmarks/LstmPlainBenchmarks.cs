using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// ADBench LSTM written the plain way (<see cref="LstmPlainObjective"/>: the C++ loops kept apart through
/// scratch arrays, sigmoid and logsumexp inline) beside the same hand-written gradient as
/// <see cref="LstmBenchmarks"/>. The baseline is the plain objective.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class LstmPlainBenchmarks
{
    private LstmInput _input = null!;
    private double[] _gradient = null!;

    [Params("lstm/lstm_l2_c1024.txt", "lstm/lstm_l4_c1024.txt")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Lstm(File);
        _gradient = new double[_input.ParameterCount];
        double[] hand = new double[_input.ParameterCount];
        double value = Generated();
        double handValue = ByHand(hand);
        Agreement.Check($"plain LSTM {File}, value", Objective(), [value, handValue], 1e-8);
        Agreement.Check($"plain LSTM {File}, gradient", hand, _gradient, 1e-8);
        Agreement.CheckGolden(File, _gradient);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => LstmPlainObjective.Objective(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B);

    [Benchmark]
    public double Generated()
    {
        LstmInput l = _input;
        Span<double> all = _gradient;
        all.Clear();
        return LstmPlainObjective.ObjectiveBackward(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B, 1.0, all[..l.MainParams.Length], all[l.MainParams.Length..]);
    }

    [Benchmark]
    public double ByHand() => ByHand(_gradient);

    private double ByHand(double[] gradient) => LstmHandGradient.Gradient(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B, gradient);
}
