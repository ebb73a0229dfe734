using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's ht (simple variant) on a made-up hand of ADBench's model size (22 bones, 550 vertices;
/// <see cref="HtModel.Synthetic"/>) with 100 and 1,600 observed points, as hand1_t26_c100 and hand6_t26_c1600:
/// the 3c errors (the baseline) and their generated 3c × 26 Jacobian (<c>ObjectiveJacobian</c>: 26 tangent
/// sweeps, fewer inputs than outputs). The set-up checks the translation columns (−I) and the first column
/// against central differences.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchHtBenchmarks
{
    private HtModel _model = null!;
    private double[] _theta = null!;

    [Params(100, 1600)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = HtModel.Synthetic(verticesPerBone: 25, Points, isMirrored: false, seed: 31337);
        _theta = GradBenchInputs.Uniform(HtObjective.ThetaCount, 31337, -0.5, 0.5);
        double[,] jacobian = Jacobian();
        double[] errors = Objective();
        double h = 1e-6;
        double[] plus = (double[])_theta.Clone(), minus = (double[])_theta.Clone();
        plus[0] += h;
        minus[0] -= h;
        double[] ePlus = _model.Objective(plus), eMinus = _model.Objective(minus);
        for (int row = 0; row < errors.Length; row++)
        {
            Agreement.Check($"ht c={Points}, ∂e{row}/∂θ0", (ePlus[row] - eMinus[row]) / (2 * h), [jacobian[row, 0]], 1e-6);
            for (int j = 0; j < 3; j++)
            {
                Agreement.Check($"ht c={Points}, ∂e{row}/∂θ{3 + j}", row % 3 == j ? -1.0 : 0.0, [jacobian[row, 3 + j]], 1e-12);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public double[] Objective() => _model.Objective(_theta);

    [Benchmark]
    public double[,] Jacobian() => _model.Jacobian(_theta);
}
