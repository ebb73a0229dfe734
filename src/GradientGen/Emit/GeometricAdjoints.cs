using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A reverse loop whose carried adjoint D only shrinks or grows by the same factor each iteration,
/// <c>dValue = dT0 * x;</c> with x fixed for the loop (a name, or an element at indices the loop doesn't change), and
/// is otherwise only copied once (Horner's <c>value = value * x + c[k]</c>, a running average's
/// <c>m = beta * m + …</c>): iteration j reads D₀·xʲ. The loop keeps D and multiplies a scale instead
/// (<c>scale *= x;</c>), reads <c>D * scale</c> where it copied D, and scales D once after it, as a hand-written
/// gradient carries the powers of x. The chain of products then starts at 1, not at D₀, so it runs while D₀ is still
/// being computed (a fused reduction's iteration computes D₀ just before the loop). D₀·xʲ may round differently from
/// the repeated products and, like a hand-written gradient's power, xʲ may leave double's range (past 10³⁰⁸ or below
/// 10⁻³⁰⁸) where D₀·xʲ would not. A second copy read, or a factor that carries a derivative (its adjoint's term reads
/// the adjoint again), would cost a product per read per iteration: those loops stay as they are.
/// </summary>
internal static class GeometricAdjoints
{
    // The factor: a name, or an element at indices the loop doesn't change (xs[p]).
    // D = C * F, or D += C * F after D = 0 (an adjoint the iteration clears once its copies have read it).
    private static readonly Regex Scaling = new(@"^(?<d>d\w+) (?<op>\+?=) (?<c>d\w+) \* (?<f>@?\w+(?:\[[^\[\]]*\])?);$", RegexOptions.CultureInvariant);

    private static readonly Regex Cleared = new(@"^(?<d>d\w+) = (?:0\.0|0f);$", RegexOptions.CultureInvariant);

    private static readonly Regex Copy = new(@"^(?<type>double|float) (?<name>d\w+) = (?<source>d\w+);$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The loop body with its carried adjoint scaled once after the loop, and the lines to write before and after it;
    /// null when the body is not of that form.
    /// </summary>
    /// <param name="body">The reverse iteration's lines, its own statements unindented.</param>
    /// <param name="setEachIteration">Names the reverse loop sets before the body in each iteration (its index, recomputed locals).</param>
    /// <param name="scale">A name for the scale that the method doesn't use.</param>
    public static (string Body, string Before, string After)? Rewrite(string body, ISet<string> setEachIteration, string scale)
    {
        List<string> lines = body.Split('\n').ToList();
        int at = lines.FindIndex(l => Scaling.IsMatch(l));
        if (at < 0 || lines.FindIndex(at + 1, l => Scaling.IsMatch(l)) >= 0)
        {
            return null;
        }

        Match scaling = Scaling.Match(lines[at]);
        string d = scaling.Groups["d"].Value, c = scaling.Groups["c"].Value, f = scaling.Groups["f"].Value;
        HashSet<string> factorNames = Atoms.Identifiers(f);
        if (factorNames.Contains(c) || factorNames.Contains(d) || factorNames.Any(n => setEachIteration.Contains(n) || lines.Any(l => SetsOrPasses(l, n))) || lines.Any(l => Copy.Match(l) is { Success: true } m && m.Groups["name"].Value == d))
        {
            return null;
        }

        // Added into, D was cleared before: the clearing goes, and the scaling sets it.
        int cleared = scaling.Groups["op"].Value == "=" ? -1 : lines.FindIndex(l => Cleared.Match(l) is { Success: true } z && z.Groups["d"].Value == d);
        if (scaling.Groups["op"].Value == "+=" && (cleared < 0 || cleared > at || lines.Skip(cleared + 1).Take(at - cleared - 1).Any(l => Atoms.Mentions(l, d))))
        {
            return null;
        }

        // Every other mention of D: a copy of it before the scaling, in the body's own statements.
        var copies = new List<int>();
        for (int k = 0; k < lines.Count; k++)
        {
            if (k == at || k == cleared || !Atoms.Mentions(lines[k], d))
            {
                continue;
            }

            if (k > at || Copy.Match(lines[k]) is not { Success: true } copy || copy.Groups["source"].Value != d)
            {
                return null;
            }

            copies.Add(k);
        }

        // The scaling reads D or one of the copies. That copy, when nothing else reads it, goes; the others read D
        // times the scale: one at most, as each costs a product, which the scale's own product pays for only once.
        string Name(int k) => Copy.Match(lines[k]).Groups["name"].Value;
        if (copies.Count == 0 || (c != d && !copies.Any(k => Name(k) == c)))
        {
            return null;
        }

        var read = copies.Where(k => Name(k) != c || lines.Where((l, j) => j != k && j != at).Any(l => Atoms.Mentions(l, c))).ToList();
        if (read.Count > 1)
        {
            return null;
        }

        string type = Copy.Match(lines[copies[0]]).Groups["type"].Value;
        foreach (int k in read)
        {
            Match copy = Copy.Match(lines[k]);
            lines[k] = $"{copy.Groups["type"].Value} {copy.Groups["name"].Value} = {d} * {scale};";
        }

        lines[at] = $"{scale} *= {f};";
        foreach (int k in copies.Except(read).Append(cleared).Where(k => k >= 0).OrderByDescending(k => k))
        {
            lines.RemoveAt(k);
        }

        return (string.Join("\n", lines), $"{type} {scale} = {(type == "float" ? "1f" : "1.0")};", $"{d} *= {scale};");
    }

    // Whether a line sets the name or passes it by reference.
    private static bool SetsOrPasses(string line, string name) =>
        (ClearedAdjoints.Assigned.Match(line) is { Success: true } set && set.Groups["name"].Value == name)
        || Atoms.Mentions(line, "ref " + name) || Atoms.Mentions(line, "out " + name);
}
