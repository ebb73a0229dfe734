using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Finds the element rereads (<see cref="AssignStmt.Reread"/>) a reverse loop would do in every iteration at the
/// same element (<c>t9 = xcentered[i];</c> in the loop over j of a triangular product): the reverse sweep reads
/// them once, before the reverse loop, into the temporary every iteration reads. The JIT can't hoist the load
/// itself: the loop's stores into adjoints go through spans that, for all it knows, overlap the array.
/// <para>
/// A reread is read once when its statement runs in every iteration (it is in the loop's body, not in a branch
/// or an inner loop: jumps put what follows them under a guard), its array doesn't change while the reverse
/// loop runs (a parameter the method only reads, or an array the loop neither stores into nor hands to a call
/// or a copied statement), and its indices are ones the loop doesn't change. The reverse sweep reads it only
/// when the loop runs, as the primal does.
/// </para>
/// </summary>
internal static class InvariantReads
{
    /// <param name="written">Every variable the loop may write, its index and trip count included.</param>
    /// <param name="isInvariant">Whether an index is one the loop doesn't change.</param>
    /// <param name="isMember">Whether a variable is a member of an object or a struct.</param>
    public static EquatableArray<AssignStmt> Of(IReadOnlyList<Variable> variables, LoopStmt loop, List<Stmt> all, HashSet<int> written, System.Func<Atom, bool> isInvariant, System.Func<int, bool> isMember)
    {
        if (loop.Replays || loop.Fused)
        {
            // A replayed iteration sets its temporaries again; a fused one runs forward beside its reverse.
            return EquatableArray<AssignStmt>.Empty;
        }

        var handedOn = new HashSet<int>(all.SelectMany(HandedOn));
        var copied = all.OfType<VerbatimStmt>().Select(v => v.Text).ToList();
        return EveryIteration(loop.Body)
            .Where(a => a is { Reread: true, Value: ElementExpr element }
                && Unchanged(variables[element.Array], element, written, handedOn, copied, isMember)
                && element.Indices.All(isInvariant))
            .ToEquatableArray();
    }

    /// <summary>The assignments of the user statements the body runs in every iteration (not in branches or inner loops).</summary>
    public static IEnumerable<AssignStmt> EveryIteration(IEnumerable<Stmt> body) =>
        body.OfType<SourceStmt>().SelectMany(source => source.Body.OfType<AssignStmt>().Concat(EveryIteration(source.Body)));

    private static bool Unchanged(Variable array, ElementExpr element, HashSet<int> written, HashSet<int> handedOn, List<string> copied, System.Func<int, bool> isMember) =>
        element.Rereadable
        || (array.Role == VariableRole.Local && !isMember(array.Id) && !written.Contains(array.Id) && !handedOn.Contains(array.Id)
            && copied.All(text => !Emit.Atoms.Mentions(text, array.Name)));

    /// <summary>The variables a call is given (a callee may write into an array it gets).</summary>
    private static IEnumerable<int> HandedOn(Stmt s) =>
        s.CallOf() is { } call ? call.Arguments.OfType<VariableAtom>().Select(a => a.VariableId) : [];
}
