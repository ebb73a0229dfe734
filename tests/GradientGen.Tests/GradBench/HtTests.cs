namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's ht (simple variant): the generated Jacobian of <see cref="HtObjective.Objective"/> with respect
/// to the 26 pose parameters against central differences, its forward- and reverse-mode columns against each
/// other, and the closed forms the model gives: the rest pose reproduces the rest vertices, the translation's
/// columns are −I.
/// </summary>
public class HtTests
{
    private static double[] Theta(int seed, double scale) => GradBenchInputs.Uniform(HtObjective.ThetaCount, seed, -scale, scale);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Jacobian_matches_central_differences(bool mirrored, int seed)
    {
        HtModel model = HtModel.Synthetic(verticesPerBone: 3, pointCount: 20, mirrored, seed);
        double[] theta = Theta(seed + 10, 0.5);
        double[,] jacobian = model.Jacobian(theta);
        Assert.Equal(3 * 20, jacobian.GetLength(0));
        Assert.Equal(HtObjective.ThetaCount, jacobian.GetLength(1));
        for (int row = 0; row < jacobian.GetLength(0); row++)
        {
            double[] gradient = new double[HtObjective.ThetaCount];
            for (int col = 0; col < gradient.Length; col++)
            {
                gradient[col] = jacobian[row, col];
            }

            int output = row;
            GradBenchCheck.MatchesCentralDifferences(t => model.Objective(t)[output], theta, gradient, 1e-6, 1e-8, $"ht row {row}");
        }
    }

    [Fact]
    public void Jacobian_by_reverse_sweeps_matches_the_one_by_tangents()
    {
        // 26 inputs, 60 outputs: …Jacobian runs the 26 tangents; one backward per output must agree.
        HtModel model = HtModel.Synthetic(verticesPerBone: 2, pointCount: 20, isMirrored: false, seed: 3);
        double[] theta = Theta(13, 0.7);
        double[,] jacobian = model.Jacobian(theta);
        double[] seed = new double[60];
        for (int row = 0; row < 60; row++)
        {
            double[] gradient = new double[HtObjective.ThetaCount];
            seed[row] = 1;
            HtObjective.ObjectiveBackward(theta, model.Parents, model.BaseRelatives, model.InverseBaseAbsolutes, model.BasePositions, model.Weights, model.IsMirrored, model.Correspondences, model.Points, seed, gradient);
            seed[row] = 0;
            for (int col = 0; col < gradient.Length; col++)
            {
                Infrastructure.GradientAssert.Close(jacobian[row, col], gradient[col], 1e-12, $"J[{row}, {col}]");
            }
        }
    }

    [Fact]
    public void The_rest_pose_gives_the_rest_vertices_and_translation_columns_are_minus_identity()
    {
        HtModel model = HtModel.Synthetic(verticesPerBone: 2, pointCount: 15, isMirrored: false, seed: 4);
        double[] theta = new double[HtObjective.ThetaCount];
        double[] errors = model.Objective(theta);
        for (int i = 0; i < 15; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Infrastructure.GradientAssert.Close(model.Points[j, i] - model.BasePositions[j, model.Correspondences[i]], errors[(3 * i) + j], 1e-13, $"e[{i}, {j}]");
            }
        }

        // Away from the rest pose too: the translation adds to every vertex.
        double[,] jacobian = model.Jacobian(Theta(14, 0.5));
        for (int row = 0; row < 45; row++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(row % 3 == j ? -1.0 : 0.0, jacobian[row, 3 + j], 12);
            }
        }
    }
}
