using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// ADBench GMM: the objective F (baseline), its generated gradient and ADBench-style hand-written gradient,
/// on the real inputs in the repository's data/adbench (J/F is the ratio column): the 1k and 10k (d, K) pairs of
/// ADBench's published 2015 timings that the data snapshot holds, d64 K25 being the largest (53,625 parameters).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GmmBenchmarks
{
    private GmmInput _input = null!;
    private double[] _gradient = null!;

    [Params(
        "gmm/1k/gmm_d2_K5.txt", "gmm/1k/gmm_d10_K5.txt", "gmm/1k/gmm_d10_K25.txt", "gmm/1k/gmm_d64_K10.txt", "gmm/1k/gmm_d64_K25.txt",
        "gmm/10k/gmm_d2_K200.txt", "gmm/10k/gmm_d10_K50.txt")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Gmm(File);
        _gradient = new double[_input.ParameterCount];
        double[] hand = new double[_input.ParameterCount];
        double value = Generated();
        double handValue = ByHand(hand);
        Agreement.Check($"GMM {File}, value", Objective(), [value, handValue], 1e-8);
        Agreement.Check($"GMM {File}, gradient", hand, _gradient, 1e-8);
        Agreement.CheckGolden(File, _gradient);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => GmmObjective.Objective(_input.Alphas, _input.Means, _input.Icf, _input.X, _input.WishartGamma, _input.WishartM, _input.D, _input.K, _input.N);

    [Benchmark]
    public double Generated()
    {
        GmmInput g = _input;
        Span<double> all = _gradient;
        all.Clear();
        return GmmObjective.ObjectiveBackward(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0, all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
    }

    [Benchmark]
    public double ByHand() => ByHand(_gradient);

    private double ByHand(double[] gradient) => GmmHandGradient.Gradient(_input.Alphas, _input.Means, _input.Icf, _input.X, _input.WishartGamma, _input.WishartM, _input.D, _input.K, _input.N, gradient);
}

/// <summary>ADBench LSTM: objective, generated gradient, hand-written gradient; 2 and 4 layers, 1,024 and 4,096 characters.</summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class LstmBenchmarks
{
    private LstmInput _input = null!;
    private double[] _gradient = null!;

    [Params("lstm/lstm_l2_c1024.txt", "lstm/lstm_l2_c4096.txt", "lstm/lstm_l4_c1024.txt", "lstm/lstm_l4_c4096.txt")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Lstm(File);
        _gradient = new double[_input.ParameterCount];
        double[] hand = new double[_input.ParameterCount];
        double value = Generated();
        double handValue = ByHand(hand);
        Agreement.Check($"LSTM {File}, value", Objective(), [value, handValue], 1e-8);
        Agreement.Check($"LSTM {File}, gradient", hand, _gradient, 1e-8);
        Agreement.CheckGolden(File, _gradient);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => LstmObjective.Objective(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B);

    [Benchmark]
    public double Generated()
    {
        LstmInput l = _input;
        Span<double> all = _gradient;
        all.Clear();
        return LstmObjective.ObjectiveBackward(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B, 1.0, all[..l.MainParams.Length], all[l.MainParams.Length..]);
    }

    [Benchmark]
    public double ByHand() => ByHand(_gradient);

    private double ByHand(double[] gradient) => LstmHandGradient.Gradient(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B, gradient);
}
