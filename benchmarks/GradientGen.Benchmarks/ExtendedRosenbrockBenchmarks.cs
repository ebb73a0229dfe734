using BenchmarkDotNet.Attributes;
using GradientGen.Tests.Rosenbrock;

namespace GradientGen.Benchmarks;

/// <summary>
/// n = 10 and 1,000, with central differences (2n objective calls). Their O(n²) cost rules out n = 100,000:
/// 2·10⁵ calls of a 10⁵-term sum take about 10 s per gradient.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class ExtendedRosenbrockBenchmarks : ExtendedRosenbrockBenchmarksBase
{
    [Params(10, 1_000)]
    public override int N { get; set; }

    protected override void CheckMore()
    {
        double[] fd = new double[N];
        RosenbrockFiniteDifferences.Gradient(X, fd);
        double[] hand = new double[N];
        double value = RosenbrockHandGradient.Gradient(X, hand);

        // Central differences lose about ε·|f|/h to cancellation (see RosenbrockTests).
        for (int i = 0; i < N; i++)
        {
            if (Math.Abs(fd[i] - hand[i]) > (1e-6 * Math.Max(1, Math.Abs(hand[i]))) + (1e-9 * Math.Abs(value)))
            {
                throw new InvalidOperationException($"extended Rosenbrock n = {N}: central difference {fd[i]:R} against {hand[i]:R} at entry {i}.");
            }
        }
    }

    [Benchmark]
    public double FiniteDifferences()
    {
        RosenbrockFiniteDifferences.Gradient(X, GradientBuffer);
        return GradientBuffer[0];
    }
}
