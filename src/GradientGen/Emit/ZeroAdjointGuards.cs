using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// A reverse loop that only moves adjoints (it restores nothing, computes no iteration again, calls nothing, and sets
/// no primal value but its own index and the locals its body declares) adds terms that are each a product of an adjoint it reads from
/// outside: when every such adjoint is zero it adds zeros. It runs only when one isn't
/// (<c>if (dDistance != 0.0)</c>): the reverse of <c>closest = Math.Min(closest, distance)</c> sends zero to every
/// distance but the nearest, and GradBench's kmeans then skips the loop over the coordinates of every other
/// centroid, as a hand-written gradient does. Skipped, a term 0·∞ or 0·NaN, which would have added NaN, adds nothing:
/// the zero that the operation's own derivative rule gives.
/// </summary>
internal static class ZeroAdjointGuards
{
    private static readonly Regex Statement = new(@"^(?<type>[\w:.<>?]+ )?(?<name>@?\w+)(?<rest>(?:\[[^\]]*\])*(?:\.[\w.]+)?) (?<op>[-+*/]?)= (?<value>.+);$", RegexOptions.CultureInvariant);

    /// <summary>The condition the reverse loop runs under, or null to run it always.</summary>
    /// <param name="body">The reverse iteration's text.</param>
    /// <param name="heldLocals">The adjoint elements held in locals around the enclosing loops.</param>
    public static string? Condition(MethodModel model, LoopStmt loop, string body, IEnumerable<string> heldLocals)
    {
        // The code's lines: the quoted statements name what the user wrote, not what the reverse does.
        string[] lines = body.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("//", System.StringComparison.Ordinal)).ToArray();
        if (loop.Replays || Regex.IsMatch(string.Join("\n", lines), @"Pop\w*\(|Cursor|\btape\b|Backward\(|Sweep\(|\bref |\bout |Rent|Return\(|stackalloc|\bnew\b"))
        {
            return null;
        }

        HashSet<int> setAgain = ReplaySlice.SetAgain(loop);
        var inside = new HashSet<string>(ReplaySlice.Declared(loop, []).Concat(setAgain)
            .Concat(loop.Body.Flattened().OfType<AssignStmt>().Where(a => model.Variables[a.Target].Role == VariableRole.Temporary).Select(a => a.Target))
            .Concat(loop.Body.Flattened().OfType<LoopStmt>().SelectMany(ReplaySlice.SetAgain))
            .Select(id => model.Variables[id].Name), System.StringComparer.Ordinal);
        var scalars = new Dictionary<string, Variable>(System.StringComparer.Ordinal);
        var others = new HashSet<string>(heldLocals, System.StringComparer.Ordinal) { model.DoubleDiscardName, model.FloatDiscardName };
        foreach (Variable v in model.Variables.Where(v => v.AdjointName is not null))
        {
            if (v.Shape == ValueShape.Scalar && v.TypeName is "double" or "float")
            {
                scalars[v.AdjointName!] = v;
            }
            else
            {
                others.Add(v.AdjointName!);
            }
        }

        foreach (ParameterModel p in model.Parameters.Where(p => p.BodyAdjointName is not null && p.Shape == ValueShape.Scalar))
        {
            scalars[p.BodyAdjointName!] = model.Variables[p.VariableId];
        }

        var declared = new HashSet<string>(System.StringComparer.Ordinal);
        var sinks = new HashSet<int>();
        for (int k = 0; k < lines.Length; k++)
        {
            string line = lines[k];
            if (line.Length == 0 || line is "{" or "}" or "else"
                || line.StartsWith("for (", System.StringComparison.Ordinal) || line.StartsWith("if (", System.StringComparison.Ordinal))
            {
                continue;
            }

            if (Statement.Match(line) is not { Success: true } statement)
            {
                return null;
            }

            string name = statement.Groups["name"].Value;
            bool accumulates = statement.Groups["op"].Value is "+" or "-" && !Atoms.Mentions(statement.Groups["value"].Value, name);
            if (statement.Groups["type"].Success)
            {
                declared.Add(name);
            }
            else if (declared.Contains(name) || inside.Contains(name))
            {
                // Its own locals, the index and what the iteration computes again: read nowhere after the loop.
            }
            else if ((scalars.ContainsKey(name) || others.Contains(name)) && accumulates)
            {
                // Only added into: what it held doesn't matter.
                sinks.Add(k);
            }
            else if (!scalars.ContainsKey(name) || statement.Groups["rest"].Length > 0)
            {
                // A primal value from outside, or an array's or struct's adjoint set.
                return null;
            }
        }

        // What the adjoint terms are made of: the scalar adjoints from outside, read anywhere but as a sink's target.
        var sources = new SortedSet<string>(System.StringComparer.Ordinal);
        for (int k = 0; k < lines.Length; k++)
        {
            string read = sinks.Contains(k) ? Statement.Match(lines[k]).Groups["value"].Value : lines[k];
            foreach (string word in Atoms.Identifiers(read))
            {
                if (declared.Contains(word))
                {
                    continue;
                }

                if (others.Contains(word))
                {
                    return null;
                }

                if (scalars.ContainsKey(word))
                {
                    sources.Add(word);
                }
            }
        }

        return sources.Count == 0 ? null : string.Join(" || ", sources.Select(s => $"{s} != {Literals.Zero(scalars[s].Kind)}"));
    }
}
