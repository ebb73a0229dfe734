using GradientGen.BenchmarkReport;

// Usage: dotnet run -c Release --project benchmarks/GradientGen.BenchmarkReport [-- <BenchmarkDotNet.Artifacts folder>]
// Reads the CSV reports of the benchmark classes in WorkloadCatalog, writes the results section of
// docs/benchmarks.md (between its markers) and the plots in docs/images/.
ReportPaths paths = ReportPaths.Find(Directory.GetCurrentDirectory(), args.Length > 0 ? args[0] : null);
if (!Directory.Exists(paths.Results))
{
    Console.Error.WriteLine($"No BenchmarkDotNet results at '{paths.Results}'. Run benchmarks/run-all.sh, or pass the artifacts folder.");
    return 1;
}

var wanted = WorkloadCatalog.Classes.Select(c => c.Class).ToHashSet(StringComparer.Ordinal);
List<BenchmarkRecord> records = BenchmarkCsvReader.ReadDirectory(paths.Results).Where(r => wanted.Contains(r.Class)).ToList();
foreach (string missing in wanted.Where(c => records.All(r => r.Class != c)))
{
    Console.Error.WriteLine($"warning: no CSV report for {missing}; its rows are left out.");
}

if (records.Count == 0)
{
    Console.Error.WriteLine($"None of the reports in '{paths.Results}' is one of: {string.Join(", ", wanted)}.");
    return 1;
}

var catalog = new WorkloadCatalog(file => AdBenchHeader.ReadLstm(Path.Combine(paths.AdBenchData, file)));
IReadOnlyList<ResultRow> rows = ResultRows.Build(records, catalog);
IReadOnlyList<AdBench2015Timing> adBench = AdBench2015Timing.ReadDirectory(paths.AdBench2015);
IEnumerable<string> githubReports = records.Select(r => r.Class).Distinct()
    .SelectMany(c => Directory.GetFiles(paths.Results, $"*.{c}-report-github.md"))
    .Order(StringComparer.Ordinal);
RunContext context = RunContext.Read(paths.Artifacts, githubReports);

string section = ResultsMarkdown.Render(rows, adBench, context);
File.WriteAllText(paths.Document, DocSection.Replace(File.ReadAllText(paths.Document), section));
RatioPlots.SaveGmm(Path.Combine(paths.Images, RatioPlots.GmmFile), rows, adBench);
RatioPlots.SaveOtherWorkloads(Path.Combine(paths.Images, RatioPlots.OtherWorkloadsFile), rows);
Console.WriteLine($"{rows.Count} rows from {records.Count} benchmark results → {paths.Document}, {RatioPlots.GmmFile} and {RatioPlots.OtherWorkloadsFile} in {paths.Images}");
return 0;
