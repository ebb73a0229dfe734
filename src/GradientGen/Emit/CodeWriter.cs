using System.Text;

namespace GradientGen.Emit;

/// <summary>Writes indented C# with '\n' line endings, so the output is byte-identical on every platform.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.IndexOf('\n') >= 0)
        {
            // Copied user code can span lines (a switch expression, a lambda): indent each of them.
            Lines(line);
            return;
        }

        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes text that may span several lines, each indented at the current depth.</summary>
    public void Lines(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            Line(line);
        }
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
    }

    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
