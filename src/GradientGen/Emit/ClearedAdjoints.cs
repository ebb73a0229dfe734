using System.Collections.Generic;
using System.Linq;
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
        if (!block.Contains(" = 0.0") && !block.Contains(".Zero;") && !block.Contains("= -dT") && !block.Contains("= dT"))
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
        FoldIntoFactors(lines);
        return string.Join("\n", lines);
    }

    private static readonly Regex Scaled = new(@"^double (?<name>dT\d+) = (?<adjoint>@?\w+)(?: \* (?<factor>.+))?;$", RegexOptions.CultureInvariant);

    private static readonly Regex Term = new(@"^(?<sign>-?)(?<name>dT\d+)(?: \* (?<factor>.+))?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// An adjoint that a statement's temporaries take scaled (<c>double dT0 = dX * t1;</c>) and that is then set again from
    /// those alone (<c>dX = -dT1; … dX += dT0 * r;</c>, the reverse of <c>x = r * x * (1 - x)</c>): it is multiplied once by
    /// the statement's partial derivative (<c>dX *= -t0 + t1 * r;</c>), computed beside it. Through the temporaries the
    /// adjoint's own chain was three dependent operations per statement, in a loop the reverse loop's critical path; the
    /// product may differ from the sum of the terms by rounding.
    /// </summary>
    private static void FoldIntoFactors(List<string> lines)
    {
        var scaled = new Dictionary<string, (string Adjoint, string Factor, int Line)>(System.StringComparer.Ordinal);
        for (int i = 0; i < lines.Count; i++)
        {
            if (Scaled.Match(lines[i]) is { Success: true } definition)
            {
                scaled[definition.Groups["name"].Value] = (definition.Groups["adjoint"].Value, definition.Groups["factor"].Success ? definition.Groups["factor"].Value : "1.0", i);
                continue;
            }

            // dX = ±dTk[ * a]; with dTk = dX * c, then only additions of such terms into dX, nothing else naming dX between.
            int equals = lines[i].IndexOf(" = ", System.StringComparison.Ordinal);
            if (equals <= 0 || lines[i].StartsWith(" ", System.StringComparison.Ordinal) || !lines[i].EndsWith(";", System.StringComparison.Ordinal))
            {
                continue;
            }

            string adjoint = lines[i].Substring(0, equals);
            var used = new List<(string Temporary, string? Factor, int Line)>();
            if (TermOf(lines[i].Substring(equals + 3, lines[i].Length - equals - 4), adjoint, scaled, negate: false, i, used) is not { } first)
            {
                continue;
            }

            var terms = new List<string> { first };
            for (int k = NextMention(lines, i + 1, adjoint); k < lines.Count; k = NextMention(lines, k + 1, adjoint))
            {
                if (Addition(lines[k], adjoint) is not (string added, bool subtracts)
                    || TermOf(added, adjoint, scaled, negate: subtracts, k, used) is not { } term)
                {
                    break;
                }

                terms.Add(term);
            }

            if (terms.Count < 2 || !StillValid(lines, adjoint, i, used, scaled))
            {
                continue;
            }

            // The product goes where the adjoint was first set again; the additions go.
            lines[i] = $"{adjoint} *= {string.Join(" ", terms.Select((t, n) => n == 0 ? t : t.StartsWith("-", System.StringComparison.Ordinal) ? "- " + t.Substring(1) : "+ " + t))};";
            var gone = new SortedSet<int>(used.Select(u => u.Line).Where(line => line != i));

            // A temporary named nowhere else now goes with its definition.
            foreach (string temporary in used.Select(u => u.Temporary).Distinct())
            {
                if (Enumerable.Range(0, lines.Count).Count(k => !gone.Contains(k) && Atoms.Mentions(lines[k], temporary)) == 1)
                {
                    gone.Add(scaled[temporary].Line);
                }
            }

            foreach (int line in gone.Reverse())
            {
                lines.RemoveAt(line);
            }

            // Line numbers moved: look again from the top (each fold removes lines, so this ends).
            scaled.Clear();
            i = -1;
        }
    }

    /// <summary>
    /// Whether the product computed at line <paramref name="at"/> has the terms' values: nothing between a temporary's
    /// definition and that line sets the adjoint or what the temporary's factor reads, nothing between that line and an
    /// addition sets what its factor reads, nothing but its definition sets a temporary, and nothing in all that passes a
    /// variable by reference.
    /// </summary>
    private static bool StillValid(List<string> lines, string adjoint, int at, List<(string Temporary, string? Factor, int Line)> used,
        Dictionary<string, (string Adjoint, string Factor, int Line)> scaled)
    {
        foreach ((string temporary, string? factor, int line) in used)
        {
            (_, string c, int definedAt) = scaled[temporary];
            if (SetBetween(lines, definedAt, at, Atoms.Identifiers(c).Append(adjoint).Append(temporary))
                || (factor is not null && SetBetween(lines, System.Math.Min(at, line), System.Math.Max(at, line), Atoms.Identifiers(factor).Append(temporary)))
                || lines.Where((l, k) => k != definedAt).Any(l => Assigned.Match(l) is { Success: true } set && set.Groups["name"].Value == temporary))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a line strictly between <paramref name="from"/> and <paramref name="to"/> sets one of <paramref name="names"/> or passes anything by reference.</summary>
    internal static bool SetBetween(List<string> lines, int from, int to, IEnumerable<string> names)
    {
        var read = new HashSet<string>(names, System.StringComparer.Ordinal);
        for (int k = from + 1; k < to; k++)
        {
            if (lines[k].Contains("ref ") || lines[k].Contains("out ") || (Assigned.Match(lines[k]) is { Success: true } set && read.Contains(set.Groups["name"].Value)))
            {
                return true;
            }
        }

        return false;
    }

    // What a statement sets: `name = …`, `T name = …`, `name op= …`, `name[…] = …` (the array), `name++`, `--name`.
    internal static readonly Regex Assigned = new(@"^\s*(?:(?:[\w:.<>?]+ )?(?<name>@?\w+)(?:\[.*\])? (?:[-+*/%&|^]|<<|>>)?= |(?<name>@?\w+)(?:\+\+|--)|(?:\+\+|--)(?<name>@?\w+))", RegexOptions.CultureInvariant);

    /// <summary>
    /// <c>dTk</c>, <c>-dTk</c> or <c>dTk * a</c> for a temporary that took <paramref name="adjoint"/> scaled by c (and a that
    /// doesn't name the adjoint or a temporary): the term's factor c·a as C#, negated when asked; null for anything else.
    /// </summary>
    private static string? TermOf(string text, string adjoint, Dictionary<string, (string Adjoint, string Factor, int Line)> scaled, bool negate, int line,
        List<(string Temporary, string? Factor, int Line)> used)
    {
        if (Term.Match(text) is not { Success: true } term || !scaled.TryGetValue(term.Groups["name"].Value, out var taken) || taken.Adjoint != adjoint)
        {
            return null;
        }

        string? factor = term.Groups["factor"].Success ? term.Groups["factor"].Value : null;
        if (factor is not null && (Atoms.Mentions(factor, adjoint) || Regex.IsMatch(factor, @"\bdT\d+\b")))
        {
            return null;
        }

        used.Add((term.Groups["name"].Value, factor, line));

        string product = factor is null ? Factor(taken.Factor) : taken.Factor == "1.0" ? Factor(factor) : $"{Factor(taken.Factor)} * {Factor(factor)}";
        bool negative = (term.Groups["sign"].Value == "-") != negate;
        return negative ? "-" + product : product;
    }

    // A factor as an operand of * and unary -: a name, a literal or a call stays as it is, anything else in parentheses.
    private static string Factor(string c) => (Regex.IsMatch(c, @"^[@\w.:]+(\(.*\))?$") && !c.Contains(" ")) || Enclosed(c) ? c : $"({c})";

    // Whether the parentheses around c enclose all of it: (a - b), not (a) * (b).
    internal static bool Enclosed(string c)
    {
        if (!c.StartsWith("(", System.StringComparison.Ordinal) || !c.EndsWith(")", System.StringComparison.Ordinal))
        {
            return false;
        }

        int depth = 0;
        for (int k = 0; k < c.Length; k++)
        {
            depth += c[k] == '(' ? 1 : c[k] == ')' ? -1 : 0;
            if (depth == 0 && k < c.Length - 1)
            {
                return false;
            }
        }

        return true;
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
    internal static string? AssignedBy(string statement, string name) =>
        Addition(statement, name) is (string term, bool subtracts) && !Atoms.Mentions(term, name) ? $"{name} = {(subtracts ? Atoms.Negated(term) : term)};" : null;

    /// <summary>For <c>name += term;</c> or <c>name -= term;</c>: the term and whether it is subtracted; null for any other statement.</summary>
    private static (string Term, bool Subtracts)? Addition(string statement, string name)
    {
        bool adds = statement.StartsWith(name + " += ", System.StringComparison.Ordinal), subtracts = statement.StartsWith(name + " -= ", System.StringComparison.Ordinal);
        return (adds || subtracts) && statement.EndsWith(";", System.StringComparison.Ordinal) ? (statement.Substring(name.Length + 4, statement.Length - name.Length - 5), subtracts) : null;
    }
}
