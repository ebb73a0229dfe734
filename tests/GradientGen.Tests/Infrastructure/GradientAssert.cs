namespace GradientGen.Tests.Infrastructure;

/// <summary>Asserts that a generated gradient matches finite differences or analytic values.</summary>
internal static class GradientAssert
{
    /// <summary>Relative-or-absolute closeness: |a − e| ≤ tol · max(1, |e|).</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * scale || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(actual - expected):E2}, tolerance {tolerance * scale:E2})");
    }

    /// <summary>
    /// At each point: the backward returns the primal value, and each adjoint (for the arguments whose
    /// indices <paramref name="activeArgs"/> lists, in order) equals the central finite difference.
    /// </summary>
    public static void MatchesFiniteDifferences(Differentiated f, int[] activeArgs, IEnumerable<double[]> points, double tolerance = 1e-6, double h = 1e-6)
    {
        Assert.Equal(activeArgs.Length, f.AdjointCount);
        foreach (double[] point in points)
        {
            (double value, double[] adjoints) = f.Backprop(point);
            Assert.Equal(f.Value(point), value);
            for (int i = 0; i < activeArgs.Length; i++)
            {
                double fd = f.FiniteDifference(point, activeArgs[i], h);
                Close(fd, adjoints[i], tolerance, $"d/d(arg {activeArgs[i]}) at ({string.Join(", ", point)})");
            }
        }
    }

    /// <summary>
    /// At one point of a flat driver (one vector of parameters in): the gradient has one entry per parameter, and
    /// each equals the central difference of <paramref name="value"/> with step <paramref name="h"/>.
    /// </summary>
    public static void MatchesFiniteDifferences(Func<double[], double> value, double[] gradient, double[] point, double h, double tolerance, string what)
    {
        Assert.Equal(point.Length, gradient.Length);
        for (int k = 0; k < point.Length; k++)
        {
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[k] += h;
            minus[k] -= h;
            Close((value(plus) - value(minus)) / (2 * h), gradient[k], tolerance, $"{what}: d/dp[{k}]");
        }
    }
}
