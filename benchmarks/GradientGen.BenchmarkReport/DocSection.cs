namespace GradientGen.BenchmarkReport;

/// <summary>
/// Replaces the text between two marker comments of a markdown file, leaving the rest of the file as it was
/// (other sections of docs/benchmarks.md are written by hand).
/// </summary>
internal static class DocSection
{
    public const string Begin = "<!-- results:begin -->";
    public const string End = "<!-- results:end -->";

    public static string Replace(string document, string content)
    {
        int begin = document.IndexOf(Begin, StringComparison.Ordinal);
        int end = document.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < 0 || end < begin || document.IndexOf(Begin, begin + Begin.Length, StringComparison.Ordinal) >= 0)
        {
            throw new FormatException($"The document must hold exactly one '{Begin}' followed by '{End}'.");
        }

        string newline = document.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        string body = content.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Replace("\n", newline, StringComparison.Ordinal);
        return document[..(begin + Begin.Length)] + newline + body + newline + document[end..];
    }
}
