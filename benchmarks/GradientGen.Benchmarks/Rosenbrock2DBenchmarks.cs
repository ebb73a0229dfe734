using BenchmarkDotNet.Attributes;
using GradientGen.Tests.Rosenbrock;

namespace GradientGen.Benchmarks;

/// <summary>
/// The 2-D Rosenbrock function: what one call costs when the work per call is a handful of flops. The
/// objective F (baseline), the generated backward, the hand-written gradient and central differences.
/// </summary>
/// <remarks>
/// One call takes a few nanoseconds, about BenchmarkDotNet's own per-invocation overhead, which on a loaded
/// machine varies by more than that: each invocation therefore evaluates <see cref="Points"/> different points
/// (OperationsPerInvoke divides the time back to one call). Distinct points read from arrays also keep the
/// JIT from hoisting or folding the arithmetic out of the measured loop.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class Rosenbrock2DBenchmarks
{
    private const int Points = 1024;
    private double[] _x = [];
    private double[] _y = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = new double[Points];
        _y = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            _x[i] = (4 * random.NextDouble()) - 2;
            _y[i] = (4 * random.NextDouble()) - 1;
        }

        for (int i = 0; i < Points; i++)
        {
            double x = _x[i], y = _y[i];
            double dX = 0, dY = 0;
            double value = RosenbrockObjective.ValueBackward(x, y, 1.0, ref dX, ref dY);
            (double handValue, double hX, double hY) = RosenbrockHandGradient.Gradient(x, y);
            RosenbrockFiniteDifferences.Gradient(x, y, out double fX, out double fY);
            Agreement.Check($"Rosenbrock 2-D value at ({x}, {y})", RosenbrockObjective.Value(x, y), [value, handValue], 1e-12);
            Agreement.Check($"Rosenbrock 2-D gradient at ({x}, {y})", [hX, hY], [dX, dY], 1e-12);
            Agreement.Check($"Rosenbrock 2-D central differences at ({x}, {y})", [hX, hY], [fX, fY], 1e-6);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public double Objective()
    {
        double[] xs = _x, ys = _y;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += RosenbrockObjective.Value(xs[i], ys[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double Generated()
    {
        double[] xs = _x, ys = _y;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double dX = 0, dY = 0;
            sum += RosenbrockObjective.ValueBackward(xs[i], ys[i], 1.0, ref dX, ref dY) + dX + dY;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double ByHand()
    {
        double[] xs = _x, ys = _y;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            (double value, double dX, double dY) = RosenbrockHandGradient.Gradient(xs[i], ys[i]);
            sum += value + dX + dY;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double FiniteDifferences()
    {
        double[] xs = _x, ys = _y;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            RosenbrockFiniteDifferences.Gradient(xs[i], ys[i], out double dX, out double dY);
            sum += dX + dY;
        }

        return sum;
    }
}
