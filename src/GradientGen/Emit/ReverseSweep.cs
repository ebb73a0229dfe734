using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the reverse sweep: the IR visited backwards, each operation adding its operands' share of its
/// result's adjoint (chain rule), clearing the adjoint of an overwritten variable, and restoring the value
/// the forward sweep overwrote. Branches replay the recorded condition; loops run their recorded trip
/// count backwards. A local adjoint is declared at its first contribution when that is at the top level,
/// and at the top of the sweep otherwise.
/// </summary>
internal sealed class ReverseSweep
{
    private readonly MethodModel _model;
    private readonly HashSet<int> _declared = new();
    private readonly SortedSet<int> _predeclared = new();
    private readonly HashSet<ScalarKind> _discards = new();
    private readonly HashSet<ScalarKind> _predeclaredDiscards = new();
    private readonly HashSet<int> _bodyAdjointParameters;
    private readonly Dictionary<(int Array, EquatableArray<Atom> Indices), string> _held = new();

    /// <summary>The temporaries whose rereads the enclosing reverse loops do once, before they run (InvariantReads).</summary>
    private readonly HashSet<int> _readBefore = new();
    private readonly HashSet<int> _statementLocal;
    private readonly RepeatedFactors _repeatedFactors;
    private readonly Dictionary<Stmt, List<int>> _iterationLocal;
    private readonly HashSet<int> _declaredPerIteration;

    // Iteration-local adjoints nothing has added into yet in this reverse iteration, with the depth of their loop's
    // body and the set of those its iteration declares at its top: the first addition at that depth declares one
    // with its term (no zero to add to); one deeper, at the top of the iteration.
    private readonly Dictionary<int, (int Depth, HashSet<int> Top)> _untouched = new();
    private int _depth;

    // The calls whose callee's reverse sweep runs here (split mode), or null.
    private readonly SplitCalls? _split;

    private ReverseSweep(MethodModel model, SplitCalls? split)
    {
        _model = model;
        _split = split;
        _statementLocal = StatementLocalTemporaries.Of(model);
        _repeatedFactors = new RepeatedFactors(model, _statementLocal);
        _iterationLocal = IterationLocalAdjoints.Of(model);
        _declaredPerIteration = new HashSet<int>(_iterationLocal.Values.SelectMany(locals => locals));
        _bodyAdjointParameters = new HashSet<int>(model.Parameters.Where(p => p.BodyAdjointName is not null).Select(p => p.VariableId));
        _blockArrays = BlockArrayAdjoints.Of(model);
        _ownArrays = OwnArrays(model);
        _stacks = new HashSet<string>(model.Stacks.Select(s => s.Name), System.StringComparer.Ordinal);
    }

    private readonly HashSet<string> _stacks;

    // The spans loops keep values in, the method's own active arrays and their adjoints: no other name reaches their
    // memory (FusedReverseLoops). No arrays when a local names other arrays (ArrayRebinds), as it may name one of them.
    private readonly HashSet<string> _ownArrays;

    private static HashSet<string> OwnArrays(MethodModel model)
    {
        var own = new HashSet<string>(model.SlotBuffers.Select(s => s.Name), System.StringComparer.Ordinal);
        if (model.Variables.Any(v => v.AdjointIndexName is not null))
        {
            return own;
        }

        foreach (Variable v in model.Variables.Where(v => v is { Active: true, View: null, Shape: ValueShape.Vector or ValueShape.Matrix or ValueShape.StructArray } && v.Role != VariableRole.Parameter))
        {
            own.Add(v.Name);
            own.Add(v.AdjointName!);
        }

        return own;
    }

    private readonly HashSet<int> _blockArrays;

    /// <param name="split">Collects the calls that run their callee's reverse sweep (split mode); null to call backwards.</param>
    public static void Write(CodeWriter w, MethodModel model, SplitCalls? split = null)
    {
        var sweep = new ReverseSweep(model, split);

        // Local arrays' adjoints have their shape and live for the whole sweep. A vector's comes from the
        // shared pool (returned by ReturnPooled), so steady-state calls allocate no more than the method does.
        foreach (Variable v in LocalArrays(model))
        {
            string keyword = Atoms.ElementTypeOf(v);
            if (v.Shape is ValueShape.Vector or ValueShape.StructArray)
            {
                BlockArrayAdjoints.RentZeroed(w, v, $"{v.Name}.{Analysis.FloatLists.CountOf(v.TypeName.TrimEnd('?'))}", declare: true);
            }
            else
            {
                w.Line($"var {v.AdjointName} = new {keyword}[{v.Name}.GetLength(0), {v.Name}.GetLength(1)];");
            }

            sweep._declared.Add(v.Id);
        }

        // A local jagged array's adjoint has the array's final shape; rows allocated again get theirs as the reverse undoes it.
        foreach (Variable v in model.Variables.Where(v => v.Active && v.Role != VariableRole.Parameter && v.View is null && v.Shape == ValueShape.Jagged))
        {
            w.Line($"var {v.AdjointName} = global::GradientGen.Internal.JaggedArrays.ZerosLike({v.Name});");
            sweep._declared.Add(v.Id);
        }

        sweep._declared.UnionWith(SliceAdjoints.Declare(w, model));
        BuiltLists.DeclareCounters(w, model);

        // A struct local's adjoint is a value of its type, whose members take the members' adjoints.
        // (One a loop body declares starts afresh in each reverse iteration instead: IterationLocalAdjoints.)
        foreach (Variable v in model.Variables.Where(v => v.Active && v.Role != VariableRole.Parameter && v.Shape == ValueShape.Struct && v.AdjointName != model.ResultAdjointName && !sweep._declaredPerIteration.Contains(v.Id)))
        {
            w.Line($"{v.TypeName} {v.AdjointName} = default;");
            sweep._declared.Add(v.Id);
        }

        if (model.ResultArray is { } result)
        {
            ResultArrayEmitter.WriteSeed(w, model, model.Variables[result]);
        }

        var body = new CodeWriter();
        sweep.WriteBlock(body, model.Body);

        // Adjoints first touched inside a branch or loop are declared up front, where every block sees them.
        foreach (int id in sweep._predeclared)
        {
            Variable v = model.Variables[id];
            w.Line($"{v.TypeName} {v.AdjointName} = {Literals.Zero(v.Kind)};");
        }

        foreach (ScalarKind kind in sweep._predeclaredDiscards.OrderBy(k => k))
        {
            w.Line($"{Analysis.SymbolFacts.KeywordFor(kind)} {sweep.DiscardName(kind)} = {Literals.Zero(kind)};");
        }

        string text = PassLocalAdjointArrays.Fold(sweep.Tidied(body.ToString()), LocalArrays(model).Where(v => v.AdjointBufferName is not null && sweep._ownArrays.Contains(v.AdjointName!)).Select(v => v.AdjointName!));
        if (text.Length > 0)
        {
            w.Lines(text.TrimEnd('\n'));
        }

        // Parameters the body assigned tracked their adjoint locally; hand it to the caller now.
        foreach (ParameterModel p in model.Parameters)
        {
            if (p.BodyAdjointName is { } local && p.AdjointName is not null && sweep._declared.Contains(p.VariableId))
            {
                w.Line($"{p.AdjointName} += {local};");
            }
        }
    }

    /// <summary>Gives the pooled adjoint buffers of local vectors back, at the end of the backward.</summary>
    public static void ReturnPooled(CodeWriter w, MethodModel model)
    {
        foreach (Variable v in LocalArrays(model))
        {
            if (v.Shape is ValueShape.Vector or ValueShape.StructArray)
            {
                BlockArrayAdjoints.Return(w, v);
            }
        }
    }

    private static IEnumerable<Variable> LocalArrays(MethodModel model)
    {
        HashSet<int> perBlock = BlockArrayAdjoints.Of(model);
        return model.Variables.Where(v => v.Active && v.Role != VariableRole.Parameter && v.View is null && !perBlock.Contains(v.Id)
            && (v.Shape is ValueShape.Vector or ValueShape.Matrix || v.Shape == ValueShape.StructArray && v.TypeName.TrimEnd('?').EndsWith("[]", System.StringComparison.Ordinal)));
    }

    private void WriteBlock(CodeWriter w, EquatableArray<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        for (int i = body.Count - 1; i >= 0; i--)
        {
            Stmt stmt = body[i];
            if (stmt is SourceStmt { Body: [.., LoopStmt { Fused: true } fused] } loopStatement)
            {
                WriteFused(w, loopStatement, fused, Analysis.FusedReductions.After(((SourceStmt)body[i + 1]).Body, fused));
            }
            else if (stmt is SourceStmt source)
            {
                var block = new CodeWriter();
                WriteBlock(block, source.Body);
                string text = block.ToString();
                if (text.Length > 0)
                {
                    w.Line("// " + source.SourceText);
                    foreach (AssignStmt first in source.Body.OfType<AssignStmt>().Where(a => a.RestoreFirst))
                    {
                        // The old value first: the temporaries below are computed from it.
                        Restore(w, _model.Variables[first.Target], first.Save!);
                    }

                    foreach (AssignStmt reread in source.Body.OfType<AssignStmt>().Where(a => a.Reread && !_readBefore.Contains(a.Target)))
                    {
                        // Computed again rather than kept: what it reads is what the forward sweep read.
                        w.Line($"{_model.Variables[reread.Target].Name} = {Atoms.Expression(_model, reread.Value)};");
                    }

                    w.Lines(text.TrimEnd('\n'));
                }
            }
            else
            {
                Undo(w, stmt);
            }
        }
    }

    /// <summary>
    /// A block's reverse with its cleared adjoints, negated temporaries and halved roots folded, its late squares'
    /// doubling moved, elements' last terms taken with them and its loops over the same elements fused (ClearedAdjoints,
    /// NegatedTerms, HalvedAdjoints, LateSquares, AddedThenTaken, FusedReverseLoops).
    /// </summary>
    private string Tidied(string block) => FusedReverseLoops.Fold(AddedThenTaken.Fold(LateSquares.Fold(HalvedAdjoints.Fold(NegatedTerms.Fold(ClearedAdjoints.Fold(block))))), _ownArrays, _stacks);

    /// <summary>Writes a nested block's reverse into its own writer; empty when the block has nothing to undo.</summary>
    private string Nested(EquatableArray<Stmt> body)
    {
        var block = new CodeWriter();
        _depth++;
        WriteBlock(block, body);
        _depth--;
        return Tidied(block.ToString().TrimEnd('\n'));
    }

    private void Undo(CodeWriter w, Stmt stmt)
    {
        switch (stmt)
        {
            case AssignStmt rebind when ArrayRebinds.Is(_model.Variables, rebind):
                ReboundArrayAdjoints.Undo(w, _model, rebind, declaredInBlock: _blockArrays.Contains(rebind.Target));
                break;
            case AssignStmt assign:
                Variable target = _model.Variables[assign.Target];

                // At the top level an adjoint nothing has touched yet is zero: there is nothing to propagate.
                // Inside a loop it may hold what a later iteration (reversed earlier) added. A temporary of one
                // statement is declared at its first contribution in that statement's reverse, in any block.
                bool statementLocal = _statementLocal.Contains(target.Id);
                if (target.Active && _depth > 0 && !statementLocal && !_untouched.ContainsKey(target.Id))
                {
                    Declare(w, target);
                }

                if (target.Active && IsDeclared(target))
                {
                    Propagate(w, assign, target);
                    // A slice's adjoint is its parameter's memory, a block array's is given back below: neither is a value to clear.
                    if (assign.Overwrites && target.View is null && !_blockArrays.Contains(target.Id) && !statementLocal && !(assign.Declares && _declaredPerIteration.Contains(target.Id)))
                    {
                        w.Line($"{target.AdjointName} = {(target.Shape == ValueShape.Struct ? "default" : Literals.Zero(target.Kind))};");
                    }
                }

                if (assign.Declares && _blockArrays.Contains(target.Id))
                {
                    BlockArrayAdjoints.Return(w, target);
                }

                if (assign.Save is { } save && !assign.RestoreFirst)
                {
                    Restore(w, target, save);
                }

                break;
            case ListAddStmt add:
                // list.Add(value): the element it added is the last one still counted.
                Variable list = _model.Variables[add.List];
                string remaining = _model.Variables[add.Counter].Name;
                w.Line($"{remaining}--;");
                if (add.Value is VariableAtom { VariableId: int added } && _model.Variables[added].Active)
                {
                    Accumulate(w, _model.Variables[added], $"{list.AdjointName}[{remaining}]", negate: false);
                }

                w.Line($"{list.AdjointName}[{remaining}] = {Literals.Zero(list.Kind)};");
                break;
            case RowAllocStmt row:
                // The row gets its old array back (null before its first allocation), and its adjoint that array's zeros.
                Variable jagged = _model.Variables[row.Array];
                string rowAt = Atoms.Text(_model, row.Index);
                if (row.Named is VariableAtom { VariableId: int named } && _model.Variables[named] is { Active: true, AdjointName: { } namedAdjoint } && jagged.AdjointName is { } rowAdjoints)
                {
                    ReboundArrayAdjoints.AddInto(w, $"{jagged.Name}[{rowAt}]", _model.Variables[named].Name, jagged.AdjointIndexName!, $"{rowAdjoints}[{rowAt}]", namedAdjoint);
                }

                w.Line($"{jagged.Name}[{rowAt}] = {row.Save!.Kept};");
                if (jagged.AdjointName is { } rowsAdjoint)
                {
                    w.Line($"{rowsAdjoint}[{rowAt}] = global::GradientGen.Internal.JaggedArrays.ZerosLike({jagged.Name}[{rowAt}]);");
                }

                break;
            case ArrayScopeStmt scope:
                BlockArrayAdjoints.Rent(w, _model.Variables[scope.Array]);
                _declared.Add(scope.Array);
                break;
            case ElementAssignStmt store:
                // a[i] = v (or += / -=): the element's adjoint goes to v; a plain store then starts the element afresh.
                // (An inactive array has no adjoint: a second-order program's tangent of values that don't depend on the inputs.)
                if (_model.Variables[store.Array].AdjointName is { } arrayAdjoint)
                {
                    string element = Atoms.Element(_model, _model.Variables[store.Array], arrayAdjoint, store.Indices, store.Member);
                    if (store.Value is VariableAtom { VariableId: int valueId } && _model.Variables[valueId].Active)
                    {
                        Accumulate(w, _model.Variables[valueId], element, negate: store.Compound == BinaryOperator.Subtract);
                    }

                    if (store.Compound is null)
                    {
                        w.Line(Atoms.Store(_model, _model.Variables[store.Array], arrayAdjoint, store.Indices, store.Member, compound: null, Literals.Zero(_model.Variables[store.Array].Kind)));
                    }
                }

                if (store.Save is { } elementSave)
                {
                    // The array is passed to a callee's backward earlier in the sweep: give it back its old element.
                    Variable stored = _model.Variables[store.Array];
                    w.Line(Atoms.Store(_model, stored, stored.Name, store.Indices, store.Member, compound: null, elementSave.Kept));
                }

                break;
            case VerbatimStmt verbatim:
                for (int i = verbatim.Saves.Count - 1; i >= 0; i--)
                {
                    Restore(w, _model.Variables[verbatim.Saves[i].Variable], verbatim.Saves[i].Save);
                }

                if (verbatim.Inverse is { } inverse)
                {
                    // An integer update undone rather than saved (SaveAnalysis.InvertIntegerUpdates).
                    w.Line(inverse);
                }

                break;
            case WritingCallStmt call:
                ReverseWritingCall(w, call);
                break;
            case IfStmt { Chooses: true } chosen when _selecting:
                string taken = Nested(chosen.Then);
                if (taken.Length > 0)
                {
                    w.Open("// The branch the iteration took: its test isn't kept (SelectionLoops).");
                    w.Lines(taken);
                    w.Close();
                }

                break;
            case IfStmt branch:
                string then = Nested(branch.Then), @else = Nested(branch.Else);
                string condition = _model.Variables[branch.Condition].Name;
                if (then.Length > 0)
                {
                    w.Open($"if ({condition})");
                    w.Lines(then);
                    w.Close();
                    if (@else.Length > 0)
                    {
                        w.Open("else");
                        w.Lines(@else);
                        w.Close();
                    }
                }
                else if (@else.Length > 0)
                {
                    w.Open($"if (!{condition})");
                    w.Lines(@else);
                    w.Close();
                }

                break;
            case LoopStmt { Selection: { } selection } loop:
                WriteSelected(w, loop, selection);
                break;
            case LoopStmt loop:
                (string body, List<(string Local, string Element)> elements, List<string> reads) = ReverseIteration(loop);
                if (body.Length > 0)
                {
                    string i = loop.ReverseIndexName;
                    string trips = loop.Trips is { } counted ? _model.Variables[counted].Name : loop.Counter!.TripCount!;
                    bool before = elements.Count + reads.Count > 0;
                    string? guard = before ? null : ZeroAdjointGuards.Condition(_model, loop, body, _held.Values);
                    string replay = loop.Replays ? ForwardSweep.Replay(_model, loop, body) : string.Empty;
                    LoopCounter? counter = loop.Counter;
                    // The power's rewrite keeps every mention of the index and of the recomputed locals.
                    (List<string> Locals, bool ReadsIndex) recomputed = counter is null ? ([], false) : Recomputed(counter, replay + "\n" + body);
                    (string Body, string Before, string After)? geometric = loop.ScaleName is { } scale ? GeometricAdjoints.Rewrite(body, SetEachIteration(counter, recomputed.Locals, replay), scale) : null;
                    if (geometric is not null)
                    {
                        w.Line("// The adjoint it carries only changes by the same factor each iteration: the loop carries the factor's power (GeometricAdjoints).");
                        w.Line(geometric.Value.Before);
                        body = geometric.Value.Body;
                    }

                    if (guard is not null)
                    {
                        w.Line("// Each term it adds is a multiple of these adjoints: nothing to add when they are zero (ZeroAdjointGuards).");
                        w.Open($"if ({guard})");
                    }

                    (string First, string Runs, string Next) header = counter is not null && recomputed.ReadsIndex
                        ? IndexHeader(counter, i, trips)
                        : (trips, $"{i} > 0", $"{i}--");
                    if (!before)
                    {
                        // A long: a loop may run past int.MaxValue times (the forward sweep counts in a long too).
                        w.Open($"for (long {i} = {header.First}; {header.Runs}; {header.Next})");
                    }
                    else
                    {
                        // The elements held or read once for the whole loop are read only when it runs, as the primal
                        // reads them only then (at an index that may be out of range otherwise).
                        w.Line($"long {i} = {header.First};");
                        w.Open($"if ({header.Runs})");
                        ReadHeld(w, elements, reads);
                        w.Open($"for (; {header.Runs}; {header.Next})");
                    }

                    if (counter is not null)
                    {
                        WriteRecomputed(w, counter, i, recomputed);
                    }

                    if (replay.Length > 0)
                    {
                        w.Line("// The iteration again: its values are computed, not saved.");
                        w.Lines(replay);
                    }

                    w.Lines(body);
                    w.Close();
                    if (guard is not null)
                    {
                        w.Close();
                    }

                    if (before)
                    {
                        WriteBackHeld(w, elements);
                        w.Close();
                    }

                    if (geometric is not null)
                    {
                        w.Line(geometric.Value.After);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// A selection loop's reverse (<see cref="LoopStmt.Selection"/>): the reverse of the iteration its running value was
    /// last taken from, if any; the others pass nothing on.
    /// </summary>
    private void WriteSelected(CodeWriter w, LoopStmt loop, LoopSelection selection)
    {
        bool outer = _selecting;
        _selecting = true;
        (string body, List<(string Local, string Element)> elements, List<string> reads) = ReverseIteration(loop);
        _selecting = outer;
        if (selection.Kept is { } kept)
        {
            // Taken back whether or not the reverse reads it: the forward sweep kept it after every run of the loop.
            Restore(w, selection.Taken, kept);
        }

        if (body.Length == 0)
        {
            return;
        }

        w.Line($"// Only the iteration {_model.Variables[selection.Accumulator].Name} was last taken from passes adjoints on (SelectionLoops).");
        w.Open($"if ({selection.Taken} >= 0)");
        ReadHeld(w, elements, reads);

        string replay = selection.Replays ? ForwardSweep.SelectedIteration(_model, loop) : string.Empty;
        string index = _model.Variables[loop.Counter!.Variable].Name;
        if (Atoms.Mentions(replay + "\n" + body, index))
        {
            w.Line($"{index} = {selection.Taken};");
        }

        if (replay.Length > 0)
        {
            w.Line("// The iteration again: its values are computed here, not kept by every iteration.");
            w.Lines(replay);
        }

        w.Lines(body);
        WriteBackHeld(w, elements);
        w.Close();
    }

    /// <summary>The adjoint elements a reverse loop holds in locals (InvariantAdjointElements) and the elements it reads once (InvariantReads), before it.</summary>
    private static void ReadHeld(CodeWriter w, List<(string Local, string Element)> elements, List<string> reads)
    {
        foreach ((string local, string element) in elements)
        {
            w.Line($"var {local} = {element};");
        }

        if (reads.Count > 0)
        {
            w.Line("// Every iteration reads these elements at the same index: read once (InvariantReads).");
        }

        foreach (string read in reads)
        {
            w.Line(read);
        }
    }

    /// <summary>The held adjoint elements written back after the reverse loop.</summary>
    private static void WriteBackHeld(CodeWriter w, List<(string Local, string Element)> elements)
    {
        foreach ((string local, string element) in elements)
        {
            w.Line($"{element} = {local};");
        }
    }

    /// <summary>
    /// The reverse of one iteration of <paramref name="loop"/> (empty when it has nothing to undo), the adjoint
    /// elements it adds into through locals held around the loop (InvariantAdjointElements), and the rereads of
    /// primal elements done once before it (InvariantReads).
    /// </summary>
    private (string Body, List<(string Local, string Element)> Elements, List<string> Reads) ReverseIteration(LoopStmt loop)
    {
        foreach (HeldAdjoint held in loop.Held)
        {
            _held.Add((held.Array, held.Indices), held.LocalName);
        }

        _readBefore.UnionWith(loop.InvariantReads.Select(a => a.Target));

        // The adjoints of the locals the body declares start afresh in each reverse iteration (IterationLocalAdjoints).
        List<int> iterationLocals = _iterationLocal.TryGetValue(loop, out List<int>? declared) ? declared : [];
        var top = new HashSet<int>();
        foreach (int id in iterationLocals)
        {
            if (_model.Variables[id].Shape == ValueShape.Struct)
            {
                // A struct's members are added into through their own names: declared at the iteration's top.
                _declared.Add(id);
                top.Add(id);
                continue;
            }

            _declared.Remove(id);
            _untouched[id] = (_depth + 1, top);
        }

        string body = Nested(loop.Body);
        foreach (int id in iterationLocals)
        {
            _untouched.Remove(id);
            _declared.Add(id);
        }

        foreach (HeldAdjoint held in loop.Held)
        {
            _held.Remove((held.Array, held.Indices));
        }

        _readBefore.ExceptWith(loop.InvariantReads.Select(a => a.Target));
        if (body.Length == 0)
        {
            return (body, [], []);
        }

        foreach (Variable v in iterationLocals.Select(id => _model.Variables[id]).Where(v => v.Shape == ValueShape.Struct))
        {
            body = IterationLocalAdjoints.StartMembers(body, v.AdjointName!);
        }

        string declarations = string.Join("\n", iterationLocals.Where(top.Contains).Select(id => _model.Variables[id]).Where(v => Atoms.Mentions(body, v.AdjointName!))
            .Select(v => $"{v.TypeName} {v.AdjointName} = {(v.Shape == ValueShape.Struct ? "default" : Literals.Zero(v.Kind))};"));
        body = declarations.Length > 0 ? Tidied(declarations + "\n" + body) : body;

        // Adjoint elements at indices the loop doesn't change add up in locals (InvariantAdjointElements); the
        // primal elements it rereads there are read once (InvariantReads).
        return (body,
            loop.Held.Where(h => Atoms.Mentions(body, h.LocalName)).Select(h => (h.LocalName, HeldElement(h))).ToList(),
            loop.InvariantReads.Where(a => Atoms.Mentions(body, _model.Variables[a.Target].Name))
                .Select(a => $"{_model.Variables[a.Target].Name} = {Atoms.Expression(_model, a.Value)};").ToList());
    }

    /// <summary>
    /// A fused loop (<see cref="LoopStmt.Fused"/>) and the return's operations on its sums, run where the reverse sweep
    /// gets to the loop: the adjoints of its sums are set above (the return's reverse), so each iteration is followed
    /// by its reverse, and then the result is computed from the sums.
    /// </summary>
    private void WriteFused(CodeWriter w, SourceStmt loopStatement, LoopStmt loop, IEnumerable<Stmt> after)
    {
        (string body, List<(string Local, string Element)> elements, _) = ReverseIteration(loop);
        w.Line("// " + loopStatement.SourceText);
        w.Line(loop.HasInnerLoops()
            ? "// Run here, where the adjoints of its sums are known: each iteration followed by its reverse, which takes back what the iteration kept."
            : "// Run here, where the adjoints of its sums are known: each iteration followed by its reverse, nothing kept or computed twice.");
        // The held elements are read and written back only when the loop runs (the primal reads them only then).
        string runs = $"({loop.Counter!.TripCount}) > 0";
        foreach ((string local, string element) in elements)
        {
            w.Line($"var {local} = {runs} ? {element} : {Literals.Zero(HeldKind(loop, local))};");
        }

        w.Lines(ForwardSweep.Fused(_model, loopStatement, after, body, _split));
        foreach ((string local, string element) in elements)
        {
            w.Open($"if ({runs})");
            w.Line($"{element} = {local};");
            w.Close();
        }
    }

    private ScalarKind HeldKind(LoopStmt loop, string local) => _model.Variables[loop.Held.First(h => h.LocalName == local).Array].Kind;

    private string HeldElement(HeldAdjoint held)
    {
        Variable array = _model.Variables[held.Array];
        return Atoms.Element(_model, array, array.AdjointName!, held.Indices);
    }

    /// <summary>
    /// Sets what the reverse iteration recomputes rather than saves, where its body reads it: the counted
    /// index, then the body's recomputed locals in their order (a local may read the index or an earlier one).
    /// </summary>
    private void WriteRecomputed(CodeWriter w, LoopCounter counter, string reverseIndex, (List<string> Locals, bool ReadsIndex) recomputed)
    {
        if (recomputed.ReadsIndex)
        {
            // The reverse loop counts the index itself, in a long (IndexHeader): the int index took the value.
            w.Line($"{_model.Variables[counter.Variable].Name} = (int){reverseIndex};");
        }

        foreach (string local in recomputed.Locals)
        {
            w.Line(local);
        }
    }

    /// <summary>The names each reverse iteration sets before its body's reverse: the index, recomputed locals, a replay's values.</summary>
    private HashSet<string> SetEachIteration(LoopCounter? counter, List<string> locals, string replay)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        if (counter is not null)
        {
            names.Add(_model.Variables[counter.Variable].Name);
        }

        names.UnionWith(locals.Concat([replay]).SelectMany(t => t.Split('\n')).Select(l => ClearedAdjoints.Assigned.Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value));
        return names;
    }

    /// <summary>
    /// The counter's locals the reverse iteration reads (their assignments, in order), and whether it reads the index,
    /// itself or through one of them.
    /// </summary>
    private (List<string> Locals, bool ReadsIndex) Recomputed(LoopCounter counter, string body)
    {
        var locals = new List<string>();
        string reads = body;
        for (int k = counter.Locals.Count - 1; k >= 0; k--)
        {
            string name = _model.Variables[counter.Locals[k].Variable].Name;
            if (_model.Variables[counter.Locals[k].Variable] is { View: { } } view && (Atoms.Mentions(reads, name) || Atoms.Mentions(reads, view.AdjointName!)))
            {
                locals.Insert(0, $"{name} = {counter.Locals[k].Value};\n{SliceAdjoints.Reslice(_model, view)}");
                reads += "\n" + counter.Locals[k].Value + "\n" + SliceAdjoints.Reslice(_model, view);
            }
            else if (Atoms.Mentions(reads, name))
            {
                locals.Insert(0, $"{name} = {counter.Locals[k].Value};");
                reads += "\n" + counter.Locals[k].Value;
            }
        }

        return (locals, Atoms.Mentions(reads, _model.Variables[counter.Variable].Name));
    }

    /// <summary>
    /// The reverse loop over a counted index's values, last to first: from <see cref="LoopCounter.Last"/> (or Start +
    /// (trips − 1)·Step) while the value hasn't passed Start. In a long, where neither the first value nor the step past
    /// Start overflows (an int index counting down from int.MinValue would). Counting the values themselves spares each
    /// iteration a product and a sum to find its index.
    /// </summary>
    private (string First, string Runs, string Next) IndexHeader(LoopCounter counter, string i, string trips)
    {
        string start = Atoms.Text(_model, counter.Start);
        int size = System.Math.Abs(counter.Step);
        string before = $"{(trips.Contains(" ? ") ? $"({trips})" : trips)} - 1L";
        string span = size == 1 ? $"({before})" : $"({before}) * {size}";
        string first = counter.Last ?? (counter.Step < 0 ? $"{start} - {span}" : start == "0" ? (size == 1 ? before : span) : $"{start} + {span}");
        return counter.Step > 0
            ? (first, $"{i} >= {start}", size == 1 ? $"{i}--" : $"{i} -= {size}")
            : (first, $"{i} <= {start}", size == 1 ? $"{i}++" : $"{i} += {size}");
    }

    /// <summary>
    /// A call writing members or arrays (<see cref="WritingCallStmt"/>): the members and arrays as the call found them,
    /// its backward (which writes them as the call did and moves their adjoints back to their old values), the members
    /// and arrays as the call found them again for the statements before it.
    /// </summary>
    private void ReverseWritingCall(CodeWriter w, WritingCallStmt call)
    {
        // The arrays as the call found them, kept once more for after the backward.
        for (int i = call.Arrays.Count - 1; i >= 0; i--)
        {
            w.Line($"{call.ArrayStacks[i]}.PopAll({_model.Variables[call.Arrays[i]].Name});");
        }

        for (int i = 0; i < call.Arrays.Count; i++)
        {
            w.Line($"{call.ArrayStacks[i]}.PushAll({_model.Variables[call.Arrays[i]].Name});");
        }

        var before = new string[call.Saves.Count];
        for (int i = call.Saves.Count - 1; i >= 0; i--)
        {
            Save save = call.Saves[i].Save;
            if (call.Before[i].Length == 0)
            {
                before[i] = save.Kept;
                continue;
            }

            w.Line($"{_model.Variables[call.Saves[i].Variable].TypeName} {call.Before[i]} = {save.Kept};");
            before[i] = call.Before[i];
        }

        GiveBack(w, call, before);
        Variable? result = call.Result is int id ? _model.Variables[id] : null;
        if (result is { Active: true })
        {
            Declare(w, result);
        }

        CallBackward(w, call.Call, result is null ? null : result.Active ? result.AdjointName : Literals.Zero(result.Kind), split: false);
        if (result is { Active: true } && _depth > 0 && !_statementLocal.Contains(result.Id) && FirstTouch(result) is null)
        {
            // Declared outside the loop: the next iteration's reverse adds into it again.
            w.Line($"{result.AdjointName} = {Literals.Zero(result.Kind)};");
        }

        GiveBack(w, call, before);
        for (int i = call.Arrays.Count - 1; i >= 0; i--)
        {
            w.Line($"{call.ArrayStacks[i]}.PopAll({_model.Variables[call.Arrays[i]].Name});");
        }
    }

    private void GiveBack(CodeWriter w, WritingCallStmt call, string[] before)
    {
        for (int i = 0; i < call.Saves.Count; i++)
        {
            w.Line($"{_model.Variables[call.Saves[i].Variable].Name} = {before[i]};");
        }
    }

    /// <summary>Gives a variable the value its save kept.</summary>
    internal static void Restore(CodeWriter w, Variable v, Save save) => Restore(w, v.Name, save);

    private static void Restore(CodeWriter w, string name, Save save) =>
        w.Line($"{name} = {save.Kept};");

    // Writing a selection loop's reverse (SelectionLoops).
    private bool _selecting;

    private void Propagate(CodeWriter w, AssignStmt assign, Variable target)
    {
        string g = target.AdjointName!;
        if (assign.Value is DiffCallExpr call)
        {
            // In a selection loop a call runs whole in its reverse: the forward sweep's iterations would each leave the
            // callee's values on the tape, where the one iteration reversed couldn't find its own.
            CallBackward(w, call, g, !_selecting && _split is not null && _split.RunsReverse(assign, call));
            return;
        }

        if (assign.Value is ElementExpr read)
        {
            Variable array = _model.Variables[read.Array];
            w.Line(read.Member.Length == 0 && _held.TryGetValue((read.Array, read.Indices), out string? local)
                ? $"{local} += {g};"
                : Atoms.Store(_model, array, array.AdjointName!, read.Indices, read.Member, BinaryOperator.Add, g));
            return;
        }

        // A selection loop's Min or Max is reversed for the iteration whose value it took: as a copy of it (SelectionLoops).
        Expr value = assign.Selects is int selected ? new CopyExpr(assign.Value.Operands()[selected]) : assign.Value;
        IReadOnlyList<Atom> operands = value.Operands();
        string[] texts = operands.Select(a => Atoms.Text(_model, a)).ToArray();
        foreach (Contribution c in _repeatedFactors.Fold(assign, g, texts, PartialDerivatives.Of(value, target.Kind, g, target.Name, texts, Atoms.IsAccumulation(assign))))
        {
            if (operands[c.Operand] is VariableAtom { VariableId: int id } && _model.Variables[id].Active)
            {
                Accumulate(w, _model.Variables[id], c.Term, c.Negate);
            }
        }
    }

    /// <summary>
    /// The callee's backward adds dResult·∂callee/∂argument into each argument's adjoint; in split mode its reverse
    /// sweep does, from what its forward sweep left on the tape.
    /// </summary>
    /// <param name="g">The adjoint of the call's result; null for a call that returns nothing.</param>
    private void CallBackward(CodeWriter w, DiffCallExpr call, string? g, bool split)
    {
        var arguments = call.Arguments.Select(a => Atoms.Text(_model, a)).ToList();
        if (split)
        {
            arguments.Add("ref " + _split!.Tape);
        }

        if (g is not null)
        {
            arguments.Add(g);
        }

        if (call.Callee.TakesShadow)
        {
            arguments.Add(ShadowedCall.ShadowOfReceiver(_model, call.Callee.Receiver));
        }

        if (call.StructReceiver is VariableAtom { VariableId: int receiverId })
        {
            // A struct's own method: its backward takes the receiver's adjoint as 'ref dThis' (StructThis).
            Variable receiver = _model.Variables[receiverId];
            Declare(w, receiver);
            arguments.Add("ref " + receiver.AdjointName);
        }

        foreach (Variable row in call.Arguments.OfType<VariableAtom>().Select(a => _model.Variables[a.VariableId]).Where(v => SliceAdjoints.IsTakenAtTheCall(_model, v)).Distinct())
        {
            w.Line(SliceAdjoints.Reslice(_model, row));
        }

        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.Callee.ObjectParameters.IsEmpty && call.Callee.ObjectParameters[i])
            {
                arguments.Add(ShadowedCall.ShadowOf(_model, call.Arguments[i]));
                continue;
            }

            if (!call.Callee.ActiveParameters[i])
            {
                continue;
            }

            ValueShape shape = call.Callee.ParameterShapes[i];
            if (call.Arguments[i] is VariableAtom { VariableId: int id } && _model.Variables[id].Active)
            {
                Variable v = _model.Variables[id];
                Declare(w, v);
                arguments.Add(shape is ValueShape.Scalar or ValueShape.Struct ? "ref " + v.AdjointName : v.AdjointName!);
            }
            else if (shape == ValueShape.Scalar)
            {
                arguments.Add("ref " + Discard(w, call.Callee.ParameterKinds[i]));
            }
            else
            {
                // An inactive array passed where the callee takes an adjoint: a scratch of the same shape, discarded.
                arguments.Add(Atoms.ZerosShaped(_model, shape, call.Callee.ParameterKinds[i], call.Arguments[i]));
            }
        }

        string name = split ? call.Callee.SplitReverseName! : call.Callee.BackwardName;
        w.Line(Atoms.Call(Atoms.Receiver(_model, call, split ? call.Callee.Receiver : call.Callee.BackwardReceiver ?? call.Callee.Receiver), name, string.Join(", ", arguments)) + ";");
    }

    /// <summary>Makes sure an adjoint exists before it is passed by reference.</summary>
    private void Declare(CodeWriter w, Variable v)
    {
        if (FirstTouch(v) is bool here)
        {
            if (here)
            {
                w.Line($"{v.TypeName} {v.AdjointName} = {Literals.Zero(v.Kind)};");
            }

            return;
        }

        if (IsDeclared(v))
        {
            return;
        }

        if (_depth == 0 || _statementLocal.Contains(v.Id))
        {
            w.Line($"{v.TypeName} {v.AdjointName} = {Literals.Zero(v.Kind)};");
        }
        else
        {
            _predeclared.Add(v.Id);
        }

        _declared.Add(v.Id);
    }

    /// <summary>A scratch adjoint for an argument that carries no derivative (a constant, an inactive value).</summary>
    private string Discard(CodeWriter w, ScalarKind kind)
    {
        string name = DiscardName(kind);
        if (_discards.Add(kind))
        {
            if (_depth == 0)
            {
                w.Line($"{Analysis.SymbolFacts.KeywordFor(kind)} {name} = {Literals.Zero(kind)};");
            }
            else
            {
                _predeclaredDiscards.Add(kind);
            }
        }

        return name;
    }

    private string DiscardName(ScalarKind kind) => kind == ScalarKind.Float ? _model.FloatDiscardName : _model.DoubleDiscardName;

    /// <summary>
    /// For an iteration-local adjoint touched for the first time in this reverse iteration: true when it is declared
    /// here (at its loop body's depth), false when at the top of the iteration; null for any other.
    /// </summary>
    private bool? FirstTouch(Variable v)
    {
        if (!_untouched.TryGetValue(v.Id, out (int Depth, HashSet<int> Top) loop))
        {
            return null;
        }

        _untouched.Remove(v.Id);
        _declared.Add(v.Id);
        if (_depth == loop.Depth)
        {
            return true;
        }

        loop.Top.Add(v.Id);
        return false;
    }

    private void Accumulate(CodeWriter w, Variable v, string term, bool negate)
    {
        if (FirstTouch(v) is true)
        {
            w.Line($"{v.TypeName} {v.AdjointName} = {Signed(term, negate)};");
            return;
        }

        if (IsDeclared(v) || (_depth > 0 && !_statementLocal.Contains(v.Id)))
        {
            if (!IsDeclared(v))
            {
                _predeclared.Add(v.Id);
                _declared.Add(v.Id);
            }

            w.Line($"{v.AdjointName} {(negate ? "-=" : "+=")} {term};");
            return;
        }

        w.Line($"{v.TypeName} {v.AdjointName} = {Signed(term, negate)};");
        _declared.Add(v.Id);
    }

    private static string Signed(string term, bool negate) => negate ? Atoms.Negated(term) : term;

    /// <summary>Parameter adjoints are the caller's <c>ref</c>s; the result's is <c>dResult</c>: both exist from the start.</summary>
    private bool IsDeclared(Variable v) =>
        _declared.Contains(v.Id)
        || (v.Role == VariableRole.Parameter && !_bodyAdjointParameters.Contains(v.Id))
        || v.AdjointName == _model.ResultAdjointName;
}
