using System.Globalization;

namespace GradientGen.BenchmarkReport;

/// <summary>
/// One row of ADBench's published GMM timings (<c>results-2015/gmm_1k_times_24-Sep-2015.csv</c>, measured
/// by ADBench in 2015 on a Xeon E5-1620, not on this machine): a tool's objective and gradient times.
/// </summary>
/// <param name="Points">The data set: "1k" or "10k" points.</param>
/// <param name="Tool">ADBench's tool label, e.g. "manual | C++", "Tapenade | C".</param>
internal sealed record AdBench2015Timing(string Points, int D, int K, int ParameterCount, string Tool, double ObjectiveSeconds, double GradientSeconds, double RatioJOverF)
{
    public const string OneThousandFile = "gmm_1k_times_24-Sep-2015.csv";
    public const string TenThousandFile = "gmm_10k_times_24-Sep-2015.csv";

    /// <summary>Both files of <paramref name="resultsDirectory"/> (ADBench data's <c>results-2015</c>), 1k then 10k.</summary>
    public static IReadOnlyList<AdBench2015Timing> ReadDirectory(string resultsDirectory) =>
    [
        .. Parse(File.ReadAllText(Path.Combine(resultsDirectory, OneThousandFile)), "1k"),
        .. Parse(File.ReadAllText(Path.Combine(resultsDirectory, TenThousandFile)), "10k"),
    ];

    /// <summary>
    /// Columns d,K,n_params,tool,objective_s,gradient_s,ratio_J_over_F. ADBench writes "inf" for a run that did
    /// not finish (DiffSharp on the larger sizes): it reads as +∞; anything else unreadable as NaN.
    /// </summary>
    public static IReadOnlyList<AdBench2015Timing> Parse(string text, string points)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        const string expected = "d,K,n_params,tool,objective_s,gradient_s,ratio_J_over_F";
        if (lines.Length == 0 || lines[0] != expected)
        {
            throw new FormatException($"ADBench 2015 timings ({points}): expected the header '{expected}'.");
        }

        return lines.Skip(1).Select(line =>
        {
            IReadOnlyList<string> f = CsvLine.Split(line);
            return new AdBench2015Timing(points, Int(f[0]), Int(f[1]), Int(f[2]), f[3], Real(f[4]), Real(f[5]), Real(f[6]));
        }).ToList();
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Real(string s) =>
        s.Trim().Equals("inf", StringComparison.OrdinalIgnoreCase) ? double.PositiveInfinity
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
}
