using BenchmarkDotNet.Attributes;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks;

/// <summary>
/// Horner's rule in a count-down loop (<see cref="PlainPolynomial"/>), 1,000 points: the loss F (baseline),
/// its generated gradient and the hand-written one, side by side.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class PlainPolynomialBenchmarks
{
    private double[] _coefficients = [], _xs = [], _ys = [], _gradient = [];

    [Params(4, 16)]
    public int Degree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _coefficients = Enumerable.Range(0, Degree + 1).Select(_ => random.NextDouble() - 0.5).ToArray();
        _xs = Enumerable.Range(0, 1000).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
        _ys = _xs.Select(x => Math.Sin(3 * x)).ToArray();
        _gradient = new double[Degree + 1];
        double[] hand = new double[Degree + 1];
        double value = Generated();
        double handValue = PlainPolynomial.FitLossByHand(_coefficients, _xs, _ys, hand);
        Agreement.Check("Horner fit, value", Loss(), [value, handValue], 1e-12);
        Agreement.Check("Horner fit, gradient", hand, _gradient, 1e-10);
    }

    [Benchmark(Baseline = true)]
    public double Loss() => PlainPolynomial.FitLoss(_coefficients, _xs, _ys);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return PlainPolynomial.FitLossBackward(_coefficients, _xs, _ys, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand()
    {
        Array.Clear(_gradient);
        return PlainPolynomial.FitLossByHand(_coefficients, _xs, _ys, _gradient);
    }
}
