namespace GradientGen.BenchmarkReport;

/// <summary>
/// One row of a BenchmarkDotNet CSV report: the benchmark class (from the file name), the method, every
/// column's text (job characteristics, [Params] values, statistics) and the two statistics the tables use.
/// </summary>
/// <param name="MeanNanoseconds">The Mean column, or null when the benchmark failed (NA).</param>
/// <param name="AllocatedBytes">The Allocated column, or null without [MemoryDiagnoser].</param>
internal sealed record BenchmarkRecord(
    string Class,
    string Method,
    IReadOnlyDictionary<string, string> Columns,
    double? MeanNanoseconds,
    double? AllocatedBytes)
{
    /// <summary>The text of a column, e.g. a [Params] property's value ("gmm/1k/gmm_d2_K5.txt").</summary>
    public string Column(string name) =>
        Columns.TryGetValue(name, out string? value)
            ? value
            : throw new KeyNotFoundException($"{Class}.{Method} has no column '{name}' (columns: {string.Join(", ", Columns.Keys)}).");
}
