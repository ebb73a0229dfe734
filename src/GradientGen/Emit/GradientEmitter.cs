using System.Collections.Generic;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Writes <c>…Gradient</c>: the value and every partial derivative as a named tuple, seeded with dResult = 1.</summary>
internal static class GradientEmitter
{
    public static void Write(CodeWriter w, MethodModel model)
    {
        var parameters = new List<string>();
        var arguments = new List<string>();
        var tupleValues = new List<string>();
        foreach (ParameterModel p in model.Parameters)
        {
            parameters.Add($"{p.Modifier}{p.TypeName} {p.Name}");
            arguments.Add(p.Name);
        }

        arguments.Add(Literals.One(model.ReturnKind));
        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is { } adjoint)
            {
                arguments.Add("ref " + adjoint);
                tupleValues.Add(adjoint);
            }
        }

        string value = model.ResultName;
        w.Line("/// <summary>");
        w.Line($"/// The value of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/> and its partial derivative with respect to each active parameter.");
        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(model.GradientName!)} {TupleType(model)} {model.GradientName}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is { } adjoint)
            {
                w.Line($"{p.TypeName} {adjoint} = {Literals.Zero(p.Kind)};");
            }
        }

        w.Line($"{model.ReturnTypeName} {value} = {model.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({value}, {string.Join(", ", tupleValues)});");
        w.Close();
    }

    /// <summary>The tuple <c>…Gradient</c> returns: <c>(R Value, T dX, …)</c>, one element per active parameter.</summary>
    public static string TupleType(MethodModel model)
    {
        var elements = new List<string> { $"{model.ReturnTypeName} Value" };
        foreach (ParameterModel p in model.Parameters)
        {
            if (p.AdjointName is { } adjoint)
            {
                elements.Add($"{p.TypeName} {adjoint}");
            }
        }

        return "(" + string.Join(", ", elements) + ")";
    }
}
