using GradientGen.BenchmarkReport;

namespace GradientGen.Tests.BenchmarkReport;

/// <summary>The report rewrites only its own section of docs/benchmarks.md.</summary>
public class DocSectionTests
{
    [Fact]
    public void Text_between_the_markers_is_replaced_and_the_rest_kept()
    {
        string doc = "# Benchmarks\n\nintro\n<!-- results:begin -->\nold\ntable\n<!-- results:end -->\n\n## Other\nhand-written\n";
        Assert.Equal(
            "# Benchmarks\n\nintro\n<!-- results:begin -->\nnew table\n<!-- results:end -->\n\n## Other\nhand-written\n",
            DocSection.Replace(doc, "new table\n"));
    }

    [Fact]
    public void Replacing_twice_gives_the_same_document()
    {
        string once = DocSection.Replace("a\n<!-- results:begin --><!-- results:end -->\nb\n", "x\ny");
        Assert.Equal(once, DocSection.Replace(once, "x\ny"));
    }

    [Theory]
    [InlineData("no markers")]
    [InlineData("<!-- results:end --> before <!-- results:begin -->")]
    [InlineData("<!-- results:begin --> twice <!-- results:begin --> <!-- results:end -->")]
    public void A_document_without_one_ordered_pair_of_markers_is_refused(string doc) =>
        Assert.Throws<FormatException>(() => DocSection.Replace(doc, "x"));
}
