using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A local array's adjoint that the whole reverse sweep touches only between two loops of one block, the first adding
/// into each element once (<c>dQ[i] += dT11;</c>) and the second clearing each once it has read it (<c>double dT7 = dQ[i];
/// dQ[i] = 0.0;</c>) over the same indices: GMM's scratch <c>qxcentered</c>, written whole at the top of each component
/// and read until its end. Each pass then starts with those elements at zero, so the first loop sets them
/// (<c>dQ[i] = dT11;</c>) and the second needn't clear them: only the next pass's first loop reads them again, after
/// setting them. The indices must be the same in every pass (the bounds and fixed terms are names the reverse sweep
/// never sets), and nothing between the loops may leave the block. Zero adjoints may change sign; no value does.
/// </summary>
internal static class PassLocalAdjointArrays
{
    /// <param name="sweep">The whole reverse sweep, nested blocks indented four spaces a level.</param>
    /// <param name="adjoints">The adjoints of the method's own local arrays (no other name reaches them).</param>
    public static string Fold(string sweep, IEnumerable<string> adjoints)
    {
        if (!sweep.Contains("] = 0.0"))
        {
            return sweep;
        }

        var lines = new List<string>(sweep.Split('\n'));
        HashSet<string> set = SetNames(lines);
        foreach (string adjoint in adjoints)
        {
            Fold(lines, adjoint, set);
        }

        return string.Join("\n", lines);
    }

    // Names the sweep assigns, steps or passes by reference anywhere.
    private static HashSet<string> SetNames(List<string> lines)
    {
        var set = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (ClearedAdjoints.Assigned.Match(line) is { Success: true } assigned)
            {
                set.Add(assigned.Groups["name"].Value);
            }

            foreach (Match m in ReverseLoopText.Changed.Matches(line))
            {
                set.Add(m.Groups["name"].Value);
            }
        }

        return set;
    }

    private static void Fold(List<string> lines, string adjoint, HashSet<string> set)
    {
        List<int> mentions = Enumerable.Range(0, lines.Count).Where(k => lines[k].Contains(adjoint) && !lines[k].TrimStart().StartsWith("//", System.StringComparison.Ordinal) && Atoms.Mentions(lines[k], adjoint)).ToList();
        if (mentions.Count < 2 || LoopAround(lines, mentions[0]) is not { } first || LoopAround(lines, mentions[^1]) is not { } second || first.Start >= second.Start
            || first.Indent != second.Indent || first.First != second.First || first.Runs != ReverseLoopText.Renamed(second.Runs, second.Counter, first.Counter))
        {
            return;
        }

        // One block: nothing between the loops at a shallower level, and nothing that leaves it.
        if (Enumerable.Range(first.Start, second.End - first.Start + 1).Any(k => lines[k].Length > 0 && Indent(lines[k]) < first.Indent.Length || ReverseLoopText.Jump.IsMatch(lines[k])))
        {
            return;
        }

        // The first loop adds into one element per index, once; the second touches only that element in each iteration
        // and clears it last. Lines between may read the array (GMM's triangular product does).
        string element = $@"^ *{Regex.Escape(adjoint)}\[(?<index>[^\[\]]*)\]";
        List<int> inFirst = mentions.Where(k => k > first.Start && k < first.End).ToList();
        List<int> inSecond = mentions.Where(k => k > second.Start && k < second.End).ToList();
        if (inFirst.Count != 1 || inSecond.Count < 2 || mentions.Any(k => k < first.Start || k > second.End)
            || mentions.Any(k => Regex.Matches(lines[k], $@"\b{Regex.Escape(adjoint)}\b(?!\[)").Count > 0)
            || Regex.Match(lines[inFirst[0]], element + @" \+= (?<term>.+);$") is not { Success: true } addition
            || Regex.Match(lines[inSecond[^1]], element + @" = 0\.0;$") is not { Success: true } clear
            || Indent(lines[inFirst[0]]) != first.Indent.Length + 4 || Indent(lines[inSecond[^1]]) != first.Indent.Length + 4)
        {
            return;
        }

        string? index = Normalized(lines, first, addition.Groups["index"].Value);
        if (index is null || !OneElementPerIndex(index, set) || Atoms.Identifiers(first.First + " " + first.Runs).Where(n => n != first.Counter).Any(set.Contains)
            || inSecond.SelectMany(k => Regex.Matches(lines[k], $@"\b{Regex.Escape(adjoint)}\[(?<index>[^\[\]]*)\]").Cast<Match>()).Any(m => Normalized(lines, second, m.Groups["index"].Value) != index))
        {
            return;
        }

        string indent = lines[inFirst[0]].Substring(0, Indent(lines[inFirst[0]]));
        lines[inFirst[0]] = $"{indent}{adjoint}[{addition.Groups["index"].Value}] = {addition.Groups["term"].Value};";
        lines.RemoveAt(inSecond[^1]);
        // One comment per loop, naming each adjoint it now sets.
        string said = $"{first.Indent}{Said}";
        if (first.Start > 0 && lines[first.Start - 1].StartsWith(said, System.StringComparison.Ordinal))
        {
            lines[first.Start - 1] = lines[first.Start - 1].Substring(0, lines[first.Start - 1].Length - 1) + $", {adjoint}.";
        }
        else
        {
            lines.Insert(first.Start, $"{said}{adjoint}.");
        }
    }

    private const string Said = "// Elements zero in every pass here, set by this loop and left by the one that reads them last (PassLocalAdjointArrays): ";

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    // The index with the loop's counter and the local set from it written as one name; null when the local is set again.
    private static string? Normalized(List<string> lines, Loop loop, string index)
    {
        index = ReverseLoopText.Renamed(index, loop.Counter, ReverseLoopText.Index);
        for (int k = loop.Start + 2; k < loop.End; k++)
        {
            if (ReverseLoopText.IndexSet.Match(lines[k]) is { Success: true } set && set.Groups["i"].Value == loop.Counter)
            {
                string local = set.Groups["x"].Value;
                if (Enumerable.Range(loop.Start + 2, loop.End - loop.Start - 2).Count(j => ClearedAdjoints.Assigned.Match(lines[j]) is { Success: true } a && a.Groups["name"].Value == local) != 1)
                {
                    return null;
                }

                index = ReverseLoopText.Renamed(index, local, ReverseLoopText.Index);
            }
        }

        return index;
    }

    // The index alone, or plus a term without parentheses of names the sweep never sets.
    private static bool OneElementPerIndex(string index, HashSet<string> set) =>
        ReverseLoopText.TermAddedToIndex(index) is { } term && !Atoms.Identifiers(term).Overlaps(set);

    private sealed record Loop(int Start, int End, string Indent, string Counter, string First, string Runs);

    // The plain reverse loop whose body holds the line directly (one level in).
    private static Loop? LoopAround(List<string> lines, int line)
    {
        for (int k = line - 1; k >= 0; k--)
        {
            if (lines[k].Length == 0 || Indent(lines[k]) >= Indent(lines[line]))
            {
                continue;
            }

            if (k < 1 || ReverseLoopText.Header.Match(lines[k - 1]) is not { Success: true } header || lines[k].Trim() != "{" || Indent(lines[line]) != header.Groups["indent"].Length + 4)
            {
                return null;
            }

            string close = header.Groups["indent"].Value + "}";
            int end = lines.IndexOf(close, line);
            return end < 0 ? null : new Loop(k - 1, end, header.Groups["indent"].Value, header.Groups["i"].Value, header.Groups["first"].Value, header.Groups["runs"].Value);
        }

        return null;
    }
}
