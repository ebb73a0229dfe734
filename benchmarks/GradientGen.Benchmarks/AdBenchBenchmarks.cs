using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// ADBench GMM: the objective F (baseline), its generated gradient and ADBench-style hand-written gradient,
/// on the real 1k inputs from ../shared/bench-data (J/F is the ratio column).
/// </summary>
[MemoryDiagnoser]
public class GmmBenchmarks
{
    private GmmInput _input = null!;
    private double[] _gradient = null!;

    [Params("gmm/1k/gmm_d2_K5.txt", "gmm/1k/gmm_d10_K5.txt", "gmm/1k/gmm_d10_K25.txt", "gmm/1k/gmm_d64_K10.txt")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Gmm(File);
        _gradient = new double[_input.ParameterCount];
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
    public double ByHand() => GmmHandGradient.Gradient(_input.Alphas, _input.Means, _input.Icf, _input.X, _input.WishartGamma, _input.WishartM, _input.D, _input.K, _input.N, _gradient);
}

/// <summary>ADBench LSTM: objective, generated gradient, hand-written gradient.</summary>
[MemoryDiagnoser]
public class LstmBenchmarks
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
    public double ByHand() => LstmHandGradient.Gradient(_input.MainParams, _input.ExtraParams, _input.State, _input.Sequence, _input.L, _input.C, _input.B, _gradient);
}
