using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// An adjoint cleared (<c>dX = 0.0;</c>) and added into later in the same block, with nothing between that
/// names it, starts with that addition instead (<c>dX = term;</c>). The JIT can't drop the zero's addition
/// (0.0 + t isn't t for t = −0.0), and in <c>x = r * x * (1 - x)</c> in a loop it sat on the reverse loop's
/// critical path. So does one declared zero (<c>double dZ = 0.0;</c>) before a branch whose two arms each add into
/// it first: each arm assigns its term (the leaky recurrence's <c>if (z &gt; 0) h = z; else h = 0.01 * z;</c>).
/// The sign of a zero adjoint may differ; no value does.
/// </summary>
internal static class ClearedAdjoints
{
    private static readonly Regex Clear = new(@"^(?<name>@?\w+) = (?:0\.0f?|[\w.]+\.Zero);$", RegexOptions.CultureInvariant);

    private static readonly Regex Declared = new(@"^(?<type>(?:double|float|[\w.:]+)) (?<name>@?\w+) = (?:0\.0f?|[\w.]+\.Zero);$", RegexOptions.CultureInvariant);

    private const string ArmIndent = "    ";

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
            Match declared = Declared.Match(lines[i]);
            if (Clear.Match(lines[i]) is not { Success: true } clear)
            {
                if (declared.Success && FoldIntoArms(lines, i, declared.Groups["name"].Value))
                {
                    lines[i] = $"{declared.Groups["type"].Value} {declared.Groups["name"].Value};";
                }

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

        FoldClearsOutOfArms(lines);
        return string.Join("\n", lines);
    }

    /// <summary>
    /// An adjoint that both arms of an <c>if</c>/<c>else</c> clear last (<c>dH = 0.0;</c> after moving it on) and that the
    /// block adds into next after the branch: the clears go, and that addition assigns (the leaky recurrence's <c>dH</c>).
    /// </summary>
    private static void FoldClearsOutOfArms(List<string> lines)
    {
        for (int header = 0; header + 1 < lines.Count; header++)
        {
            if (!lines[header].StartsWith("if (", System.StringComparison.Ordinal) || lines[header + 1] != "{")
            {
                continue;
            }

            int thenEnd = lines.IndexOf("}", header + 2);
            if (thenEnd < 0 || thenEnd + 2 >= lines.Count || lines[thenEnd + 1] != "else" || lines[thenEnd + 2] != "{")
            {
                continue;
            }

            int elseEnd = lines.IndexOf("}", thenEnd + 3);
            for (int clear = header + 2; elseEnd > 0 && clear < thenEnd; clear++)
            {
                if (!lines[clear].StartsWith(ArmIndent, System.StringComparison.Ordinal) || Clear.Match(lines[clear].Substring(ArmIndent.Length)) is not { Success: true } cleared)
                {
                    continue;
                }

                string name = cleared.Groups["name"].Value;
                int other = lines.IndexOf(lines[clear], thenEnd + 3, elseEnd - thenEnd - 3);
                int next = elseEnd + 1;
                while (next < lines.Count && !Atoms.Mentions(lines[next], name))
                {
                    next++;
                }

                if (other < 0 || MentionedBetween(lines, clear + 1, thenEnd, name) || MentionedBetween(lines, other + 1, elseEnd, name) || next == lines.Count)
                {
                    continue;
                }

                string add = name + " += ", subtract = name + " -= ";
                bool adds = lines[next].StartsWith(add, System.StringComparison.Ordinal), subtracts = lines[next].StartsWith(subtract, System.StringComparison.Ordinal);
                string term = adds || subtracts ? lines[next].Substring(add.Length, lines[next].Length - add.Length - 1) : string.Empty;
                if (!(adds || subtracts) || !lines[next].EndsWith(";", System.StringComparison.Ordinal) || Atoms.Mentions(term, name))
                {
                    continue;
                }

                lines[next] = $"{name} = {(adds ? term : Atoms.Negated(term))};";
                lines.RemoveAt(other);
                lines.RemoveAt(clear);
                thenEnd--;
                elseEnd -= 2;
                clear--;
            }
        }
    }

    private static bool MentionedBetween(List<string> lines, int from, int to, string name)
    {
        for (int k = from; k < to; k++)
        {
            if (Atoms.Mentions(lines[k], name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When the first lines after <paramref name="start"/> that name <paramref name="name"/> are in the two arms of an
    /// <c>if</c>/<c>else</c> of this block, each the arm's own first statement naming it and an addition into it: makes
    /// each an assignment of its term and says so (the declaration then starts it unassigned).
    /// </summary>
    private static bool FoldIntoArms(List<string> lines, int start, string name)
    {
        int header = start + 1;
        while (header < lines.Count && !Atoms.Mentions(lines[header], name) && !lines[header].StartsWith("if (", System.StringComparison.Ordinal))
        {
            header++;
        }

        if (header + 1 >= lines.Count || !lines[header].StartsWith("if (", System.StringComparison.Ordinal) || Atoms.Mentions(lines[header], name) || lines[header + 1] != "{")
        {
            return false;
        }

        int thenEnd = lines.IndexOf("}", header + 2);
        if (thenEnd < 0 || thenEnd + 2 >= lines.Count || lines[thenEnd + 1] != "else" || lines[thenEnd + 2] != "{")
        {
            return false;
        }

        int elseEnd = lines.IndexOf("}", thenEnd + 3);
        if (elseEnd < 0)
        {
            return false;
        }

        int? thenFirst = FirstAddition(lines, header + 2, thenEnd, name), elseFirst = FirstAddition(lines, thenEnd + 3, elseEnd, name);
        if (thenFirst is not int first || elseFirst is not int second)
        {
            return false;
        }

        foreach (int at in new[] { first, second })
        {
            string statement = lines[at].Substring(ArmIndent.Length);
            bool adds = statement.StartsWith(name + " += ", System.StringComparison.Ordinal);
            string term = statement.Substring(name.Length + 4, statement.Length - name.Length - 5);
            lines[at] = $"{ArmIndent}{name} = {(adds ? term : Atoms.Negated(term))};";
        }

        return true;
    }

    /// <summary>The arm's first line naming <paramref name="name"/> when it is an addition into it at the arm's own level; else null.</summary>
    private static int? FirstAddition(List<string> lines, int from, int to, string name)
    {
        for (int k = from; k < to; k++)
        {
            if (!Atoms.Mentions(lines[k], name))
            {
                continue;
            }

            string line = lines[k];
            bool own = line.StartsWith(ArmIndent, System.StringComparison.Ordinal) && line.Length > ArmIndent.Length && line[ArmIndent.Length] != ' ';
            string statement = own ? line.Substring(ArmIndent.Length) : string.Empty;
            bool adds = statement.StartsWith(name + " += ", System.StringComparison.Ordinal) || statement.StartsWith(name + " -= ", System.StringComparison.Ordinal);
            return adds && statement.EndsWith(";", System.StringComparison.Ordinal) && !Atoms.Mentions(statement.Substring(name.Length + 4), name) ? k : null;
        }

        return null;
    }
}
