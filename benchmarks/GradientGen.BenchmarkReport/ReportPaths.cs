namespace GradientGen.BenchmarkReport;

/// <summary>
/// Where the report reads and writes: BenchmarkDotNet's artifacts (default <c>BenchmarkDotNet.Artifacts</c>
/// at the repository root, where run-all.sh puts them), the ADBench data (LSTM sizes, the 2015 timings) in the
/// repository's <c>data/adbench</c>, and docs/benchmarks.md with docs/images/.
/// </summary>
internal sealed record ReportPaths(string RepositoryRoot, string Artifacts, string AdBenchData)
{
    public string Results => Path.Combine(Artifacts, "results");

    public string Document => Path.Combine(RepositoryRoot, "docs", "benchmarks.md");

    public string Images => Path.Combine(RepositoryRoot, "docs", "images");

    public string AdBench2015 => Path.Combine(AdBenchData, "results-2015");

    /// <summary>The repository root is the first folder above <paramref name="start"/> that holds GradientGen.sln.</summary>
    public static ReportPaths Find(string start, string? artifacts)
    {
        for (DirectoryInfo? dir = new(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientGen.sln")))
            {
                string data = Path.Combine(dir.FullName, "data", "adbench");
                return new ReportPaths(
                    dir.FullName,
                    Path.GetFullPath(artifacts ?? Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts")),
                    data);
            }
        }

        throw new DirectoryNotFoundException($"No folder holding GradientGen.sln above '{start}': run the report from inside the repository.");
    }
}
