using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The scalar locals a loop body declares (<c>double z = w * h + b;</c> inside the loop), and its temporaries read
/// beyond their own statement (a struct member's inlined body): each iteration has its
/// own, so the reverse sweep declares their adjoints afresh in each reverse iteration (with the first term added
/// into them, see <c>ReverseSweep</c>) and doesn't clear them where the declaration is undone. Declared for the whole sweep and cleared after use,
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
            var locals = Declared(loop.Body).Where(id => model.Variables[id] is { Active: true, Shape: ValueShape.Scalar, Role: VariableRole.Local or VariableRole.Temporary, View: null } && !statementLocal.Contains(id)).Distinct().ToList();
            if (locals.Count > 0)
            {
                byLoop[loop] = locals;
            }
        }

        return byLoop;
    }

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
