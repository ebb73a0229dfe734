using BenchmarkDotNet.Attributes;
using GradientGen.Tests.GradBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// GradBench's ba at the sizes of its two default inputs (ADBench's ba1 n = 49, m = 7,776, p = 31,843 and ba2
/// n = 21, m = 11,315, p = 36,455; one camera, point, weight and feature repeated, as GradBench sends them,
/// with values made up in ADBench's ranges): the objective's 3p errors (the baseline) and the sparse
/// Jacobian assembled from the generated backward, two reverse sweeps per observation. The set-up checks one
/// observation's block against central differences.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class GradBenchBaBenchmarks
{
    private BaInput _input = null!;
    private BaJacobian _jacobian = null!;
    private double[] _reprojection = null!;
    private double[] _weight = null!;

    [Params("n=49,m=7776,p=31843", "n=21,m=11315,p=36455")]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] nmp = [.. Size.Split(',').Select(part => int.Parse(part[(part.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
        _input = GradBenchInputs.BaRepeated(nmp[0], nmp[1], nmp[2], GradBenchInputs.OneCamera, GradBenchInputs.OnePoint, GradBenchInputs.OneWeight, GradBenchInputs.OneFeature);
        _jacobian = new BaJacobian(_input);
        _reprojection = new double[2 * _input.P];
        _weight = new double[_input.P];
        Jacobian();

        // Row 0 (observation 0's first error) against central differences in its camera's 11 parameters.
        double[] camera = _input.Cameras[..BaObjective.CameraParameters];
        double[] error = new double[2];
        for (int j = 0; j < BaObjective.CameraParameters; j++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(camera[j]));
            double saved = camera[j];
            camera[j] = saved + h;
            BaObjective.ReprojectionError(camera, _input.Points.AsSpan(0, 3), _input.Weights[0], _input.Features.AsSpan(0, 2), error);
            double plus = error[0];
            camera[j] = saved - h;
            BaObjective.ReprojectionError(camera, _input.Points.AsSpan(0, 3), _input.Weights[0], _input.Features.AsSpan(0, 2), error);
            camera[j] = saved;
            Agreement.Check($"ba {Size}, ∂e₀/∂camera[{j}]", (plus - error[0]) / (2 * h), [_jacobian.Values[j]], 1e-6);
        }
    }

    [Benchmark(Baseline = true)]
    public double[] Objective()
    {
        BaObjective.Objective(_input.N, _input.M, _input.P, _input.Cameras, _input.Points, _input.Weights, _input.Observations, _input.Features, _reprojection, _weight);
        return _reprojection;
    }

    [Benchmark]
    public double[] Jacobian()
    {
        _jacobian.Compute();
        return _jacobian.Values;
    }
}
