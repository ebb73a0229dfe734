using BenchmarkDotNet.Attributes;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks;

/// <summary>
/// A chain of 1,000 springs over a user struct with operators (<see cref="SpringChain"/>): the energy F
/// (baseline), its generated gradient (the struct's members inlined) and the hand-written one, side by side.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class SpringChainBenchmarks
{
    private Vec3[] _points = [], _gradient = [];
    private double _dK;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _points = Enumerable.Range(0, 1001).Select(i => new Vec3(i + random.NextDouble(), random.NextDouble(), random.NextDouble())).ToArray();
        _gradient = new Vec3[_points.Length];
        var hand = new Vec3[_points.Length];
        double handK = 0;
        double value = Generated();
        double handValue = SpringChain.EnergyByHand(_points, 2.0, 0.9, hand, ref handK);
        Agreement.Check("Spring chain, value", Energy(), [value, handValue], 1e-12);
        Agreement.Check("Spring chain, dK", handK, [_dK], 1e-10);
        Agreement.Check("Spring chain, gradient", hand.Sum(v => v.X + 2 * v.Y + 3 * v.Z), [_gradient.Sum(v => v.X + 2 * v.Y + 3 * v.Z)], 1e-10);
    }

    [Benchmark(Baseline = true)]
    public double Energy() => SpringChain.Energy(_points, 2.0, 0.9);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        _dK = 0;
        return SpringChain.EnergyBackward(_points, 2.0, 0.9, 1.0, _gradient, ref _dK);
    }

    [Benchmark]
    public double ByHand()
    {
        Array.Clear(_gradient);
        _dK = 0;
        return SpringChain.EnergyByHand(_points, 2.0, 0.9, _gradient, ref _dK);
    }
}
