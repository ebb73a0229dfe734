using System.Collections.Generic;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Loops whose reverse iterations compute the iteration's values again instead of reading saved ones
/// (<see cref="LoopStmt.Replays"/>): a checkpoint per iteration, in the spirit of Tapenade's and Enzyme's
/// recomputation. It applies to a counted loop whose body (branches allowed, no inner loop) keeps no state from
/// one iteration to the next except sums it adds into (<c>e += …</c>, read by nothing else in the loop): every
/// other variable it writes is declared in it and written at most once on each path, before it is read, and
/// everything else it reads (the index, parameters, elements of arrays it only reads, locals it doesn't write)
/// is the same when the reverse iteration runs. Then the reverse iteration runs the body forward again, without
/// the sums, and its reverse reads the values there: the forward sweep keeps nothing for it.
/// <para>
/// It is chosen when computing again what the reverse reads costs no more than the saves it replaces
/// (<see cref="ReplayCost"/>): a save is a push and a pop, about four simple operations; a square root or a
/// division counts two (their latency overlaps the rest), other functions of <c>Math</c> twenty. A body that
/// calls an exponential to save one value keeps saving it. What only adds into a sum is not replayed
/// (<see cref="ReplaySlice"/>).
/// </para>
/// </summary>
internal sealed partial class SaveAnalysis
{
    private const double SaveCost = 4;

    // The loops replayed, and the variables their bodies declare (never saved: each reverse iteration sets them).
    private readonly HashSet<Stmt> _replayed = new(ReferenceComparer.Instance);
    private readonly HashSet<int> _replayedLocals = new();
    private readonly Dictionary<Stmt, int> _loopEnds = new(ReferenceComparer.Instance);

    // The loop that may run fused with its reverse (FusedReductions), and the one that does: replayable is enough, whatever it costs.
    private LoopStmt? _fusable;
    private LoopStmt? _fused;

    private void ChooseReplayedLoops()
    {
        foreach ((Stmt block, int position) in _blocks)
        {
            if (_selections.ContainsKey(block))
            {
                continue; // Its reverse runs one iteration (SelectionLoops).
            }

            bool fusable = ReferenceEquals(block, _fusable);
            if (fusable && block is LoopStmt withInnerLoops && withInnerLoops.HasInnerLoops()
                && FusedReductions.IterationsIndependent(withInnerLoops, _variables))
            {
                // Not replayed (the replay takes no inner loop): its saves stay, each taken back in the iteration's reverse.
                _fused = withInnerLoops;
            }
            else if (block is LoopStmt loop && PlanReplay(loop, position, fused: fusable) is { } plan)
            {
                _replayed.Add(loop);
                _fused = fusable ? loop : _fused;
                foreach (int local in plan.Locals)
                {
                    _recomputed[local] = loop;
                    _replayedLocals.Add(local);
                }

                // Read again by the reverse iteration: a later write must keep the value the loop saw.
                foreach (int read in plan.Reads)
                {
                    Add(_reads, read, position);
                }
            }
        }
    }

    private sealed record ReplayPlan(HashSet<int> Locals, HashSet<int> Reads);

    /// <param name="fused">
    /// For a loop that runs fused with its reverse (FusedReductions): whatever replaying would cost, and reading the
    /// elements of any array the loop doesn't write (the fused loop reads them once, where the loop would have).
    /// </param>
    private ReplayPlan? PlanReplay(LoopStmt loop, int position, bool fused)
    {
        if (loop.Counter is not { } counter || loop.HasInnerLoops())
        {
            return null;
        }

        int end = _loopEnds[loop];
        bool OutsideLoop(int p) => p <= position || p >= end;
        HashSet<int> setAgain = ReplaySlice.SetAgain(loop), declared = ReplaySlice.Declared(loop, setAgain), sums = ReplaySlice.Sums(loop, declared);
        Dictionary<string, int> byName = ReplaySlice.ByName(_variables);

        // In order: each local written at most once on a path, before it is read; anything else read stays the same.
        var reads = new HashSet<int>();
        var rereadTemporaries = new HashSet<int>();
        double saves = 0;
        bool Readable(int v, HashSet<(int, string)> written, string member = "")
        {
            if (declared.Contains(v))
            {
                return written.Contains((v, member));
            }

            if (sums.Contains(v))
            {
                return false;
            }

            if (setAgain.Contains(v) || IsRecomputed(v))
            {
                return true;
            }

            // Written in the loop (a flag, a value carried to the next iteration): not the same in the reverse.
            if (_writes.TryGetValue(v, out List<int>? writes) && !writes.All(OutsideLoop))
            {
                return false;
            }

            reads.Add(v);
            return true;
        }

        bool ReadableAtoms(IEnumerable<Atom> atoms, HashSet<(int, string)> written) => atoms.All(a => a is not VariableAtom { VariableId: int id } || Readable(id, written));

        // written: definitely written on every path so far; mayBe: on some path.
        bool Walk(IEnumerable<Stmt> block, HashSet<(int, string)> written, HashSet<(int, string)> mayBe)
        {
            foreach (Stmt s in ReplaySlice.Operations(block))
            {
                switch (s)
                {
                    case DeclareStmt declare when _variables[declare.Variable].Shape is ValueShape.Scalar or ValueShape.Struct:
                        break;
                    case AssignStmt assign when sums.Contains(assign.Target):
                        // Skipped by the replay: its reverse doesn't read the sum, and nothing else in the loop may.
                        if (!Atoms.IsAccumulation(assign) || !ReadableAtoms([((BinaryExpr)assign.Value).Right], written)
                            || (_reads.TryGetValue(assign.Target, out List<int>? sumReads) && !sumReads.All(OutsideLoop)))
                        {
                            return false;
                        }

                        break;
                    case AssignStmt assign when declared.Contains(assign.Target) && !mayBe.Contains((assign.Target, string.Empty)) && _writes[assign.Target].All(p => !OutsideLoop(p)):
                        bool readable = assign.Value switch
                        {
                            ElementExpr element => element.Rereadable ? ReadableAtoms(element.Indices, written)
                                : declared.Contains(element.Array) && element.Indices.IsEmpty ? Readable(element.Array, written, element.Member)
                                : fused && Readable(element.Array, written) && ReadableAtoms(element.Indices, written),
                            VerbatimExpr verbatim => !_variables[assign.Target].Active && IsPlainCondition(verbatim.Text) && ReplaySlice.VariablesIn(verbatim.Text, byName).All(v => Readable(v, written)),
                            _ => ReplayCost(assign.Value) is not null && ReadableAtoms(assign.Value.Operands(), written),
                        };
                        if (!readable)
                        {
                            return false;
                        }

                        if (assign.Value is not (ElementExpr or VerbatimExpr) && !IsComputedAgainAnyway(assign, setAgain, rereadTemporaries) && _reads.ContainsKey(assign.Target))
                        {
                            saves++;
                        }

                        written.Add((assign.Target, string.Empty));
                        mayBe.Add((assign.Target, string.Empty));
                        break;
                    case ElementAssignStmt store when store.Compound is null && store.Member.Length > 0 && store.Indices.IsEmpty
                        && declared.Contains(store.Array) && !mayBe.Contains((store.Array, store.Member)):
                        if (!ReadableAtoms([store.Value], written))
                        {
                            return false;
                        }

                        // A struct's members are kept when the statements after read them (SaveAnalysis.ChooseRestoredArrays).
                        saves++;
                        written.Add((store.Array, store.Member));
                        mayBe.Add((store.Array, store.Member));
                        break;
                    case IfStmt branch when Readable(branch.Condition, written):
                        var thenWritten = new HashSet<(int, string)>(written);
                        var elseWritten = new HashSet<(int, string)>(written);
                        var thenMayBe = new HashSet<(int, string)>(mayBe);
                        if (!Walk(branch.Then, thenWritten, thenMayBe) || !Walk(branch.Else, elseWritten, mayBe))
                        {
                            return false;
                        }

                        thenWritten.IntersectWith(elseWritten);
                        written.UnionWith(thenWritten);
                        mayBe.UnionWith(thenMayBe);
                        break;
                    // The index's step and the locals the reverse loop sets again from it (WriteRecomputed), before the
                    // replay. Any other statement copied as written, even one that writes nothing the IR sees, may
                    // change an element or a field (idx[0] = k).
                    case VerbatimStmt verbatim when verbatim.Writes.Count > 0 && verbatim.Writes.All(setAgain.Contains):
                    case AssignStmt again when setAgain.Contains(again.Target):
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        if (!Walk(loop.Body, new HashSet<(int, string)>(), new HashSet<(int, string)>()))
        {
            return null;
        }

        // What the replay computes: what the reverse reads, and what that is computed from.
        HashSet<Stmt> replayed = ReplaySlice.Of(loop, _variables, v => _reads.TryGetValue(v, out List<int>? at) && !at.All(OutsideLoop));
        double replay = loop.Body.Flattened().OfType<AssignStmt>().Where(replayed.Contains).Sum(a => ReplayCost(a.Value) ?? 1);
        return fused || (saves > 0 && replay <= SaveCost * saves) ? new ReplayPlan(declared, reads) : null;
    }

    /// <summary>
    /// A condition's C# text that only compares and computes on variables: no call, assignment, increment or
    /// decrement (evaluating it again changes nothing), and no element or member read (a statement copied as
    /// written may change those where the IR doesn't see it, so the reverse might read another value).
    /// </summary>
    private static bool IsPlainCondition(string text) =>
        !System.Text.RegularExpressions.Regex.IsMatch(text, @"[\w>\]]\s*\(|(?<![=!<>])=(?!=)|\+\+|--|\bnew\b|\bawait\b|\[|[A-Za-z_]\w*\s*\.");

    /// <summary>
    /// A temporary that <see cref="CanReread"/> computes again in its statement's reverse without the replay (arithmetic on
    /// constants, values the reverse loop sets and such temporaries): replaying it saves nothing.
    /// </summary>
    private bool IsComputedAgainAnyway(AssignStmt assign, HashSet<int> setAgain, HashSet<int> rereadTemporaries)
    {
        bool again = _variables[assign.Target].Active && IsStatementTemporary(assign)
            && assign.Value.Operands().All(a => a is ConstantAtom || (a is VariableAtom { VariableId: int id } && (setAgain.Contains(id) || IsRecomputed(id) || rereadTemporaries.Contains(id))));
        if (again)
        {
            rereadTemporaries.Add(assign.Target);
        }

        return again;
    }

    /// <summary>What computing a value again costs, in simple operations; null for what the replay can't compute again.</summary>
    private static double? ReplayCost(Expr value) => value switch
    {
        CopyExpr or ConvertExpr or ElementExpr => 0,
        UnaryExpr => 1,
        BinaryExpr { Operator: BinaryOperator.Divide } => 2,
        BinaryExpr => 1,
        MathCallExpr { Function: MathFunction.Abs or MathFunction.Max or MathFunction.Min or MathFunction.Clamp or MathFunction.FusedMultiplyAdd
            or MathFunction.DegreesToRadians or MathFunction.RadiansToDegrees or MathFunction.Lerp } => 1,
        MathCallExpr { Function: MathFunction.Sqrt or MathFunction.Hypot } => 2,
        MathCallExpr => 20,
        _ => null,
    };
}
