using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's kmeans cost at two of its sizes (points uniform in the unit cube, the centroids the last k
/// points): the cost (the baseline), its generated gradient with respect to the centroids, the closed-form
/// gradient by hand, and GradBench's "dir" (the Newton step J/diag(H)) with the generated gradient and the
/// Hessian's diagonal from one generated Hessian-vector product along all ones (H is diagonal).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchKMeansBenchmarks
{
    private double[,] _points = null!;
    private double[,] _centroids = null!;
    private double[,] _gradient = null!;
    private double[,] _ones = null!;
    private double[,] _diagonal = null!;

    [Params("k=10,n=1000,d=8", "k=100,n=10000,d=16")]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] knd = [.. Size.Split(',').Select(part => int.Parse(part[(part.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
        (_points, _centroids) = GradBenchInputs.KMeans(knd[1], knd[0], knd[2], 31337);
        _gradient = new double[knd[0], knd[2]];
        _ones = new double[knd[0], knd[2]];
        _diagonal = new double[knd[0], knd[2]];
        for (int j = 0; j < knd[0]; j++)
        {
            for (int l = 0; l < knd[2]; l++)
            {
                _ones[j, l] = 1;
            }
        }
        var hand = new double[knd[0], knd[2]];
        double handValue = GradBenchHandGradients.KMeansGradient(_points, _centroids, hand);
        Agreement.Check($"kmeans {Size}, value", Objective(), [Generated(), handValue], 1e-12);
        Agreement.Check($"kmeans {Size}, gradient", Flat(hand), Flat(_gradient), 1e-12);
        _ = NewtonStep();
        Agreement.Check($"kmeans {Size}, Hessian diagonal", Flat(GradBenchHandGradients.KMeansHessianDiagonal(_points, _centroids)), Flat(_diagonal), 1e-12);
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

    /// <summary>GradBench's "dir": the gradient over the Hessian's diagonal, both generated (the step is left in the gradient's storage).</summary>
    [Benchmark]
    public double NewtonStep()
    {
        double value = Generated();
        KMeansObjective.CostHessianVectorProduct(_points, _centroids, _ones, _diagonal);
        for (int j = 0; j < _gradient.GetLength(0); j++)
        {
            for (int l = 0; l < _gradient.GetLength(1); l++)
            {
                _gradient[j, l] /= _diagonal[j, l];
            }
        }

        return value;
    }

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];
}
