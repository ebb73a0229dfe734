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
public class GmmPlainBenchmarks
{
    private GmmInput _input = null!;
    private double[] _gradient = null!;

    [Params("gmm/1k/gmm_d2_K5.txt", "gmm/1k/gmm_d10_K25.txt", "gmm/1k/gmm_d64_K10.txt")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = AdBenchData.Gmm(File);
        _gradient = new double[_input.ParameterCount];
        double[] hand = new double[_input.ParameterCount];
        double value = Generated();
        double handValue = ByHand(hand);
        Agreement.Check($"plain GMM {File}, value", Objective(), [value, handValue], 1e-8);
        Agreement.Check($"plain GMM {File}, gradient", hand, _gradient, 1e-8);
        Agreement.CheckGolden(File, _gradient);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => GmmPlainObjective.Objective(_input.Alphas, _input.Means, _input.Icf, _input.X, _input.WishartGamma, _input.WishartM, _input.D, _input.K, _input.N);

    [Benchmark]
    public double Generated()
    {
        GmmInput g = _input;
        Span<double> all = _gradient;
        all.Clear();
        return GmmPlainObjective.ObjectiveBackward(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0, all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
    }

    [Benchmark]
    public double ByHand() => ByHand(_gradient);

    private double ByHand(double[] gradient) => GmmHandGradient.Gradient(_input.Alphas, _input.Means, _input.Icf, _input.X, _input.WishartGamma, _input.WishartM, _input.D, _input.K, _input.N, gradient);
}
