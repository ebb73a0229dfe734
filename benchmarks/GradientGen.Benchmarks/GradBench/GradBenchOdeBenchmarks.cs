using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's ode at n = 1,000 and 10,000 entries (x uniform in [0, 1)) and s = 1, 10 RK4 steps of its
/// 1, 10, 100: the solve (the baseline) and the generated gradient of its last entry (one reverse sweep
/// seeded with the last unit vector); no hand-written gradient. The set-up checks the gradient's last entry
/// against a central difference.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchOdeBenchmarks
{
    private double[] _x = null!;
    private double[] _seed = null!;
    private double[] _gradient = null!;

    [Params(1000, 10000)]
    public int N { get; set; }

    [Params(1, 10)]
    public int S { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = GradBenchInputs.Uniform(N, 31337);
        _seed = new double[N];
        _seed[^1] = 1;
        _gradient = new double[N];
        double last = Generated()[^1];
        Agreement.Check($"ode n={N} s={S}, value", Objective()[^1], [last], 1e-14);

        // y_{n−1} is x₀⋯x_{n−1}·2ⁿ/n! to RK4's accuracy: its derivative in x_{n−1} is y_{n−1}/x_{n−1}, checked by differences.
        double h = 1e-6;
        double[] plus = (double[])_x.Clone(), minus = (double[])_x.Clone();
        plus[^1] += h;
        minus[^1] -= h;
        double fd = (OdeObjective.Solve(plus, S)[^1] - OdeObjective.Solve(minus, S)[^1]) / (2 * h);
        Agreement.Check($"ode n={N} s={S}, ∂y/∂x[n−1]", fd, [_gradient[^1]], 1e-6);
    }

    [Benchmark(Baseline = true)]
    public double[] Objective() => OdeObjective.Solve(_x, S);

    [Benchmark]
    public double[] Generated()
    {
        Array.Clear(_gradient);
        return OdeObjective.SolveBackward(_x, S, _seed, _gradient);
    }
}
