using BenchmarkDotNet.Attributes;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks;

/// <summary>
/// A dense tanh network written layer by layer (<see cref="LayeredNetwork"/>, <c>a = Dense(W[l], b[l], a)</c>): the
/// loss F (baseline), its generated gradient and hand-written backpropagation, side by side; the class's 784-128-10
/// and a deeper, narrower 64-64-64-64-64-10, where the per-layer work is small next to the per-layer bookkeeping.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class LayeredNetworkBenchmarks
{
    private double[][] _w = [], _b = [], _dW = [], _dB = [];
    private double[] _x = [], _t = [], _dX = [];

    [Params("784-128-10", "64-64-64-64-64-10")]
    public string Sizes { get; set; } = "784-128-10";

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = Sizes.Split('-').Select(int.Parse).ToArray();
        var random = new Random(11);
        double Next(double scale) => (random.NextDouble() - 0.5) * scale;
        _w = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => Next(2.0 / Math.Sqrt(sizes[l]))).ToArray()).ToArray();
        _b = Enumerable.Range(0, sizes.Length - 1).Select(l => Enumerable.Range(0, sizes[l + 1]).Select(_ => Next(0.2)).ToArray()).ToArray();
        _x = Enumerable.Range(0, sizes[0]).Select(_ => random.NextDouble()).ToArray();
        _t = Enumerable.Range(0, sizes[^1]).Select(_ => Next(1.0)).ToArray();
        _dW = _w.Select(w => new double[w.Length]).ToArray();
        _dB = _b.Select(b => new double[b.Length]).ToArray();
        _dX = new double[_x.Length];

        double value = Generated();
        double[] generated = [.. _dW.SelectMany(d => d), .. _dB.SelectMany(d => d), .. _dX];
        double handValue = ByHand();
        double[] hand = [.. _dW.SelectMany(d => d), .. _dB.SelectMany(d => d), .. _dX];
        Agreement.Check($"layered network {Sizes}, value", Loss(), [value, handValue], 1e-12);
        for (int i = 0; i < hand.Length; i++)
        {
            Agreement.Check($"layered network {Sizes}, gradient entry {i}", hand[i], [generated[i]], 1e-10);
        }
    }

    [Benchmark(Baseline = true)]
    public double Loss() => LayeredNetwork.Loss(_w, _b, _x, _t);

    [Benchmark]
    public double Generated()
    {
        Clear();
        return LayeredNetwork.LossBackward(_w, _b, _x, _t, 1.0, _dW, _dB, _dX);
    }

    [Benchmark]
    public double ByHand()
    {
        Clear();
        return LayeredNetworkByHand.LossBackward(_w, _b, _x, _t, _dW, _dB, _dX);
    }

    private void Clear()
    {
        foreach (double[] d in _dW)
        {
            Array.Clear(d);
        }

        foreach (double[] d in _dB)
        {
            Array.Clear(d);
        }

        Array.Clear(_dX);
    }
}
