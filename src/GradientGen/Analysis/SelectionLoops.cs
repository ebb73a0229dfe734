using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Loops that keep a running minimum or maximum and nothing else from one iteration to the next: kmeans's nearest
/// centroid (<c>closest = Math.Min(closest, distance)</c> over the centroids), LogSumExp's maximum, the plain GMM's
/// <c>if (e &gt; m) { m = e; }</c>. The reverse of <c>m = Math.Min(m, e)</c> sends m's adjoint to e when e was taken
/// and passes it on to the old m otherwise (the branch's reverse likewise), so going backwards the adjoint reaches
/// one iteration, the last whose e was taken, and is zero in all those before: their reverses add nothing
/// (<see cref="LoopStmt.Selection"/>). The forward sweep then keeps that iteration's index (where the rule's own test,
/// or the branch, takes e: ties and NaNs go where they went) instead of m and e in every iteration, and the reverse
/// sweep runs that one iteration's reverse. A hand-written gradient keeps the argmin the same way.
/// </summary>
/// <remarks>
/// The shape this takes (<see cref="Candidates"/>): a counted loop (non-negative start, positive step, a trip count the
/// reverse computes, no locals computed from the index) whose body, at its top level, sets an active scalar declared
/// outside it by a <c>Math.Min</c> or <c>Math.Max</c> of itself and another value (directly or through a temporary), or
/// in a branch without else whose test alone reads it (beside it, the branch may record inactive values, an argmax's
/// <c>at = i</c>, which nothing in the loop reads); reads that scalar nowhere else; and writes nothing else but what
/// it declares and its loops' indices: no array, no object, no other sum. The save analysis decides the rest by
/// trying: a loop that would keep values in its iterations replays its one iteration in the reverse instead
/// (<see cref="LoopSelection.Replays"/>), one that would keep the running value itself is no selection, and one run
/// more than once before its reverse (inside a loop whose iterations the reverse takes in turn) keeps its index after
/// each run (<see cref="LoopSelection.Kept"/>).
/// </remarks>
internal static class SelectionLoops
{
    /// <summary>The statement choosing between the running value and the iteration's, and what it chooses from.</summary>
    /// <param name="Statement">
    /// The <c>Math.Min</c> or <c>Math.Max</c> assignment, or the branch <c>if (e &lt; m) { m = e; }</c> that takes the
    /// iteration's value.
    /// </param>
    /// <param name="Operand">For a <c>Min</c> or <c>Max</c>: the iteration's operand, which the reverse takes the result as; else −1.</param>
    /// <param name="Accumulator">The running value.</param>
    internal sealed record Choice(Stmt Statement, int Operand, int Accumulator);

    /// <summary>The loops in <paramref name="body"/> of the shape a selection takes, each with its choice.</summary>
    public static Dictionary<Stmt, Choice> Candidates(IEnumerable<Stmt> body, IReadOnlyList<Variable> variables)
    {
        var found = new Dictionary<Stmt, Choice>(ReferenceComparer.Instance);
        Dictionary<string, int>? byName = null;
        foreach (LoopStmt loop in body.Flattened().OfType<LoopStmt>())
        {
            if (ChoiceOf(loop, variables, byName ??= ReplaySlice.ByName(variables)) is { } choice)
            {
                found[loop] = choice;
            }
        }

        return found;
    }

    // A choice found in a body: the statement, the one that writes the running value, and the one that alone may read it
    // besides; for a branch, the copied statements in it that record where the value came from (at = i).
    private sealed record Found(Choice Choice, AssignStmt Writer, Stmt Reader, IReadOnlyList<Stmt> Companions);

    private static Choice? ChoiceOf(LoopStmt loop, IReadOnlyList<Variable> variables, Dictionary<string, int> byName)
    {
        if (loop.Trips is not null || loop.Counter is not { Step: > 0, TripCount: not null, Start: ConstantAtom { NumericValue: >= 0 } } counter || !counter.Locals.IsEmpty)
        {
            return null;
        }

        // The choice, at the body's top level (it runs in every iteration).
        List<Stmt> top = TopLevel(loop.Body);
        Found? found = null;
        for (int i = 0; i < top.Count; i++)
        {
            if ((MinOrMax(top, i, variables) ?? TakingBranch(top, i, variables)) is not { } choice)
            {
                continue;
            }

            if (found is not null)
            {
                return null; // Two running values: the adjoint reaches an iteration for each.
            }

            found = choice;
        }

        if (found is null || variables[found.Choice.Accumulator] is not { Active: true, Shape: ValueShape.Scalar })
        {
            return null;
        }

        // Everything else the body writes is its own: declared in it (fresh in each iteration), or an index.
        int accumulator = found.Choice.Accumulator;
        var own = new HashSet<int>(loop.Body.Flattened().Select(ReplaySlice.DeclaredBy).Where(id => id >= 0));
        foreach (LoopStmt inner in loop.Body.Flattened().OfType<LoopStmt>().Prepend(loop))
        {
            own.UnionWith(ReplaySlice.SetAgain(inner));
            if (inner.Trips is { } trips)
            {
                own.Add(trips);
            }
        }

        if (own.Contains(accumulator))
        {
            return null;
        }

        // A Min's temporary is read by the copy into the running value alone; what the branch records is read by nothing in the loop.
        int? temporary = found.Choice.Statement is AssignStmt { Target: var target } && target != accumulator ? target : null;
        var recorded = new HashSet<int>(found.Companions.SelectMany(c => c.WrittenVariables()));
        foreach (Stmt s in loop.Body.Flattened())
        {
            bool isCompanion = found.Companions.Any(c => ReferenceEquals(c, s));
            if (!isCompanion && ReplaySlice.MayRead(s, byName).Any(recorded.Contains))
            {
                return null;
            }

            bool writesOwn = s switch
            {
                _ when isCompanion => true,
                SourceStmt or IfStmt or LoopStmt or DeclareStmt => true,
                AssignStmt { Value: DiffCallExpr call } when call.Callee.TakesShadow || !call.Callee.ObjectParameters.IsEmpty => false,
                AssignStmt assign when assign.Target == accumulator => ReferenceEquals(assign, found.Writer),
                AssignStmt assign => own.Contains(assign.Target),
                VerbatimStmt verbatim => verbatim.Writes.All(own.Contains),
                _ => false, // Stores into arrays, lists, rows: state the iterations would share.
            };
            IEnumerable<int> reads = ReplaySlice.MayRead(s, byName);
            if (!writesOwn || (!ReferenceEquals(s, found.Reader) && reads.Contains(accumulator))
                || (temporary is int t && !ReferenceEquals(s, found.Writer) && reads.Contains(t)))
            {
                return null;
            }
        }

        return found.Choice;
    }

    // t = Math.Min(m, e); m = t; (or m = Math.Min(m, e), e first or second): the Min's temporary is read by the copy alone.
    private static Found? MinOrMax(List<Stmt> top, int i, IReadOnlyList<Variable> variables)
    {
        if (top[i] is not AssignStmt { Value: MathCallExpr { Function: MathFunction.Min or MathFunction.Max, Arguments: { Count: 2 } arguments } } pick)
        {
            return null;
        }

        AssignStmt writer = pick;
        if (variables[pick.Target].Role == VariableRole.Temporary && i + 1 < top.Count
            && top[i + 1] is AssignStmt { Value: CopyExpr { Value: VariableAtom { VariableId: int copied } } } copy && copied == pick.Target)
        {
            writer = copy;
        }

        int accumulator = writer.Target;
        int operand = arguments[0] is VariableAtom { VariableId: int first } && first == accumulator ? 1
            : arguments[1] is VariableAtom { VariableId: int second } && second == accumulator ? 0 : -1;
        return operand < 0 || (arguments[operand] is VariableAtom { VariableId: int other } && other == accumulator)
            ? null
            : new Found(new Choice(pick, operand, accumulator), writer, pick, []);
    }

    // c = e < m; if (c) { …; m = t; }: the test, right before the branch, is the only statement reading m; the branch,
    // without an else, writes its own temporaries and m, which it doesn't read.
    private static Found? TakingBranch(List<Stmt> top, int i, IReadOnlyList<Variable> variables)
    {
        if (top[i] is not IfStmt { Else.IsEmpty: true } branch || i == 0
            || top[i - 1] is not AssignStmt { Value: VerbatimExpr } test || test.Target != branch.Condition)
        {
            return null;
        }

        var declared = new HashSet<int>(branch.Then.Flattened().Select(ReplaySlice.DeclaredBy).Where(id => id >= 0));
        List<AssignStmt> writers = branch.Then.Flattened().OfType<AssignStmt>().Where(a => !declared.Contains(a.Target) && variables[a.Target].Active).ToList();
        // Beside the running value, the branch may record inactive values, where it came from (an argmax: at = i).
        List<Stmt> companions = branch.Then.Flattened().Where(s => s is VerbatimStmt || (s is AssignStmt a && !declared.Contains(a.Target) && !variables[a.Target].Active)).ToList();
        if (writers.Count != 1 || !branch.Then.Flattened().All(s => s is SourceStmt or AssignStmt or VerbatimStmt)
            || companions.Any(c => !c.WrittenVariables().Any() || c.WrittenVariables().Any(w => variables[w].Active || declared.Contains(w)))
            || branch.Then.Flattened().Any(s => s.ReadVariables().Contains(writers[0].Target)))
        {
            return null;
        }

        return new Found(new Choice(branch, -1, writers[0].Target), writers[0], test, companions);
    }

    // The statements of a body outside its branches and loops, user statements opened.
    private static List<Stmt> TopLevel(IEnumerable<Stmt> body)
    {
        var top = new List<Stmt>();
        foreach (Stmt s in body)
        {
            if (s is SourceStmt source)
            {
                top.AddRange(TopLevel(source.Body));
            }
            else
            {
                top.Add(s);
            }
        }

        return top;
    }
}
