using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Writes the generated file for one method: its <c>…Backward</c> and, where it applies, its <c>…Gradient</c>.</summary>
internal static class BackwardEmitter
{
    public static string Emit(MethodModel model) => GeneratedFile.Write(model, model.Name, w =>
    {
        WriteBackward(w, model);
        if (model.GradientName is not null)
        {
            w.Line();
            GradientEmitter.Write(w, model);
        }

        if (model.JacobianName is not null)
        {
            w.Line();
            JacobianEmitter.Write(w, model);
        }

        if (model.Split is not null)
        {
            w.Line();
            SplitSweepsEmitter.Write(w, model);
        }
    });

    private const string JaggedCheck = "global::GradientGen.Internal.JaggedArrays.CheckAdjoint";

    /// <summary>An input array that shares memory with its adjoint would be read while being accumulated into: refuse it.</summary>
    internal static void WriteAliasingChecks(CodeWriter w, MethodModel model)
    {
        if (model.ShadowName is { } shadow)
        {
            WriteShadowChecks(w, model, shadow, "this", "this object's members");
        }

        var objects = new List<(string Owner, string Shadow)>();
        if (model.ShadowName is { } ownShadow)
        {
            objects.Add(("this", ownShadow));
        }

        foreach (ParameterModel o in model.Parameters.Where(p => p.IsObject))
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({o.Name});");
            WriteShadowChecks(w, model, o.AdjointName!, o.Name, $"the members of '{o.Name}'");
            // Whatever the declared types: one may derive from the other, and then one object can be given for both.
            foreach ((string earlierOwner, string earlierShadow) in objects)
            {
                WriteSameClassChecks(w, (earlierOwner, earlierShadow), (o.Name, o.AdjointName!));
            }

            objects.Add((o.Name, o.AdjointName!));
        }

        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is not { } adjoint || p.Shape is not (ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray))
            {
                continue;
            }

            if (p.Shape == ValueShape.Jagged)
            {
                w.Line($"{JaggedCheck}({p.Name}, {adjoint}, nameof({p.Name}), nameof({adjoint}));");
                w.Line();
                continue;
            }

            string overlaps = p.Shape switch
            {
                ValueShape.Vector => $"global::System.MemoryExtensions.Overlaps({Analysis.FloatLists.AsReadOnlySpan(p.Name, p.TypeName, p.Kind)}, {adjoint})",
                ValueShape.StructArray => $"global::System.MemoryExtensions.Overlaps(({p.AdjointTypeName.Replace("global::System.Span<", "global::System.ReadOnlySpan<")}){p.Name}, {adjoint})",
                _ => $"ReferenceEquals({p.Name}, {adjoint})",
            };
            w.Open($"if ({overlaps})");
            w.Line($"throw new global::System.ArgumentException(\"'{adjoint}' must not share memory with '{p.Name}': the backward reads '{p.Name}' while it adds into '{adjoint}'.\", nameof({adjoint}));");
            w.Close();
            w.Line();
        }

        MemberWriteChecks.WriteDistinctOwners(w, model);
        MemberWriteChecks.Write(w, model);

        WrittenSpanChecks.Write(w, model);
    }

    /// <summary>
    /// A shadow object (<c>dThis</c>, or an object parameter's <c>dLayer</c>) must exist, be another object than the
    /// one read, and share no array with it: the backward reads the object's members while it adds into the shadow's.
    /// </summary>
    private static void WriteShadowChecks(CodeWriter w, MethodModel model, string shadow, string owner, string ownerMembers)
    {
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({shadow});");
        w.Open($"if (ReferenceEquals({shadow}, {owner}))");
        w.Line($"throw new global::System.ArgumentException(\"'{shadow}' must be a separate object: the backward reads {ownerMembers} while it adds into those of '{shadow}'.\", nameof({shadow}));");
        w.Close();
        w.Line();
        string prefix = shadow + ".";
        foreach (Variable member in model.Variables)
        {
            if (member.Shape == ValueShape.Jagged && member.AdjointName is { } rows && rows.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                w.Line($"{JaggedCheck}({member.Name}, {rows}, \"{member.Name}\", \"{rows}\");");
                w.Line();
            }
            else if (member.Shape is ValueShape.Vector or ValueShape.Matrix or ValueShape.StructArray && member.AdjointName is { } adjoint && adjoint.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                w.Open($"if (ReferenceEquals({member.Name}, {adjoint}))");
                w.Line($"throw new global::System.ArgumentException(\"'{adjoint}' must not be the array '{member.Name}': the backward reads '{member.Name}' while it adds into '{adjoint}'.\", nameof({shadow}));");
                w.Close();
                w.Line();
            }
        }
    }

    /// <summary>
    /// Two objects (<c>Loss(Layer l1, Layer l2, …)</c>): neither's shadow may be the other object, and their shadows must
    /// be two objects unless the objects are one (then their adjoints rightly add up in one shadow).
    /// </summary>
    private static void WriteSameClassChecks(CodeWriter w, (string Owner, string Shadow) first, (string Owner, string Shadow) second)
    {
        foreach (((string owner, _), (_, string shadow)) in new[] { (first, second), (second, first) })
        {
            w.Open($"if (ReferenceEquals({shadow}, {owner}))");
            w.Line($"throw new global::System.ArgumentException(\"'{shadow}' must not be '{owner}': the backward reads the members of '{owner}' while it adds into those of '{shadow}'.\", nameof({shadow}));");
            w.Close();
            w.Line();
        }

        w.Open($"if (ReferenceEquals({second.Shadow}, {first.Shadow}) && !ReferenceEquals({second.Owner}, {first.Owner}))");
        w.Line($"throw new global::System.ArgumentException(\"'{second.Shadow}' must not be '{first.Shadow}': the adjoints of two objects, '{first.Owner}' and '{second.Owner}', would add up in one.\", nameof({second.Shadow}));");
        w.Close();
        w.Line();
    }

    /// <summary>At the end of the reverse sweep: the pooled adjoints, the value stacks and the loops' slots go back to the pool.</summary>
    internal static void GiveBackStorage(CodeWriter reverse, MethodModel model)
    {
        ReverseSweep.ReturnPooled(reverse, model);
        foreach (ValueStackModel stack in model.Stacks)
        {
            reverse.Line($"{stack.Name}.Dispose();");
        }

        foreach (SlotBufferModel slots in model.SlotBuffers)
        {
            reverse.Line($"global::GradientGen.Internal.LoopSlots.Return({slots.RentedName});");
        }
    }

    /// <param name="summary">The doc comment's summary lines, when they are not the backward's own.</param>
    /// <param name="secondOrder">
    /// For a second-order engine: its directional derivative goes out through an <c>out</c> parameter, and it returns
    /// the method's result, both as the forward sweep leaves them (the reverse sweep may give them back older values:
    /// in the engine they are intermediate values like any other).
    /// </param>
    /// <summary>The method's own parameters, as the backward and the split sweeps declare them first.</summary>
    internal static IEnumerable<string> PrimalParameters(MethodModel model) =>
        model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}");

    /// <summary>The backward's parameters after the method's own: dResult, the shadow of this, and the adjoints.</summary>
    internal static IEnumerable<string> AdjointParameters(MethodModel model)
    {
        if (!model.ReturnsVoid)
        {
            yield return $"{model.ResultAdjointTypeName} {model.ResultAdjointName}";
        }

        if (model.ShadowName is { } shadow)
        {
            yield return $"{model.ShadowTypeName} {shadow}";
        }

        if (model.StructThisAdjoint is { } structThis)
        {
            yield return $"ref {model.StructThis!.TypeName} {structThis}";
        }

        foreach (ParameterModel p in model.Parameters.Where(p => p.AdjointName is not null))
        {
            yield return $"{p.AdjointTypeName} {p.AdjointName}";
        }
    }

    internal static void WriteBackward(CodeWriter w, MethodModel model, IReadOnlyList<string>? summary = null, SecondOrderModel? secondOrder = null)
    {
        var parameters = PrimalParameters(model).Concat(AdjointParameters(model)).ToList();
        if (secondOrder is not null)
        {
            parameters.Add($"out {model.Variables[secondOrder.TangentResultVariable].TypeName} {secondOrder.TangentResultName}");
        }

        w.Line("/// <summary>");
        if (summary is not null)
        {
            foreach (string line in summary)
            {
                w.Line("/// " + line);
            }
        }
        else if (model.ReturnsVoid && !model.Parameters.Any(p => p.Written))
        {
            // Its outputs are the members it writes (MemberWriteChecks): their shadows go both ways.
            w.Line($"/// Reverse-mode derivative of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: writes the members it writes as it does, and");
            w.Line("/// moves the adjoints of their final values, given in the same members of the shadow, to its inputs: the");
            w.Line("/// shadow's written members are left holding the adjoints of their values on entry, the other adjoints accumulate.");
        }
        else if (model.ReturnsVoid)
        {
            w.Line($"/// Reverse-mode derivative of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: writes its outputs as it does, and moves the");
            w.Line("/// adjoints of the outputs, given in the adjoints of the spans it writes, to its inputs: those spans' adjoints");
            w.Line("/// are left holding the adjoints of the values the spans had on entry, the others accumulate.");
        }
        else
        {
            w.Line($"/// Reverse-mode derivative of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: returns its result and adds");
            w.Line($"/// <paramref name=\"{model.ResultAdjointName}\"/> times the partial derivative of the result with respect to each");
            w.Line("/// active parameter into that parameter's adjoint (the adjoints accumulate; zero them first).");
        }

        foreach (ParameterModel written in model.Parameters.Where(p => p.Written && !model.ReturnsVoid))
        {
            w.Line($"/// <paramref name=\"{written.AdjointName}\"/> holds the adjoint of what the method writes into <paramref name=\"{written.Name}\"/> on entry, and that of its values on entry on exit.");
        }

        if (model.ShadowName is { } shadowName)
        {
            w.Line($"/// The adjoints of this object's members go into the same members of <paramref name=\"{shadowName}\"/>.");
        }

        if (model.StructThisAdjoint is { } thisAdjoint)
        {
            w.Line($"/// The adjoints of this struct's members go into the same members of <paramref name=\"{thisAdjoint}\"/>.");
        }

        if (!model.ReturnsVoid && MemberWriteChecks.WritesMembers(model))
        {
            w.Line("/// The shadow's members that the method writes go both ways: they come in holding the adjoints of their");
            w.Line("/// final values and leave holding those of their values on entry.");
        }

        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(model.BackwardName)} {model.ReturnTypeName} {model.BackwardName}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        WriteAliasingChecks(w, model);
        // The reverse sweep is written first: the forward sweep declares in place what it never mentions, and runs
        // split the calls whose reverse runs split.
        SplitCalls? split = secondOrder is null ? SplitCalls.For(model) : null;
        var reverse = new CodeWriter();
        string returned = model.ResultName;
        if (secondOrder is not null)
        {
            reverse.Line($"{secondOrder.TangentResultName} = {model.Variables[secondOrder.TangentResultVariable].Name};");
            reverse.Line($"{model.ReturnTypeName} {secondOrder.ValueName} = {model.ResultName};");
            reverse.Line();
            returned = secondOrder.ValueName;
        }

        reverse.Line("// Reverse sweep: adjoints flow from the result back to the parameters.");
        if (model.ResultArray is { } array)
        {
            returned = ResultArrayEmitter.WriteResult(reverse, model, model.Variables[array]);
        }

        ReverseSweep.Write(reverse, model, split);
        MemberWriteChecks.GiveBackFinalValues(reverse, model);
        GiveBackStorage(reverse, model);
        if (split is { Any: true })
        {
            reverse.Line($"{split.Tape}.Dispose();");
        }

        if (!model.ReturnsVoid)
        {
            reverse.Line($"return {returned};");
        }

        string reverseText = reverse.ToString();

        w.Line("// Forward sweep: the primal computation, keeping what the reverse sweep reads.");
        if (split is { Any: true })
        {
            w.Line("// The callees' forward sweeps leave on the tape what their reverse sweeps read (split mode).");
            w.Line($"var {split.Tape} = new global::GradientGen.Internal.Tape();");
        }

        ForwardSweep.Write(w, model, reverseText, split);
        MemberWriteChecks.KeepFinalValues(w, model);
        w.Line();
        w.Lines(reverseText.TrimEnd('\n'));
        w.Close();
    }
}
