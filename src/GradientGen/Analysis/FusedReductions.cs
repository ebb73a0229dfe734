using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// A method that ends with a loop adding into sums and then returns one of them (<c>for (…) e += f(i); return e;</c>,
/// the shape of most losses and energies). The adjoint of a sum is the same in every iteration (an addition passes
/// it on unchanged) and, as the method only returns the sum, it is the result's adjoint: known before the loop
/// runs. So the loop runs once, in the reverse sweep where that adjoint is set, in its own order, each iteration
/// followed by its reverse (<see cref="LoopStmt.Fused"/>): nothing is kept, nothing computed twice, and the sums
/// come out as the method computes them, in the same order. A hand-written gradient does the same.
/// </summary>
/// <remarks>
/// The loop must be one the reverse could run again (<c>SaveAnalysis.Replay</c>: the iterations share nothing but
/// the sums, which nothing else in the loop reads), which the save analysis checks for this loop whatever replaying
/// it costs. Here: the loop is the method's last statement but the return, at its top level; its trip count is
/// computed, not counted; the sum it returns is a local nothing before the loop reads (the reverse of what comes
/// before runs after the loop, and sees the final sum).
/// </remarks>
internal static class FusedReductions
{
    /// <summary>The loop of a method that ends <c>for (…) { … s += …; } return s;</c>, when it may be fused; else null.</summary>
    public static LoopStmt? Candidate(IReadOnlyList<Stmt> body, IReadOnlyList<Variable> variables, int resultVariable)
    {
        if (body.Count < 2
            || body[body.Count - 1] is not SourceStmt { Body: [AssignStmt { Target: int target, Value: CopyExpr { Value: VariableAtom { VariableId: int sum } } }] }
            || target != resultVariable
            || variables[sum] is not { Role: not VariableRole.Parameter, Shape: ValueShape.Scalar }
            || body[body.Count - 2] is not SourceStmt { Body: var loopStatement }
            || loopStatement.Count == 0 || loopStatement[loopStatement.Count - 1] is not LoopStmt { Trips: null, Counter.TripCount: not null } loop)
        {
            return null;
        }

        HashSet<int> setAgain = ReplaySlice.SetAgain(loop), sums = ReplaySlice.Sums(loop, ReplaySlice.Declared(loop, setAgain));
        if (!sums.Contains(sum))
        {
            return null;
        }

        // Before the loop in its statement: only the index's declaration (for (int i = 0; …)), which the fused loop runs itself.
        bool InitializesIndex(Stmt s) => s is SourceStmt || (s.WrittenVariables().Any() && s.WrittenVariables().All(setAgain.Contains) && s is VerbatimStmt or AssignStmt or DeclareStmt);
        if (!loopStatement.Take(loopStatement.Count - 1).Flattened().All(InitializesIndex))
        {
            return null;
        }

        // What comes before is undone after the loop has run: it must not read the sums (it would see their final
        // values where the forward sweep saw their first) nor touch the index.
        Dictionary<string, int> byName = ReplaySlice.ByName(variables);
        foreach (Stmt s in body.Take(body.Count - 2).Flattened())
        {
            if (Reads(s, byName).Any(v => sums.Contains(v) || setAgain.Contains(v)) || s.WrittenVariables().Any(setAgain.Contains))
            {
                return null;
            }
        }

        return loop;
    }

    /// <summary>The top-level statement holding the fused loop, or −1: the statements after it only return the sum.</summary>
    public static int IndexOf(IReadOnlyList<Stmt> body)
    {
        for (int i = 0; i < body.Count; i++)
        {
            if (body[i] is SourceStmt { Body: var statements } && statements.Any(s => s is LoopStmt { Fused: true }))
            {
                return i;
            }
        }

        return -1;
    }

    // Every variable a statement may read, the C# it holds as written included (over-approximated by name).
    private static IEnumerable<int> Reads(Stmt s, IReadOnlyDictionary<string, int> byName) => s switch
    {
        AssignStmt { Value: VerbatimExpr verbatim } => ReplaySlice.VariablesIn(verbatim.Text, byName),
        VerbatimStmt verbatim => ReplaySlice.VariablesIn(verbatim.Text, byName),
        LoopStmt loop => ReplaySlice.VariablesIn(loop.Condition, byName),
        IfStmt branch => [branch.Condition],
        _ => s.ReadVariables(),
    };
}
