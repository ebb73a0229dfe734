using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// The reverse sweep's text as the folds that move statements read it (<see cref="FusedReverseLoops"/>,
/// <see cref="PassLocalAdjointArrays"/>, <see cref="AddedThenTaken"/>): a plain counted loop's header
/// <c>for (long iteration = …; …; iteration--)</c>, the line that sets the user's index from it, an element index
/// that names one element per value of the index, the names a line changes without assigning them, and the lines that
/// may leave a block.
/// </summary>
internal static class ReverseLoopText
{
    /// <summary>The name the index (and the local set from it) is written as in a normalized element index.</summary>
    public const string Index = "__index";

    /// <summary>A plain reverse loop's header, at any indentation: its counter, first value and condition.</summary>
    public static readonly Regex Header = new(@"^(?<indent> *)for \(long (?<i>\w+) = (?<first>[^;\[]+); (?<runs>[^;\[]+); \k<i>--\)$", RegexOptions.CultureInvariant);

    /// <summary><c>i = (int)iteration;</c>, at any indentation.</summary>
    public static readonly Regex IndexSet = new(@"^ *(?<x>@?\w+) = \(int\)(?<i>\w+);$", RegexOptions.CultureInvariant);

    private static readonly Regex IndexPlusTerm = new($@"^\(?(?:{Index}|{Index} \+ (?<fixed>[^()]+)|(?<fixed>[^()]+) \+ {Index})\)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// For an index written with <see cref="Index"/>: the term added to the index (empty for the index alone), when the
    /// index is that sum (a + b + i is (a + b) + i), the term free of parentheses and of the index; else null.
    /// </summary>
    public static string? TermAddedToIndex(string index) =>
        IndexPlusTerm.Match(index) is { Success: true } plus && !Atoms.Identifiers(plus.Groups["fixed"].Value).Contains(Index) && !index.Contains("++") && !index.Contains("--")
            ? plus.Groups["fixed"].Value
            : null;

    /// <summary>
    /// Names a line changes other than by assigning them (see <c>ClearedAdjoints.Assigned</c>): stepped (<c>--cursor</c>),
    /// a stack popped (<c>stack.Pop()</c>), passed by reference.
    /// </summary>
    public static readonly Regex Changed = new(@"(?:\+\+|--|\bref |\bout )(?<name>@?\w+)|(?<name>@?\w+)(?:\+\+|--|\.Pop\(\))", RegexOptions.CultureInvariant);

    /// <summary>A line (not a comment) that may leave its block: a break in a nested loop too, not told apart.</summary>
    public static readonly Regex Jump = new(@"^(?! *//).*\b(?:break|continue|return|goto|throw|yield)\b", RegexOptions.CultureInvariant);

    /// <summary>The code with every whole-word <paramref name="from"/> written <paramref name="to"/>.</summary>
    public static string Renamed(string code, string from, string to) => Regex.Replace(code, $@"\b{Regex.Escape(from)}\b", to);
}
