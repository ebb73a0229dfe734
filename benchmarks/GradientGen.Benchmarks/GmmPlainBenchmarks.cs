using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// ADBench GMM written the plain way (<see cref="GmmPlainObjective"/>: one method, reused scratch arrays, a
/// running index through the triangular factor) beside the same hand-written gradient as
/// <see cref="GmmBenchmarks"/>: what a user who writes the objective without GradientGen in mind gets.
/// The baseline is the plain objective, so J/F is the generated gradient's cost in its own terms.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GmmPlainBenchmarks : GmmBenchmarksBase
{
    [Params("gmm/1k/gmm_d2_K5.txt", "gmm/1k/gmm_d10_K25.txt", "gmm/1k/gmm_d64_K10.txt")]
    public override string File { get; set; } = "";

    protected override string Label => "plain GMM";

    private protected override double Primal(GmmInput g) => GmmPlainObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N);

    private protected override double Backward(GmmInput g, Span<double> all) =>
        GmmPlainObjective.ObjectiveBackward(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0, all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
}
