using GradientGen.BenchmarkReport;
using GradientGen.Tests.AdBench;

namespace GradientGen.Tests.BenchmarkReport;

/// <summary>
/// The fixture results: real BenchmarkDotNet 0.15.8 reports of a <c>--job dry</c> run (GradientGen.Benchmarks
/// with ReportCsvConfig), cut to a few cases, copied to the test output's BenchmarkReport/Fixtures.
/// </summary>
internal static class ReportFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "BenchmarkReport", "Fixtures");

    public static string PathOf(string benchmarkClass, string suffix = BenchmarkCsvReader.FileSuffix) =>
        Path.Combine(Directory, $"GradientGen.Benchmarks.{benchmarkClass}{suffix}");

    /// <summary>The catalog as the report builds it, reading LSTM sizes from the repository's data/adbench.</summary>
    public static WorkloadCatalog Catalog => new(file => AdBenchHeader.ReadLstm(AdBenchData.PathOf(file)));

    public static IReadOnlyList<AdBench2015Timing> AdBench2015 =>
        AdBench2015Timing.ReadDirectory(Path.Combine(AdBenchData.Root, "results-2015"));
}
