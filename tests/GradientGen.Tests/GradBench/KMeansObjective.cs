using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>kmeans</c> eval (evals/kmeans/README.md): the cost Σᵢ minⱼ ‖pᵢ − cⱼ‖² of n points (rows of
/// <paramref name="points"/>) against k centroids (rows of <paramref name="centroids"/>), differentiated with
/// respect to the centroids. GradBench's "dir" is the Newton step J/diag(H); H is diagonal, 2·(points nearest
/// to cⱼ) on centroid j's coordinates.
/// </summary>
public static partial class KMeansObjective
{
    [Differentiable]
    public static double Cost([NoDerivative] double[,] points, double[,] centroids)
    {
        int n = points.GetLength(0);
        int d = points.GetLength(1);
        int k = centroids.GetLength(0);
        double cost = 0;
        for (int i = 0; i < n; i++)
        {
            double closest = double.PositiveInfinity;
            for (int j = 0; j < k; j++)
            {
                double distance = 0;
                for (int l = 0; l < d; l++)
                {
                    double difference = points[i, l] - centroids[j, l];
                    distance += difference * difference;
                }

                closest = Math.Min(closest, distance);
            }

            cost += closest;
        }

        return cost;
    }
}
