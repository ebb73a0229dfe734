using GradientGen.BenchmarkReport;

namespace GradientGen.Tests.BenchmarkReport;

public class BenchmarkCsvReaderTests
{
    [Fact]
    public void The_class_comes_from_the_file_name() =>
        Assert.Equal("GmmBenchmarks", BenchmarkCsvReader.ClassOf("/a/results/GradientGen.Benchmarks.GmmBenchmarks-report.csv"));

    [Fact]
    public void A_real_report_gives_one_record_per_method_and_case_with_mean_and_allocation()
    {
        IReadOnlyList<BenchmarkRecord> records = BenchmarkCsvReader.Parse(File.ReadAllText(ReportFixtures.PathOf("GmmBenchmarks")), "GmmBenchmarks");

        Assert.Equal(6, records.Count);
        BenchmarkRecord generated = Assert.Single(records, r => r.Method == "Generated" && r.Column("File") == "gmm/10k/gmm_d2_K200.txt");
        Assert.Equal(344_174_000, generated.MeanNanoseconds!.Value, 3);   // "344,174.0 μs", quoted
        Assert.Equal(6512, generated.AllocatedBytes);
        Assert.Equal("Dry", generated.Column("Job"));
        Assert.All(records, r => Assert.Equal("GmmBenchmarks", r.Class));
    }

    [Fact]
    public void A_report_without_params_reads_too()
    {
        IReadOnlyList<BenchmarkRecord> records = BenchmarkCsvReader.Parse(File.ReadAllText(ReportFixtures.PathOf("Rosenbrock2DBenchmarks")), "Rosenbrock2DBenchmarks");
        Assert.Equal(["Objective", "Generated", "ByHand", "FiniteDifferences"], records.Select(r => r.Method));
        Assert.Equal(376_200, records[0].MeanNanoseconds!.Value, 3);
    }

    [Fact]
    public void The_directory_reader_reads_every_report_of_the_folder() =>
        Assert.Equal(
            ["ExtendedRosenbrockBenchmarks", "GmmBenchmarks", "LstmBenchmarks", "Rosenbrock2DBenchmarks"],
            BenchmarkCsvReader.ReadDirectory(ReportFixtures.Directory).Select(r => r.Class).Distinct());

    [Fact]
    public void A_row_of_the_wrong_width_is_refused() =>
        Assert.Throws<FormatException>(() => BenchmarkCsvReader.Parse("Method,Mean\nObjective,1 ns,extra\n", "X"));

    [Fact]
    public void A_semicolon_report_of_a_decimal_comma_culture_is_refused_with_the_way_out()
    {
        var e = Assert.Throws<FormatException>(() => BenchmarkCsvReader.Parse("Method;Mean\nObjective;1,5 ns\n", "X"));
        Assert.Contains("LC_ALL=C", e.Message);
    }
}
