using System.Text;

namespace GradientGen.BenchmarkReport;

/// <summary>
/// Splits one line of a comma-separated file into fields. BenchmarkDotNet quotes a field that holds the
/// separator ("14,171.2 μs" in a culture with a thousands comma), doubling any quote inside it.
/// </summary>
internal static class CsvLine
{
    public static IReadOnlyList<string> Split(string line, char separator = ',')
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"Unterminated quoted field in CSV line: {line}");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
