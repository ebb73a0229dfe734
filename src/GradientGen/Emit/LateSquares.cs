using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GradientGen.Emit;

/// <summary>
/// A square's reverse, <c>(g + g) * a</c> (PartialDerivatives, RepeatedFactors), whose adjoint g the block itself
/// computes (from an operation, a copy of such an adjoint, or by adding into it): written <c>g * (a + a)</c>. The same
/// bits (doubling is exact), but the doubling moves off g's path, which in a reverse sweep is the operand that comes
/// last: in the extended Rosenbrock's loop it shortens the chain from <c>v</c> to <c>dX[i]</c> by one operation. Where g
/// is an adjoint the block only copies (a sum's adjoint, the same in every iteration), <c>(g + g)</c> stays: the JIT
/// hoists it out of the loop.
/// </summary>
internal static class LateSquares
{
    // The whole term of an assignment (= , += , -= ) or of its negation (-(…)): inside a larger expression moving the
    // doubling could change the value (x / (g + g) * a is not x / g * (a + a)).
    private static readonly Regex Square = new(@"(?<=(?:= |-\())\((?<g>d\w+) \+ \k<g>\) \* (?<a>@?\w+)(?=;$|\);$)", RegexOptions.CultureInvariant);

    // A statement setting a name: a declaration, an assignment or a compound assignment, and the value.
    private static readonly Regex Set = new(@"^\s*(?:(?:double|float) )?(?<name>@?\w+) (?<op>[-+*/]?=) (?<value>.+);$", RegexOptions.CultureInvariant);

    private static readonly Regex Name = new(@"^@?\w+$", RegexOptions.CultureInvariant);

    /// <param name="block">A block's lines, its own statements unindented (nested blocks are indented).</param>
    public static string Fold(string block)
    {
        if (!block.Contains(" + d"))
        {
            return block;
        }

        var late = new HashSet<string>();
        string[] lines = block.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            // Nested blocks' lines (indented) were folded with their block, where an adjoint set out here is hoisted.
            if (!lines[i].StartsWith(" ", StringComparison.Ordinal))
            {
                lines[i] = Square.Replace(lines[i], m => late.Contains(m.Groups["g"].Value)
                    ? $"{m.Groups["g"].Value} * ({m.Groups["a"].Value} + {m.Groups["a"].Value})"
                    : m.Value);
            }

            if (Set.Match(lines[i]) is { Success: true } set)
            {
                string value = set.Groups["value"].Value;
                bool copy = set.Groups["op"].Value == "=" && Name.IsMatch(value) && !late.Contains(value);
                if (!copy)
                {
                    late.Add(set.Groups["name"].Value);
                }
                else
                {
                    late.Remove(set.Groups["name"].Value);
                }
            }
        }

        return string.Join("\n", lines);
    }
}
