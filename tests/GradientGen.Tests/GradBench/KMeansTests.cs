namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's kmeans: the generated gradient of <see cref="KMeansObjective.Cost"/> with respect to the
/// centroids against its closed form and finite differences, and the Newton step J/diag(H) GradBench asks for,
/// with the Hessian's diagonal from one generated Hessian-vector product (checked against 2·count per coordinate): it moves each centroid to the mean of its points.
/// </summary>
public class KMeansTests
{
    public static TheoryData<int, int, int, int> Inputs => new()
    {
        // GradBench: k = 10, 100, 1,000; n = 1,000 … 100,000; d = 8, 16; points uniform in the unit cube, the
        // centroids the last k points.
        { 1000, 10, 8, 1 },
        { 1000, 100, 16, 2 },
        { 50, 5, 2, 3 },
        { 3, 1, 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Gradient_is_twice_the_sum_of_offsets_to_the_nearest_centroid(int n, int k, int d, int seed)
    {
        (double[,] points, double[,] centroids) = GradBenchInputs.KMeans(n, k, d, seed);
        var generated = new double[k, d];
        var hand = new double[k, d];
        double cost = KMeansObjective.CostBackward(points, centroids, 1.0, generated);

        Assert.Equal(KMeansObjective.Cost(points, centroids), cost);
        Infrastructure.GradientAssert.Close(GradBenchHandGradients.KMeansGradient(points, centroids, hand), cost, 1e-13, "cost");
        GradBenchCheck.AllClose(GradBenchCheck.Flatten(hand), GradBenchCheck.Flatten(generated), 1e-13, "∂cost/∂c");
    }

    [Theory]
    [InlineData(40, 4, 3, 5)]
    [InlineData(200, 7, 8, 6)]
    public void Gradient_matches_central_differences(int n, int k, int d, int seed)
    {
        // Moved off the data points, so no point sits at a tie for its nearest centroid within the step.
        (double[,] points, double[,] centroids) = GradBenchInputs.KMeans(n, k, d, seed);
        double[] shift = GradBenchInputs.Uniform(k * d, seed + 100, -0.05, 0.05);
        var start = new double[k, d];
        for (int j = 0; j < k; j++)
        {
            for (int l = 0; l < d; l++)
            {
                start[j, l] = centroids[j, l] + shift[(j * d) + l];
            }
        }

        var gradient = new double[k, d];
        KMeansObjective.CostBackward(points, start, 1.0, gradient);
        GradBenchCheck.MatchesCentralDifferences(
            flat =>
            {
                var c = new double[k, d];
                Buffer.BlockCopy(flat, 0, c, 0, flat.Length * sizeof(double));
                return KMeansObjective.Cost(points, c);
            },
            GradBenchCheck.Flatten(start), GradBenchCheck.Flatten(gradient), 1e-6, 1e-7, "kmeans");
    }

    [Theory]
    [InlineData(1000, 10, 8, 7)]
    [InlineData(300, 20, 2, 8)]
    public void Newton_step_from_the_generated_Hessian_diagonal_moves_centroids_to_their_means(int n, int k, int d, int seed)
    {
        // GradBench's "dir": J/diag(H) = (Σ 2(cⱼ − pᵢ)) / (2·countⱼ) = cⱼ − meanⱼ, so cⱼ − dir is Lloyd's update.
        // The Hessian is diagonal, so one generated Hessian-vector product along all ones is its diagonal; the
        // hand-written one (2·count per coordinate) checks it.
        (double[,] points, double[,] centroids) = GradBenchInputs.KMeans(n, k, d, seed);
        var gradient = new double[k, d];
        KMeansObjective.CostBackward(points, centroids, 1.0, gradient);
        var ones = new double[k, d];
        for (int j = 0; j < k; j++)
        {
            for (int l = 0; l < d; l++)
            {
                ones[j, l] = 1;
            }
        }

        var diagonal = new double[k, d];
        double cost = KMeansObjective.CostHessianVectorProduct(points, centroids, ones, diagonal);
        Assert.Equal(KMeansObjective.Cost(points, centroids), cost);
        double[,] byHand = GradBenchHandGradients.KMeansHessianDiagonal(points, centroids);
        Assert.Equal(byHand, diagonal);

        var sums = new double[k, d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            int nearest = GradBenchHandGradients.Nearest(points, centroids, i, out _);
            counts[nearest]++;
            for (int l = 0; l < d; l++)
            {
                sums[nearest, l] += points[i, l];
            }
        }

        for (int j = 0; j < k; j++)
        {
            Assert.True(counts[j] > 0, $"centroid {j} has no points: GradBench's inputs guarantee it has");
            for (int l = 0; l < d; l++)
            {
                Assert.Equal(2.0 * counts[j], diagonal[j, l]);
                double step = gradient[j, l] / diagonal[j, l];
                Infrastructure.GradientAssert.Close(sums[j, l] / counts[j], centroids[j, l] - step, 1e-13, $"Lloyd update of c[{j}, {l}]");
            }
        }
    }

    [Fact]
    public void The_generated_Hessian_is_diagonal_with_twice_the_counts()
    {
        (double[,] points, double[,] centroids) = GradBenchInputs.KMeans(40, 3, 2, 11);
        double[,] hessian = KMeansObjective.CostHessian(points, centroids);
        double[,] byHand = GradBenchHandGradients.KMeansHessianDiagonal(points, centroids);
        for (int a = 0; a < 6; a++)
        {
            for (int b = 0; b < 6; b++)
            {
                Assert.Equal(a == b ? byHand[a / 2, a % 2] : 0.0, hessian[a, b]);
            }
        }
    }
}
