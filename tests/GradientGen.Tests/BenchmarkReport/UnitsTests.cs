using GradientGen.BenchmarkReport;

namespace GradientGen.Tests.BenchmarkReport;

/// <summary>BenchmarkDotNet's cells carry their unit; the tables print times, bytes and ratios their own way.</summary>
public class UnitsTests
{
    [Theory]
    [InlineData("3.853 ns", 3.853)]
    [InlineData("710.2 μs", 710_200)]
    [InlineData("710.2 us", 710_200)]
    [InlineData("14,171.2 μs", 14_171_200)]
    [InlineData("4.518 ms", 4_518_000)]
    [InlineData("1.25 s", 1.25e9)]
    public void Times_read_in_nanoseconds(string cell, double nanoseconds) =>
        Assert.Equal(nanoseconds, Units.ParseNanoseconds(cell)!.Value, 6);

    [Theory]
    [InlineData("0 B", 0)]
    [InlineData("1048 B", 1048)]
    [InlineData("178,120 B", 178_120)]
    [InlineData("3.41 KB", 3.41 * 1024)]
    [InlineData("-", 0)]
    public void Sizes_read_in_bytes(string cell, double bytes) =>
        Assert.Equal(bytes, Units.ParseBytes(cell)!.Value, 6);

    [Theory]
    [InlineData("NA")]
    [InlineData("?")]
    [InlineData("")]
    public void Missing_values_read_as_null(string cell)
    {
        Assert.Null(Units.ParseNanoseconds(cell));
        Assert.Null(Units.ParseBytes(cell));
    }

    [Theory]
    [InlineData("12 parsecs")]
    [InlineData("fast ms")]
    public void Cells_without_a_known_unit_or_number_are_refused(string cell) =>
        Assert.Throws<FormatException>(() => Units.ParseNanoseconds(cell));

    [Theory]
    [InlineData(3.853, "3.853 ns")]
    [InlineData(117_234, "117.2 μs")]
    [InlineData(1_093_400, "1.093 ms")]
    [InlineData(31_200_000, "31.20 ms")]
    [InlineData(1_419_107_400, "1.419 s")]
    public void Times_print_with_four_significant_digits(double nanoseconds, string text) =>
        Assert.Equal(text, Units.FormatTime(nanoseconds));

    [Theory]
    [InlineData(1.5234, "1.52")]
    [InlineData(12.62, "12.6")]
    [InlineData(631.43, "631")]
    public void Ratios_print_with_three_significant_digits(double ratio, string text) =>
        Assert.Equal(text, Units.FormatRatio(ratio));

    [Fact]
    public void Bytes_print_whole_with_separators() => Assert.Equal("2,064,136 B", Units.FormatBytes(2_064_136));
}
