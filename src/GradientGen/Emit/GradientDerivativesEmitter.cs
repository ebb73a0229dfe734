using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the derivatives of a method's generated first derivatives, from its second-order engine
/// (<c>…TangentBackward</c>): <c>…GradientBackward</c> and <c>…GradientTangent</c> for <c>…Gradient</c>, and for
/// <c>…Tangent</c> the helper <c>…ValueAndTangent</c> (the same, its out result returned) with its backward and
/// tangent. They are what a [Differentiable] method that calls <c>MGradient</c> or <c>MTangent</c> is
/// differentiated through (nested differentiation, <see cref="Analysis.NestedDerivatives"/>), as any callee is
/// through its backward and tangent. They rest on the Hessian being symmetric: the gradient's Jacobian is H,
/// and its transpose is H too.
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

    /// <summary>
    /// <c>(R Value, R Tangent) MValueAndTangent(p…, T vX, …)</c>: what <c>MTangent(p…, vX, …, out tangent)</c>
    /// computes, as one tuple, so that a caller differentiates a call of <c>MTangent</c> as a callee of a struct result.
    /// </summary>
    public static void WriteValueAndTangent(CodeWriter w, MethodModel model, List<ParameterModel> active, HessianEmitter.Names names)
    {
        string tuple = ValueAndTangentType(model), name = model.Name + ValueAndTangentSuffix, tangent = names.Fresh("tangent");
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").Concat(active.Select(p => $"{p.TypeName} {names.Direction[p.Name]}"));
        w.Line("/// <summary>");
        w.Line($"/// What <c>{SymbolFacts.Escape(model.TangentName!)}</c> computes, its result and its out tangent as one tuple: a [Differentiable] method that calls");
        w.Line($"/// <c>{SymbolFacts.Escape(model.TangentName!)}</c> is differentiated through this method's backward and tangent.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} {tuple} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => names.Direction[p.Name])).Append($"out {model.ReturnTypeName} {tangent}");
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {model.TangentName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// <c>MValueAndTangentBackward(p…, v…, (R Value, R Tangent) dResult, ref dP…, ref dV…)</c>: Value = f(p) and
    /// Tangent = ∇f·v, so dP += dResult.Value·∇f + dResult.Tangent·H·v and dV += dResult.Tangent·∇f.
    /// </summary>
    public static void WriteValueAndTangentBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        string tuple = ValueAndTangentType(model), name = model.Name + ValueAndTangentSuffix + "Backward";
        string seed = names.Fresh(model.ResultAdjointName), gradient = names.Fresh("gradient"), tangent = names.Fresh("tangent");
        var directionAdjoints = active.ToDictionary(p => p.Name, p => names.Fresh("d" + HessianEmitter.Names.Capitalized(names.Direction[p.Name])));
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").Concat(active.Select(p => $"{p.TypeName} {names.Direction[p.Name]}")).ToList();
        parameters.Add($"{tuple} {seed}");
        parameters.AddRange(active.Select(p => $"ref {p.TypeName} {p.AdjointName}"));
        parameters.AddRange(active.Select(p => $"ref {p.TypeName} {directionAdjoints[p.Name]}"));

        w.Line("/// <summary>");
        w.Line($"/// The backward of <see cref=\"{SymbolFacts.Escape(model.Name + ValueAndTangentSuffix)}\"/>: Value = f(p) and Tangent = ∇f·v, so p's adjoints get");
        w.Line($"/// <paramref name=\"{seed}\"/>.Value·∇f + <paramref name=\"{seed}\"/>.Tangent·H·v and v's get <paramref name=\"{seed}\"/>.Tangent·∇f (they accumulate).");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} {tuple} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"// The gradient: Value's derivative, and Tangent's with respect to the direction.");
        w.Line($"var {gradient} = {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.AdjointName} += {Converted($"{seed}.Value * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
            w.Line($"{directionAdjoints[p.Name]} += {Converted($"{seed}.Tangent * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
        }

        w.Line($"// The Hessian times the direction: Tangent's derivative with respect to the parameters.");
        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => names.Direction[p.Name])).ToList();
        arguments.Add($"{seed}.Tangent");
        arguments.AddRange(active.Select(p => "ref " + p.AdjointName));
        arguments.Add($"out {model.ReturnTypeName} {tangent}");
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// <c>MValueAndTangentTangent(p…, v…, tP…, tV…, out (R Value, R Tangent) tResult)</c>: along (tP, tV), Value
    /// changes by ∇f·tP and Tangent by (H·v)·tP + ∇f·tV.
    /// </summary>
    public static void WriteValueAndTangentTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        string tuple = ValueAndTangentType(model), name = model.Name + ValueAndTangentSuffix + "Tangent";
        string gradient = names.Fresh("gradient"), tangent = names.Fresh("tangent"), tResult = names.Fresh("tResult");
        var parameterTangents = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name)));
        var directionTangents = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(names.Direction[p.Name])));
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").Concat(active.Select(p => $"{p.TypeName} {names.Direction[p.Name]}")).ToList();
        parameters.AddRange(active.Select(p => $"{p.TypeName} {parameterTangents[p.Name]}"));
        parameters.AddRange(active.Select(p => $"{p.TypeName} {directionTangents[p.Name]}"));
        parameters.Add($"out {tuple} {tResult}");

        w.Line("/// <summary>");
        w.Line($"/// The forward mode of <see cref=\"{SymbolFacts.Escape(model.Name + ValueAndTangentSuffix)}\"/>: along the parameters' and the direction's tangents,");
        w.Line("/// Value changes by ∇f·tP and Tangent by (H·v)·tP + ∇f·tV.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} {tuple} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"var {gradient} = {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        w.Line("// The Hessian times the direction, in one engine sweep along it.");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.TypeName} {names.Product[p.Name]} = {Literals.Zero(p.Kind)};");
        }

        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => names.Direction[p.Name])).ToList();
        arguments.Add(Literals.One(model.ReturnKind));
        arguments.AddRange(active.Select(p => "ref " + names.Product[p.Name]));
        arguments.Add($"out {model.ReturnTypeName} {tangent}");
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        string valueChange = string.Join(" + ", active.Select(p => Converted($"{gradient}.{p.AdjointName} * {parameterTangents[p.Name]}", model.ReturnKind, p.Kind)));
        string tangentChange = string.Join(" + ", active.Select(p => Converted($"{names.Product[p.Name]} * {parameterTangents[p.Name]} + {gradient}.{p.AdjointName} * {directionTangents[p.Name]}", model.ReturnKind, p.Kind)));
        w.Line($"{tResult} = ({valueChange}, {tangentChange});");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>What the name of <c>…ValueAndTangent</c> adds to the method's.</summary>
    public const string ValueAndTangentSuffix = "ValueAndTangent";

    private static string ValueAndTangentType(MethodModel model) => $"({model.ReturnTypeName} Value, {model.ReturnTypeName} Tangent)";

    /// <summary>What the name of <c>…BackwardTuple</c> adds to the method's.</summary>
    public const string BackwardTupleSuffix = "BackwardTuple";

    /// <summary>The names of <c>…BackwardTuple</c>'s parameters after the method's: the scale, then one accumulator per active parameter.</summary>
    private sealed class BackwardTupleNames(MethodModel model, List<ParameterModel> active, HessianEmitter.Names names)
    {
        public string Scale { get; } = names.Fresh("scale");

        public Dictionary<string, string> Sums { get; } = active.ToDictionary(p => p.Name, p => names.Fresh("sum" + HessianEmitter.Names.Capitalized(p.Name)));

        public List<string> Parameters() =>
            model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").Append($"{model.ReturnTypeName} {Scale}").Concat(active.Select(p => $"{p.TypeName} {Sums[p.Name]}")).ToList();

        public IEnumerable<string> Arguments() => model.Parameters.Select(p => p.Name).Append(Scale).Concat(active.Select(p => Sums[p.Name]));
    }

    /// <summary>
    /// <c>(R Value, T dX, …) MBackwardTuple(p…, R scale, T sumX, …)</c>: what <c>MBackward(p…, scale, ref sumX, …)</c>
    /// computes, its result and the accumulators after, as one tuple, so that a caller differentiates a call of
    /// <c>MBackward</c> as a callee of a struct result.
    /// </summary>
    public static void WriteBackwardTuple(CodeWriter w, MethodModel model, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var n = new BackwardTupleNames(model, active, names);
        string name = model.Name + BackwardTupleSuffix;
        w.Line("/// <summary>");
        w.Line($"/// What <c>{SymbolFacts.Escape(model.BackwardName)}</c> computes, its result and the adjoints it accumulates into, as one tuple: a");
        w.Line($"/// [Differentiable] method that calls <c>{SymbolFacts.Escape(model.BackwardName)}</c> is differentiated through this method's backward and tangent.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} {GradientEmitter.TupleType(model)} {name}{model.TypeParameterList}({string.Join(", ", n.Parameters())}){model.ConstraintClauses}");
        var arguments = model.Parameters.Select(p => p.Name).Append(n.Scale).Concat(active.Select(p => "ref " + n.Sums[p.Name]));
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {model.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({string.Join(", ", new[] { model.ResultName }.Concat(active.Select(p => n.Sums[p.Name])))});");
        w.Close();
    }

    /// <summary>
    /// <c>void MBackwardTupleBackward(p…, scale, sum…, (R Value, T dX, …) dResult, ref dP…, ref dScale, ref dSum…)</c>:
    /// Value = f(p) and each entry is sum + scale·∂f/∂p, so p's adjoints get dResult.Value·∇f + scale·H·u (u the
    /// entries of dResult), scale's gets ∇f·u and the sums' get u. It returns nothing: its callers have the value
    /// from their forward sweep.
    /// </summary>
    public static void WriteBackwardTupleBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var n = new BackwardTupleNames(model, active, names);
        string name = model.Name + BackwardTupleSuffix + "Backward";
        string seed = names.Fresh(model.ResultAdjointName), gradient = names.Fresh("gradient"), along = names.Fresh("along");
        string dScale = names.Fresh("d" + HessianEmitter.Names.Capitalized(n.Scale));
        var dSums = active.ToDictionary(p => p.Name, p => names.Fresh("d" + HessianEmitter.Names.Capitalized(n.Sums[p.Name])));
        List<string> parameters = n.Parameters();
        parameters.Add($"{GradientEmitter.TupleType(model)} {seed}");
        parameters.AddRange(active.Select(p => $"ref {p.TypeName} {p.AdjointName}"));
        parameters.Add($"ref {model.ReturnTypeName} {dScale}");
        parameters.AddRange(active.Select(p => $"ref {p.TypeName} {dSums[p.Name]}"));

        w.Line("/// <summary>");
        w.Line($"/// The backward of <see cref=\"{SymbolFacts.Escape(model.Name + BackwardTupleSuffix)}\"/>: Value = f(p) and each entry is sum + scale·∂f/∂p, so p's adjoints get");
        w.Line($"/// <paramref name=\"{seed}\"/>.Value·∇f + scale·H·u (u: the entries of <paramref name=\"{seed}\"/>), scale's gets ∇f·u and the sums' get u (they accumulate).");
        w.Line("/// It returns nothing: its callers have the value from their forward sweep.");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} void {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"// Value's derivative: {seed}.Value times the gradient.");
        w.Line($"var {gradient} = {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.AdjointName} += {Converted($"{seed}.Value * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
        }

        w.Line($"// The entries' derivatives: scale·H·u for the parameters (H is symmetric), ∇f·u for scale, u for the sums.");
        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => $"{seed}.{p.AdjointName}")).ToList();
        arguments.Add(n.Scale);
        arguments.AddRange(active.Select(p => "ref " + p.AdjointName));
        arguments.Add($"out var {along}");
        w.Line($"{engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"{dScale} += {along};");
        foreach (ParameterModel p in active)
        {
            w.Line($"{dSums[p.Name]} += {seed}.{p.AdjointName};");
        }

        w.Close();
    }

    /// <summary>
    /// <c>MBackwardTupleTangent(p…, scale, sum…, tP…, tScale, tSum…, out (R Value, T dX, …) tResult)</c>: along
    /// the tangents, Value changes by ∇f·tP and each entry by tSum + tScale·∂f/∂p + scale·(H·tP).
    /// </summary>
    public static void WriteBackwardTupleTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var n = new BackwardTupleNames(model, active, names);
        string name = model.Name + BackwardTupleSuffix + "Tangent";
        string gradient = names.Fresh("gradient"), along = names.Fresh("along"), tResult = names.Fresh("tResult");
        var tangents = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name)));
        string tScale = names.Fresh("t" + HessianEmitter.Names.Capitalized(n.Scale));
        var tSums = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(n.Sums[p.Name])));
        List<string> parameters = n.Parameters();
        parameters.AddRange(active.Select(p => $"{p.TypeName} {tangents[p.Name]}"));
        parameters.Add($"{model.ReturnTypeName} {tScale}");
        parameters.AddRange(active.Select(p => $"{p.TypeName} {tSums[p.Name]}"));
        parameters.Add($"out {GradientEmitter.TupleType(model)} {tResult}");

        w.Line("/// <summary>");
        w.Line($"/// The forward mode of <see cref=\"{SymbolFacts.Escape(model.Name + BackwardTupleSuffix)}\"/>: along the tangents, Value changes by ∇f·tP and each");
        w.Line("/// entry by tSum + tScale·∂f/∂p + scale·(H·tP).");
        w.Line("/// </summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"{model.ModifiersFor(name)} {GradientEmitter.TupleType(model)} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        w.Line($"var {gradient} = {model.GradientName}{model.TypeParameterList}({string.Join(", ", model.Parameters.Select(p => p.Name))});");
        w.Line("// The Hessian times the parameters' tangent, and the gradient along it, in one engine sweep.");
        foreach (ParameterModel p in active)
        {
            w.Line($"{p.TypeName} {names.Product[p.Name]} = {Literals.Zero(p.Kind)};");
        }

        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => tangents[p.Name])).ToList();
        arguments.Add(Literals.One(model.ReturnKind));
        arguments.AddRange(active.Select(p => "ref " + names.Product[p.Name]));
        arguments.Add($"out var {along}");
        w.Line($"{engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        var entries = active.Select(p => $"{tSums[p.Name]} + {Converted($"{tScale} * {gradient}.{p.AdjointName} + {n.Scale} * {names.Product[p.Name]}", p.Kind, model.ReturnKind)}");
        w.Line($"{tResult} = ({string.Join(", ", new[] { along }.Concat(entries))});");
        w.Line($"return {model.Name}{BackwardTupleSuffix}{model.TypeParameterList}({string.Join(", ", n.Arguments())});");
        w.Close();
    }
}
