using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's kmeans cost at two of its sizes (points uniform in the unit cube, the centroids the last k
/// points): the cost (the baseline), its generated gradient with respect to the centroids and the closed-form
/// gradient by hand. GradBench times "dir" (the Newton step, which also needs the Hessian's diagonal): these
/// rows are its gradient part only.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchKMeansBenchmarks
{
    private double[,] _points = null!;
    private double[,] _centroids = null!;
    private double[,] _gradient = null!;

    [Params("k=10,n=1000,d=8", "k=100,n=10000,d=16")]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] knd = [.. Size.Split(',').Select(part => int.Parse(part[(part.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
        (_points, _centroids) = GradBenchInputs.KMeans(knd[1], knd[0], knd[2], 31337);
        _gradient = new double[knd[0], knd[2]];
        var hand = new double[knd[0], knd[2]];
        double handValue = GradBenchHandGradients.KMeansGradient(_points, _centroids, hand);
        Agreement.Check($"kmeans {Size}, value", Objective(), [Generated(), handValue], 1e-12);
        Agreement.Check($"kmeans {Size}, gradient", Flat(hand), Flat(_gradient), 1e-12);
    }

    [Benchmark(Baseline = true)]
    public double Objective() => KMeansObjective.Cost(_points, _centroids);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return KMeansObjective.CostBackward(_points, _centroids, 1.0, _gradient);
    }

    [Benchmark]
    public double ByHand() => GradBenchHandGradients.KMeansGradient(_points, _centroids, _gradient);

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];
}
