using BenchmarkDotNet.Attributes;
using GradientGen.Tests.Rosenbrock;

namespace GradientGen.Benchmarks;

/// <summary>
/// Second order on the extended Rosenbrock function (issue #15): the objective (baseline), the generated gradient
/// (backward), the generated tangent (one JVP), the generated Hessian-vector product (reverse over forward), and
/// the product by hand from the 2×2 blocks of the Hessian, at n = 1,000 and 100,000.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class SecondOrderBenchmarks
{
    private double[] _x = [];
    private double[] _v = [];
    private double[] _out = [];

    [Params(1_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = new double[N];
        _v = new double[N];
        for (int i = 0; i < N; i++)
        {
            _x[i] = (4 * random.NextDouble()) - 2;
            _v[i] = (2 * random.NextDouble()) - 1;
        }

        _out = new double[N];
        double[] hand = new double[N];
        double value = RosenbrockObjective.ExtendedHessianVectorProduct(_x, _v, _out);
        Agreement.Check($"extended Rosenbrock n = {N}, value", RosenbrockObjective.Extended(_x), [value, ProductByHand(_x, _v, hand)], 1e-12);
        Agreement.Check($"extended Rosenbrock n = {N}, Hessian-vector product", hand, _out, 1e-12);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => RosenbrockObjective.Extended(_x);

    [Benchmark]
    public double Gradient()
    {
        Array.Clear(_out);
        return RosenbrockObjective.ExtendedBackward(_x, 1.0, _out);
    }

    [Benchmark]
    public double Tangent() => RosenbrockObjective.ExtendedTangent(_x, _v, out _);

    [Benchmark]
    public double HessianVectorProduct() => RosenbrockObjective.ExtendedHessianVectorProduct(_x, _v, _out);

    [Benchmark]
    public double HessianVectorProductByHand() => ProductByHand(_x, _v, _out);

    /// <summary>H·v from the 2×2 blocks [[1200a² − 400b + 2, −400a], [−400a, 200]] of each pair (a, b).</summary>
    private static double ProductByHand(double[] x, double[] v, double[] hv)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i], b = x[i + 1];
            double w = (a * a) - b, u = a - 1;
            sum += (100 * w * w) + (u * u);
            double haa = (1200 * a * a) - (400 * b) + 2, hab = -400 * a;
            hv[i] = (haa * v[i]) + (hab * v[i + 1]);
            hv[i + 1] = (hab * v[i]) + (200 * v[i + 1]);
        }

        return sum;
    }
}
