using GradientGen.BenchmarkReport;

namespace GradientGen.Tests.BenchmarkReport;

public class CsvLineTests
{
    [Fact]
    public void Quoted_fields_keep_their_commas_and_doubled_quotes()
    {
        Assert.Equal(["Generated", "10", "14,171.2 μs", "say \"hi\"", ""], CsvLine.Split("Generated,10,\"14,171.2 μs\",\"say \"\"hi\"\"\","));
    }

    [Fact]
    public void An_unterminated_quote_is_refused() => Assert.Throws<FormatException>(() => CsvLine.Split("a,\"b"));
}
