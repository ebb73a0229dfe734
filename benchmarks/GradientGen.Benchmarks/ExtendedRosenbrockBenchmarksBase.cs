using BenchmarkDotNet.Attributes;
using GradientGen.Tests.Rosenbrock;

namespace GradientGen.Benchmarks;

/// <summary>
/// The extended Rosenbrock function over a <c>double[]</c> of length n: the objective F (baseline), its
/// generated backward and the hand-written gradient, storing its entries and, under the backward's contract, adding
/// them. <see cref="ExtendedRosenbrockBenchmarks"/> adds central differences for n ≤ 1,000;
/// <see cref="ExtendedRosenbrockLargeBenchmarks"/> runs n = 100,000 without them.
/// </summary>
public abstract class ExtendedRosenbrockBenchmarksBase
{
    private double[] _x = [];
    private double[] _gradient = [];

    /// <summary>The length of x (even: the function sums over pairs).</summary>
    public abstract int N { get; set; }

    protected double[] X => _x;

    protected double[] GradientBuffer => _gradient;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = new double[N];
        for (int i = 0; i < N; i++)
        {
            _x[i] = (4 * random.NextDouble()) - 2;
        }

        _gradient = new double[N];
        double[] hand = new double[N];
        double value = RosenbrockObjective.ExtendedBackward(_x, 1.0, _gradient);
        double handValue = RosenbrockHandGradient.Gradient(_x, hand);
        Agreement.Check($"extended Rosenbrock n = {N}, value", RosenbrockObjective.Extended(_x), [value, handValue], 1e-12);
        Agreement.Check($"extended Rosenbrock n = {N}, gradient", hand, _gradient, 1e-12);
        double[] accumulated = new double[N];
        Agreement.Check($"extended Rosenbrock n = {N}, accumulated value", value, [RosenbrockHandGradient.AccumulateGradient(_x, 1.0, accumulated)], 1e-12);
        Agreement.Check($"extended Rosenbrock n = {N}, accumulated gradient", hand, accumulated, 1e-12);
        CheckMore();
    }

    /// <summary>More agreement checks of a derived class, run at the end of the one [GlobalSetup].</summary>
    protected virtual void CheckMore()
    {
    }

    [Benchmark(Baseline = true)]
    public double Objective() => RosenbrockObjective.Extended(_x);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return RosenbrockObjective.ExtendedBackward(_x, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand() => RosenbrockHandGradient.Gradient(_x, _gradient);

    /// <summary>The hand-written gradient under the backward's contract: cleared by the caller, added into.</summary>
    [Benchmark]
    public double ByHandAccumulating()
    {
        Array.Clear(_gradient);
        return RosenbrockHandGradient.AccumulateGradient(_x, 1.0, _gradient);
    }
}
