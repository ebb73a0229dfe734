using System.Collections.Generic;
using System.Linq;

namespace GradientGen.Model;

/// <summary>
/// The operations of a replayed loop body (<see cref="LoopStmt.Replays"/>) that its reverse needs: those that
/// compute what the reverse reads, and what they read in turn. The rest (a term only added into a sum) is left
/// out of the replay.
/// </summary>
internal static class ReplaySlice
{
    /// <param name="body">The body's operations in order, through its user statements.</param>
    /// <param name="read">Whether the reverse of the body reads a variable.</param>
    public static HashSet<Stmt> Of(IReadOnlyList<Stmt> body, System.Func<int, bool> read)
    {
        var needed = new HashSet<int>();
        var kept = new HashSet<Stmt>(ReferenceComparer.Instance);
        for (int i = body.Count - 1; i >= 0; i--)
        {
            Stmt s = body[i];
            bool keep = s switch
            {
                AssignStmt assign => needed.Contains(assign.Target) || read(assign.Target),
                ElementAssignStmt store => needed.Contains(store.Array) || read(store.Array),
                DeclareStmt declare => needed.Contains(declare.Variable) || read(declare.Variable),
                _ => false,
            };
            if (!keep)
            {
                continue;
            }

            kept.Add(s);
            needed.UnionWith(s.ReadVariables());
            if (s is AssignStmt { Value: ElementExpr element })
            {
                needed.Add(element.Array);
            }
        }

        return kept;
    }

    /// <summary>The operations of a body through its user statements (not into branches or loops).</summary>
    public static List<Stmt> Operations(IEnumerable<Stmt> body) =>
        body.SelectMany(s => s is SourceStmt source ? Operations(source.Body) : [s]).ToList();
}
