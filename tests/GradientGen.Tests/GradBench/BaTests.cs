namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's ba: the sparse Jacobian assembled from the generated backward of
/// <see cref="BaObjective.ReprojectionError"/> (<see cref="BaJacobian"/>) against central differences of the
/// whole objective, on GradBench's repeated inputs and on inputs whose cameras and points all differ.
/// </summary>
public class BaTests
{
    /// <summary>The objective's 3p outputs: reprojection errors, then weight errors.</summary>
    private static double[] Errors(BaInput g)
    {
        double[] reprojection = new double[2 * g.P];
        double[] weight = new double[g.P];
        BaObjective.Objective(g.N, g.M, g.P, g.Cameras, g.Points, g.Weights, g.Observations, g.Features, reprojection, weight);
        return [.. reprojection, .. weight];
    }

    /// <summary>The input's parameters, [cameras | points | weights], the Jacobian's columns.</summary>
    private static double[] Parameters(BaInput g) => [.. g.Cameras, .. g.Points, .. g.Weights];

    private static BaInput WithParameters(BaInput g, double[] p) => g with
    {
        Cameras = p[..g.Cameras.Length],
        Points = p[g.Cameras.Length..(g.Cameras.Length + g.Points.Length)],
        Weights = p[(g.Cameras.Length + g.Points.Length)..],
    };

    private static void JacobianMatchesCentralDifferences(BaInput g)
    {
        var jacobian = new BaJacobian(g);
        jacobian.Compute();
        double[,] dense = jacobian.ToDense();
        double[] parameters = Parameters(g);
        Assert.Equal(3 * g.P, dense.GetLength(0));
        Assert.Equal(g.ParameterCount, dense.GetLength(1));
        for (int row = 0; row < 3 * g.P; row++)
        {
            double[] gradient = new double[g.ParameterCount];
            for (int col = 0; col < g.ParameterCount; col++)
            {
                gradient[col] = dense[row, col];
            }

            int output = row;

            // Steps relative to values above 1 (the focal length is ~400); the errors are ~100, so a step below
            // 1e-6 would drown in rounding, and the distortion coefficients (~1e-7) enter linearly anyway.
            for (int col = 0; col < parameters.Length; col++)
            {
                double saved = parameters[col];
                double h = 1e-6 * Math.Max(1, Math.Abs(saved));
                parameters[col] = saved + h;
                double plus = Errors(WithParameters(g, parameters))[output];
                parameters[col] = saved - h;
                double minus = Errors(WithParameters(g, parameters))[output];
                parameters[col] = saved;
                double fd = (plus - minus) / (2 * h);
                Infrastructure.GradientAssert.Close(fd, gradient[col], 1e-6, $"∂e{row}/∂p{col}");
            }
        }
    }

    [Theory]
    [InlineData(2, 3, 5)]
    [InlineData(3, 2, 7)]
    public void Jacobian_on_GradBenchs_repeated_input_matches_central_differences(int n, int m, int p) =>
        JacobianMatchesCentralDifferences(GradBenchInputs.BaRepeated(n, m, p, GradBenchInputs.OneCamera, GradBenchInputs.OnePoint, GradBenchInputs.OneWeight, GradBenchInputs.OneFeature));

    [Theory]
    [InlineData(2, 3, 5, 1)]
    [InlineData(3, 4, 9, 2)]
    [InlineData(1, 1, 1, 3)]
    public void Jacobian_on_varied_cameras_and_points_matches_central_differences(int n, int m, int p, int seed) =>
        JacobianMatchesCentralDifferences(GradBenchInputs.BaVaried(n, m, p, seed));

    [Fact]
    public void Jacobian_has_ADBenchs_sparse_layout()
    {
        BaInput g = GradBenchInputs.BaVaried(4, 5, 10, 4);
        var jacobian = new BaJacobian(g);
        jacobian.Compute();
        Assert.Equal((3 * g.P) + 1, jacobian.Rows.Length);
        Assert.Equal((30 * g.P) + g.P, jacobian.Values.Length);
        Assert.Equal(jacobian.Values.Length, jacobian.Rows[^1]);
        for (int row = 0; row < 2 * g.P; row++)
        {
            Assert.Equal(15, jacobian.Rows[row + 1] - jacobian.Rows[row]);
        }

        // The weight error 1 − w² has derivative −2w.
        for (int i = 0; i < g.P; i++)
        {
            int at = jacobian.Rows[(2 * g.P) + i];
            Assert.Equal(-2 * g.Weights[i], jacobian.Values[at]);
            Assert.Equal(g.ParameterCount - g.P + i, jacobian.Columns[at]);
        }
    }

    [Fact]
    public void Without_rotation_or_distortion_the_projection_is_the_pinhole_one_and_its_derivative_too()
    {
        // r = 0 takes the first-order branch: the error is w(f·(X − C)ₓ/(X − C)_z + u₀ − featureₓ), and the
        // derivative with respect to the rotation is that of the full Rodrigues formula at 0 (ω × (X − C)).
        double[] camera = [0, 0, 0, 0.1, -0.2, 0.3, 500, 10, -20, 0, 0];
        double[] point = [0.4, 0.5, -2.0];
        double[] feature = [100, 50];
        double w = 0.8;
        double[] error = new double[2];
        BaObjective.ReprojectionError(camera, point, w, feature, error);
        double dx = point[0] - camera[3], dy = point[1] - camera[4], dz = point[2] - camera[5];
        Infrastructure.GradientAssert.Close(w * ((500 * dx / dz) + 10 - 100), error[0], 1e-14, "e₀");
        Infrastructure.GradientAssert.Close(w * ((500 * dy / dz) - 20 - 50), error[1], 1e-14, "e₁");

        for (int r = 0; r < 2; r++)
        {
            double[] dCamera = new double[11], dPoint = new double[3], dError = new double[2];
            double dW = 0;
            dError[r] = 1;
            BaObjective.ReprojectionErrorBackward(camera, point, w, feature, new double[2], dCamera, dPoint, ref dW, dError);
            int output = r;
            double ErrorAt(double[] c)
            {
                // Off zero the full Rodrigues branch runs: central differences across both branches.
                double[] e = new double[2];
                BaObjective.ReprojectionError(c, point, w, feature, e);
                return e[output];
            }

            GradBenchCheck.MatchesCentralDifferences(ErrorAt, (double[])camera.Clone(), dCamera, 1e-6, 1e-6, $"∂e{r}/∂camera");
        }
    }
}
