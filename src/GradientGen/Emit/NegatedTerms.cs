using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A statement's temporary that takes a negated adjoint (<c>double dT1 = -dV;</c>, the right operand of a
/// subtraction) and is then only added into one adjoint in the same block (<c>dX[(i + 1)] += dT1;</c>) is subtracted
/// there instead (<c>dX[(i + 1)] -= dV;</c>). a + (−b) is a − b in IEEE arithmetic, so no value changes; the JIT
/// keeps the negation (an extra operation and a sign-mask load per subtraction), and in a loop over a struct's
/// members (<c>p[i + 1] - p[i]</c>) there are three of them per iteration. Only a minus that negates the whole term
/// folds: <c>-(a - b)</c>, or a product or quotient led by a negated factor (<c>-dV</c>, <c>-Math.Sin(t) * g</c>: IEEE
/// rounding is symmetric, so (−a)·b is −(a·b)).
/// </summary>
internal static class NegatedTerms
{
    private static readonly Regex Negation = new(@"^(?:double|float) (?<name>dT\d+) = -(?<value>.+);$", RegexOptions.CultureInvariant);

    /// <param name="block">A block's lines, its own statements unindented (nested blocks are indented).</param>
    public static string Fold(string block)
    {
        if (!block.Contains(" = -"))
        {
            return block;
        }

        var lines = new List<string>(block.Split('\n'));
        for (int i = 0; i < lines.Count; i++)
        {
            if (Negation.Match(lines[i]) is not { Success: true } negation)
            {
                continue;
            }

            string name = negation.Groups["name"].Value, value = negation.Groups["value"].Value;
            if (!ClearedAdjoints.Enclosed(value) && Regex.IsMatch(value, @"\?| [-+<>=!&|]"))
            {
                // The minus isn't the whole term's: -1.87 <= t0 ? 0.0 : dT1, -a + b.
                continue;
            }

            List<int> uses = Enumerable.Range(i + 1, lines.Count - i - 1).Where(k => Atoms.Mentions(lines[k], name)).ToList();
            if (uses is not [int use] || AddedInto(lines[use], name) is not (string target, bool subtracts)
                || ClearedAdjoints.SetBetween(lines, i, use, Atoms.Identifiers(value)))
            {
                continue;
            }

            string positive = ClearedAdjoints.Enclosed(value) ? value.Substring(1, value.Length - 2) : value;
            lines[use] = $"{target} {(subtracts ? "+=" : "-=")} {positive};";
            lines.RemoveAt(i);
            i--;
        }

        return string.Join("\n", lines);
    }

    /// <summary>For this block's own <c>target += name;</c> or <c>target -= name;</c>: the target and whether it subtracts; null for anything else.</summary>
    private static (string Target, bool Subtracts)? AddedInto(string line, string name)
    {
        if (line.StartsWith(" ", System.StringComparison.Ordinal) || !line.EndsWith($" {name};", System.StringComparison.Ordinal))
        {
            return null;
        }

        string head = line.Substring(0, line.Length - name.Length - 2);
        bool adds = head.EndsWith(" +=", System.StringComparison.Ordinal), subtracts = head.EndsWith(" -=", System.StringComparison.Ordinal);
        return adds || subtracts ? (head.Substring(0, head.Length - 3), subtracts) : null;
    }
}
