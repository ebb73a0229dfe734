using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the forward sweep: the primal computation in three-address form, recording branch conditions
/// and trip counts, and saving what the reverse sweep needs before it is overwritten. Variables first
/// assigned inside a branch or loop are declared at the top, so the reverse sweep can read them, except the
/// locals a loop body declares that the reverse sweep never mentions: declared in place, they live in a
/// register for the iteration instead of in the frame for the whole method (a running sum spilled on every
/// step of the dense network's inner loop cost it a store-to-load round trip per multiply-add).
/// </summary>
internal sealed class ForwardSweep
{
    // Value stacks and loop slots (LoopSlotAssignment) of these element types start in a stackalloc'd buffer of InitialCapacity values (256 bytes of doubles).
    internal static readonly HashSet<string> StackAllocatable = new(System.StringComparer.Ordinal) { "double", "float", "int", "long", "bool" };
    private const int InitialCapacity = 32;

    private readonly CodeWriter _w;
    private readonly MethodModel _model;
    private readonly HashSet<int> _hoisted;

    // When writing a replayed loop's body again (Replay): the operations its reverse needs; the others are left out.
    private readonly HashSet<Stmt>? _kept;

    // When writing a fused loop (Fused): the reverse of an iteration, run at its end.
    private string? _reverseIteration;

    // The calls whose callee's forward sweep runs here (split mode), or null.
    private readonly SplitCalls? _split;

    // The selection loop whose body is being written (SelectionLoops): its choice keeps the iteration's index.
    private LoopStmt? _selecting;

    private ForwardSweep(CodeWriter w, MethodModel model, HashSet<int> hoisted, HashSet<Stmt>? kept = null, SplitCalls? split = null)
    {
        _w = w;
        _model = model;
        _hoisted = hoisted;
        _kept = kept;
        _split = split;
    }

    /// <summary>
    /// A replayed loop's body (<see cref="LoopStmt.Replays"/>) as the start of a reverse iteration runs it again:
    /// its locals declared afresh, only what the reverse reads and what that is computed from (<see cref="ReplaySlice"/>),
    /// so never its additions into sums declared outside it nor the index's step (the reverse loop sets the index and
    /// the locals computed from it).
    /// </summary>
    /// <param name="reverse">The reverse iteration's text: what it names is computed again, with what that is computed from.</param>
    public static string Replay(MethodModel model, LoopStmt loop, string reverse)
    {
        HashSet<string> named = ReverseNames(reverse);
        HashSet<Stmt> kept = ReplaySlice.Of(loop, model.Variables, id => named.Contains(model.Variables[id].Name));

        // What the branches declare is declared at the top of the method, as the forward sweep does (FindHoisted).
        var w = new CodeWriter();
        new ForwardSweep(w, model, ReplaySlice.DeclaredInBranches(loop.Body), kept).WriteBlock(loop.Body);
        return w.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// The iteration a replaying selection loop reverses (<see cref="LoopSelection.Replays"/>), run again at the start
    /// of its reverse with the saves its reverse takes back: the body but for its index's step and the choice of the
    /// running value, which keeps the value it ended the loop with. What the body declares is declared at the top.
    /// </summary>
    public static string SelectedIteration(MethodModel model, LoopStmt loop)
    {
        int step = StepStart(loop);
        int accumulator = loop.Selection!.Accumulator;

        // A branch that takes the value runs without its test (that iteration took it), and the test isn't computed.
        IEnumerable<Stmt> Taken(IEnumerable<Stmt> body) => body.SelectMany<Stmt, Stmt>(s => s switch
        {
            IfStmt { Chooses: true } branch => branch.Then,
            SourceStmt source => [source with { Body = Taken(source.Body).ToEquatableArray() }],
            _ => [s],
        });
        // The loop's own choice and test, not those of a selection inside it (whose loop keeps its own index).
        List<Stmt> own = OutsideInnerLoops(loop.Body.Take(step)).ToList();
        var tests = new HashSet<int>(own.OfType<IfStmt>().Where(b => b.Chooses).Select(b => b.Condition));
        var choices = new HashSet<Stmt>(own.Where(s => s is AssignStmt { Selects: not null } || (s is AssignStmt assign && (assign.Target == accumulator || tests.Contains(assign.Target)))), ReferenceComparer.Instance);
        IEnumerable<Stmt> Without(IEnumerable<Stmt> body) => body.Where(s => !choices.Contains(s)).Select(s => s is SourceStmt source ? source with { Body = Without(source.Body).ToEquatableArray() } : s);
        var declared = new HashSet<int>(loop.Body.Flattened().Select(ReplaySlice.DeclaredBy).Where(id => id >= 0));
        var w = new CodeWriter();
        new ForwardSweep(w, model, declared).WriteBlock(Without(Taken(loop.Body.Take(step))));
        return w.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// A fused loop (<see cref="LoopStmt.Fused"/>) where the reverse sweep runs it: its statement as the method has it,
    /// each iteration followed by <paramref name="reverseIteration"/>, then <paramref name="after"/> (the return's
    /// operations on its sums).
    /// </summary>
    public static string Fused(MethodModel model, SourceStmt loopStatement, IEnumerable<Stmt> after, string reverseIteration, SplitCalls? split)
    {
        // What the branches and inner loops declare is declared at the top of the method, as the forward sweep does (FindHoisted).
        var w = new CodeWriter();
        var loop = (LoopStmt)loopStatement.Body[loopStatement.Body.Count - 1];
        HashSet<int> declaredAtTop = ReplaySlice.DeclaredInBranches(loopStatement.Body);
        declaredAtTop.UnionWith(FusedInnerLocals(loop.Body));
        var sweep = new ForwardSweep(w, model, declaredAtTop, split: split) { _reverseIteration = reverseIteration };
        sweep.WriteBlock(loopStatement.Body);
        sweep.WriteBlock(after);
        string text = w.ToString().TrimEnd('\n');
        if (loop.HasInnerLoops())
        {
            // A Sin in an inner loop's forward and the Cos in its reverse are in scopes of their own: no pair to fold.
            return text;
        }

        var names = new HashSet<string>(model.Variables.Select(v => v.Name).Concat(model.Variables.Select(v => v.AdjointName).OfType<string>()).Concat(model.Parameters.Select(p => p.AdjointName).OfType<string>()));
        return SinCosPairs.Fold(text, names.Contains);
    }

    /// <param name="reverseSweep">The reverse sweep's text: a variable it names must be declared where it sees it.</param>
    /// <param name="split">The calls whose callee's forward sweep runs here (split mode), or null.</param>
    /// <param name="handedOver">
    /// A split forward sweep (<see cref="SplitSweeps"/>), whose reverse sweep runs in another call: every variable the
    /// reverse names is declared at the top, to be pushed onto the tape at the end.
    /// </param>
    public static void Write(CodeWriter w, MethodModel model, string reverseSweep, SplitCalls? split = null, bool handedOver = false)
    {
        HashSet<int> hoisted = Hoisted(model, reverseSweep, handedOver);
        foreach (int id in hoisted.OrderBy(id => id))
        {
            Variable v = model.Variables[id];
            w.Line($"{v.TypeName} {v.Name} = {v.DefaultValue};");
        }

        foreach (LoopStmt loop in model.Body.Flattened().OfType<LoopStmt>().Where(l => l.Selection is not null))
        {
            w.Line($"{model.Variables[loop.Counter!.Variable].TypeName} {loop.Selection!.Taken} = -1;");
        }

        foreach (ValueStackModel stack in model.Stacks)
        {
            // The first values live on this method's stack; a call that saves only a few rents nothing.
            string initial = StackAllocatable.Contains(stack.ElementTypeName) ? $"stackalloc {stack.ElementTypeName}[{InitialCapacity}]" : "default";
            w.Line($"var {stack.Name} = new global::GradientGen.Internal.ValueStack<{stack.ElementTypeName}>({initial});");
        }

        foreach (SlotBufferModel slots in model.SlotBuffers)
        {
            // Taken before the loops' values are computed: none is live across the call that may rent the room.
            w.Line($"// Room for every {slots.ElementTypeName} the loops keep, from their trip counts: kept at the cursor, read back in reverse order.");
            w.Line($"global::System.Span<{slots.ElementTypeName}> {slots.Name} = global::GradientGen.Internal.LoopSlots.Rent(stackalloc {slots.ElementTypeName}[{InitialCapacity}], {slots.Room}, out {slots.ElementTypeName}[]? {slots.RentedName});");
            w.Line($"int {slots.CursorName} = 0;");
        }

        // A fused loop and the return's operations on its sums run in the reverse sweep (FusedReductions).
        int fused = Analysis.FusedReductions.IndexOf(model.Body);
        var sweep = new ForwardSweep(w, model, hoisted, split: split);
        sweep.WriteBlock(fused < 0 ? model.Body : model.Body.Take(fused));
        if (fused >= 0)
        {
            var loopStatement = (SourceStmt)model.Body[fused];
            w.Line($"// {loopStatement.SourceText} (in the reverse sweep, once the adjoints of its sums are known)");
            var returned = (SourceStmt)model.Body[fused + 1];
            List<Stmt> before = Analysis.FusedReductions.Before(returned.Body, (LoopStmt)loopStatement.Body[loopStatement.Body.Count - 1]);
            if (before.Count > 0)
            {
                w.Line($"// {returned.SourceText} (what it computes without the sums)");
                sweep.WriteBlock(before);
            }
        }
    }

    /// <summary>The variables the forward sweep declares at its top, before its first statement (see <see cref="Write"/>).</summary>
    public static HashSet<int> Hoisted(MethodModel model, string reverseSweep, bool handedOver)
    {
        var hoisted = new HashSet<int>();
        HashSet<string> named = ReverseNames(reverseSweep);
        bool ReverseMentions(int id) => named.Contains(model.Variables[id].Name);
        // Handed over, the top level is treated as a loop body: what it declares and the reverse names is hoisted too.
        FindHoisted(model.Body, nested: handedOver, loopBody: handedOver, hoisted, ReverseMentions);
        return hoisted;
    }

    /// <summary>The names a reverse sweep's code (not its comments) mentions.</summary>
    public static HashSet<string> ReverseNames(string reverseSweep) => Atoms.Identifiers(WithoutComments(reverseSweep));

    /// <summary>Generated code without its comment lines.</summary>
    public static string WithoutComments(string code) =>
        string.Join("\n", code.Split('\n').Where(line => !line.TrimStart().StartsWith("//", System.StringComparison.Ordinal)));

    /// <param name="loopBody">The statements are a loop body's own (not inside a branch of it): what they declare is scoped to the body.</param>
    private static void FindHoisted(IEnumerable<Stmt> body, bool nested, bool loopBody, HashSet<int> hoisted, System.Func<int, bool> reverseMentions)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    FindHoisted(source.Body, nested, loopBody, hoisted, reverseMentions);
                    break;
                case IfStmt branch:
                    FindHoisted(branch.Then, nested: true, loopBody: false, hoisted, reverseMentions);
                    FindHoisted(branch.Else, nested: true, loopBody: false, hoisted, reverseMentions);
                    break;
                case LoopStmt loop:
                    // A replayed body's locals are declared again where its reverse iteration runs it: hoisted only if the reverse loop sets them.
                    HashSet<int> setAgain = ReplaySlice.SetAgain(loop);
                    // A fused body is written whole where the reverse sweep runs it: its own locals are declared there,
                    // those of its inner loops at the top, where its iteration's reverse sees them (FusedInnerLocals).
                    // A selection's reverse runs its iteration again (SelectedIteration): what its body declares is declared at the top.
                    FindHoisted(loop.Body, nested: true, loopBody: true, hoisted, loop.Selection is { Replays: true } ? _ => true
                        : loop.Fused ? FusedInnerLocals(loop.Body).Contains : loop.Replays ? id => setAgain.Contains(id) && reverseMentions(id) : reverseMentions);
                    break;
                case AssignStmt { Declares: true } assign when nested && !(loopBody && !reverseMentions(assign.Target)):
                    hoisted.Add(assign.Target);
                    break;
                case DeclareStmt declare when nested && !(loopBody && !reverseMentions(declare.Variable)):
                    hoisted.Add(declare.Variable);
                    break;
            }
        }
    }

    /// <summary>
    /// The variables the inner loops of a fused loop's body declare: declared at the method's top, where the iteration's
    /// reverse sees them. Not those of a replayed inner loop: its reverse iterations declare them again.
    /// </summary>
    private static HashSet<int> FusedInnerLocals(IEnumerable<Stmt> body)
    {
        var locals = new HashSet<int>();
        void Visit(IEnumerable<Stmt> block, bool inInnerLoop)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
            foreach (Stmt s in block)
            {
                switch (s)
                {
                    case SourceStmt source:
                        Visit(source.Body, inInnerLoop);
                        break;
                    case IfStmt branch:
                        Visit(branch.Then, inInnerLoop);
                        Visit(branch.Else, inInnerLoop);
                        break;
                    case LoopStmt { Replays: false } inner:
                        Visit(inner.Body, inInnerLoop: true);
                        break;
                    case var _ when inInnerLoop && ReplaySlice.DeclaredBy(s) is var id and >= 0:
                        locals.Add(id);
                        break;
                }
            }
        }

        Visit(body, inInnerLoop: false);
        return locals;
    }

    private void WriteBlock(IEnumerable<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        List<Stmt> statements = body.ToList();
        for (int i = 0; i < statements.Count; i++)
        {
            Stmt stmt = statements[i];
            if (WholeStore(statements, i) is { } whole)
            {
                _w.Line(whole.Text);
                i += whole.Count - 1;
                continue;
            }

            if (stmt is SourceStmt source)
            {
                // A statement that became several operations, a branch or a loop is quoted so the reader can map it back.
                if ((source.Body.Count > 1 || source.Body.Any(s => s is IfStmt or LoopStmt)) && (_kept is null || ReplaySlice.Operations(source.Body).Any(_kept.Contains)))
                {
                    _w.Line("// " + source.SourceText);
                }

                WriteBlock(source.Body);
            }
            else
            {
                WriteOne(stmt);
            }
        }
    }

    // Where a selection loop's choice takes the iteration's value: the index the reverse sweep runs (SelectionLoops).
    private string KeepsComment(LoopStmt loop) =>
        $"// Keeps the iteration {_model.Variables[loop.Selection!.Accumulator].Name} takes its value from: the reverse sweep runs that one alone (SelectionLoops).";

    private string KeepsIndex(LoopStmt loop) => $"{loop.Selection!.Taken} = {_model.Variables[loop.Counter!.Variable].Name};";

    /// <summary>The statements of a body and of its branches, not those of its loops.</summary>
    private static IEnumerable<Stmt> OutsideInnerLoops(IEnumerable<Stmt> body) => body.SelectMany<Stmt, Stmt>(s => s switch
    {
        SourceStmt source => OutsideInnerLoops(source.Body).Prepend(s),
        IfStmt branch => OutsideInnerLoops(branch.Then).Concat(OutsideInnerLoops(branch.Else)).Prepend(s),
        _ => [s],
    });

    /// <summary>The statements without their saves.</summary>
    private static EquatableArray<Stmt> WithoutSaves(IEnumerable<Stmt> body) => body.Select(s => s switch
    {
        SourceStmt source => source with { Body = WithoutSaves(source.Body) },
        IfStmt branch => branch with { Then = WithoutSaves(branch.Then), Else = WithoutSaves(branch.Else) },
        LoopStmt inner => inner with { Body = WithoutSaves(inner.Body), Selection = inner.Selection is { } selection ? selection with { Kept = null } : null },
        AssignStmt assign => assign with { Save = null, RestoreFirst = false },
        VerbatimStmt verbatim => verbatim with { Saves = new List<SavedVariable>().ToEquatableArray() },
        _ => s,
    }).ToEquatableArray();

    /// <summary>Where a counted loop's body ends with its index's step: the statements that write only the index.</summary>
    private static int StepStart(LoopStmt loop)
    {
        HashSet<int> setAgain = ReplaySlice.SetAgain(loop);
        int start = loop.Body.Count;
        while (start > 0 && new[] { loop.Body[start - 1] }.Flattened().All(s => s is SourceStmt || ReplaySlice.SetsOnlyIndex(s, setAgain)))
        {
            start--;
        }

        return start;
    }

    /// <summary>
    /// A struct that can't be assigned member by member (<c>Complex</c>, a readonly record struct) stored whole: one
    /// statement for the run of member stores, from <paramref name="start"/>, that sets every leaf in order
    /// (<c>z = new Complex(t1, t2);</c>, not a rebuild per member); null when no such run starts there.
    /// </summary>
    private (string Text, int Count)? WholeStore(List<Stmt> statements, int start)
    {
        if (statements[start] is not ElementAssignStmt { Compound: null, Save: null } first || _model.Variables[first.Array] is not { Stores: { Whole: not null } stores } holder
            || first.Member != stores.Leaves[0] || start + stores.Leaves.Count > statements.Count)
        {
            return null;
        }

        var values = new List<string>();
        for (int k = 0; k < stores.Leaves.Count; k++)
        {
            if (statements[start + k] is not ElementAssignStmt { Compound: null, Save: null } store || store.Array != first.Array || !store.Indices.Equals(first.Indices)
                || store.Member != stores.Leaves[k] || (_kept is not null && !_kept.Contains(store)))
            {
                return null;
            }

            values.Add(Atoms.Text(_model, store.Value));
        }

        return (stores.StoreAll(Atoms.Element(_model, holder, holder.Name, first.Indices), values)!, stores.Leaves.Count);
    }

    /// <summary>What an assignment assigns: its expression, or for a call run in split mode, the call of the callee's forward sweep.</summary>
    private string ValueOf(AssignStmt assign) =>
        assign.Value is DiffCallExpr call && _split is not null && _split.Runs(assign) ? _split.ForwardCall(_model, call) : Atoms.Expression(_model, assign.Value);

    /// <summary>Keeps each variable's value before the statement writes it.</summary>
    private void KeepAll(EquatableArray<SavedVariable> saves)
    {
        foreach (SavedVariable saved in saves)
        {
            Variable kept = _model.Variables[saved.Variable];
            _w.Line(saved.Save.Keep(kept.TypeName, kept.Name));
        }
    }

    private void WriteOne(Stmt stmt)
    {
        switch (stmt)
        {
            case ListAddStmt add:
                _w.Line($"{_model.Variables[add.List].Name}.Add({Atoms.Text(_model, add.Value)});");
                break;
            case not (SourceStmt or LoopStmt) when _kept is not null && !_kept.Contains(stmt):
                break;
            case AssignStmt assign:
                Variable target = _model.Variables[assign.Target];
                if (assign.Selects is int selected && _selecting is { } selectionLoop)
                {
                    IReadOnlyList<Atom> operands = assign.Value.Operands();
                    var call = (MathCallExpr)assign.Value;
                    _w.Line(KeepsComment(selectionLoop));
                    _w.Open($"if ({PartialDerivatives.Takes(call.Function, Atoms.Text(_model, operands[0]), Atoms.Text(_model, operands[1]), selected)})");
                    _w.Line(KeepsIndex(selectionLoop));
                    _w.Close();
                }

                if (assign.Save is { OnStack: true } taped && assign.Value is DiffCallExpr && taped.Name == _split?.Tape && _split.Runs(assign) && !assign.RestoreFirst)
                {
                    // A split sweep keeping the old value on the tape its callee's forward sweep pushes onto: the old value
                    // goes first, since the reverse runs the callee's reverse sweep (which pops its own) before giving it back.
                    _w.Line(taped.Keep(target.TypeName, target.Name));
                    _w.Line($"{target.Name} = {ValueOf(assign)};");
                    break;
                }

                if (assign.Save is { OnStack: true } pushed)
                {
                    string next = Atoms.IsAccumulation(assign) ? $"{target.Name} {Atoms.Symbol(((BinaryExpr)assign.Value).Operator)} {Atoms.Text(_model, ((BinaryExpr)assign.Value).Right)}" : ValueOf(assign);
                    _w.Line($"{target.Name} = {pushed.Name}.Replace({target.Name}, {next});");
                    break;
                }

                if (assign.Save is { } save)
                {
                    _w.Line(save.Keep(target.TypeName, target.Name));
                }

                if (Atoms.IsAccumulation(assign))
                {
                    var binary = (BinaryExpr)assign.Value;
                    _w.Line($"{target.Name} {Atoms.Symbol(binary.Operator)}= {Atoms.Text(_model, binary.Right)};");
                }
                else
                {
                    string declaration = assign.Declares && !_hoisted.Contains(assign.Target) ? target.TypeName + " " : string.Empty;
                    _w.Line($"{declaration}{target.Name} = {ValueOf(assign)};");
                }

                break;
            case ElementAssignStmt store:
                Variable stored = _model.Variables[store.Array];
                string element = Atoms.Element(_model, stored, stored.Name, store.Indices, store.Member);
                string value = Atoms.Text(_model, store.Value);
                if (store.Save is { OnStack: true } elementPushed)
                {
                    string next = store.Compound is { } op ? $"{element} {Atoms.Symbol(op)} {value}" : value;
                    _w.Line(Atoms.Store(_model, stored, stored.Name, store.Indices, store.Member, compound: null, $"{elementPushed.Name}.Replace({element}, {next})"));
                    break;
                }

                if (store.Save is { } elementSave)
                {
                    _w.Line(elementSave.Keep(Analysis.SymbolFacts.KeywordFor(stored.Kind), element));
                }

                _w.Line(Atoms.Store(_model, stored, stored.Name, store.Indices, store.Member, store.Compound, value));
                break;
            case RowAllocStmt row:
                Variable jagged = _model.Variables[row.Array];
                string rowAt = $"{jagged.Name}[{Atoms.Text(_model, row.Index)}]";
                string allocation = row.Named is { } named ? Atoms.Text(_model, named) : $"new {Analysis.SymbolFacts.KeywordFor(jagged.Kind)}[{Atoms.Text(_model, row.Length!)}]";
                if (row.Save is { OnStack: true } rowPushed)
                {
                    _w.Line($"{rowAt} = {rowPushed.Name}.Replace({rowAt}, {allocation});");
                    break;
                }

                if (row.Save is { } rowSave)
                {
                    _w.Line(rowSave.Keep(Analysis.SymbolFacts.KeywordFor(jagged.Kind) + "[]", rowAt));
                }

                _w.Line($"{rowAt} = {allocation};");
                break;
            case DeclareStmt declare when !_hoisted.Contains(declare.Variable):
                Variable v = _model.Variables[declare.Variable];
                // A struct filled member by member must be assigned as a whole first (its setters need it).
                _w.Line(v.Shape == ValueShape.Struct ? $"{v.TypeName} {v.Name} = default;" : $"{v.TypeName} {v.Name};");
                break;
            case VerbatimStmt verbatim:
                KeepAll(verbatim.Saves);
                _w.Lines(verbatim.Text);
                break;
            case WritingCallStmt call:
                KeepAll(call.Saves);
                for (int i = 0; i < call.Arrays.Count; i++)
                {
                    _w.Line($"{call.ArrayStacks[i]}.PushAll({_model.Variables[call.Arrays[i]].Name});");
                }

                Variable? result = call.Result is int id ? _model.Variables[id] : null;
                _w.Line((result is null ? string.Empty : $"{result.TypeName} {result.Name} = ") + Atoms.Expression(_model, call.Call) + ";");
                break;
            case IfStmt branch:
                _w.Open($"if ({_model.Variables[branch.Condition].Name})");
                if (branch.Chooses && _selecting is { } takingLoop)
                {
                    _w.Line(KeepsComment(takingLoop));
                    _w.Line(KeepsIndex(takingLoop));
                }

                WriteBlock(branch.Then);
                _w.Close();
                if (!branch.Else.IsEmpty)
                {
                    _w.Open("else");
                    WriteBlock(branch.Else);
                    _w.Close();
                }

                break;
            case LoopStmt loop:
                if (loop.Selection is { } reset)
                {
                    _w.Line($"{reset.Taken} = -1;");
                }

                LoopStmt? selecting = _selecting;
                _selecting = loop.Selection is not null ? loop : null;
                _w.Open(loop.Shape == LoopShape.TestFirst ? $"while ({loop.Condition})" : "do");
                if (loop.Trips is { } trips)
                {
                    _w.Line(_model.Variables[trips].Name + "++;");
                }

                if (loop.Fused && _reverseIteration is not null)
                {
                    // The iteration, its reverse, then the index's step (the reverse reads the index the iteration had).
                    int step = StepStart(loop);
                    WriteBlock(loop.Body.Take(step));
                    if (_reverseIteration.Length > 0)
                    {
                        _w.Line("// The iteration's reverse.");
                        _w.Lines(_reverseIteration);
                    }

                    WriteBlock(loop.Body.Skip(step));
                }
                else
                {
                    // A replaying selection's iterations keep nothing: its reverse runs the one it needs again.
                    WriteBlock(loop.Selection is { Replays: true } ? WithoutSaves(loop.Body) : loop.Body);
                }

                _w.Close(loop.Shape == LoopShape.TestFirst ? string.Empty : $" while ({loop.Condition});");
                _selecting = selecting;
                if (loop.Selection is { Kept: { } keep } keptIndex)
                {
                    _w.Line(keep.Keep(_model.Variables[loop.Counter!.Variable].TypeName, keptIndex.Taken));
                }

                break;
        }
    }
}
