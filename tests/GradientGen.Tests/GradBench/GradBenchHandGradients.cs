namespace GradientGen.Tests.GradBench;

/// <summary>
/// Hand-derived derivatives of the GradBench objectives, each from its closed form: the references the
/// generated ones are tested against, and the "by hand" rows of the benchmarks.
/// </summary>
internal static class GradBenchHandGradients
{
    /// <summary>∇ LSE(x) = softmax(x), computed stably (shifted by max x); returns LSE(x).</summary>
    public static double LseGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            gradient[i] = Math.Exp(x[i] - max);
            sum += gradient[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            gradient[i] /= sum;
        }

        return Math.Log(sum) + max;
    }

    /// <summary>
    /// The normal-equations gradient of ½‖s − A x‖² with Aᵢⱼ = tᵢʲ: ∇ = Aᵀ(A x − s), i.e. ∂/∂xⱼ = −Σᵢ rᵢ tᵢʲ
    /// with rᵢ = sᵢ − Σⱼ xⱼ tᵢʲ (powers by repeated products, not Pow); returns the objective.
    /// </summary>
    public static double LlsqGradient(ReadOnlySpan<double> x, int n, Span<double> gradient)
    {
        gradient.Clear();
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double t = -1.0 + (i * 2.0 / (n - 1));
            double residual = Math.Sign(t);
            double power = 1;
            for (int j = 0; j < x.Length; j++)
            {
                residual -= x[j] * power;
                power *= t;
            }

            power = 1;
            for (int j = 0; j < x.Length; j++)
            {
                gradient[j] -= residual * power;
                power *= t;
            }

            sum += residual * residual;
        }

        return sum / 2;
    }

    /// <summary>kmeans: ∂/∂cⱼ = Σ over the points nearest to cⱼ of 2(cⱼ − pᵢ) (first nearest on a tie); returns the cost.</summary>
    public static double KMeansGradient(double[,] points, double[,] centroids, double[,] gradient)
    {
        Array.Clear(gradient);
        double cost = 0;
        for (int i = 0; i < points.GetLength(0); i++)
        {
            int nearest = Nearest(points, centroids, i, out double distance);
            cost += distance;
            for (int l = 0; l < points.GetLength(1); l++)
            {
                gradient[nearest, l] += 2 * (centroids[nearest, l] - points[i, l]);
            }
        }

        return cost;
    }

    /// <summary>kmeans: the Hessian's diagonal, 2·(points nearest to cⱼ) on each of centroid j's coordinates.</summary>
    public static double[,] KMeansHessianDiagonal(double[,] points, double[,] centroids)
    {
        var diagonal = new double[centroids.GetLength(0), centroids.GetLength(1)];
        for (int i = 0; i < points.GetLength(0); i++)
        {
            int nearest = Nearest(points, centroids, i, out _);
            for (int l = 0; l < points.GetLength(1); l++)
            {
                diagonal[nearest, l] += 2;
            }
        }

        return diagonal;
    }

    /// <summary>The first centroid nearest to point <paramref name="i"/>, and its squared distance.</summary>
    public static int Nearest(double[,] points, double[,] centroids, int i, out double distance)
    {
        int nearest = 0;
        distance = double.PositiveInfinity;
        for (int j = 0; j < centroids.GetLength(0); j++)
        {
            double d = 0;
            for (int l = 0; l < points.GetLength(1); l++)
            {
                double difference = points[i, l] - centroids[j, l];
                d += difference * difference;
            }

            if (d < distance)
            {
                distance = d;
                nearest = j;
            }
        }

        return nearest;
    }
}
