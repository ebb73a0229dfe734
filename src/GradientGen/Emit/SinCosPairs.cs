using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A fused loop's iteration (<see cref="Model.LoopStmt.Fused"/>) computes <c>Math.Sin(a)</c> and, in its reverse, the
/// derivative's <c>Math.Cos(a)</c> of the same value in one block: one <c>Math.SinCos(a)</c> gives both, as a
/// hand-written gradient would take them (the two values are the ones the separate calls return).
/// </summary>
internal static class SinCosPairs
{
    private static readonly Regex Sine = new(@"^(?<indent>[ \t]*)(?<type>double|float) (?<sin>@?\w+) = (?<math>global::System\.MathF?)\.Sin\((?<a>@?\w+)\);$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <param name="taken">Whether a name is already one of the method's (a local, a parameter, an adjoint).</param>
    public static string Fold(string text, System.Func<string, bool> taken)
    {
        int position = 0;
        for (Match sine = Sine.Match(text); sine.Success; sine = Sine.Match(text, position))
        {
            position = sine.Index + sine.Length;
            string math = sine.Groups["math"].Value, a = sine.Groups["a"].Value, type = sine.Groups["type"].Value;
            string cosine = $"{math}.Cos({a})";
            int last = text.LastIndexOf(cosine, System.StringComparison.Ordinal);
            if ((math.EndsWith("MathF", System.StringComparison.Ordinal) ? "float" : "double") != type || last < position
                || Regex.IsMatch(text.Substring(position, last - position), $@"(?m)^\s*{Regex.Escape(a)}\s*(?:[-+*/]?=[^=]|\+\+|--)"))
            {
                continue;
            }

            string stem = "cos" + char.ToUpperInvariant(a.TrimStart('@')[0]) + a.TrimStart('@').Substring(1), name = stem;
            for (int k = 1; taken(name) || Atoms.Mentions(text, name); k++)
            {
                name = stem + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            string pair = $"{sine.Groups["indent"].Value}({type} {sine.Groups["sin"].Value}, {type} {name}) = {math}.SinCos({a});";
            string between = text.Substring(position, last + cosine.Length - position).Replace(cosine, name);
            text = text.Substring(0, sine.Index) + pair + between + text.Substring(last + cosine.Length);
            position = sine.Index + pair.Length;
        }

        return text;
    }
}
