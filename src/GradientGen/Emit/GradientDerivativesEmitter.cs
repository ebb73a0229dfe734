using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the derivatives of a method's <c>…Gradient</c> itself, from its second-order engine
/// (<c>…TangentBackward</c>): <c>…GradientBackward</c> and <c>…GradientTangent</c>. They are what a
/// [Differentiable] method that calls <c>MGradient</c> is differentiated through (nested differentiation,
/// <see cref="Analysis.NestedDerivatives"/>), as any callee is through its backward and tangent. Both rest on
/// the Hessian being symmetric: the gradient's Jacobian is H, and its transpose is H too.
/// </summary>
internal static class GradientDerivativesEmitter
{
    /// <summary>
    /// <c>(R Value, T dX, …) MGradientBackward(p…, (R Value, T dX, …) dResult, ref T dX, …)</c>: adds
    /// dResult.Value·∇f + H·(dResult.dX, …) into the adjoints and returns the gradient: the gradient once, then
    /// one engine sweep with the cotangent as the direction.
    /// </summary>
    public static void WriteBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        string tuple = GradientEmitter.TupleType(model);
        string seed = names.Fresh(model.ResultAdjointName);
        string gradient = names.Fresh("gradient");
        string name = model.GradientName! + "Backward";
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").ToList();
        parameters.Add($"{tuple} {seed}");
        parameters.AddRange(active.Select(p => $"ref {p.TypeName} {p.AdjointName}"));

        w.Line("/// <summary>");
        w.Line($"/// The backward of <see cref=\"{SymbolFacts.Escape(model.GradientName!)}\"/>, through which a [Differentiable] method that calls it is differentiated:");
        w.Line($"/// returns the gradient and adds <paramref name=\"{seed}\"/>.Value times the gradient, plus the Hessian times the rest of");
        w.Line($"/// <paramref name=\"{seed}\"/>, into the parameters' adjoints (they accumulate).");
        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(name)} {tuple} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"// The gradient, and {seed}.Value times it: the derivative of Value.");
        w.Line($"var {gradient} = {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.AdjointName} += {Converted($"{seed}.Value * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
        }

        w.Line($"// The Hessian times the rest of {seed}: the derivative of the gradient's entries (H is symmetric).");
        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => $"{seed}.{p.AdjointName}")).ToList();
        arguments.Add(Literals.One(model.ReturnKind));
        arguments.AddRange(active.Select(p => "ref " + p.AdjointName));
        arguments.Add("out _");
        w.Line($"{engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return {gradient};");
        w.Close();
    }

    /// <summary>
    /// <c>(R Value, T dX, …) MGradientTangent(p…, T tX, …, out (R Value, T dX, …) tResult)</c>: returns the
    /// gradient and sets tResult to its directional derivative (∇f·t, H·t), one engine sweep along t.
    /// </summary>
    public static void WriteTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        string tuple = GradientEmitter.TupleType(model);
        string name = model.GradientName! + "Tangent";
        var directions = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name)));
        Dictionary<string, string> products = names.Product;
        string tResult = names.Fresh("tResult"), tValue = names.Fresh("tValue");
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").ToList();
        parameters.AddRange(active.Select(p => $"{p.TypeName} {directions[p.Name]}"));
        parameters.Add($"out {tuple} {tResult}");

        w.Line("/// <summary>");
        w.Line($"/// The forward mode of <see cref=\"{SymbolFacts.Escape(model.GradientName!)}\"/>, through which a [Differentiable] method that calls it is differentiated:");
        w.Line($"/// returns the gradient and sets <paramref name=\"{tResult}\"/> to its directional derivative, the gradient times the direction");
        w.Line("/// and the Hessian times the direction.");
        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(name)} {tuple} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"// The directional derivative of Value (∇f·t) and of the gradient (H·t), in one sweep along t.");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.TypeName} {products[p.Name]} = {Literals.Zero(p.Kind)};");
        }

        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => directions[p.Name])).ToList();
        arguments.Add(Literals.One(model.ReturnKind));
        arguments.AddRange(active.Select(p => "ref " + products[p.Name]));
        arguments.Add($"out var {tValue}");
        w.Line($"{engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"{tResult} = ({string.Join(", ", new[] { tValue }.Concat(active.Select(p => products[p.Name])))});");
        w.Line($"return {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        w.Close();
    }

    private static string Converted(string expression, ScalarKind to, ScalarKind from) =>
        to == from ? expression : $"({SymbolFacts.KeywordFor(to)})({expression})";
}
