using BenchmarkDotNet.Attributes;
using GradientGen.Tests.Rosenbrock;

namespace GradientGen.Benchmarks;

/// <summary>
/// The 2-D Rosenbrock function: what one call costs when the work per call is a handful of flops. The
/// objective F (baseline), the generated backward, the hand-written gradient and central differences.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class Rosenbrock2DBenchmarks
{
    // Read through fields so the JIT cannot fold the arguments into the benchmarked methods.
    private double _x = -1.2, _y = 1.0;

    [GlobalSetup]
    public void Setup()
    {
        double dX = 0, dY = 0;
        double value = RosenbrockObjective.ValueBackward(_x, _y, 1.0, ref dX, ref dY);
        double handValue = RosenbrockHandGradient.Gradient(_x, _y, out double hX, out double hY);
        RosenbrockFiniteDifferences.Gradient(_x, _y, out double fX, out double fY);
        Agreement.Check("Rosenbrock 2-D value", RosenbrockObjective.Value(_x, _y), [value, handValue], 1e-12);
        Agreement.Check("Rosenbrock 2-D gradient", [hX, hY], [dX, dY], 1e-12);
        Agreement.Check("Rosenbrock 2-D central differences", [hX, hY], [fX, fY], 1e-6);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => RosenbrockObjective.Value(_x, _y);

    [Benchmark]
    public double Generated()
    {
        double dX = 0, dY = 0;
        double value = RosenbrockObjective.ValueBackward(_x, _y, 1.0, ref dX, ref dY);
        return value + dX + dY;
    }

    [Benchmark]
    public double ByHand()
    {
        double value = RosenbrockHandGradient.Gradient(_x, _y, out double dX, out double dY);
        return value + dX + dY;
    }

    [Benchmark]
    public double FiniteDifferences()
    {
        RosenbrockFiniteDifferences.Gradient(_x, _y, out double dX, out double dY);
        return dX + dY;
    }
}
