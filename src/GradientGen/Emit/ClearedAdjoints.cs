using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// An adjoint cleared (<c>dX = 0.0;</c>) and added into later in the same block, with nothing between that
/// names it, starts with that addition instead (<c>dX = term;</c>). The JIT can't drop the zero's addition
/// (0.0 + t isn't t for t = −0.0), and in <c>x = r * x * (1 - x)</c> in a loop it sat on the reverse loop's
/// critical path. The sign of a zero adjoint may differ; no value does.
/// </summary>
internal static class ClearedAdjoints
{
    private static readonly Regex Clear = new(@"^(?<name>@?\w+) = (?:0\.0f?|[\w.]+\.Zero);$", RegexOptions.CultureInvariant);

    /// <param name="block">A block's lines, its own statements unindented (nested blocks are indented).</param>
    public static string Fold(string block)
    {
        if (!block.Contains(" = 0.0") && !block.Contains(".Zero;"))
        {
            return block;
        }

        var lines = new List<string>(block.Split('\n'));
        for (int i = 0; i < lines.Count; i++)
        {
            if (Clear.Match(lines[i]) is not { Success: true } clear)
            {
                continue;
            }

            string name = clear.Groups["name"].Value;
            for (int j = i + 1; j < lines.Count; j++)
            {
                if (!Atoms.Mentions(lines[j], name))
                {
                    continue;
                }

                string add = name + " += ", subtract = name + " -= ";
                bool adds = lines[j].StartsWith(add, System.StringComparison.Ordinal), subtracts = lines[j].StartsWith(subtract, System.StringComparison.Ordinal);
                if ((adds || subtracts) && lines[j].EndsWith(";", System.StringComparison.Ordinal))
                {
                    string term = lines[j].Substring(add.Length, lines[j].Length - add.Length - 1);
                    if (!Atoms.Mentions(term, name))
                    {
                        lines[j] = $"{name} = {(adds ? term : Atoms.Negated(term))};";
                        lines.RemoveAt(i);
                        i--;
                    }
                }

                break;
            }
        }

        return string.Join("\n", lines);
    }
}
