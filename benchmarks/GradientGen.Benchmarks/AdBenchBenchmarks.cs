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
public class GmmBenchmarks : GmmBenchmarksBase
{
    [Params(
        "gmm/1k/gmm_d2_K5.txt", "gmm/1k/gmm_d10_K5.txt", "gmm/1k/gmm_d10_K25.txt", "gmm/1k/gmm_d64_K10.txt", "gmm/1k/gmm_d64_K25.txt",
        "gmm/10k/gmm_d2_K200.txt", "gmm/10k/gmm_d10_K50.txt")]
    public override string File { get; set; } = "";

    protected override string Label => "GMM";

    private protected override double Primal(GmmInput g) => GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N);

    private protected override double Backward(GmmInput g, Span<double> all) =>
        GmmObjective.ObjectiveBackward(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0, all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
}

/// <summary>ADBench LSTM: objective, generated gradient, hand-written gradient; 2 and 4 layers, 1,024 and 4,096 characters.</summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class LstmBenchmarks : LstmBenchmarksBase
{
    [Params("lstm/lstm_l2_c1024.txt", "lstm/lstm_l2_c4096.txt", "lstm/lstm_l4_c1024.txt", "lstm/lstm_l4_c4096.txt")]
    public override string File { get; set; } = "";

    protected override string Label => "LSTM";

    private protected override double Primal(LstmInput l) => LstmObjective.Objective(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B);

    private protected override double Backward(LstmInput l, Span<double> all) =>
        LstmObjective.ObjectiveBackward(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B, 1.0, all[..l.MainParams.Length], all[l.MainParams.Length..]);
}
