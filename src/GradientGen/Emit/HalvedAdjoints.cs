using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A square root's reverse, <c>double dT17 = dT18 / (2.0 * t18);</c>, whose adjoint goes (through copies) only into
/// squares' reverses, <c>(dT15 + dT15) * t14</c>: the 2s cancel, so it is <c>dT18 / t18</c> and each square's term
/// <c>dT15 * t14</c> (a length's reverse, <c>Math.Sqrt(x * x + y * y + z * z)</c>: one product per coordinate, as a
/// hand-written gradient divides once by the length). Doubling is exact, so 2·(a / 2b) is a / b to the bit (but
/// where a / 2b is subnormal).
/// </summary>
internal static class HalvedAdjoints
{
    private static readonly Regex Halved = new(@"^(?<type>double|float) (?<name>dT\d+) = (?<numerator>.+) / \((?:2\.0|2f) \* (?<denominator>@?\w+)\);$", RegexOptions.CultureInvariant);

    private static readonly Regex Copy = new(@"^\s*(?:double|float) (?<name>dT\d+) = (?<source>dT\d+);$", RegexOptions.CultureInvariant);

    /// <param name="block">A block's lines, its own statements unindented (nested blocks are indented).</param>
    public static string Fold(string block)
    {
        if (!block.Contains(" / (2"))
        {
            return block;
        }

        var lines = new List<string>(block.Split('\n'));
        for (int i = 0; i < lines.Count; i++)
        {
            if (Halved.Match(lines[i]) is not { Success: true } halved || Doubled(lines, i, halved.Groups["name"].Value) is not { } uses)
            {
                continue;
            }

            lines[i] = $"{halved.Groups["type"].Value} {halved.Groups["name"].Value} = {halved.Groups["numerator"].Value} / {halved.Groups["denominator"].Value};";
            foreach ((int line, string name) in uses)
            {
                lines[line] = lines[line].Replace($"({name} + {name})", name);
            }
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// The lines after <paramref name="at"/> that double <paramref name="name"/> or a copy of it (<c>(dT15 + dT15)</c>),
    /// with the name each doubles; null when anything else reads one of them, or one of them is set again.
    /// </summary>
    private static List<(int Line, string Name)>? Doubled(List<string> lines, int at, string name)
    {
        var uses = new List<(int, string)>();
        var names = new Queue<string>();
        names.Enqueue(name);
        while (names.Count > 0)
        {
            string current = names.Dequeue();
            for (int k = at + 1; k < lines.Count; k++)
            {
                if (!Atoms.Mentions(lines[k], current))
                {
                    continue;
                }

                Match copy = Copy.Match(lines[k]);
                if (copy.Success && copy.Groups["name"].Value == current)
                {
                    // Its own declaration, as a copy.
                }
                else if (copy.Success && copy.Groups["source"].Value == current)
                {
                    names.Enqueue(copy.Groups["name"].Value);
                }
                else if (lines[k].Contains($"({current} + {current}) * ") && !Atoms.Mentions(lines[k].Replace($"({current} + {current})", string.Empty), current)
                    && !(ClearedAdjoints.Assigned.Match(lines[k]) is { Success: true } set && set.Groups["name"].Value == current))
                {
                    uses.Add((k, current));
                }
                else
                {
                    return null;
                }
            }
        }

        return uses.Count > 0 ? uses : null;
    }
}
