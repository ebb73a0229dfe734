using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Finds the adjoint elements a reverse loop adds into at indices the loop never changes (<c>dX[i] += …</c>
/// in a loop over j) and holds each in a local for the whole loop (<see cref="HeldAdjoint"/>): the element is
/// read once before the loop and written back once after it, and each iteration adds into a register. The
/// sums are the same, in the same order. The JIT can't do this itself: the loop's other stores go through
/// spans that, for all it knows, overlap the element (what LLVM's scalar promotion does for Enzyme's output
/// once it knows the shadows don't alias).
/// <para>
/// An element is held only where nothing else in the loop can reach it: the array's adjoint is touched in the
/// loop only by reads of that same element (no stores into the array, no calls given it, no slices of it),
/// and, for a parameter's array, whose adjoint is the caller's memory, the loop touches no other adjoint the
/// caller handed in (another parameter's, a member's) or calls anything. It is held around a loop that reads
/// it in every iteration: the reverse sweep reads it only when the loop runs, where the primal read it too.
/// </para>
/// </summary>
internal sealed class InvariantAdjointElements
{
    private readonly IReadOnlyList<Variable> _variables;
    private readonly NameAllocator _names;
    private readonly System.Func<int, bool> _isMember;
    private readonly HashSet<int> _sliced;
    private readonly Dictionary<int, bool> _members = new();

    private InvariantAdjointElements(IReadOnlyList<Variable> variables, NameAllocator names, System.Func<int, bool> isMember)
    {
        _variables = variables;
        _names = names;
        _isMember = isMember;
        _sliced = new HashSet<int>(variables.Where(v => v.View is not null).Select(v => v.View!.Parent));
    }

    public static ImmutableArray<Stmt> Hold(IReadOnlyList<Variable> variables, NameAllocator names, System.Func<int, bool> isMember, ImmutableArray<Stmt> body) =>
        new InvariantAdjointElements(variables, names, isMember).Rewrite(body, ImmutableHashSet<(int, EquatableArray<Atom>)>.Empty);

    private ImmutableArray<Stmt> Rewrite(IEnumerable<Stmt> body, ImmutableHashSet<(int Array, EquatableArray<Atom> Indices)> heldAround)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        var rewritten = ImmutableArray.CreateBuilder<Stmt>();
        foreach (Stmt s in body)
        {
            rewritten.Add(s switch
            {
                SourceStmt source => source with { Body = Rewrite(source.Body, heldAround).ToEquatableArray() },
                IfStmt branch => branch with { Then = Rewrite(branch.Then, heldAround).ToEquatableArray(), Else = Rewrite(branch.Else, heldAround).ToEquatableArray() },
                LoopStmt loop => RewriteLoop(loop, heldAround),
                _ => s,
            });
        }

        return rewritten.ToImmutable();
    }

    private LoopStmt RewriteLoop(LoopStmt loop, ImmutableHashSet<(int Array, EquatableArray<Atom> Indices)> heldAround)
    {
        List<Stmt> all = loop.Body.Flattened().ToList();
        HashSet<int> written = Written(loop, all);
        var held = new List<HeldAdjoint>();
        foreach ((int array, EquatableArray<Atom> indices) in Candidates(loop, all, written))
        {
            if (!heldAround.Contains((array, indices)))
            {
                held.Add(new HeldAdjoint(array, indices, _names.Allocate(LocalName(array, indices))));
            }
        }

        ImmutableHashSet<(int, EquatableArray<Atom>)> inside = heldAround.Union(held.Select(h => (h.Array, h.Indices)));
        // The primal elements its reverse rereads at indices it doesn't change are read once too (InvariantReads).
        EquatableArray<AssignStmt> reads = InvariantReads.Of(_variables, loop, all, written, i => IsInvariant(i, written), IsMember);
        return loop with { Body = Rewrite(loop.Body, inside).ToEquatableArray(), Held = held.ToEquatableArray(), InvariantReads = reads };
    }

    /// <summary>The elements read in the loop (whose adjoints the reverse loop adds into) that may be held.</summary>
    private IEnumerable<(int Array, EquatableArray<Atom> Indices)> Candidates(LoopStmt loop, List<Stmt> all, HashSet<int> written)
    {
        // Read in every iteration (not only in a branch or an inner loop that may not run), so the element the
        // reverse sweep reads before the loop, when it runs, is one the primal read.
        var everyIteration = new HashSet<int>(InvariantReads.EveryIteration(loop.Body).Select(a => a.Value).OfType<ElementExpr>().Select(e => e.Array));

        // Each array's one element read in the loop; an array touched any other way, or at two elements
        // (whose indices may be equal when the loop runs), is out.
        var elementOf = new Dictionary<int, EquatableArray<Atom>>();
        var otherwise = new HashSet<int>();
        foreach (Stmt s in all)
        {
            if (s is AssignStmt { Value: ElementExpr { Member.Length: 0 } e } a && _variables[a.Target].Active)
            {
                if (elementOf.TryGetValue(e.Array, out EquatableArray<Atom> seen) && !seen.Equals(e.Indices))
                {
                    otherwise.Add(e.Array);
                }

                elementOf[e.Array] = e.Indices;
                otherwise.Add(a.Target);
                continue;
            }

            otherwise.UnionWith(Touched(s));
        }

        HashSet<int> callersAdjoints = CallersAdjoints(all);
        foreach (KeyValuePair<int, EquatableArray<Atom>> element in elementOf.OrderBy(kv => kv.Key))
        {
            Variable array = _variables[element.Key];
            if (!otherwise.Contains(array.Id)
                && everyIteration.Contains(array.Id)
                && IsHoldable(array)
                && element.Value.All(i => IsInvariant(i, written))
                && (array.Role != VariableRole.Parameter || callersAdjoints.All(a => a == array.Id)))
            {
                yield return (array.Id, element.Value);
            }
        }
    }

    /// <summary>
    /// An index the loop doesn't change: a variable it doesn't write, or an inline recomputable expression
    /// (<c>MethodLowering.IsRecomputable</c>: counted loops' indices, constants, values written once) that
    /// names none of the loop's counters.
    /// </summary>
    private bool IsInvariant(Atom index, HashSet<int> written) => index switch
    {
        VariableAtom { VariableId: int id } => !written.Contains(id) && !IsMember(id),
        ConstantAtom { NumericValue: not null } => true,
        ConstantAtom inline => written.All(id => !Emit.Atoms.Mentions(inline.Text, _variables[id].Name)),
        _ => false,
    };

    private bool IsHoldable(Variable array) =>
        array.Active
        && array.AdjointName is not null
        && array.Shape is ValueShape.Vector or ValueShape.Matrix
        && array.View is null
        && !_sliced.Contains(array.Id)
        && !IsMember(array.Id);

    private bool IsMember(int variable)
    {
        if (!_members.TryGetValue(variable, out bool member))
        {
            member = _isMember(variable);
            _members[variable] = member;
        }

        return member;
    }

    /// <summary>The variables a statement reaches other than through an element read (whose adjoints its reverse may touch).</summary>
    private static IEnumerable<int> Touched(Stmt s) => s switch
    {
        AssignStmt { Value: ElementExpr e } a => [a.Target, e.Array],
        AssignStmt a => a.Value.Operands().OfType<VariableAtom>().Select(o => o.VariableId).Append(a.Target),
        ElementAssignStmt store => store.Value is VariableAtom { VariableId: int v } ? [store.Array, v] : [store.Array],
        ListAddStmt add => add.Value is VariableAtom { VariableId: int v } ? [add.List, v] : [add.List],
        ArrayScopeStmt scope => [scope.Array],
        RowAllocStmt row => row.Named is VariableAtom { VariableId: int named } ? [row.Array, named] : [row.Array],
        DeclareStmt declare => [declare.Variable],
        VerbatimStmt verbatim => verbatim.Writes,
        WritingCallStmt call => call.Call.Operands().OfType<VariableAtom>().Select(o => o.VariableId).Concat(call.WrittenVariables()),
        _ => [],
    };

    /// <summary>
    /// The adjoints the loop touches that may be the caller's memory (a parameter's array, a slice, a member),
    /// and -1 when it calls anything (a callee's backward may add into any adjoint it is given).
    /// </summary>
    private HashSet<int> CallersAdjoints(List<Stmt> all)
    {
        var touched = new HashSet<int>();
        foreach (Stmt s in all)
        {
            IEnumerable<int> arrays = s switch
            {
                AssignStmt { Value: DiffCallExpr } or WritingCallStmt => [-1],
                AssignStmt { Value: ElementExpr e } => [e.Array],
                ElementAssignStmt store => [store.Array],
                ListAddStmt add => [add.List],
                _ => [],
            };
            touched.UnionWith(arrays.Where(a => a == -1 || _variables[a].Role == VariableRole.Parameter || _variables[a].View is not null || IsMember(a)));
        }

        return touched;
    }

    /// <summary>Every variable the loop may write, its own index and trip count included.</summary>
    private static HashSet<int> Written(LoopStmt loop, List<Stmt> all)
    {
        var written = new HashSet<int>();
        foreach (LoopStmt l in all.OfType<LoopStmt>().Prepend(loop))
        {
            if (l.Trips is { } trips)
            {
                written.Add(trips);
            }

            if (l.Counter is { } counter)
            {
                written.Add(counter.Variable);
                written.UnionWith(counter.Locals.Select(local => local.Variable));
            }
        }

        foreach (Stmt s in all)
        {
            written.UnionWith(s.WrittenVariables());
        }

        return written;
    }

    /// <summary><c>dXcenteredI</c> for <c>dXcentered[i]</c>: the adjoint's name and the indices'.</summary>
    private string LocalName(int array, EquatableArray<Atom> indices) =>
        _variables[array].AdjointName!.TrimStart('@') + string.Concat(indices.Select(i => i switch
        {
            VariableAtom { VariableId: int id } => Capitalized(new string(_variables[id].Name.Where(char.IsLetterOrDigit).ToArray())),
            ConstantAtom c when c.Text.All(char.IsDigit) => c.Text,
            _ => "At",
        }));

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
