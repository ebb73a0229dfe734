using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// Two reverse loops one after the other that count the same indices, whose iterations each touch only their own
/// elements (<c>for i: q[i] = s[i] * xc[i];</c> then <c>for i: xc[i] = x[i] - m[i];</c>, reversed), run as one
/// loop: iteration m of the second only needs what iteration m of the first did, so taking them in turn per index
/// gives the same values with one loop's bookkeeping instead of two (at GMM's d = 2 that bookkeeping is most of
/// what a component's reverse does). Fused only when it can be seen in the text that nothing else links them: flat
/// bodies of plain statements, no scalar that one sets read or set by the other, and every array that one writes
/// and the other touches indexed the same way in both, by the index plus something both keep fixed. Arrays the caller
/// may pass twice (anything but the method's own fresh arrays and their adjoints) are not told apart: one loop may
/// only add into such an array while the other reads or adds into another (sums in another order, as aliasing
/// would give anyway).
/// </summary>
internal static class FusedReverseLoops
{
    // The statements a fused body may hold: a (declared) target set, added into or taken from, and ++/--.
    private static readonly Regex Statement = new(@"^(?:(?:double|float|int|long|bool) )?(?<target>@?\w+(?:\[[^\[\]]*\])?(?:\.@?\w+)?) (?<op>=|\+=|-=|\*=) (?<value>.+);$|^(?<target>@?\w+)(?<op>\+\+|--);$", RegexOptions.CultureInvariant);

    // Calls the bodies may make: the pure functions of System.Math, and taking a value off a stack (a step of the stack).
    private static readonly Regex Call = new(@"(?<name>[\w.:@]+)\s*\((?<empty>\))?", RegexOptions.CultureInvariant);

    private const string Fused = "// The loops above count the same indices and each iteration touches only its own elements: one reverse loop takes both (FusedReverseLoops).";

    /// <param name="block">A block's reverse, its own statements unindented (nested blocks indented).</param>
    /// <param name="ownArrays">The method's own fresh arrays and their adjoints' names: no other name reaches their memory.</param>
    /// <param name="stacks">The value stacks the method keeps values on.</param>
    public static string Fold(string block, ISet<string> ownArrays, ISet<string> stacks)
    {
        if (!block.Contains("for (long "))
        {
            return block;
        }

        var lines = new List<string>(block.Split('\n'));
        for (int at = 0; at < lines.Count; at++)
        {
            while (Loop.At(lines, at) is { } first && Loop.At(lines, NextStatement(lines, first.End + 1)) is { } second && Fuse(lines, first, second, ownArrays, stacks) is int fused and >= 0)
            {
                at = fused;
            }
        }

        return string.Join("\n", lines);
    }

    // The first line from `from` on that isn't a comment.
    private static int NextStatement(List<string> lines, int from)
    {
        while (from < lines.Count && lines[from].StartsWith("//", System.StringComparison.Ordinal))
        {
            from++;
        }

        return from;
    }

    /// <summary>Replaces the two loops by one and returns the line of its header; −1 when they can't be fused.</summary>
    private static int Fuse(List<string> lines, Loop first, Loop second, ISet<string> ownArrays, ISet<string> stacks)
    {
        if (first.First != second.First || first.Runs != ReverseLoopText.Renamed(second.Runs, second.Index, first.Index)
            || Body.Of(lines, first, stacks) is not { } a || Body.Of(lines, second, stacks) is not { } b)
        {
            return -1;
        }

        HashSet<string> header = Atoms.Identifiers(first.First + " " + first.Runs);
        if (a.Sets.Overlaps(b.Mentions) || b.Sets.Overlaps(a.Mentions) || header.Overlaps(a.Sets) || header.Overlaps(b.Sets) || !ElementsApart(a, b, ownArrays))
        {
            return -1;
        }

        // The second loop's comments go above the fused loop, after the first's; its body after the first's, reading the
        // first's index local where it read its own (set from the same index), so that its elements read alike.
        int from = first.Start > 0 && lines[first.Start - 1] == Fused ? first.Start - 1 : first.Start;
        var fused = lines.GetRange(first.End + 1, second.Start - first.End - 1);
        fused.Add(Fused);
        int headerAt = from + fused.Count;
        fused.Add(lines[first.Start]);
        fused.Add("{");
        var body = lines.GetRange(first.Start + 2, first.End - first.Start - 2);
        foreach (string line in lines.GetRange(second.Start + 2, second.End - second.Start - 2))
        {
            string renamed = ReverseLoopText.Renamed(line, second.Index, first.Index);
            body.Add(a.Local is { } local && b.Local is { } own && !line.TrimStart().StartsWith("//", System.StringComparison.Ordinal) && !ReverseLoopText.IndexSet.IsMatch(line)
                ? ReverseLoopText.Renamed(renamed, own, local)
                : renamed);
        }

        fused.AddRange(AddedThenTaken.Fold(string.Join("\n", body.Select(l => l.Substring(4)))).Split('\n').Select(l => "    " + l));
        fused.Add("}");
        lines.RemoveRange(from, second.End - from + 1);
        lines.InsertRange(from, fused);
        return headerAt;
    }

    /// <summary>
    /// Every array one body writes and the other touches: all its elements in both at the same index, the loop's index
    /// plus names neither body sets. For the arrays that other names may reach, only additions on one side.
    /// </summary>
    private static bool ElementsApart(Body a, Body b, ISet<string> ownArrays)
    {
        foreach (string array in a.Elements.Select(e => e.Array).Intersect(b.Elements.Select(e => e.Array)))
        {
            List<Element> all = a.Elements.Concat(b.Elements).Where(e => e.Array == array).ToList();
            if (all.Any(e => e.Kind != Access.Read) && (all.Select(e => e.Index).Distinct().Count() != 1 || !OwnElement(all[0].Index, a, b)))
            {
                return false;
            }
        }

        foreach (Element x in a.Elements.Where(e => !ownArrays.Contains(e.Array)))
        {
            foreach (Element y in b.Elements.Where(e => !ownArrays.Contains(e.Array) && e.Array != x.Array))
            {
                if (!(x.Kind == Access.Read && y.Kind == Access.Read || x.Kind == Access.Adds && y.Kind == Access.Adds))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Indices (comma-separated) of which one is the loop's index, alone or plus a term without parentheses that
    // neither body changes (a + b + i is (a + b) + i), and the others such terms: one element per index.
    private static bool OwnElement(string index, Body a, Body b)
    {
        bool own = false;
        foreach (string part in index.Split(','))
        {
            string p = part.Trim();
            HashSet<string> names = Atoms.Identifiers(p);
            if (p.Contains("++") || p.Contains("--") || names.Overlaps(a.Sets) || names.Overlaps(b.Sets))
            {
                return false;
            }

            if (!names.Contains(ReverseLoopText.Index))
            {
                continue;
            }

            if (own || ReverseLoopText.TermAddedToIndex(p) is null)
            {
                return false;
            }

            own = true;
        }

        return own;
    }

    private enum Access { Read, Adds, Writes }

    private sealed record Element(string Array, string Index, Access Kind);

    private sealed record Loop(int Start, int End, string Index, string First, string Runs)
    {
        // A `for (long i = …; …; i--)` line, its brace, a body indented one level and the closing brace.
        public static Loop? At(List<string> lines, int at)
        {
            if (at + 1 >= lines.Count || ReverseLoopText.Header.Match(lines[at]) is not { Success: true } header || header.Groups["indent"].Length > 0 || lines[at + 1] != "{")
            {
                return null;
            }

            int end = lines.IndexOf("}", at + 2);
            return end < 0 ? null : new Loop(at, end, header.Groups["i"].Value, header.Groups["first"].Value, header.Groups["runs"].Value);
        }
    }

    /// <summary>
    /// A flat loop body's statements: the scalars they set, the names they mention, the elements they touch (the
    /// loop's index, and the local set from it, written <see cref="ReverseLoopText.Index"/>). Null for anything but plain statements.
    /// </summary>
    private sealed class Body
    {
        private readonly HashSet<string> _indices;

        private Body(string counter) => _indices = new(System.StringComparer.Ordinal) { counter };

        public HashSet<string> Sets { get; } = new(System.StringComparer.Ordinal);

        public HashSet<string> Mentions { get; } = new(System.StringComparer.Ordinal);

        public List<Element> Elements { get; } = new();

        /// <summary>The local the body sets from the loop's index (<c>i = (int)iteration;</c>), if any.</summary>
        public string? Local { get; private set; }

        public static Body? Of(List<string> lines, Loop loop, ISet<string> stacks)
        {
            var body = new Body(loop.Index);
            var statements = new List<Match>();
            for (int k = loop.Start + 2; k < loop.End; k++)
            {
                if (!lines[k].StartsWith("    ", System.StringComparison.Ordinal) || lines[k].Length > 4 && lines[k][4] == ' ')
                {
                    return null;
                }

                string line = lines[k].Substring(4);
                if (line.StartsWith("//", System.StringComparison.Ordinal))
                {
                    continue;
                }

                if (Statement.Match(line) is not { Success: true } statement || line.Contains("ref ") || line.Contains("out ") || line.Contains("new ") || line.Contains('?') || line.Contains("=>")
                    || Call.Matches(line).Cast<Match>().Any(c => !Allowed(c, stacks)))
                {
                    return null;
                }

                if (ReverseLoopText.IndexSet.Match(line) is { Success: true } set && set.Groups["i"].Value == loop.Index)
                {
                    body._indices.Add(set.Groups["x"].Value);
                    body.Local = set.Groups["x"].Value;
                }

                statements.Add(statement);
                body.Mentions.UnionWith(Atoms.Identifiers(line));
            }

            foreach (Match statement in statements)
            {
                string target = statement.Groups["target"].Value;
                string op = statement.Groups["op"].Value;
                int bracket = target.IndexOf('[');
                if (bracket < 0)
                {
                    body.Sets.Add(target.Split('.')[0]);
                }
                else if (!body.Element(target, bracket, op is "+=" or "-=" && !target.Contains('.') ? Access.Adds : Access.Writes))
                {
                    return null;
                }

                if (!body.Reads(statement.Groups["value"].Value))
                {
                    return null;
                }

                body.Steps(bracket < 0 ? string.Empty : target);
            }

            // The index's local must take the index and keep it: then its elements are the index's.
            return body._indices.All(x => x == loop.Index || statements.Count(s => s.Groups["target"].Value == x) == 1) ? body : null;
        }

        // System.Math's functions, and a value taken off one of the method's stacks.
        private static bool Allowed(Match call, ISet<string> stacks)
        {
            string name = call.Groups["name"].Value;
            return name.StartsWith("global::System.Math.", System.StringComparison.Ordinal) || name.StartsWith("global::System.MathF.", System.StringComparison.Ordinal)
                || call.Groups["empty"].Success && name.EndsWith(".Pop", System.StringComparison.Ordinal) && stacks.Contains(name.Substring(0, name.Length - ".Pop".Length));
        }

        // The elements `code` reads, and the scalars and stacks it steps (--doubleCursor, doubleStack.Pop()).
        private bool Reads(string code)
        {
            for (int at = code.IndexOf('['); at >= 0; at = code.IndexOf('[', at + 1))
            {
                int start = at;
                while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] is '_' or '@'))
                {
                    start--;
                }

                if (start == at || start > 0 && code[start - 1] == '.' || !Element(code.Substring(start), at - start, Access.Read))
                {
                    return false;
                }
            }

            Steps(code);
            return true;
        }

        private void Steps(string code)
        {
            foreach (Match step in ReverseLoopText.Changed.Matches(code))
            {
                Sets.Add(step.Groups["name"].Value);
            }
        }

        // The element `code[..bracket]` names, indexed up to the matching bracket (no nested brackets, no a[i][j]).
        private bool Element(string code, int bracket, Access kind)
        {
            int close = code.IndexOf(']', bracket);
            if (close < 0 || code.IndexOf('[', bracket + 1) is int inner && inner >= 0 && inner < close || close + 1 < code.Length && code[close + 1] == '[')
            {
                return false;
            }

            string index = code.Substring(bracket + 1, close - bracket - 1);
            foreach (string name in _indices)
            {
                index = ReverseLoopText.Renamed(index, name, ReverseLoopText.Index);
            }

            Elements.Add(new Element(code.Substring(0, bracket), index, kind));
            return true;
        }
    }
}
