using GradientGen.BenchmarkReport;
using GradientGen.Tests.AdBench;

namespace GradientGen.Tests.BenchmarkReport;

/// <summary>ADBench's published GMM timings, read from the repository's data/adbench/results-2015.</summary>
public class AdBench2015TimingTests
{
    [Fact]
    public void Rows_parse_with_their_data_set()
    {
        var rows = AdBench2015Timing.Parse(
            "d,K,n_params,tool,objective_s,gradient_s,ratio_J_over_F\n2,5,30,manual | C++,0.0001609837,0.0003356291,2.0848638713111947\n",
            "1k");
        Assert.Equal([new AdBench2015Timing("1k", 2, 5, 30, "manual | C++", 0.0001609837, 0.0003356291, 2.0848638713111947)], rows);
    }

    [Fact]
    public void Inf_marks_a_run_that_did_not_finish()
    {
        var row = Assert.Single(AdBench2015Timing.Parse("d,K,n_params,tool,objective_s,gradient_s,ratio_J_over_F\n64,10,21450,DiffSharp | F#,inf,inf,inf\n", "1k"));
        Assert.True(double.IsPositiveInfinity(row.RatioJOverF));
    }

    [Fact]
    public void An_unexpected_header_is_refused() =>
        Assert.Throws<FormatException>(() => AdBench2015Timing.Parse("d,K,tool\n2,5,x\n", "1k"));

    [Fact]
    public void The_published_files_hold_every_tool_the_table_shows_for_every_benchmarked_gmm_size()
    {
        IReadOnlyList<AdBench2015Timing> all = AdBench2015Timing.ReadDirectory(Path.Combine(AdBenchData.Root, "results-2015"));
        (string Points, int D, int K)[] benchmarked = [("1k", 2, 5), ("1k", 10, 5), ("1k", 10, 25), ("1k", 64, 10), ("1k", 64, 25), ("10k", 2, 200), ("10k", 10, 50)];
        foreach ((string points, int d, int k) in benchmarked)
        {
            foreach ((string tool, _) in ResultsMarkdown.AdBenchTools)
            {
                AdBench2015Timing row = Assert.Single(all, a => a.Points == points && a.D == d && a.K == k && a.Tool == tool);
                Assert.Equal(k * (d + 1) * (d + 2) / 2, row.ParameterCount);
                if (double.IsFinite(row.RatioJOverF))
                {
                    Assert.Equal(row.GradientSeconds / row.ObjectiveSeconds, row.RatioJOverF, 1e-9);
                }
                else
                {
                    Assert.True(double.IsPositiveInfinity(row.RatioJOverF), $"{tool} {points} d{d} K{k}: {row.RatioJOverF}");
                }
            }
        }
    }
}
