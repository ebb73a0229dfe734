using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's det at ℓ = 5, 7, 9 of its 5 … 11 (entries uniform in [0, 1)): the determinant by expansion by
/// minors (the baseline) and its generated gradient, the cofactor matrix; no hand-written gradient. The set-up
/// checks the gradient against Jacobi's formula through A·(∇/det)ᵀ = I.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchDetBenchmarks
{
    private double[] _a = null!;
    private double[] _gradient = null!;

    [Params(5, 7, 9)]
    public int Ell { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = GradBenchInputs.Uniform(Ell * Ell, 31337);
        _gradient = new double[Ell * Ell];
        double det = Generated();
        Agreement.Check($"det ℓ={Ell}, value", Objective(), [det], 1e-12);
        for (int i = 0; i < Ell; i++)
        {
            double[] row = new double[Ell];
            for (int k = 0; k < Ell; k++)
            {
                for (int j = 0; j < Ell; j++)
                {
                    row[k] += _a[(i * Ell) + j] * _gradient[(k * Ell) + j] / det;
                }
            }

            double[] identity = new double[Ell];
            identity[i] = 1;
            Agreement.Check($"det ℓ={Ell}, A·(∇/det)ᵀ row {i}", identity, row, 1e-8);
        }
    }

    [Benchmark(Baseline = true)]
    public double Objective() => DetObjective.Determinant(_a, Ell);

    [Benchmark]
    public double Generated()
    {
        Array.Clear(_gradient);
        return DetObjective.DeterminantBackward(_a, Ell, 1.0, _gradient);
    }
}
