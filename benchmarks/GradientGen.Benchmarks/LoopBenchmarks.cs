using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks;

/// <summary>
/// Control flow: loops over active values. For each workload (a category), the primal F (the baseline),
/// the generated <c>FBackward</c> and the hand-written reverse-mode gradient, side by side in one run.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class LoopBenchmarks
{
    private const double LogisticX = 0.3;
    private const double LogisticR = 3.2;  // period-2 regime: gradients stay finite for every n
    private const double SinX = 0.7;
    private const double SinY = 1.3;
    private const double LeakyW = 0.9;
    private const double LeakyU = 0.5;
    private const double LeakyB = 0.1;
    private const double TaylorX = 1.0;
    private const double TaylorY = 0.5;

    // Read through fields so the JIT cannot fold the arguments into the benchmarked methods.
    private double _logisticX = LogisticX, _logisticR = LogisticR, _sinX = SinX, _sinY = SinY;
    private double _leakyW = LeakyW, _leakyU = LeakyU, _leakyB = LeakyB, _taylorX = TaylorX, _taylorY = TaylorY;
    private double[] _inputs = [];

    /// <summary>Trip count of each loop (for TaylorExpSum: of the outer loop; the inner one has 8 steps).</summary>
    [Params(10, 1000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _inputs = new double[N];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (2 * random.NextDouble()) - 1;
        }

        Verify();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("LogisticMap")]
    public double LogisticMapF() => Loops.LogisticMap(_logisticX, _logisticR, N);

    [Benchmark, BenchmarkCategory("LogisticMap")]
    public double LogisticMapBackward()
    {
        double dX = 0, dR = 0;
        double value = Loops.LogisticMapBackward(_logisticX, _logisticR, N, 1.0, ref dX, ref dR);
        return value + dX + dR;
    }

    [Benchmark, BenchmarkCategory("LogisticMap")]
    public double LogisticMapByHand()
    {
        double dX = 0, dR = 0;
        double value = LoopsByHand.LogisticMapBackward(_logisticX, _logisticR, N, 1.0, ref dX, ref dR);
        return value + dX + dR;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("SinSum")]
    public double SinSumF() => Loops.SinSum(_sinX, _sinY, N);

    [Benchmark, BenchmarkCategory("SinSum")]
    public double SinSumBackward()
    {
        double dX = 0, dY = 0;
        double value = Loops.SinSumBackward(_sinX, _sinY, N, 1.0, ref dX, ref dY);
        return value + dX + dY;
    }

    [Benchmark, BenchmarkCategory("SinSum")]
    public double SinSumByHand()
    {
        double dX = 0, dY = 0;
        double value = LoopsByHand.SinSumBackward(_sinX, _sinY, N, 1.0, ref dX, ref dY);
        return value + dX + dY;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("LeakyRecurrence")]
    public double LeakyRecurrenceF() => Loops.LeakyRecurrence(_leakyW, _leakyU, _leakyB, _inputs);

    [Benchmark, BenchmarkCategory("LeakyRecurrence")]
    public double LeakyRecurrenceBackward()
    {
        double dW = 0, dU = 0, dB = 0;
        double value = Loops.LeakyRecurrenceBackward(_leakyW, _leakyU, _leakyB, _inputs, 1.0, ref dW, ref dU, ref dB);
        return value + dW + dU + dB;
    }

    [Benchmark, BenchmarkCategory("LeakyRecurrence")]
    public double LeakyRecurrenceByHand()
    {
        double dW = 0, dU = 0, dB = 0;
        double value = LoopsByHand.LeakyRecurrenceBackward(_leakyW, _leakyU, _leakyB, _inputs, 1.0, ref dW, ref dU, ref dB);
        return value + dW + dU + dB;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("TaylorExpSum")]
    public double TaylorExpSumF() => Loops.TaylorExpSum(_taylorX, _taylorY, N);

    [Benchmark, BenchmarkCategory("TaylorExpSum")]
    public double TaylorExpSumBackward()
    {
        double dX = 0, dY = 0;
        double value = Loops.TaylorExpSumBackward(_taylorX, _taylorY, N, 1.0, ref dX, ref dY);
        return value + dX + dY;
    }

    [Benchmark, BenchmarkCategory("TaylorExpSum")]
    public double TaylorExpSumByHand()
    {
        double dX = 0, dY = 0;
        double value = LoopsByHand.TaylorExpSumBackward(_taylorX, _taylorY, N, 1.0, ref dX, ref dY);
        return value + dX + dY;
    }

    /// <summary>
    /// The three versions must compute the same thing: the same primal value, bit for bit, and gradients that
    /// agree to rounding (the generated ones are checked against finite differences by the test suite).
    /// </summary>
    private void Verify()
    {
        double gX = 0, gR = 0, hX = 0, hR = 0;
        Check("LogisticMap", Loops.LogisticMap(_logisticX, _logisticR, N),
            Loops.LogisticMapBackward(_logisticX, _logisticR, N, 1.0, ref gX, ref gR),
            LoopsByHand.LogisticMapBackward(_logisticX, _logisticR, N, 1.0, ref hX, ref hR),
            [gX, gR], [hX, hR]);

        double sX = 0, sY = 0, tX = 0, tY = 0;
        Check("SinSum", Loops.SinSum(_sinX, _sinY, N),
            Loops.SinSumBackward(_sinX, _sinY, N, 1.0, ref sX, ref sY),
            LoopsByHand.SinSumBackward(_sinX, _sinY, N, 1.0, ref tX, ref tY),
            [sX, sY], [tX, tY]);

        double lW = 0, lU = 0, lB = 0, mW = 0, mU = 0, mB = 0;
        Check("LeakyRecurrence", Loops.LeakyRecurrence(_leakyW, _leakyU, _leakyB, _inputs),
            Loops.LeakyRecurrenceBackward(_leakyW, _leakyU, _leakyB, _inputs, 1.0, ref lW, ref lU, ref lB),
            LoopsByHand.LeakyRecurrenceBackward(_leakyW, _leakyU, _leakyB, _inputs, 1.0, ref mW, ref mU, ref mB),
            [lW, lU, lB], [mW, mU, mB]);

        double eX = 0, eY = 0, fX = 0, fY = 0;
        Check("TaylorExpSum", Loops.TaylorExpSum(_taylorX, _taylorY, N),
            Loops.TaylorExpSumBackward(_taylorX, _taylorY, N, 1.0, ref eX, ref eY),
            LoopsByHand.TaylorExpSumBackward(_taylorX, _taylorY, N, 1.0, ref fX, ref fY),
            [eX, eY], [fX, fY]);
    }

    private static void Check(string workload, double primal, double generatedValue, double byHandValue, double[] generated, double[] byHand)
    {
        if (generatedValue != primal || byHandValue != primal)
        {
            throw new InvalidOperationException($"{workload}: F = {primal:R}, generated backward returned {generatedValue:R}, hand-written {byHandValue:R}.");
        }

        for (int i = 0; i < generated.Length; i++)
        {
            double a = generated[i], b = byHand[i];
            if (!(Math.Abs(a - b) <= (1e-9 * Math.Max(Math.Abs(a), Math.Abs(b))) + 1e-300))
            {
                throw new InvalidOperationException($"{workload}: adjoint {i} is {a:R} generated but {b:R} by hand.");
            }
        }
    }
}
