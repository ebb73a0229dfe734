using GradientGen.BenchmarkReport;

namespace GradientGen.Tests.BenchmarkReport;

public class RunContextTests
{
    [Fact]
    public void The_environment_block_splits_into_machine_lines_and_the_job()
    {
        (IReadOnlyList<string> machine, IReadOnlyList<string> jobs) = RunContext.EnvironmentBlock(File.ReadAllText(ReportFixtures.PathOf("GmmBenchmarks", "-report-github.md")));

        Assert.Equal(5, machine.Count);
        Assert.Equal("BenchmarkDotNet v0.15.8, Linux Debian GNU/Linux 12 (bookworm)", machine[0]);
        Assert.StartsWith("  Dry    : .NET 10.0.12", machine[4], StringComparison.Ordinal);
        Assert.Equal(["Job=Dry  IterationCount=1  LaunchCount=1\nRunStrategy=ColdStart  UnrollFactor=1  WarmupCount=1"], jobs);
    }

    [Fact]
    public void A_report_without_a_fenced_block_is_refused() =>
        Assert.Throws<FormatException>(() => RunContext.EnvironmentBlock("| Method | Mean |"));

    [Fact]
    public void Load_files_are_read_when_present()
    {
        string dir = Directory.CreateTempSubdirectory("gg-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, RunContext.LoadBeforeFile), " 10:00:00 up 1 day,  load average: 1.00, 2.00, 3.00\n");
            RunContext context = RunContext.Read(dir, [ReportFixtures.PathOf("GmmBenchmarks", "-report-github.md")]);
            Assert.Equal("10:00:00 up 1 day,  load average: 1.00, 2.00, 3.00", context.LoadBefore);
            Assert.Null(context.LoadAfter);
            Assert.EndsWith("\n\nJob=Dry  IterationCount=1  LaunchCount=1\nRunStrategy=ColdStart  UnrollFactor=1  WarmupCount=1", context.Environment, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
