using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Tapenade's "to be recorded" analysis on the structured IR. The reverse sweep reads operands (and some
/// results) as they were when each operation ran, and replays recorded conditions and trip counts; a
/// later write destroys such a value. A forward dataflow over the IR tracks the variables the reverse
/// sweep reads since their last write (joined over branches, iterated to a fixed point around loops): a
/// write keeps the old value exactly when its variable is in that set, in a local in straight-line code at
/// the top of the method, on a value stack inside branches and loops (where a statement may run any number
/// of times). It also marks writes that overwrite a live value, whose adjoint the reverse sweep must clear.
/// </summary>
internal sealed partial class SaveAnalysis
{
    private readonly IReadOnlyList<Variable> _variables;
    private readonly int _resultVariable;
    private readonly NameAllocator _names;
    private readonly System.Func<int, bool> _isMember;
    private readonly Dictionary<Stmt, Site> _sites = new(ReferenceComparer.Instance);
    private readonly List<Site> _byPosition = new();
    private readonly Dictionary<int, List<int>> _reads = new();
    private readonly Dictionary<int, List<int>> _writes = new();
    private readonly Dictionary<int, List<int>> _readsAt = new();
    private readonly HashSet<(int Position, int Variable)> _destroysRead = new();

    // The positions of the user statement each of its direct operations belongs to: [start, end).
    private readonly Dictionary<Stmt, (int Start, int End)> _statementOf = new(ReferenceComparer.Instance);

    // Local arrays whose every element store keeps the old element, so that their element reads can be read again.
    private readonly HashSet<int> _restoredArrays = new();
    private readonly List<(ElementAssignStmt Store, Site Site)> _stores = new();

    // The last operation of the statement being rewritten, when it restores its target first (RewriteStatement).
    private AssignStmt? _restoreFirst;

    // Temporaries the reverse sweep evaluates again at the start of their statement's reverse.
    private readonly HashSet<int> _rereads = new();
    private readonly List<(Stmt Block, int Position)> _blocks = new();

    // Integer updates that can be undone (li++), and those whose old value the reverse sweep needs: it runs
    // their inverse instead of saving the value, and so reads the new value where they stand.
    private readonly List<(VerbatimStmt Update, Site Site)> _invertible = new();
    private readonly HashSet<Stmt> _inverted = new(ReferenceComparer.Instance);

    // Counted loops' indices: the reverse loop recomputes them, so writes inside their loop are not saved.
    private readonly Dictionary<int, LoopStmt> _recomputed = new();
    // Loops keeping a running minimum or maximum whose reverse runs for one iteration (SelectionLoops), those of them
    // whose reverse runs that iteration forward again first (LoopSelection.Replays), their choices, and the loops found
    // not to fit, each with whether replaying would make it fit (it saved values in its iterations).
    private Dictionary<Stmt, SelectionLoops.Choice> _selections = new(ReferenceComparer.Instance);
    private HashSet<Stmt> _replayingSelections = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, SelectionLoops.Choice> _choices = new(ReferenceComparer.Instance);
    private readonly List<(Stmt Loop, bool Replay)> _unfitSelections = new();

    private readonly Dictionary<string, string> _stacks = new();
    private readonly List<ValueStackModel> _stackModels = new();
    private int _position;

    /// <param name="Loop">Position of the outermost loop around the statement, if any.</param>
    /// <param name="Nested">Inside a branch or a loop.</param>
    /// <param name="Depth">How many loops enclose the statement.</param>
    private sealed record Site(int Position, int? Loop, bool Nested, int Depth);

    private SaveAnalysis(IReadOnlyList<Variable> variables, int resultVariable, NameAllocator names, System.Func<int, bool> isMember)
    {
        _variables = variables;
        _resultVariable = resultVariable;
        _names = names;
        _isMember = isMember;
    }

    public static (ImmutableArray<Stmt> Body, ImmutableArray<ValueStackModel> Stacks) Apply(MethodScope scope, ImmutableArray<Stmt> body) =>
        Apply(scope.Variables, scope.ResultVariable, scope.Names, body, scope.IsMember, fuse: true, select: true);

    /// <summary>The saves of any IR program: <paramref name="resultVariable"/>'s adjoint is the caller's seed, never cleared.</summary>
    /// <param name="isMember">Whether a variable is a member of an object (read again by the backward of a call given the object).</param>
    /// <param name="fuse">Whether a last loop that adds into the returned sum may run fused with its reverse (<see cref="FusedReductions"/>).</param>
    /// <param name="select">Whether a loop keeping a running minimum or maximum may run its reverse for one iteration (<see cref="SelectionLoops"/>).</param>
    public static (ImmutableArray<Stmt> Body, ImmutableArray<ValueStackModel> Stacks) Apply(IReadOnlyList<Variable> variables, int resultVariable, NameAllocator names, ImmutableArray<Stmt> body, System.Func<int, bool> isMember, bool fuse, bool select = false)
    {
        Dictionary<Stmt, SelectionLoops.Choice> selections = select ? SelectionLoops.Candidates(body, variables) : new(ReferenceComparer.Instance);

        // What a selection needs saved in its loop only the whole analysis tells: tried with names thrown away until
        // every loop fits. One that would save values in its iterations replays the one it reverses instead; one that
        // would save the running value is no selection.
        var replaying = new HashSet<Stmt>(ReferenceComparer.Instance);
        while (selections.Count > 0)
        {
            var trial = new SaveAnalysis(variables, resultVariable, names.Copy(), isMember);
            trial.Analyze(body, fuse, selections, replaying);
            if (trial._unfitSelections.Count == 0)
            {
                break;
            }

            foreach ((Stmt loop, bool replay) in trial._unfitSelections)
            {
                if (!replay || !replaying.Add(loop))
                {
                    selections.Remove(loop);
                    replaying.Remove(loop);
                }
            }
        }

        var analysis = new SaveAnalysis(variables, resultVariable, names, isMember);
        ImmutableArray<Stmt> rewritten = analysis.Analyze(body, fuse, selections, replaying);
        return (rewritten, analysis._stackModels.ToImmutableArray());
    }

    private ImmutableArray<Stmt> Analyze(ImmutableArray<Stmt> body, bool fuse, Dictionary<Stmt, SelectionLoops.Choice> selections, HashSet<Stmt> replaying)
    {
        _selections = selections;
        _replayingSelections = replaying;
        foreach (SelectionLoops.Choice choice in selections.Values)
        {
            _choices[choice.Statement] = choice;
        }

        _fusable = fuse ? FusedReductions.Candidate(body, _variables, _resultVariable) : null;
        Index(body, loop: null, nested: false);
        ChooseReplayedLoops();
        RecordDecisionsThatMatter();
        FindDestroyedReads(body);
        InvertIntegerUpdates(body);
        ChooseRestoredArrays();
        return Rewrite(body);
    }

    private void Index(IEnumerable<Stmt> body, int? loop, bool nested, int depth = 0)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            if (s is SourceStmt source)
            {
                int start = _position;
                Index(source.Body, loop, nested, depth);
                foreach (Stmt operation in source.Body)
                {
                    _statementOf[operation] = (start, _position);
                }

                continue;
            }

            int position = _position++;
            var site = new Site(position, loop, nested, depth);
            _sites[s] = site;
            if (s is ElementAssignStmt store)
            {
                _stores.Add((store, site));
            }

            if (s is VerbatimStmt { Inverse: not null } update)
            {
                _invertible.Add((update, site));
            }

            _byPosition.Add(site);
            foreach (int v in ReverseReads(s))
            {
                Add(_reads, v, position);
            }

            foreach (int v in Writes(s))
            {
                Add(_writes, v, position);
            }

            switch (s)
            {
                case IfStmt branch:
                    _blocks.Add((s, position));
                    Index(branch.Then, loop, nested: true, depth);
                    Index(branch.Else, loop, nested: true, depth);
                    break;
                case LoopStmt l:
                    _blocks.Add((s, position));
                    if (l.Counter is { } counter)
                    {
                        _recomputed[counter.Variable] = l;
                        foreach (RecomputedLocal local in counter.Locals)
                        {
                            _recomputed[local.Variable] = l;
                        }

                        if (counter.Start is VariableAtom { VariableId: int start })
                        {
                            Add(_reads, start, position);
                        }
                    }

                    Index(l.Body, loop ?? position, nested: true, depth + 1);
                    _loopEnds[l] = _position;
                    break;
            }
        }
    }

    /// <summary>
    /// A branch's condition or a loop's trip count is read by the reverse sweep only when the block has
    /// something to undo: an active assignment, or a write of a value the reverse sweep reads (which may be
    /// another condition, hence the fixed point).
    /// </summary>
    private void RecordDecisionsThatMatter()
    {
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((Stmt block, int position) in _blocks)
            {
                // A loop without a trip counter has its number of iterations computed again from its bounds.
                if ((block is IfStmt branch ? branch.Condition : ((LoopStmt)block).Trips) is not int decision)
                {
                    continue;
                }

                // A selection's branch is taken without testing by the one iteration reversed (SelectionLoops).
                if (!(_reads.TryGetValue(decision, out List<int>? reads) && reads.Contains(position)) && HasWork(block) && !_choices.ContainsKey(block))
                {
                    Add(_reads, decision, position);
                    changed = true;
                }
            }
        }
    }

    private bool HasWork(Stmt s) => s switch
    {
        SourceStmt source => source.Body.Any(HasWork),
        IfStmt branch => branch.Then.Any(HasWork) || branch.Else.Any(HasWork),
        LoopStmt loop => loop.Body.Any(HasWork),
        AssignStmt assign => _variables[assign.Target].Active || (_reads.ContainsKey(assign.Target) && !IsRecomputed(assign.Target)),
        VerbatimStmt verbatim => verbatim.Writes.Any(v => _reads.ContainsKey(v) && !IsRecomputed(v)),
        ElementAssignStmt or RowAllocStmt or WritingCallStmt => true,
        _ => false,
    };

    private static void Add(Dictionary<int, List<int>> map, int variable, int position)
    {
        if (!map.TryGetValue(variable, out List<int>? list))
        {
            map[variable] = list = new List<int>();
        }

        list.Add(position);
    }

    private ImmutableArray<Stmt> Rewrite(IEnumerable<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        return body.Select(Rewrite).ToImmutableArray();
    }

    private LoopStmt RewriteLoop(LoopStmt loop)
    {
        EquatableArray<Stmt> body = Rewrite(loop.Body).ToEquatableArray();

        // A fused loop runs each iteration's reverse right after it: a value kept for the reverse is given back at
        // once. A replayed one is expected to keep none; should it, the loop stays where it is. One with inner loops
        // (FusedReductions.IterationsIndependent) keeps what they overwrite, and its iteration's reverse takes it back.
        bool replayed = _replayed.Contains(loop);
        bool keeps = body.Flattened().Any(s => s is AssignStmt { Save: not null } or ElementAssignStmt { Save: not null } || s is VerbatimStmt { Saves.Count: > 0 } or WritingCallStmt);
        LoopSelection? selection = null;
        if (_selections.TryGetValue(loop, out SelectionLoops.Choice? choice))
        {
            bool replays = _replayingSelections.Contains(loop);
            if (replays && body.Flattened().Any(s => s is AssignStmt { Save: not null } assign && (assign.Selects is not null || assign.Target == choice.Accumulator)))
            {
                _unfitSelections.Add((loop, false));
            }
            // A selection inside keeps its index after each run, as a save would.
            else if (!replays && (keeps || loop.Body.Flattened().Any(_inverted.Contains) || body.Flattened().Any(s => s is LoopStmt { Selection.Kept: not null })))
            {
                _unfitSelections.Add((loop, true));
            }

            Variable counter = _variables[loop.Counter!.Variable];
            // Names as a save's: a member's (this.Best, layer.Bias) without its dots.
            string index = SavedNameOf(counter.Name), accumulator = SavedNameOf(_variables[choice.Accumulator].Name);
            string taken = _names.Allocate(index + "Of" + char.ToUpperInvariant(accumulator[0]) + accumulator.Substring(1));
            selection = new LoopSelection(taken, choice.Accumulator, replays, RunsOncePerReverse(loop) ? null : StackSave(counter.TypeName));
        }

        return loop with { Body = body, Replays = replayed, Fused = ReferenceEquals(loop, _fused) && !(keeps && replayed), Selection = selection };
    }

    /// <summary>
    /// Whether a selection loop's reverse follows each run of it with no other run between: the loop runs once per
    /// call (at the top level, in branches), or once per iteration of a fused loop, whose reverse follows each
    /// iteration at once. Otherwise the index it keeps is pushed after it and popped before its reverse.
    /// </summary>
    private bool RunsOncePerReverse(LoopStmt loop)
    {
        Site site = _sites[loop];
        return site.Depth == 0 || (site.Depth == 1 && _fused is not null && !_replayed.Contains(_fused) && _sites[_fused].Position == site.Loop);
    }

    private Stmt Rewrite(Stmt s) => s switch
    {
        SourceStmt source => RewriteStatement(source),
        IfStmt branch => branch with { Then = Rewrite(branch.Then).ToEquatableArray(), Else = Rewrite(branch.Else).ToEquatableArray(), Chooses = _choices.ContainsKey(branch) },
        LoopStmt loop => RewriteLoop(loop),
        AssignStmt assign => RewriteAssign(assign),
        ElementAssignStmt store => store with { Save = NeedsElementSave(store) ? NewSave(store.Array, _sites[store], elementType: true) : null },
        RowAllocStmt row => row with { Save = NewSave(row.Array, _sites[row], rowType: true) }, // The old row (null the first time), for its adjoint's shape.
        VerbatimStmt verbatim when _inverted.Contains(verbatim) => verbatim,
        VerbatimStmt verbatim => verbatim with { Inverse = null, Saves = verbatim.Writes.Where(v => !IsRecomputed(v) && NeedsSave(v, _sites[verbatim])).Select(v => new SavedVariable(v, NewSave(v, _sites[verbatim]))).ToEquatableArray() },
        WritingCallStmt call => RewriteWritingCall(call),
        _ => s,
    };

    /// <summary>
    /// The callee's backward starts from the members and arrays as they were before the call: each is kept, always. A
    /// member kept on a stack or in slots is read back once, into a local, and given back twice (before and after the
    /// backward); an array is pushed whole onto a value stack.
    /// </summary>
    private WritingCallStmt RewriteWritingCall(WritingCallStmt call)
    {
        Site site = _sites[call];
        return call with
        {
            Saves = call.Written.Select(v => new SavedVariable(v, NewSave(v, site))).ToEquatableArray(),
            Before = call.Written.Select(v => site.Nested ? _names.Allocate(SavedNameOf(_variables[v].Name) + "Before") : string.Empty).ToEquatableArray(),
            // Arrays are kept element by element on a value stack, wherever the call is (never in slots: their length varies).
            ArrayStacks = call.Arrays.Select(a => StackSave(SymbolFacts.KeywordFor(_variables[a].Kind)).Name).ToEquatableArray(),
        };
    }

    /// <summary>
    /// A user statement whose last operation overwrites a saved variable can restore it first in its reverse
    /// (<see cref="AssignStmt.RestoreFirst"/>): then its arithmetic temporaries, computed from that variable,
    /// constants and unchanging values, are computed again rather than saved.
    /// </summary>
    private SourceStmt RewriteStatement(SourceStmt source)
    {
        // A candidate holds only assignments, so no statement nested in it changes this while it is set.
        _restoreFirst = RestoreFirstCandidate(source);
        SourceStmt rewritten = source with { Body = Rewrite(source.Body).ToEquatableArray() };
        _restoreFirst = null;
        return rewritten;
    }

    private AssignStmt? RestoreFirstCandidate(SourceStmt source)
    {
        if (source.Body.Count < 2 || source.Body[source.Body.Count - 1] is not AssignStmt last
            || _variables[last.Target].Role == VariableRole.Temporary
            || ArrayRebinds.Is(_variables, last)
            || last.Value is not (BinaryExpr or UnaryExpr or CopyExpr or ConvertExpr)
            || IsRecomputed(last.Target) || !NeedsSave(last.Target, _sites[last])
            || ReverseReads(last).Contains(last.Target))
        {
            return null;
        }

        var temporaries = new HashSet<int>();
        for (int i = 0; i < source.Body.Count - 1; i++)
        {
            if (source.Body[i] is not AssignStmt { Value: BinaryExpr or UnaryExpr or CopyExpr or ConvertExpr } temp
                || !_variables[temp.Target].Active || !IsStatementTemporary(temp)
                || !temp.Value.Operands().All(a => a is ConstantAtom || (a is VariableAtom { VariableId: int id } && (id == last.Target || temporaries.Contains(id) || IsRecomputed(id) || IsNeverWritten(id)))))
            {
                return null;
            }

            temporaries.Add(temp.Target);
        }

        return last;
    }

    /// <summary>A parameter the method never writes: the same value in every sweep.</summary>
    private bool IsNeverWritten(int variable) => _variables[variable].Role == VariableRole.Parameter && !_writes.ContainsKey(variable);

    /// <summary>
    /// A counted loop's index (declared by the for, so read only inside it) and the locals its body declares
    /// from values fixed for the iteration (<see cref="LoopCounter.Locals"/>) are set by the reverse loop at the
    /// start of each iteration: none of their writes needs saving.
    /// </summary>
    private bool IsRecomputed(int variable) => _recomputed.ContainsKey(variable);

    private AssignStmt RewriteAssign(AssignStmt assign)
    {
        Site site = _sites[assign];
        Variable v = _variables[assign.Target];
        // The result is written once per call (one return runs): its adjoint never needs clearing.
        bool overwrites = v.Active && assign.Target != _resultVariable && HasPrior(assign.Target, site) && !Atoms.IsAccumulation(assign);
        bool needsSave = !IsRecomputed(assign.Target) && NeedsSave(assign.Target, site);
        if (CanReread(assign, needsSave))
        {
            return assign with { Overwrites = overwrites, Reread = true };
        }

        Save? save = needsSave ? NewSave(assign.Target, site) : null;
        int? selects = _choices.TryGetValue(assign, out SelectionLoops.Choice? choice) && choice.Operand >= 0 ? choice.Operand : null;
        return assign with { Overwrites = overwrites, Save = save, RestoreFirst = ReferenceEquals(assign, _restoreFirst) && save is not null, Selects = selects };
    }

    /// <summary>
    /// A temporary set once and read by the reverse sweep only within its own user statement, from values the
    /// statement's reverse can evaluate again: its reverse starts by evaluating it again, so no write needs to
    /// save it. That is an element (when the temporary is overwritten before its reverse, by a later iteration) of
    /// an array that never changes (a parameter the method only reads), or whose
    /// every store keeps the old element (restored arrays) when the statement stores nothing into it after the
    /// read; or active arithmetic on constants, variables the reverse loops set again, and such temporaries
    /// before it; or on parameters the method never writes, when the temporary would otherwise be saved
    /// (<c>0.5 * k</c> in a loop: a multiply again instead of a push and a pop), or in a statement that restores
    /// first.
    /// </summary>
    /// <param name="needsSave">Whether the value is overwritten before the reverse sweep reads it.</param>
    private bool CanReread(AssignStmt assign, bool needsSave)
    {
        // A replayed loop's reverse iteration computes it again anyway.
        bool rereadable = !_replayedLocals.Contains(assign.Target) && IsStatementTemporary(assign) && assign.Value switch
        {
            // Only where a later iteration overwrites it: a temporary written once is the value its reverse reads otherwise.
            ElementExpr element => needsSave && (element.Rereadable || (_restoredArrays.Contains(element.Array) && IsRereadCandidate(assign, element))),
            // Active only: an inactive temporary may be changed where the IR doesn't show it (a loop's trip counter).
            BinaryExpr or UnaryExpr or ConvertExpr or CopyExpr => _variables[assign.Target].Active && assign.Value.Operands().All(a => a is ConstantAtom || (a is VariableAtom { VariableId: int id } && (IsRecomputed(id) || _rereads.Contains(id)
                || (IsNeverWritten(id) && (needsSave || _restoreFirst is not null)) || (_restoreFirst is not null && id == _restoreFirst.Target)))),
            _ => false,
        };
        if (rereadable)
        {
            _rereads.Add(assign.Target);
        }

        return rereadable;
    }

    private bool IsStatementTemporary(AssignStmt assign) =>
        _variables[assign.Target].Role == VariableRole.Temporary
        && _statementOf.TryGetValue(assign, out (int Start, int End) statement)
        && _writes[assign.Target].Count == 1
        && _reads.TryGetValue(assign.Target, out List<int>? reads)
        && reads.All(p => p > _sites[assign].Position && p < statement.End);

    /// <summary>An element of a local array at indices the reverse sweep evaluates again, in a statement that doesn't store into that array after reading it.</summary>
    private bool IsRereadCandidate(AssignStmt assign, ElementExpr element)
    {
        Variable array = _variables[element.Array];
        if (array.Role != VariableRole.Local
            || !element.Indices.All(i => i is ConstantAtom || (i is VariableAtom { VariableId: int id } && IsRecomputed(id)))
            || !_statementOf.TryGetValue(assign, out (int Start, int End) statement))
        {
            return false;
        }

        int position = _sites[assign].Position;
        return !_stores.Any(s => s.Store.Array == element.Array && s.Site.Position > position && s.Site.Position < statement.End);
    }

    /// <summary>
    /// Restores a local array's elements when that costs fewer saves than keeping the reads of its elements:
    /// each save weighs 8 per enclosing loop (a guess at the trip count), a store that saves already is free.
    /// The dense network's hidden layer is stored once per unit and read once per output: restoring it saves
    /// 128 values per sample instead of 1,280.
    /// </summary>
    private void ChooseRestoredArrays()
    {
        var costs = new Dictionary<int, (double Reads, double Stores)>();
        foreach (KeyValuePair<Stmt, Site> entry in _sites)
        {
            if (entry.Key is AssignStmt { Value: ElementExpr { Rereadable: false } element } assign
                && _destroysRead.Contains((entry.Value.Position, assign.Target))
                && IsStatementTemporary(assign)
                && IsRereadCandidate(assign, element))
            {
                costs.TryGetValue(element.Array, out (double Reads, double Stores) cost);
                costs[element.Array] = (cost.Reads + System.Math.Pow(8, entry.Value.Depth), cost.Stores);
            }
        }

        foreach ((ElementAssignStmt store, Site site) in _stores)
        {
            if (costs.TryGetValue(store.Array, out (double Reads, double Stores) cost) && !NeedsSave(store.Array, site, elementStore: true))
            {
                costs[store.Array] = (cost.Reads, cost.Stores + System.Math.Pow(8, site.Depth));
            }
        }

        _restoredArrays.UnionWith(costs.Where(c => c.Value.Reads > c.Value.Stores && !_replayedLocals.Contains(c.Key)).Select(c => c.Key));
    }

    private bool NeedsElementSave(ElementAssignStmt store) =>
        !_replayedLocals.Contains(store.Array) && (_restoredArrays.Contains(store.Array) || NeedsSave(store.Array, _sites[store], elementStore: true));

    private bool HasPrior(int variable, Site site) =>
        site.Loop is not null
        || _variables[variable].Role == VariableRole.Parameter
        || (_writes.TryGetValue(variable, out List<int>? writes) && writes.Any(p => p < site.Position));

    /// <param name="elementStore">A store into one element of an array: the array always had contents before.</param>
    private bool NeedsSave(int variable, Site site, bool elementStore = false) =>
        // One return runs per call, so the result is written at most once: it is never overwritten.
        variable != _resultVariable && (elementStore || HasPrior(variable, site)) && _destroysRead.Contains((site.Position, variable));

    /// <summary>
    /// The forward dataflow: which writes destroy a value the reverse sweep reads. The set flowing through
    /// holds the variables read by the reverse of some statement since their last write; a write of such a
    /// variable destroys a read value. A variable's own write clears it (its reverse reads the new value), but
    /// an element store doesn't: the rest of the array is the same array the earlier reads saw.
    /// </summary>
    private void FindDestroyedReads(IEnumerable<Stmt> body)
    {
        foreach (KeyValuePair<int, List<int>> reads in _reads)
        {
            foreach (int position in reads.Value)
            {
                Add(_readsAt, position, reads.Key);
            }
        }

        Flow(body, new HashSet<int>());
    }

    /// <returns>The set after <paramref name="body"/>, given the set before it.</returns>
    private HashSet<int> Flow(IEnumerable<Stmt> body, HashSet<int> read)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            if (s is SourceStmt source)
            {
                read = Flow(source.Body, read);
                continue;
            }

            int position = _sites[s].Position;
            foreach (int v in Writes(s))
            {
                // An array local given another array gets its previous one back in the reverse sweep (ArrayRebinds).
                if (read.Contains(v) || ArrayRebinds.Is(_variables, s))
                {
                    _destroysRead.Add((position, v));
                }

                // An element store or a row given another array leaves the rest of the array what the earlier reads saw.
                if (s is not (ElementAssignStmt or RowAllocStmt))
                {
                    read.Remove(v);
                }
            }

            // A block's decision (condition, trip count) is read when the reverse sweep reaches the block.
            if (_readsAt.TryGetValue(position, out List<int>? here))
            {
                read.UnionWith(here);
            }

            switch (s)
            {
                case IfStmt branch:
                    HashSet<int> then = Flow(branch.Then, new HashSet<int>(read));
                    read = Flow(branch.Else, read);
                    read.UnionWith(then);
                    break;
                case LoopStmt loop when (ReferenceEquals(loop, _fused) && !_replayed.Contains(loop)) || _replayingSelections.Contains(loop):
                    // Each iteration of a fused loop is followed by its reverse, and a selection's reverse replays its one
                    // iteration first: nothing the reverse reads flows around the back edge into the next iteration
                    // (FusedReductions.IterationsIndependent, SelectionLoops).
                    read.UnionWith(Flow(loop.Body, new HashSet<int>(read)));
                    break;
                case LoopStmt loop:
                    // Around the back edge until nothing new arrives at the loop's head (the sets only grow).
                    var head = new HashSet<int>(read);
                    while (true)
                    {
                        HashSet<int> end = Flow(loop.Body, new HashSet<int>(head));
                        if (end.IsSubsetOf(head))
                        {
                            break;
                        }

                        head.UnionWith(end);
                    }

                    read = head;
                    break;
            }
        }

        return read;
    }

    /// <summary>
    /// An integer update whose old value the reverse sweep needs is undone by its inverse rather than saved.
    /// The inverse reads the new value, so a later write of the variable must keep that one: a read where
    /// the update stands, and the dataflow runs again until no further update is inverted.
    /// </summary>
    private void InvertIntegerUpdates(IEnumerable<Stmt> body)
    {
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((VerbatimStmt update, Site site) in _invertible)
            {
                int variable = update.Writes[0];
                if (!_inverted.Contains(update) && !IsRecomputed(variable) && NeedsSave(variable, site))
                {
                    _inverted.Add(update);
                    Add(_reads, variable, site.Position);
                    changed = true;
                }
            }

            if (changed)
            {
                _readsAt.Clear();
                _destroysRead.Clear();
                FindDestroyedReads(body);
            }
        }
    }

    /// <param name="elementType">Save an element of the array rather than the variable itself.</param>
    /// <param name="elementType">The save holds an element of the array (a number).</param>
    /// <param name="rowType">The save holds a row of the jagged array (<c>double[]</c>).</param>
    private Save NewSave(int variable, Site site, bool elementType = false, bool rowType = false)
    {
        Variable v = _variables[variable];
        string typeName = elementType ? SymbolFacts.KeywordFor(v.Kind) : rowType ? SymbolFacts.KeywordFor(v.Kind) + "[]" : v.TypeName;
        if (!site.Nested)
        {
            return new Save(_names.Allocate(SavedNameOf(v.Name) + (elementType ? "ElementSaved" : rowType ? "RowSaved" : "Saved")), OnStack: false);
        }

        return StackSave(typeName);
    }

    /// <summary>A save onto the value stack of <paramref name="typeName"/>, the stack made on first use.</summary>
    private Save StackSave(string typeName)
    {
        if (!_stacks.TryGetValue(typeName, out string? stack))
        {
            // Not a generic T's placeholder: the name allocator would reserve the placeholder's spelling, not T's.
            bool keyword = typeName.All(char.IsLetter) && !typeName.Contains(GenericScalar.Placeholder);
            stack = _names.Allocate(keyword ? typeName + "Stack" : "valueStack");
            _stacks[typeName] = stack;
            _stackModels.Add(new ValueStackModel(stack, typeName));
        }

        return new Save(stack, OnStack: true);
    }

    /// <summary>A local's name from a variable's: a member's (<c>this.State</c>, <c>layer.Bias</c>) without the dots and <c>this</c>.</summary>
    private static string SavedNameOf(string name) =>
        name.StartsWith("this.", System.StringComparison.Ordinal) ? SavedNameOf(name.Substring("this.".Length)) : name.Replace("@", string.Empty).Replace(".", string.Empty);

    private static IEnumerable<int> Writes(Stmt s) => s switch
    {
        AssignStmt a => [a.Target],
        VerbatimStmt v => v.Writes,
        ElementAssignStmt e => [e.Array],
        RowAllocStmt row => [row.Array],
        WritingCallStmt call => call.WrittenVariables(),
        _ => [],
    };

    /// <summary>The variables whose values the reverse of this statement reads (see PartialDerivatives and ReverseSweep).</summary>
    private IEnumerable<int> ReverseReads(Stmt s)
    {
        switch (s)
        {
            case AssignStmt assign when _variables[assign.Target].Active:
                return ReverseReads(assign);
            case ElementAssignStmt store:
                return store.Indices.OfType<VariableAtom>().Select(a => a.VariableId);
            case RowAllocStmt row:
                return row.Index is VariableAtom { VariableId: int index } ? [index] : [];
            case ArrayScopeStmt scope:
                return [scope.Array]; // The array's length, for its adjoint.
            case WritingCallStmt call:
                // Its backward reads its arguments and the objects' members again; those it writes it keeps itself.
                return call.Call.Operands().OfType<VariableAtom>().Select(a => a.VariableId).Where(v => !call.Arrays.Contains(v))
                    .Concat(Enumerable.Range(0, _variables.Count).Where(v => _isMember(v) && !call.Written.Contains(v) && !call.Arrays.Contains(v)));
            default:
                return [];
        }
    }

    /// <summary>Exactly what the terms of PartialDerivatives read: an operand only where another operand's term needs it.</summary>
    private IEnumerable<int> ReverseReads(AssignStmt assign)
    {
        if (_choices.ContainsKey(assign))
        {
            return []; // Taken as a copy of the iteration's value (SelectionLoops).
        }

        bool Active(Atom a) => a is VariableAtom v && _variables[v.VariableId].Active;
        IEnumerable<int> Vars(params Atom[] atoms) => atoms.OfType<VariableAtom>().Select(a => a.VariableId);
        IEnumerable<int> When(bool condition, IEnumerable<int> reads) => condition ? reads : [];
        switch (assign.Value)
        {
            case BinaryExpr { Operator: BinaryOperator.Multiply } b:
                return When(Active(b.Left), Vars(b.Right)).Concat(When(Active(b.Right), Vars(b.Left)));
            case BinaryExpr { Operator: BinaryOperator.Divide } b:
                return Vars(b.Right).Concat(When(Active(b.Right), [assign.Target]));
            case MathCallExpr { Function: MathFunction.Pow } pow:
                return Vars(pow.Arguments[0], pow.Arguments[1]).Concat(When(Active(pow.Arguments[1]), [assign.Target]));
            case MathCallExpr { Function: MathFunction.Tan or MathFunction.Tanh or MathFunction.Exp or MathFunction.Sqrt or MathFunction.Cbrt
                or MathFunction.Exp2 or MathFunction.Exp10 or MathFunction.ExpM1 or MathFunction.Exp2M1 or MathFunction.Exp10M1 or MathFunction.TanPi }:
                // Their derivative is written with the result alone (1 − tanh², eˣ, 1/(2√x), …): the argument may be overwritten.
                return [assign.Target];
            case MathCallExpr { Function: MathFunction.DegreesToRadians or MathFunction.RadiansToDegrees }:
                // A constant factor.
                return [];
            case MathCallExpr m:
                return Vars(m.Arguments.ToArray()).Concat(When((m.Function == MathFunction.Log && m.Arguments.Count == 2) || m.Function == MathFunction.Hypot, [assign.Target]));
            case DiffCallExpr d when d.Callee.TakesShadow || !d.Callee.ObjectParameters.IsEmpty:
                // Its backward reads the object's members again (MethodLowering.ObjectCalls): all of them, to be safe.
                return Vars(d.Arguments.ToArray()).Concat(Enumerable.Range(0, _variables.Count).Where(_isMember));
            case DiffCallExpr d:
                // A view passed on (a row of a local jagged array) is read in its array: stores into the array after
                // the call are undone before the callee's backward reads the row.
                return Vars(d.Operands().ToArray()).Concat(Vars(d.Arguments.ToArray()).Select(v => _variables[v].View?.Parent).OfType<int>());
            case ElementExpr e:
                return Vars(e.Indices.ToArray());
            default:
                return [];
        }
    }
}
