using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// The [GlobalSetup] checks: a benchmark that compares speeds of gradients must first show they compute the
/// same thing, so a disagreement throws (BenchmarkDotNet then reports the case as failed, with the message).
/// </summary>
internal static class Agreement
{
    /// <summary>ADBench's relative error |x − y| / max(1, |x| + |y|).</summary>
    public static double RelativeError(double x, double y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x) + Math.Abs(y));

    /// <summary>Throws unless every value agrees with <paramref name="expected"/> to <paramref name="tolerance"/>.</summary>
    public static void Check(string what, double expected, ReadOnlySpan<double> values, double tolerance)
    {
        foreach (double value in values)
        {
            if (!(RelativeError(expected, value) <= tolerance))
            {
                throw new InvalidOperationException($"{what}: expected {expected:R}, got {value:R} (tolerance {tolerance:E0}).");
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="gradient"/> matches ADBench's golden gradient of <paramref name="input"/>
    /// (<c>golden/manual-module/&lt;input&gt;_J_Manual.txt</c>) to ADBench's 1e-8, when the data has one. The
    /// repository's data/adbench keeps only the goldens the tests read (1k d64 K25's 1.3 MB one is left out), so
    /// today this repeats a test's check in Release; a golden dropped into the folder is checked too.
    /// </summary>
    public static void CheckGolden(string input, ReadOnlySpan<double> gradient)
    {
        string golden = "golden/manual-module/" + input.Replace(".txt", "_J_Manual.txt", StringComparison.Ordinal);
        if (File.Exists(Path.Combine(AdBenchData.Root, golden)))
        {
            Check($"{input} against ADBench's {golden}", AdBenchData.ReadGradient(golden), gradient, 1e-8);
        }
    }

    /// <summary>Throws unless the two vectors have the same length and agree entry by entry, naming the worst entry.</summary>
    public static void Check(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: {expected.Length} entries against {actual.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!(RelativeError(expected[i], actual[i]) <= tolerance))
            {
                throw new InvalidOperationException($"{what}: entry {i} is {actual[i]:R}, expected {expected[i]:R} (tolerance {tolerance:E0}).");
            }
        }
    }
}
