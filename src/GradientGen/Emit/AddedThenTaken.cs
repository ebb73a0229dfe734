using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// An adjoint element added into and then, with nothing between that names its array, taken and cleared
/// (<c>dX[i] += dT6; … double dT4 = dX[i]; dX[i] = 0.0;</c>: an element's adjoint gets a last term, then the reverse of
/// the statement that wrote the element takes it) takes the sum directly: <c>double dT4 = dX[i] + dT6; dX[i] = 0.0;</c>.
/// The same value, one store and one load fewer; fused reverse loops (<see cref="FusedReverseLoops"/>) put the two
/// side by side. Elements only: scalar adjoints are ClearedAdjoints' and GeometricAdjoints' forms.
/// </summary>
internal static class AddedThenTaken
{
    private static readonly Regex Added = new(@"^(?<target>@?\w+\[[^\[\]]*\]) (?<op>\+=|-=) (?<term>.+);$", RegexOptions.CultureInvariant);

    private static readonly Regex Taken = new(@"^(?<type>double|float) (?<name>@?\w+) = (?<target>@?\w+\[[^\[\]]*\])(?<rest>(?: [-+] .+)?);$", RegexOptions.CultureInvariant);

    private static readonly Regex Cleared = new(@"^(?<target>@?\w+\[[^\[\]]*\]) = (?:0\.0f?|0f);$", RegexOptions.CultureInvariant);

    // A term that needs no parentheses after `+` or `-`: a name or an element, or a product of them.
    private static readonly Regex Product = new(@"^@?[\w.]+(?:\[[^\[\]]*\])?(?: \* @?[\w.]+(?:\[[^\[\]]*\])?)*$", RegexOptions.CultureInvariant);

    /// <param name="block">A block's lines, its own statements unindented (nested blocks are indented).</param>
    public static string Fold(string block)
    {
        if (!block.Contains("] = 0.0") && !block.Contains("] = 0f"))
        {
            return block;
        }

        var lines = new List<string>(block.Split('\n'));
        for (int m = 0; m + 1 < lines.Count; m++)
        {
            while (Taken.Match(lines[m]) is { Success: true } taken && Cleared.Match(lines[m + 1]) is { Success: true } cleared
                && cleared.Groups["target"].Value == taken.Groups["target"].Value && AdditionBefore(lines, m, taken.Groups["target"].Value) is int k and >= 0)
            {
                Match added = Added.Match(lines[k]);
                string term = added.Groups["term"].Value;
                string sign = added.Groups["op"].Value == "+=" ? "+" : "-";
                lines[m] = $"{taken.Groups["type"].Value} {taken.Groups["name"].Value} = {taken.Groups["target"].Value} {sign} {(Product.IsMatch(term) ? term : $"({term})")}{taken.Groups["rest"].Value};";
                lines.RemoveAt(k);
                m--;
            }
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// The line before <paramref name="taken"/> that last names the element's array, when it adds into that element
    /// and the lines between are plain statements that set none of the names the addition reads; −1 otherwise.
    /// </summary>
    private static int AdditionBefore(List<string> lines, int taken, string target)
    {
        string array = target.Substring(0, target.IndexOf('['));
        for (int k = taken - 1; k >= 0; k--)
        {
            string line = lines[k];
            if (line.StartsWith("//", System.StringComparison.Ordinal))
            {
                continue;
            }

            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || !line.EndsWith(";", System.StringComparison.Ordinal) || ReverseLoopText.Jump.IsMatch(line))
            {
                return -1;
            }

            if (!Atoms.Mentions(line, array))
            {
                continue;
            }

            if (Added.Match(line) is not { Success: true } added || added.Groups["target"].Value != target)
            {
                return -1;
            }

            HashSet<string> read = Atoms.Identifiers(line);
            bool setBetween = lines.Skip(k + 1).Take(taken - k - 1)
                .Any(l => ClearedAdjoints.Assigned.Match(l) is { Success: true } set && read.Contains(set.Groups["name"].Value)
                    || ReverseLoopText.Changed.Matches(l).Cast<Match>().Any(step => read.Contains(step.Groups["name"].Value)));
            return setBetween ? -1 : k;
        }

        return -1;
    }
}
