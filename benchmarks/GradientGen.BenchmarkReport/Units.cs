using System.Globalization;

namespace GradientGen.BenchmarkReport;

/// <summary>
/// Reads BenchmarkDotNet's cells, which carry their unit ("14,171.2 μs", "1048 B"), and writes times and
/// sizes back for the tables. "NA", "?" and "-" read as missing, except that "-" in an allocation column
/// means zero bytes (BenchmarkDotNet's console style).
/// </summary>
internal static class Units
{
    private static readonly (string Suffix, double Nanoseconds)[] TimeUnits =
    [
        ("ns", 1), ("μs", 1e3), ("µs", 1e3), ("us", 1e3), ("ms", 1e6), ("s", 1e9),
    ];

    private static readonly (string Suffix, double Bytes)[] SizeUnits =
    [
        ("KB", 1024), ("MB", 1024 * 1024), ("GB", 1024.0 * 1024 * 1024), ("B", 1),
    ];

    /// <summary>A time cell in nanoseconds, or null when BenchmarkDotNet has no value.</summary>
    public static double? ParseNanoseconds(string cell)
    {
        string text = cell.Trim();
        if (IsMissing(text))
        {
            return null;
        }

        foreach ((string suffix, double scale) in TimeUnits)
        {
            if (text.EndsWith(" " + suffix, StringComparison.Ordinal))
            {
                return Number(text[..^(suffix.Length + 1)], cell) * scale;
            }
        }

        throw new FormatException($"'{cell}' is not a time with a unit (ns, μs, ms, s).");
    }

    /// <summary>A size cell in bytes, or null when BenchmarkDotNet has no value.</summary>
    public static double? ParseBytes(string cell)
    {
        string text = cell.Trim();
        if (text == "-")
        {
            return 0;
        }

        if (IsMissing(text))
        {
            return null;
        }

        foreach ((string suffix, double scale) in SizeUnits)
        {
            if (text.EndsWith(" " + suffix, StringComparison.Ordinal))
            {
                return Number(text[..^(suffix.Length + 1)], cell) * scale;
            }
        }

        throw new FormatException($"'{cell}' is not a size with a unit (B, KB, MB, GB).");
    }

    /// <summary>A time with 4 significant digits in the largest unit that keeps it ≥ 1: "117.2 μs", "1.093 ms".</summary>
    public static string FormatTime(double nanoseconds)
    {
        (string unit, double scale) = nanoseconds switch
        {
            >= 1e9 => ("s", 1e9),
            >= 1e6 => ("ms", 1e6),
            >= 1e3 => ("μs", 1e3),
            _ => ("ns", 1.0),
        };
        double value = nanoseconds / scale;
        string format = value >= 100 ? "0.0" : value >= 10 ? "0.00" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>Whole bytes with thousands separators: "3,496 B".</summary>
    public static string FormatBytes(double bytes) =>
        Math.Round(bytes).ToString("#,0", CultureInfo.InvariantCulture) + " B";

    /// <summary>A ratio with 3 significant digits (at least 2 decimals below 10): 1.52, 12.6, 631.</summary>
    public static string FormatRatio(double ratio) =>
        ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static bool IsMissing(string text) => text is "" or "NA" or "?" or "-" or "N/A";

    private static double Number(string text, string cell) =>
        double.TryParse(text.Trim(), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"'{cell}' does not start with a number.");
}
