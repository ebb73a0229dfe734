using System.Collections.Generic;
using System.Linq;

namespace GradientGen.Model;

/// <summary>
/// The operations of a replayed loop body (<see cref="LoopStmt.Replays"/>) that its reverse needs: those that
/// compute what the reverse reads, what they read in turn, and the branches around them. The rest (a term only
/// added into a sum) is left out of the replay.
/// </summary>
internal static class ReplaySlice
{
    /// <param name="body">The loop's body.</param>
    /// <param name="variables">The method's variables, to find those a condition's C# text reads.</param>
    /// <param name="read">Whether the reverse of the body reads a variable.</param>
    /// <param name="skipped">Operations never replayed (the sums' additions, what the reverse loop sets itself).</param>
    public static HashSet<Stmt> Of(IEnumerable<Stmt> body, IReadOnlyList<Variable> variables, System.Func<int, bool> read, System.Func<Stmt, bool> skipped)
    {
        var kept = new HashSet<Stmt>(ReferenceComparer.Instance);
        var byName = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (Variable v in variables)
        {
            byName[v.Name] = v.Id;
        }

        Visit(Operations(body), new HashSet<int>(), kept, read, skipped, byName);
        return kept;
    }

    /// <summary>The variables a verbatim C# text names (over-approximated: any identifier that is a variable's name).</summary>
    public static IEnumerable<int> VariablesIn(string text, IReadOnlyDictionary<string, int> byName) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"@?\w+").Cast<System.Text.RegularExpressions.Match>()
            .Select(m => byName.TryGetValue(m.Value, out int id) ? id : -1).Where(id => id >= 0).Distinct();

    private static void Visit(List<Stmt> operations, HashSet<int> needed, HashSet<Stmt> kept, System.Func<int, bool> read, System.Func<Stmt, bool> skipped, IReadOnlyDictionary<string, int> byName)
    {
        for (int i = operations.Count - 1; i >= 0; i--)
        {
            Stmt s = operations[i];
            if (s is IfStmt branch)
            {
                // Either branch may run: what either needs is needed before the branch.
                int before = kept.Count;
                Visit(Operations(branch.Then), needed, kept, read, skipped, byName);
                Visit(Operations(branch.Else), needed, kept, read, skipped, byName);
                if (kept.Count > before || read(branch.Condition))
                {
                    kept.Add(branch);
                    needed.Add(branch.Condition);
                }

                continue;
            }

            bool keep = !skipped(s) && s switch
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

            if (s is AssignStmt { Value: VerbatimExpr verbatim })
            {
                needed.UnionWith(VariablesIn(verbatim.Text, byName));
            }
        }
    }

    /// <summary>The operations of a block through its user statements (not into branches or loops).</summary>
    public static List<Stmt> Operations(IEnumerable<Stmt> body) =>
        body.SelectMany(s => s is SourceStmt source ? Operations(source.Body) : [s]).ToList();
}
