namespace GradientGen.BenchmarkReport;

/// <summary>
/// Reads the CSV reports BenchmarkDotNet writes by default (<c>results/&lt;Namespace.Class&gt;-report.csv</c>,
/// one row per method and [Params] case; units inside the cells).
/// </summary>
internal static class BenchmarkCsvReader
{
    public const string FileSuffix = "-report.csv";

    /// <summary>Every report in <paramref name="resultsDirectory"/>, each row tagged with its class.</summary>
    public static IReadOnlyList<BenchmarkRecord> ReadDirectory(string resultsDirectory) =>
        Directory.GetFiles(resultsDirectory, "*" + FileSuffix)
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Parse(File.ReadAllText(path), ClassOf(path)))
            .ToList();

    /// <summary>"…/GradientGen.Benchmarks.GmmBenchmarks-report.csv" → "GmmBenchmarks".</summary>
    public static string ClassOf(string path)
    {
        string name = Path.GetFileName(path);
        string qualified = name.EndsWith(FileSuffix, StringComparison.Ordinal) ? name[..^FileSuffix.Length] : Path.GetFileNameWithoutExtension(name);
        return qualified[(qualified.LastIndexOf('.') + 1)..];
    }

    public static IReadOnlyList<BenchmarkRecord> Parse(string text, string benchmarkClass)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        IReadOnlyList<string> header = CsvLine.Split(lines[0]);
        if (!header.Contains("Method") || !header.Contains("Mean"))
        {
            throw new FormatException(
                $"{benchmarkClass}: the CSV header has no Method or Mean column; a header separated by ';' comes from a culture " +
                "with a decimal comma: run the benchmarks with LC_ALL=C (benchmarks/run-all.sh does).");
        }

        var records = new List<BenchmarkRecord>();
        foreach (string line in lines.Skip(1))
        {
            IReadOnlyList<string> fields = CsvLine.Split(line);
            if (fields.Count != header.Count)
            {
                throw new FormatException($"{benchmarkClass}: a row has {fields.Count} fields, the header {header.Count}: {line}");
            }

            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++)
            {
                columns[header[i]] = fields[i];
            }

            records.Add(new BenchmarkRecord(
                benchmarkClass,
                columns["Method"],
                columns,
                Units.ParseNanoseconds(columns["Mean"]),
                columns.TryGetValue("Allocated", out string? allocated) ? Units.ParseBytes(allocated) : null));
        }

        return records;
    }
}
