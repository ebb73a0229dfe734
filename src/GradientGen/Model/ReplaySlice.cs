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
    /// <summary>
    /// The operations a replay of <paramref name="loop"/> runs: never the additions into its sums, nor what the reverse
    /// loop sets itself (the index, its step, the locals computed from it).
    /// </summary>
    /// <param name="variables">The method's variables, to find those a condition's C# text reads.</param>
    /// <param name="read">Whether the reverse of the body reads a variable.</param>
    public static HashSet<Stmt> Of(LoopStmt loop, IReadOnlyList<Variable> variables, System.Func<int, bool> read)
    {
        HashSet<int> setAgain = SetAgain(loop), sums = Sums(loop, Declared(loop, setAgain));
        bool Skipped(Stmt s) => s switch
        {
            AssignStmt assign => sums.Contains(assign.Target) || setAgain.Contains(assign.Target),
            VerbatimStmt => true,
            _ => false,
        };

        var kept = new HashSet<Stmt>(ReferenceComparer.Instance);
        Visit(Operations(loop.Body), new HashSet<int>(), kept, read, Skipped, ByName(variables));
        return kept;
    }

    /// <summary>A counted loop's index and the locals its reverse iterations set from it (<see cref="LoopCounter.Locals"/>).</summary>
    public static HashSet<int> SetAgain(LoopStmt loop) =>
        loop.Counter is { } counter ? new HashSet<int>(counter.Locals.Select(l => l.Variable)) { counter.Variable } : new HashSet<int>();

    /// <summary>The variables the loop's body declares, anywhere in it, except those the reverse loop sets.</summary>
    public static HashSet<int> Declared(LoopStmt loop, HashSet<int> setAgain) =>
        new(loop.Body.Flattened().Select(DeclaredBy).Where(id => id >= 0 && !setAgain.Contains(id)));

    /// <summary>The variable a statement declares, or −1.</summary>
    public static int DeclaredBy(Stmt s) => s switch
    {
        AssignStmt { Declares: true } assign => assign.Target,
        DeclareStmt declare => declare.Variable,
        _ => -1,
    };

    /// <summary>The sums the loop adds into (<see cref="Sums(LoopStmt, HashSet{int})"/>), from the loop alone.</summary>
    public static HashSet<int> Sums(LoopStmt loop) => Sums(loop, Declared(loop, SetAgain(loop)));

    /// <summary>Whether a statement writes something, and only what the reverse loop sets itself (the index, its step, the locals computed from it).</summary>
    public static bool SetsOnlyIndex(Stmt s, HashSet<int> setAgain) => s.WrittenVariables().Any() && s.WrittenVariables().All(setAgain.Contains);

    /// <summary>The variables declared inside the branches of <paramref name="body"/>: the forward sweep declares them at the method's top (FindHoisted).</summary>
    public static HashSet<int> DeclaredInBranches(IEnumerable<Stmt> body) =>
        new(body.Flattened().OfType<IfStmt>().SelectMany(b => b.Then.Flattened().Concat(b.Else.Flattened())).Select(DeclaredBy).Where(id => id >= 0));

    /// <summary>The sums the loop adds into: accumulated (<c>e += …</c>) and declared outside it.</summary>
    public static HashSet<int> Sums(LoopStmt loop, HashSet<int> declared) =>
        new(loop.Body.Flattened().OfType<AssignStmt>().Where(a => !declared.Contains(a.Target) && Emit.Atoms.IsAccumulation(a)).Select(a => a.Target));

    /// <summary>Each variable by its name in the generated code.</summary>
    public static Dictionary<string, int> ByName(IReadOnlyList<Variable> variables)
    {
        var byName = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (Variable v in variables)
        {
            byName[v.Name] = v.Id;
        }

        return byName;
    }

    /// <summary>Every variable a statement may read, the C# it holds as written included (over-approximated by name).</summary>
    public static IEnumerable<int> MayRead(Stmt s, IReadOnlyDictionary<string, int> byName) => s switch
    {
        AssignStmt { Value: VerbatimExpr verbatim } => VariablesIn(verbatim.Text, byName),
        VerbatimStmt verbatim => VariablesIn(verbatim.Text, byName),
        LoopStmt loop => VariablesIn(loop.Condition, byName),
        IfStmt branch => [branch.Condition],
        _ => s.ReadVariables(),
    };

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
