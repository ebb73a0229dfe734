using System.Globalization;

namespace GradientGen.Tests.AdBench;

/// <summary>The worst entry of a comparison: its index (−1 for a scalar) and its relative error.</summary>
internal readonly record struct AdBenchComparison(double MaxRelativeError, int WorstIndex, double Expected, double Actual)
{
    public override string ToString() => WorstIndex < 0
        ? string.Create(CultureInfo.InvariantCulture, $"ρ = {MaxRelativeError:E2} (expected {Expected:R}, got {Actual:R})")
        : string.Create(CultureInfo.InvariantCulture, $"max ρ = {MaxRelativeError:E2} at entry {WorstIndex} (expected {Expected:R}, got {Actual:R})");
}

/// <summary>
/// ADBench's comparison (docs/JacobianCheck.md): ρ(x, y) = |x − y| / max(1, |x| + |y|), with default
/// tolerance 1e-8, against the golden <c>_F_</c> and <c>_J_</c> files.
/// </summary>
internal static class AdBenchAssert
{
    public const double Tolerance = 1e-8;

    public static double RelativeError(double x, double y) =>
        Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x) + Math.Abs(y));

    /// <summary>Fails unless <paramref name="actual"/> is within <paramref name="tolerance"/> of the golden objective file.</summary>
    public static AdBenchComparison ObjectiveMatches(double actual, string goldenRelativePath, double tolerance = Tolerance)
    {
        double expected = AdBenchData.ReadObjective(goldenRelativePath);
        var result = new AdBenchComparison(RelativeError(expected, actual), -1, expected, actual);
        Assert.True(result.MaxRelativeError <= tolerance, $"{goldenRelativePath}: {result}, tolerance {tolerance:E0}");
        return result;
    }

    /// <summary>
    /// Fails unless every entry of <paramref name="actual"/> is within <paramref name="tolerance"/> of the
    /// golden gradient file, reporting the worst entry; NaN anywhere fails.
    /// </summary>
    public static AdBenchComparison GradientMatches(ReadOnlySpan<double> actual, string goldenRelativePath, double tolerance = Tolerance)
    {
        double[] expected = AdBenchData.ReadGradient(goldenRelativePath);
        Assert.True(expected.Length == actual.Length, $"{goldenRelativePath}: the golden gradient has {expected.Length} entries, the computed one {actual.Length}.");
        var worst = new AdBenchComparison(0, 0, expected.Length > 0 ? expected[0] : 0, actual.Length > 0 ? actual[0] : 0);
        for (int i = 0; i < expected.Length; i++)
        {
            double rho = RelativeError(expected[i], actual[i]);
            if (double.IsNaN(rho) || rho > worst.MaxRelativeError)
            {
                worst = new AdBenchComparison(rho, i, expected[i], actual[i]);
                if (double.IsNaN(rho))
                {
                    break;
                }
            }
        }

        Assert.True(worst.MaxRelativeError <= tolerance, $"{goldenRelativePath}: {worst}, tolerance {tolerance:E0}");
        return worst;
    }
}
