using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the generated file for a method's forward-mode derivative, <c>…Tangent</c> (a Jacobian-vector
/// product): <c>R MTangent(P1 p1, …, T1 tP1, …, out R tResult)</c> returns M's result and sets tResult to the
/// derivative of the result along the direction given by the parameters' tangents. It is written from the same IR
/// as the backward: <see cref="TangentStatements"/> puts after each primal statement the statement that carries its
/// tangent forward, and <see cref="ForwardSweep"/> writes the result, so the primal code is the backward's. Its own
/// file (hint name <c>….Tangent.g.cs</c>) leaves the backward's file as it was.
/// </summary>
internal static class TangentEmitter
{
    /// <summary>The hint name of the tangent's file, beside the backward's <c>….g.cs</c>.</summary>
    public static string HintName(MethodModel model) => GeneratedFile.HintName(model, "Tangent");

    public static string Emit(MethodModel model) => GeneratedFile.Write(model, model.Name + " (forward mode)", w => WriteTangent(w, model));

    private static void WriteTangent(CodeWriter w, MethodModel model)
    {
        var tangents = TangentStatements.For(model);
        var parameters = new List<string>();
        foreach (ParameterModel p in model.Parameters)
        {
            parameters.Add($"{p.Modifier}{p.TypeName} {p.Name}");
        }

        if (tangents.ShadowName is { } shadow)
        {
            parameters.Add($"{model.ShadowTypeName} {shadow}");
        }

        if (tangents.StructThisName is { } structThis)
        {
            parameters.Add($"{model.StructThis!.TypeName} {structThis}");
        }

        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is not null)
            {
                parameters.Add($"{TangentTypeOf(p)} {tangents.ParameterTangent(p)}");
            }
        }

        string result = tangents.ResultName;
        if (!model.ReturnsVoid)
        {
            parameters.Add(model.ReturnShape switch
            {
                ValueShape.Vector => $"global::System.Span<{Analysis.SymbolFacts.KeywordFor(model.ReturnKind)}> {result}",
                ValueShape.Matrix or ValueShape.Jagged => $"{model.ReturnTypeName} {result}",
                _ => $"out {model.ReturnTypeName} {result}",
            });
        }

        w.Line("/// <summary>");
        if (model.ReturnsVoid)
        {
            w.Line($"/// Forward-mode derivative of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: writes its outputs as it does, and writes");
            w.Line("/// into the tangent of each span or member it writes the directional derivative of what it writes there along the");
            w.Line("/// parameters' tangents (a Jacobian-vector product).");
        }
        else
        {
            w.Line($"/// Forward-mode derivative of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: returns its result and sets");
            w.Line($"/// <paramref name=\"{result}\"/> to the directional derivative of the result along the parameters' tangents");
            w.Line("/// (a Jacobian-vector product: the sum over the active parameters of ∂result/∂p times its tangent).");
        }

        foreach (ParameterModel written in model.Parameters.Where(p => p.Written))
        {
            w.Line($"/// <paramref name=\"{tangents.ParameterTangent(written)}\"/> goes both ways: it comes in holding the tangent of the values of <paramref name=\"{written.Name}\"/> on entry, and leaves holding that of the values the method wrote.");
        }

        if (tangents.ShadowName is { } shadowName)
        {
            w.Line($"/// The tangents of this object's members are the same members of <paramref name=\"{shadowName}\"/>.");
        }

        foreach (ParameterModel o in model.Parameters.Where(p => p.IsObject && p.AdjointName is not null))
        {
            w.Line($"/// The tangents of the members of <paramref name=\"{o.Name}\"/> are the same members of <paramref name=\"{tangents.ParameterTangent(o)}\"/>.");
        }

        if (TangentSupport.WrittenMembers(model).Count > 0)
        {
            w.Line("/// The members the method writes go both ways: their tangents come in holding those of their values on entry");
            w.Line("/// and leave holding those of the values written.");
        }

        if (tangents.StructThisName is { } thisTangent)
        {
            w.Line($"/// The tangents of this struct's members are the same members of <paramref name=\"{thisTangent}\"/>.");
        }

        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(model.TangentName!)} {model.ReturnTypeName} {model.TangentName}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        TangentChecks.Write(w, model, tangents);
        // The sweep is written first, so that only the tangents it mentions are declared (an inlined local
        // function's own locals, renamed at each call, are never read under their first names).
        var body = new CodeWriter();
        ForwardSweep.Write(body, tangents.Model, reverseSweep: string.Empty);
        string returned = tangents.WriteResult(body);
        if (!model.ReturnsVoid)
        {
            body.Line($"return {returned};");
        }

        string bodyText = body.ToString().TrimEnd('\n');
        System.Collections.Generic.HashSet<string> mentioned = Atoms.Identifiers(bodyText);
        foreach ((string? local, string text) in tangents.Declarations)
        {
            if (local is null || mentioned.Contains(local))
            {
                w.Line(text);
            }
        }

        w.Lines(bodyText);
        w.Close();
    }

    /// <summary>A tangent has its primal's shape: a span for a vector, the same type for a scalar, a matrix or a struct.</summary>
    private static string TangentTypeOf(ParameterModel p) => p.Shape switch
    {
        ValueShape.Vector or ValueShape.StructArray when p.Written => p.AdjointTypeName, // Both ways, as its adjoint.
        ValueShape.Vector or ValueShape.StructArray => p.AdjointTypeName.Replace("global::System.Span<", "global::System.ReadOnlySpan<"),
        ValueShape.Matrix => p.AdjointTypeName,
        _ => p.TypeName,
    };
}
