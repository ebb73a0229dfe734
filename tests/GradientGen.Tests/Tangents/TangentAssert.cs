using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Tangents;

/// <summary>Checks a generated <c>…Tangent</c> at several points and directions against central finite differences and closed forms.</summary>
internal static class TangentAssert
{
    /// <summary>Directions for methods with one, two or three active parameters (each point is checked along every one).</summary>
    public static double[][] Directions(int count) => count switch
    {
        1 => [[1.0], [-0.5], [2.0]],
        2 => [[1.0, 0.0], [0.0, 1.0], [0.6, -1.3]],
        _ => [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.3, -0.8, 1.1]],
    };

    /// <summary>
    /// At each point, along each direction: the tangent returns exactly the primal's value, and the tangent of the
    /// result is the central finite difference of the primal along that direction (moving the arguments at
    /// <paramref name="activeArgs"/>).
    /// </summary>
    public static void MatchesFiniteDifferences(Tangented f, int[] activeArgs, double[][] points, double tolerance = 1e-6, double h = 1e-6)
    {
        Assert.True(points.Length >= 3, "check a tangent at three points at least");
        Assert.Equal(activeArgs.Length, f.TangentCount);
        foreach (double[] point in points)
        {
            foreach (double[] direction in Directions(activeArgs.Length))
            {
                (double value, double tangent) = f.Jvp(point, direction);
                Assert.Equal(f.Value(point), value);
                GradientAssert.Close(f.FiniteDifference(point, activeArgs, direction, h), tangent, tolerance, $"tangent along ({string.Join(", ", direction)}) at ({string.Join(", ", point)})");
            }
        }
    }

    /// <summary>At each point, along each direction: the tangent is ⟨gradient, direction⟩ for the analytic <paramref name="gradient"/>.</summary>
    public static void MatchesClosedForm(Tangented f, Func<double[], double[]> gradient, double[][] points, double tolerance = 1e-10)
    {
        Assert.True(points.Length >= 3, "check a tangent at three points at least");
        foreach (double[] point in points)
        {
            double[] g = gradient(point);
            Assert.Equal(f.TangentCount, g.Length);
            foreach (double[] direction in Directions(g.Length))
            {
                (_, double tangent) = f.Jvp(point, direction);
                GradientAssert.Close(g.Zip(direction, (a, b) => a * b).Sum(), tangent, tolerance, $"tangent along ({string.Join(", ", direction)}) at ({string.Join(", ", point)})");
            }
        }
    }
}
