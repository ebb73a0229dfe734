using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using Perfolizer.Metrology;

namespace GradientGen.Benchmarks;

/// <summary>
/// The style of the classes whose CSV reports (<c>*-report.csv</c>) GradientGen.BenchmarkReport reads:
/// allocations in bytes, not rounded to "3.41 KB" (bytes per call is what the allocation targets are stated
/// in), and [Params] values in full (by default a file name is cut to "gmm/1(...)0.txt [23]", which makes
/// two inputs look alike).
/// </summary>
public sealed class ReportCsvConfig : ManualConfig
{
    public ReportCsvConfig()
    {
        SummaryStyle = SummaryStyle.Default.WithSizeUnit(SizeUnit.B).WithMaxParameterColumnWidth(100);
    }
}
