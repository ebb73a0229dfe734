using System.Globalization;

namespace GradientGen.BenchmarkReport;

/// <summary>The first tokens of an ADBench input file, which give its sizes (data README, section 2).</summary>
internal static class AdBenchHeader
{
    /// <summary>An LSTM file starts with <c>l c b</c>: layers, characters, bits per character.</summary>
    public static (int L, int C, int B) ReadLstm(string path)
    {
        using var reader = new StreamReader(path);
        string[] tokens = (reader.ReadLine() ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 3)
        {
            throw new FormatException($"'{path}' does not start with 'l c b'.");
        }

        return (Int(tokens[0]), Int(tokens[1]), Int(tokens[2]));
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
