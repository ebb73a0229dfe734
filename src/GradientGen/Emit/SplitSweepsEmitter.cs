using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes a method's split sweeps (<see cref="SplitSweeps"/>), <c>…ForwardSweep</c> and <c>…ReverseSweep</c>: the
/// backward's two sweeps as two methods, the values the reverse reads handed over on the caller's tape. And decides,
/// from the IR and the reverse sweep's text, whether a method can have them (<see cref="Plan"/>): the caller's
/// analysis reads that decision, so a caller runs split only callees that have split sweeps.
/// </summary>
internal static class SplitSweepsEmitter
{
    private const string TapeType = "global::GradientGen.Internal.Tape";

    /// <summary>
    /// The split sweeps of <paramref name="model"/> (whose <see cref="MethodModel.TapeName"/> is set), or null when
    /// its backward can't be cut in two: a result or parameter its reverse sweep changes (a restored element of the
    /// result, a parameter it assigns, a member it writes), a fused loop (run in the reverse sweep), or a value the
    /// reverse reads of a type the tape doesn't carry (a struct, a span).
    /// </summary>
    public static SplitSweeps? Plan(MethodModel model, string forwardName, string reverseName, string modifiers)
    {
        if (model.TapeName is null || model.ReturnsVoid || !(model.ReturnShape == ValueShape.Scalar || (model.ReturnShape == ValueShape.Vector && model.ResultArray is not null))
            || model.StructThisAdjoint is not null || model.GenericScalarName is not null || model.TypeParameterList.Length > 0
            || !model.FinalMembers.IsEmpty || MemberWriteChecks.WritesMembers(model) || model.Parameters.Any(p => p.Written || p.Modifier.Length > 0)
            || Analysis.FusedReductions.IndexOf(model.Body) >= 0)
        {
            return null;
        }

        List<Stmt> statements = model.Body.Flattened().ToList();
        if (!statements.Any(s => s is LoopStmt)
            || statements.Any(s => s is ElementAssignStmt { Save: not null } or RowAllocStmt or ListAddStmt or WritingCallStmt)
            || statements.SelectMany(s => s.WrittenVariables()).Any(id => model.Variables[id].Role == VariableRole.Parameter))
        {
            return null;
        }

        model = OnTheTape(model);
        if (!model.Stacks.IsEmpty || !model.SlotBuffers.IsEmpty)
        {
            return null; // Values of a type the tape doesn't carry (a struct's), kept in storage of the method's own.
        }

        string reverse = ReverseText(model, SplitCalls.For(model));
        HashSet<string> named = ForwardSweep.ReverseNames(reverse);
        string code = ForwardSweep.WithoutComments(reverse);

        // The caller holds the result array, and may change it before the reverse: a reverse that reads its elements isn't split.
        if (model.ResultArray is { } result && System.Text.RegularExpressions.Regex.IsMatch(code, $@"(?<![\w.]){model.Variables[result].Name}\s*\["))
        {
            return null;
        }

        var transfers = new List<TapeTransfer>();
        foreach (Variable v in ForwardSweep.Hoisted(model, reverse, handedOver: true).Where(id => named.Contains(model.Variables[id].Name)).Select(id => model.Variables[id]))
        {
            if (SlotOf(v.TypeName) is not { } slot || System.Text.RegularExpressions.Regex.IsMatch(code, $@"(?<![\w.]){System.Text.RegularExpressions.Regex.Escape(v.TypeName)}\s+{v.Name}\s*="))
            {
                return null;
            }

            transfers.Add(new TapeTransfer(v.Name, v.TypeName, slot));
        }

        // The iterations selection loops keep (SelectionLoops): locals of the forward sweep's top, like the hoisted variables
        // (one kept per run of its loop is taken back from the tape too, into this local).
        foreach (LoopStmt selecting in statements.OfType<LoopStmt>().Where(l => l.Selection is not null && named.Contains(l.Selection.Taken)))
        {
            string typeName = model.Variables[selecting.Counter!.Variable].TypeName;
            if (SlotOf(typeName) is not { } slot)
            {
                return null;
            }

            transfers.Add(new TapeTransfer(selecting.Selection!.Taken, typeName, slot));
        }

        // Values kept in locals by straight-line code at the top level, given back by the reverse sweep.
        foreach ((Save save, Variable kept) in statements.SelectMany(KeptLocally).Where(k => named.Contains(k.Save.Name)))
        {
            if (SlotOf(kept.TypeName) is not { } slot)
            {
                return null;
            }

            transfers.Add(new TapeTransfer(save.Name, kept.TypeName, slot));
        }

        return new SplitSweeps(forwardName, reverseName, modifiers, transfers.ToEquatableArray());

        IEnumerable<(Save Save, Variable Kept)> KeptLocally(Stmt s) => s switch
        {
            AssignStmt { Save: { OnStack: false, Cursor: null } save } assign => [(save, model.Variables[assign.Target])],
            VerbatimStmt verbatim => verbatim.Saves.Where(k => k.Save is { OnStack: false, Cursor: null }).Select(k => (k.Save, model.Variables[k.Variable])),
            _ => [],
        };
    }

    /// <summary>
    /// The model as its split sweeps run it: what its loops keep goes onto the caller's tape, which the reverse sweep
    /// pops, instead of into value stacks and slots of its own. Those would live from the forward sweep to the reverse,
    /// each call holding an array rented from the shared pool, and thousands of calls pending at once (a callee called
    /// per data point) empty the pool, which then allocates. Value stacks of types the tape doesn't carry (structs)
    /// stay, and <see cref="Plan"/> gives such a method no split sweeps (as it does a method that keeps elements).
    /// </summary>
    private static MethodModel OnTheTape(MethodModel model)
    {
        string tape = model.TapeName!;
        var pops = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach ((string name, string typeName) in model.Stacks.Select(s => (s.Name, s.ElementTypeName)).Concat(model.SlotBuffers.Select(s => (s.Name, s.ElementTypeName))))
        {
            if (PopOf(typeName) is { } pop)
            {
                pops[name] = pop;
            }
        }

        Save Moved(Save save) => pops.TryGetValue(save.Name, out string? pop) ? new Save(tape, OnStack: true, PopName: pop) : save;
        EquatableArray<Stmt> Rewrite(EquatableArray<Stmt> body) => body.Select(s => s switch
        {
            SourceStmt source => source with { Body = Rewrite(source.Body) },
            IfStmt branch => branch with { Then = Rewrite(branch.Then), Else = Rewrite(branch.Else) },
            LoopStmt loop => loop with { Body = Rewrite(loop.Body), Selection = loop.Selection is { Kept: { } kept } selection ? selection with { Kept = Moved(kept) } : loop.Selection },
            AssignStmt { Save: { } save } assign => assign with { Save = Moved(save) },
            VerbatimStmt verbatim => verbatim with { Saves = verbatim.Saves.Select(k => k with { Save = Moved(k.Save) }).ToEquatableArray() },
            _ => s,
        }).ToEquatableArray();

        return model with
        {
            Body = Rewrite(model.Body),
            Stacks = model.Stacks.Where(s => !pops.ContainsKey(s.Name)).ToEquatableArray(),
            SlotBuffers = model.SlotBuffers.Where(s => !pops.ContainsKey(s.Name)).ToEquatableArray(),
        };
    }

    /// <summary>The tape's method that reads back a value of type <paramref name="typeName"/>, or null for a type it doesn't carry.</summary>
    private static string? PopOf(string typeName) => SlotOf(typeName) is { } slot ? PopOf(slot, typeName) : null;

    private static string PopOf(TapeSlot slot, string typeName) => slot switch
    {
        TapeSlot.Double => "PopDouble",
        TapeSlot.Float => "PopFloat",
        TapeSlot.Long => "PopLong",
        TapeSlot.Int => "PopInt",
        TapeSlot.Bool => "PopBool",
        _ => $"PopObject<{typeName.TrimEnd('?')}>",
    };

    /// <summary>The tape's stack for a value of type <paramref name="typeName"/>, or null for a type it doesn't carry.</summary>
    private static TapeSlot? SlotOf(string typeName) => typeName switch
    {
        "double" => TapeSlot.Double,
        "float" => TapeSlot.Float,
        "long" => TapeSlot.Long,
        "int" => TapeSlot.Int,
        "bool" => TapeSlot.Bool,
        _ when System.Text.RegularExpressions.Regex.IsMatch(typeName, @"^(double|float|int|long|bool)(\[,*\])+\??$") => TapeSlot.Object,
        _ => null,
    };

    /// <summary>The split reverse sweep's body: the backward's reverse sweep, without returning a result.</summary>
    private static string ReverseText(MethodModel model, SplitCalls? split)
    {
        var reverse = new CodeWriter();
        reverse.Line("// Reverse sweep: adjoints flow from the result back to the parameters.");
        ReverseSweep.Write(reverse, model, split);
        BackwardEmitter.GiveBackStorage(reverse, model);
        return reverse.ToString();
    }

    public static void Write(CodeWriter w, MethodModel model)
    {
        SplitSweeps sweeps = model.Split!;
        model = OnTheTape(model);
        SplitCalls split = SplitCalls.For(model)!;
        string reverse = ReverseText(model, split);
        string tape = split.Tape;
        string primals = string.Join(", ", BackwardEmitter.PrimalParameters(model));
        string name = Analysis.SymbolFacts.Escape(model.Name);

        w.Line("/// <summary>");
        w.Line($"/// The forward sweep of <see cref=\"{Analysis.SymbolFacts.Escape(model.BackwardName)}\"/> for a caller's backward (split mode): returns what");
        w.Line($"/// <see cref=\"{name}\"/> returns and leaves on <paramref name=\"{tape}\"/> what <see cref=\"{sweeps.ReverseName}\"/> reads.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{sweeps.Modifiers} {model.ReturnTypeName} {sweeps.ForwardName}({primals}, ref {TapeType} {tape})");
        w.Line("// Forward sweep: the primal computation, keeping what the reverse sweep reads.");
        ForwardSweep.Write(w, model, reverse, split, handedOver: true);
        w.Line("// What the reverse sweep reads, left on the tape for it.");
        foreach (TapeTransfer transfer in sweeps.Transfers)
        {
            w.Line($"{tape}.Push({transfer.Name});");
        }

        w.Line($"return {(model.ResultArray is { } array ? model.Variables[array].Name : model.ResultName)};");
        w.Close();

        // The backward's parameters, the tape right after the method's own.
        var parameters = BackwardEmitter.PrimalParameters(model).Append($"ref {TapeType} {tape}").Concat(BackwardEmitter.AdjointParameters(model));
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// The reverse sweep of <see cref=\"{Analysis.SymbolFacts.Escape(model.BackwardName)}\"/> for a caller's backward (split mode): takes from");
        w.Line($"/// <paramref name=\"{tape}\"/> what <see cref=\"{sweeps.ForwardName}\"/> left there, and adds <paramref name=\"{model.ResultAdjointName}\"/> times the");
        w.Line("/// partial derivative of the result with respect to each active parameter into that parameter's adjoint.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{sweeps.Modifiers} void {sweeps.ReverseName}({string.Join(", ", parameters)})");
        BackwardEmitter.WriteAliasingChecks(w, model);
        w.Line("// What the forward sweep left on the tape, taken back in the opposite order.");
        foreach (TapeTransfer transfer in sweeps.Transfers.Reverse())
        {
            w.Line($"{transfer.TypeName} {transfer.Name} = {tape}.{PopOf(transfer.Slot, transfer.TypeName)}();");
        }

        w.Line();
        w.Lines(reverse.TrimEnd('\n'));
        w.Close();
    }
}
