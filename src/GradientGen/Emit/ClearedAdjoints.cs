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
            int next = NextMention(lines, i + 1, name);
            if (next < lines.Count && AssignedBy(lines[next], name) is { } assignment)
            {
                lines[next] = assignment;
                lines.RemoveAt(i);
                i--;
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
        for (int header = 0; header < lines.Count; header++)
        {
            if (Arms(lines, header) is not (int thenEnd, int elseEnd))
            {
                continue;
            }

            for (int clear = header + 2; clear < thenEnd; clear++)
            {
                if (OwnStatement(lines[clear]) is not { } statement || Clear.Match(statement) is not { Success: true } cleared)
                {
                    continue;
                }

                string name = cleared.Groups["name"].Value;
                int other = lines.IndexOf(lines[clear], thenEnd + 3, elseEnd - thenEnd - 3);
                int next = NextMention(lines, elseEnd + 1, name);
                if (other < 0 || NextMention(lines, clear + 1, name) < thenEnd || NextMention(lines, other + 1, name) < elseEnd
                    || next == lines.Count || AssignedBy(lines[next], name) is not { } assignment)
                {
                    continue;
                }

                lines[next] = assignment;
                lines.RemoveAt(other);
                lines.RemoveAt(clear);
                thenEnd--;
                elseEnd -= 2;
                clear--;
            }
        }
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

        if (header == lines.Count || Atoms.Mentions(lines[header], name) || Arms(lines, header) is not (int thenEnd, int elseEnd))
        {
            return false;
        }

        int first = NextMention(lines, header + 2, name), second = NextMention(lines, thenEnd + 3, name);
        if (first >= thenEnd || second >= elseEnd
            || OwnStatement(lines[first]) is not { } firstStatement || AssignedBy(firstStatement, name) is not { } firstAssignment
            || OwnStatement(lines[second]) is not { } secondStatement || AssignedBy(secondStatement, name) is not { } secondAssignment)
        {
            return false;
        }

        lines[first] = ArmIndent + firstAssignment;
        lines[second] = ArmIndent + secondAssignment;
        return true;
    }

    /// <summary>
    /// For <c>if (…)</c> at <paramref name="header"/> followed by its block, <c>else</c> and the else block (this block's
    /// own lines, the arms indented once): the lines of the two closing braces; null for any other shape.
    /// </summary>
    private static (int ThenEnd, int ElseEnd)? Arms(List<string> lines, int header)
    {
        if (header + 1 >= lines.Count || !lines[header].StartsWith("if (", System.StringComparison.Ordinal) || lines[header + 1] != "{")
        {
            return null;
        }

        int thenEnd = lines.IndexOf("}", header + 2);
        if (thenEnd < 0 || thenEnd + 2 >= lines.Count || lines[thenEnd + 1] != "else" || lines[thenEnd + 2] != "{")
        {
            return null;
        }

        int elseEnd = lines.IndexOf("}", thenEnd + 3);
        return elseEnd < 0 ? null : (thenEnd, elseEnd);
    }

    /// <summary>An arm's own statement (indented once, not deeper), without its indentation; null for any other line.</summary>
    private static string? OwnStatement(string line) =>
        line.StartsWith(ArmIndent, System.StringComparison.Ordinal) && line.Length > ArmIndent.Length && line[ArmIndent.Length] != ' ' ? line.Substring(ArmIndent.Length) : null;

    /// <summary>The first line from <paramref name="from"/> that names <paramref name="name"/>, or the line count.</summary>
    private static int NextMention(List<string> lines, int from, string name)
    {
        int k = from;
        while (k < lines.Count && !Atoms.Mentions(lines[k], name))
        {
            k++;
        }

        return k;
    }

    /// <summary>
    /// For <c>name += term;</c> or <c>name -= term;</c> whose term doesn't read name: the assignment that starts name with
    /// it (<c>name = term;</c>, <c>name = -term;</c>); null for any other statement.
    /// </summary>
    private static string? AssignedBy(string statement, string name)
    {
        string add = name + " += ", subtract = name + " -= ";
        bool adds = statement.StartsWith(add, System.StringComparison.Ordinal), subtracts = statement.StartsWith(subtract, System.StringComparison.Ordinal);
        if (!(adds || subtracts) || !statement.EndsWith(";", System.StringComparison.Ordinal))
        {
            return null;
        }

        string term = statement.Substring(add.Length, statement.Length - add.Length - 1);
        return Atoms.Mentions(term, name) ? null : $"{name} = {(adds ? term : Atoms.Negated(term))};";
    }
}
