using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The scalar and struct locals a loop body declares (<c>double z = w * h + b;</c>, <c>Vec3 d = p[i + 1] - p[i];</c>
/// inside the loop), and its temporaries read beyond their own statement (a struct member's inlined body): each
/// iteration has its own, so the reverse sweep declares their adjoints afresh in each reverse iteration (a scalar's
/// with the first term added into it, see <c>ReverseSweep</c>; a struct's at the iteration's top, each member set by
/// its first addition, see <see cref="StartMembers"/>) and doesn't clear them where the declaration is undone. Declared for the whole sweep and cleared after use,
/// such an adjoint was carried around the loop and every loop enclosing it, like a statement's temporaries
/// (<see cref="StatementLocalTemporaries"/>).
/// </summary>
internal static class IterationLocalAdjoints
{
    /// <summary>For each loop (by identity), the active scalar locals and temporaries its body declares directly (not inside a branch or an inner loop).</summary>
    public static Dictionary<Stmt, List<int>> Of(MethodModel model)
    {
        var byLoop = new Dictionary<Stmt, List<int>>(ReferenceComparer.Instance);
        HashSet<int> statementLocal = StatementLocalTemporaries.Of(model);
        foreach (LoopStmt loop in model.Body.Flattened().OfType<LoopStmt>())
        {
            var locals = Declared(loop.Body).Where(id => (model.Variables[id] is { Active: true, Shape: ValueShape.Scalar, Role: VariableRole.Local or VariableRole.Temporary, View: null } && !statementLocal.Contains(id))
                || IsStructLocal(model, model.Variables[id])).Distinct().ToList();
            if (locals.Count > 0)
            {
                byLoop[loop] = locals;
            }
        }

        return byLoop;
    }

    /// <summary>An active struct local (not the result): its adjoint, a value of its type, starts at <c>default</c> in each reverse iteration.</summary>
    public static bool IsStructLocal(MethodModel model, Variable v) =>
        v is { Active: true, Shape: ValueShape.Struct, Role: VariableRole.Local } && v.AdjointName != model.ResultAdjointName;

    /// <summary>
    /// The reverse iteration's <paramref name="body"/> for a struct adjoint declared <c>default</c> at its top: each
    /// member's first addition, while the body's own statements name the struct only through members added into for the
    /// first time, assigns (<c>dD.Z = dT14;</c>: the JIT can't drop an addition to zero), and the clears the body ends
    /// with (where the declaring stores are undone) go, as the next iteration starts afresh.
    /// </summary>
    public static string StartMembers(string body, string adjoint)
    {
        var lines = new List<string>(body.Split('\n'));
        var member = new Regex($@"^{Regex.Escape(adjoint)}\.(?<member>[\w.]+) [-+]= (?<term>.+);$", RegexOptions.CultureInvariant);
        var started = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (int k in Enumerable.Range(0, lines.Count).Where(k => Atoms.Mentions(lines[k], adjoint)))
        {
            if (member.Match(lines[k]) is not { Success: true } addition || Atoms.Mentions(addition.Groups["term"].Value, adjoint) || !started.Add(addition.Groups["member"].Value))
            {
                break;
            }

            lines[k] = ClearedAdjoints.AssignedBy(lines[k], $"{adjoint}.{addition.Groups["member"].Value}")!;
        }

        var clear = new Regex($@"^{Regex.Escape(adjoint)}\.(?<member>[\w.]+) = (?:0\.0f?|default);$", RegexOptions.CultureInvariant);
        var mention = new Regex($@"(?<![\w.]){Regex.Escape(adjoint)}\b(?:\.(?<member>[\w.]+))?", RegexOptions.CultureInvariant);
        for (int k = lines.Count - 1; k >= 0; k--)
        {
            if (clear.Match(lines[k]) is { Success: true } cleared && !ReadAfter(k, cleared.Groups["member"].Value))
            {
                lines.RemoveAt(k);
            }
        }

        return string.Join("\n", lines);

        // Whether a line after k names the member, a member within or around it, or the whole struct.
        bool ReadAfter(int k, string cleared) =>
            lines.Skip(k + 1).SelectMany(l => mention.Matches(l).Cast<Match>()).Any(m => !m.Groups["member"].Success || Overlap(m.Groups["member"].Value, cleared));
    }

    private static bool Overlap(string a, string b) =>
        a == b || a.StartsWith(b + ".", System.StringComparison.Ordinal) || b.StartsWith(a + ".", System.StringComparison.Ordinal);

    private static IEnumerable<int> Declared(IEnumerable<Stmt> body)
    {
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    foreach (int id in Declared(source.Body))
                    {
                        yield return id;
                    }

                    break;
                case AssignStmt { Declares: true } assign:
                    yield return assign.Target;
                    break;
                case DeclareStmt declare:
                    yield return declare.Variable;
                    break;
            }
        }
    }
}
