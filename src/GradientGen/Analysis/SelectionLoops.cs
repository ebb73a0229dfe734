using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Loops that keep a running minimum or maximum and nothing else from one iteration to the next: kmeans's nearest
/// centroid (<c>closest = Math.Min(closest, distance)</c> over the centroids), LogSumExp's maximum. The reverse of
/// <c>m = Math.Min(m, e)</c> sends m's adjoint to e when e was taken and passes it on to the old m otherwise, so
/// going backwards the adjoint reaches one iteration, the last whose e was taken, and is zero in all those before:
/// their reverses add nothing (<see cref="LoopStmt.Selection"/>). The forward sweep then keeps that iteration's index
/// (evaluating the same comparison the reverse would, ties and NaNs included) instead of m and e in every iteration,
/// and the reverse sweep runs that one iteration's reverse. A hand-written gradient keeps the argmin the same way.
/// </summary>
/// <remarks>
/// The shape this takes (<see cref="Candidates"/>): a counted loop (non-negative start, positive step, a trip count the
/// reverse computes, no locals computed from the index) whose body, at its top level, sets an active scalar declared
/// outside it by a <c>Math.Min</c> or <c>Math.Max</c> of itself and another value, directly or through a temporary;
/// reads that scalar nowhere else; and writes nothing else but what it declares and its loops' indices: no array, no
/// object, no other sum. The save analysis takes the loop only where it needs nothing saved in it once the choice
/// reads nothing (its values are computed again, as kmeans's differences are, or the same in every iteration) and the
/// index it keeps can live in one local: at the method's top level or directly in a fused loop's body.
/// </remarks>
internal static class SelectionLoops
{
    /// <summary>The statement choosing between the running value and the iteration's, and what it chooses from.</summary>
    /// <param name="Statement">The <c>Math.Min</c> or <c>Math.Max</c> assignment.</param>
    /// <param name="Operand">The iteration's operand: the one the reverse takes the result as when the loop selects it.</param>
    /// <param name="Accumulator">The running value.</param>
    internal sealed record Choice(AssignStmt Statement, int Operand, int Accumulator);

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

    private static Choice? ChoiceOf(LoopStmt loop, IReadOnlyList<Variable> variables, Dictionary<string, int> byName)
    {
        if (loop.Trips is not null || loop.Counter is not { Step: > 0, TripCount: not null, Start: ConstantAtom { NumericValue: >= 0 } } counter || !counter.Locals.IsEmpty)
        {
            return null;
        }

        // The choice, at the body's top level (it runs in every iteration), and the statement that gives the running value its result.
        List<Stmt> top = TopLevel(loop.Body);
        (AssignStmt Pick, AssignStmt Writer, int Accumulator, int Operand)? found = null;
        for (int i = 0; i < top.Count; i++)
        {
            if (top[i] is not AssignStmt { Value: MathCallExpr { Function: MathFunction.Min or MathFunction.Max, Arguments: { Count: 2 } arguments } } pick)
            {
                continue;
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
            if (operand < 0 || arguments[operand] is VariableAtom { VariableId: int other } && other == accumulator)
            {
                continue;
            }

            if (found is not null)
            {
                return null; // Two running values: the adjoint reaches an iteration for each.
            }

            found = (pick, writer, accumulator, operand);
        }

        if (found is not { } choice || variables[choice.Accumulator] is not { Active: true, Shape: ValueShape.Scalar })
        {
            return null;
        }

        // Everything else the body writes is its own: declared in it (fresh in each iteration), or an index.
        var own = new HashSet<int>(loop.Body.Flattened().Select(ReplaySlice.DeclaredBy).Where(id => id >= 0));
        foreach (LoopStmt inner in loop.Body.Flattened().OfType<LoopStmt>().Prepend(loop))
        {
            own.UnionWith(ReplaySlice.SetAgain(inner));
            if (inner.Trips is { } trips)
            {
                own.Add(trips);
            }
        }

        if (own.Contains(choice.Accumulator))
        {
            return null;
        }

        foreach (Stmt s in loop.Body.Flattened())
        {
            bool writesOwn = s switch
            {
                SourceStmt or IfStmt or LoopStmt or DeclareStmt => true,
                AssignStmt { Value: DiffCallExpr call } when call.Callee.TakesShadow || !call.Callee.ObjectParameters.IsEmpty => false,
                AssignStmt assign when assign.Target == choice.Accumulator => ReferenceEquals(assign, choice.Writer),
                AssignStmt assign => own.Contains(assign.Target),
                VerbatimStmt verbatim => verbatim.Writes.All(own.Contains),
                _ => false, // Stores into arrays, lists, rows: state the iterations would share.
            };
            IEnumerable<int> reads = ReplaySlice.MayRead(s, byName);
            bool readsOnlyWhereChosen = ReferenceEquals(s, choice.Pick) || (!reads.Contains(choice.Accumulator)
                && (ReferenceEquals(s, choice.Writer) || choice.Pick.Target == choice.Accumulator || !reads.Contains(choice.Pick.Target)));
            if (!writesOwn || !readsOnlyWhereChosen)
            {
                return null;
            }
        }

        return new Choice(choice.Pick, choice.Operand, choice.Accumulator);
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
