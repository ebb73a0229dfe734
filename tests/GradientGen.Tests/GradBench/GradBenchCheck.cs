using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.GradBench;

/// <summary>Comparisons shared by the GradBench eval tests.</summary>
internal static class GradBenchCheck
{
    /// <summary>Every entry of <paramref name="actual"/> close to <paramref name="expected"/>'s (|a − e| ≤ tol · max(1, |e|)).</summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            GradientAssert.Close(expected[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }

    /// <summary>
    /// Each entry of <paramref name="gradient"/> against the central difference of <paramref name="f"/> in that
    /// entry of <paramref name="point"/> (which is restored).
    /// </summary>
    public static void MatchesCentralDifferences(Func<double[], double> f, double[] point, ReadOnlySpan<double> gradient, double h, double tolerance, string what)
    {
        Assert.Equal(point.Length, gradient.Length);
        for (int k = 0; k < point.Length; k++)
        {
            double saved = point[k];
            point[k] = saved + h;
            double plus = f(point);
            point[k] = saved - h;
            double minus = f(point);
            point[k] = saved;
            GradientAssert.Close((plus - minus) / (2 * h), gradient[k], tolerance, $"{what}: d/dx[{k}]");
        }
    }

    /// <summary>A matrix's entries row by row.</summary>
    public static double[] Flatten(double[,] matrix)
    {
        double[] flat = new double[matrix.Length];
        int k = 0;
        foreach (double value in matrix)
        {
            flat[k++] = value;
        }

        return flat;
    }
}
