using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// A method that ends with a loop adding into sums and then returns a sum, or a linear function of sums
/// (<c>for (…) e += f(i); return e;</c>, <c>return e / x.Length;</c>, <c>return 0.5 * e + c;</c>: the shape of most
/// losses and energies). The adjoint of a sum is the same in every iteration (an addition passes it on unchanged)
/// and, as the return is linear in the sums with factors known before the loop, it is known before the loop runs.
/// So the loop runs once, in the reverse sweep where that adjoint is set, in its own order, each iteration followed
/// by its reverse (<see cref="LoopStmt.Fused"/>), and then the return's statements that read the sums: nothing is
/// kept, nothing computed twice, and the sums come out as the method computes them, in the same order. A
/// hand-written gradient does the same.
/// </summary>
/// <remarks>
/// The loop must be one the reverse could run again (<c>SaveAnalysis.Replay</c>: the iterations share nothing but
/// the sums, which nothing else in the loop reads), which the save analysis checks for this loop whatever replaying
/// it costs; or, with inner loops, which the replay doesn't take, one whose iterations share nothing but the sums
/// (<see cref="IterationsIndependent"/>). Here: the loop is the method's last statement but the return, at its top level; its trip count is
/// computed, not counted; nothing before it reads its sums or its index (the reverse of what comes before runs
/// after the loop, and sees the final sums); and the return's operations on the sums have reverses that read no
/// sum (copies, conversions, negations, sums and differences, products with and quotients by constants or values
/// that carry no derivative).
/// </remarks>
internal static class FusedReductions
{
    /// <summary>The loop of a method that ends <c>for (…) { … s += …; } return s;</c> (or linear in the sums), when it may be fused; else null.</summary>
    public static LoopStmt? Candidate(IReadOnlyList<Stmt> body, IReadOnlyList<Variable> variables, int resultVariable)
    {
        if (body.Count < 2
            || body[body.Count - 2] is not SourceStmt { Body: var loopStatement }
            || loopStatement.Count == 0 || loopStatement[loopStatement.Count - 1] is not LoopStmt { Trips: null, Counter.TripCount: not null } loop)
        {
            return null;
        }

        HashSet<int> setAgain = ReplaySlice.SetAgain(loop), sums = ReplaySlice.Sums(loop);
        // The return only declares its temporaries and the result (an assignment in it, return (k = 2) * s, could change what the loop reads).
        if (body[body.Count - 1] is not SourceStmt { Body: var returned } || !returned.All(s => s is AssignStmt { Declares: true })
            || After(returned, sums) is not { Count: > 0 } after || after[after.Count - 1] is not AssignStmt { Target: var target } || target != resultVariable)
        {
            return null;
        }

        var fromSums = new HashSet<int>(sums.Concat(after.Cast<AssignStmt>().Select(s => s.Target)));
        if (!after.Cast<AssignStmt>().All(a => IsLinear(a.Value, variables, fromSums)))
        {
            return null;
        }

        // Before the loop in its statement: only the index's declaration (for (int i = 0; …)), which the fused loop runs itself.
        bool InitializesIndex(Stmt s) => s is SourceStmt || (ReplaySlice.SetsOnlyIndex(s, setAgain) && s is VerbatimStmt or AssignStmt or DeclareStmt);
        if (!loopStatement.Take(loopStatement.Count - 1).Flattened().All(InitializesIndex))
        {
            return null;
        }

        // What comes before is undone after the loop has run: it must not read the sums (it would see their final
        // values where the forward sweep saw their first) nor touch the index.
        Dictionary<string, int> byName = ReplaySlice.ByName(variables);
        foreach (Stmt s in body.Take(body.Count - 2).Flattened())
        {
            if (ReplaySlice.MayRead(s, byName).Any(v => sums.Contains(v) || setAgain.Contains(v)) || s.WrittenVariables().Any(setAgain.Contains))
            {
                return null;
            }
        }

        return loop;
    }

    /// <summary>
    /// For a candidate with inner loops (a polynomial evaluated per point, a row's dot product), which the replay doesn't
    /// take: whether its iterations share nothing but its sums, so each may be followed by its reverse at once. Every
    /// variable the body writes, in its inner loops too, is one it declares (fresh in each iteration: C# reads none
    /// before it is assigned), an index, or a sum it only adds into and nothing else in the loop reads; it stores into
    /// no array or list, and copies no statement that writes anything else. The body's reverse may then need values
    /// an inner loop overwrote: the saves the forward part of an iteration makes, its reverse takes back before the
    /// next iteration runs.
    /// </summary>
    public static bool IterationsIndependent(LoopStmt loop, IReadOnlyList<Variable> variables)
    {
        List<Stmt> all = loop.Body.Flattened().ToList();
        var own = new HashSet<int>(all.Select(ReplaySlice.DeclaredBy).Where(id => id >= 0));
        foreach (LoopStmt inner in all.OfType<LoopStmt>().Prepend(loop))
        {
            own.UnionWith(ReplaySlice.SetAgain(inner));
            if (inner.Trips is { } trips)
            {
                own.Add(trips);
            }
        }

        HashSet<int> sums = ReplaySlice.Sums(loop);
        Dictionary<string, int> byName = ReplaySlice.ByName(variables);
        foreach (Stmt s in all)
        {
            bool writesOwn = s switch
            {
                AssignStmt { Value: DiffCallExpr call } when call.Callee.TakesShadow || !call.Callee.ObjectParameters.IsEmpty => false,
                AssignStmt assign when sums.Contains(assign.Target) => Emit.Atoms.IsAccumulation(assign),
                AssignStmt assign => own.Contains(assign.Target),
                DeclareStmt or SourceStmt or IfStmt or LoopStmt => true,
                VerbatimStmt verbatim => verbatim.Writes.Count > 0 && verbatim.Writes.All(own.Contains),
                _ => false,
            };
            // A sum is read only by its own additions: its adjoint is then the same in every iteration.
            IEnumerable<int> reads = s is AssignStmt { Target: var target } accumulation && sums.Contains(target) ? accumulation.ReadVariables().Where(v => v != target) : ReplaySlice.MayRead(s, byName);
            if (!writesOwn || reads.Any(sums.Contains))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The top-level statement holding the fused loop, or −1: the statement after it is the return.</summary>
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

    /// <summary>The return's operations that read the loop's sums, directly or through one another: they run after the fused loop.</summary>
    public static List<Stmt> After(IEnumerable<Stmt> returned, LoopStmt loop) =>
        After(returned, ReplaySlice.Sums(loop));

    /// <summary>The return's other operations (<c>(double)x.Length</c>): they run where the forward sweep gets to them.</summary>
    public static List<Stmt> Before(IEnumerable<Stmt> returned, LoopStmt loop)
    {
        List<Stmt> after = After(returned, loop);
        return returned.Where(s => !after.Contains(s, ReferenceComparer.Instance)).ToList();
    }

    private static List<Stmt> After(IEnumerable<Stmt> returned, HashSet<int> sums)
    {
        var fromSums = new HashSet<int>(sums);
        var after = new List<Stmt>();
        foreach (Stmt s in returned)
        {
            if (s.ReadVariables().Any(fromSums.Contains))
            {
                after.Add(s);
                fromSums.UnionWith(s.WrittenVariables());
            }
        }

        return after;
    }

    // A reverse that reads no value computed from the sums: the adjoints it passes on are known before the loop.
    private static bool IsLinear(Expr value, IReadOnlyList<Variable> variables, HashSet<int> fromSums)
    {
        bool Known(Atom a) => a is ConstantAtom || (a is VariableAtom { VariableId: int v } && !fromSums.Contains(v) && !variables[v].Active);
        return value switch
        {
            CopyExpr or ConvertExpr or UnaryExpr { Operator: UnaryOperator.Negate } => true,
            BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => true,
            BinaryExpr { Operator: BinaryOperator.Multiply } product => Known(product.Left) || Known(product.Right),
            BinaryExpr { Operator: BinaryOperator.Divide } quotient => Known(quotient.Right),
            _ => false,
        };
    }

}
