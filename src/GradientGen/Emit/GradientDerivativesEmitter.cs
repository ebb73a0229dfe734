using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the derivatives of a method's generated first derivatives, from its second-order engine
/// (<c>…TangentBackward</c>): <c>…GradientBackward</c> and <c>…GradientTangent</c> for <c>…Gradient</c>; for
/// <c>…Tangent</c> and <c>…Backward</c>, the hidden helpers <c>…ValueAndTangent</c> and <c>…BackwardTuple</c> (the
/// call, its out or ref results returned in a tuple) with their backwards and tangents. They are what a
/// [Differentiable] method that calls <c>MGradient</c>, <c>MTangent</c> or <c>MBackward</c> is differentiated
/// through (nested differentiation, <see cref="NestedDerivatives"/>), as any callee is through its backward and
/// tangent. They rest on the Hessian being symmetric: the gradient's Jacobian is H, and its transpose is H too.
/// </summary>
internal static class GradientDerivativesEmitter
{
    /// <summary>What the name of <c>…ValueAndTangent</c> adds to the method's.</summary>
    public const string ValueAndTangentSuffix = "ValueAndTangent";

    /// <summary>What the name of <c>…BackwardTuple</c> adds to the method's.</summary>
    public const string BackwardTupleSuffix = "BackwardTuple";

    private delegate void Writer(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names);

    /// <summary>
    /// All of them, after the second order's methods, for a method that has a <c>…Gradient</c>: those of
    /// <c>…Tangent</c> where it is generated. Each method's names are fresh against the method's parameters only.
    /// </summary>
    public static void WriteAll(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active)
    {
        if (model.GradientName is null)
        {
            return;
        }

        var writers = new List<Writer> { WriteBackward, WriteTangent, WriteBackwardTuple, WriteBackwardTupleBackward, WriteBackwardTupleTangent };
        if (TangentSupport.Refusal(model) is null)
        {
            writers.AddRange([WriteValueAndTangent, WriteValueAndTangentBackward, WriteValueAndTangentTangent]);
        }

        foreach (Writer write in writers)
        {
            w.Line();
            write(w, model, engine, active, new HessianEmitter.Names(model));
        }
    }

    /// <summary>
    /// <c>(R Value, T dX, …) MGradientBackward(p…, (R Value, T dX, …) dResult, ref T dX, …)</c>: adds
    /// dResult.Value·∇f + H·(dResult.dX, …) into the adjoints and returns the gradient: the gradient once, then
    /// one engine sweep with the cotangent as the direction.
    /// </summary>
    private static void WriteBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        string seed = names.Fresh(model.ResultAdjointName), gradient = names.Fresh("gradient");
        m.Open(model.GradientName! + "Backward", m.GradientTuple, m.Primal.Append($"{m.GradientTuple} {seed}").Concat(m.Adjoints), hidden: false,
            $"The backward of <see cref=\"{SymbolFacts.Escape(model.GradientName!)}\"/>, through which a [Differentiable] method that calls it is differentiated:",
            $"returns the gradient and adds <paramref name=\"{seed}\"/>.Value times the gradient, plus the Hessian times the rest of",
            $"<paramref name=\"{seed}\"/>, into the parameters' adjoints (they accumulate).");
        w.Line($"// The gradient, and {seed}.Value times it: the derivative of Value.");
        m.AddScaledGradient(gradient, $"{seed}.Value", p => p.AdjointName!);
        w.Line($"// The Hessian times the rest of {seed}: the derivative of the gradient's entries (H is symmetric).");
        w.Line(m.Engine(active.Select(p => $"{seed}.{p.AdjointName}"), Literals.One(model.ReturnKind), active.Select(p => p.AdjointName!), "_") + ";");
        w.Line($"return {gradient};");
        w.Close();
    }

    /// <summary>
    /// <c>(R Value, T dX, …) MGradientTangent(p…, T tX, …, out (R Value, T dX, …) tResult)</c>: returns the
    /// gradient and sets tResult to its directional derivative (∇f·t, H·t), one engine sweep along t.
    /// </summary>
    private static void WriteTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        var directions = active.Select(p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name))).ToList();
        string tResult = names.Fresh("tResult"), tValue = names.Fresh("tValue");
        m.Open(model.GradientName! + "Tangent", m.GradientTuple, m.Primal.Concat(m.Typed(directions)).Append($"out {m.GradientTuple} {tResult}"), hidden: false,
            $"The forward mode of <see cref=\"{SymbolFacts.Escape(model.GradientName!)}\"/>, through which a [Differentiable] method that calls it is differentiated:",
            $"returns the gradient and sets <paramref name=\"{tResult}\"/> to its directional derivative, the gradient times the direction",
            "and the Hessian times the direction.");
        w.Line($"// The directional derivative of Value (∇f·t) and of the gradient (H·t), in one sweep along t.");
        m.ZeroProducts(names);
        w.Line(m.Engine(directions, Literals.One(model.ReturnKind), active.Select(p => names.Product[p.Name]), "var " + tValue) + ";");
        w.Line($"{tResult} = ({string.Join(", ", new[] { tValue }.Concat(active.Select(p => names.Product[p.Name])))});");
        w.Line($"return {m.GradientCall};");
        w.Close();
    }

    /// <summary>
    /// <c>(R Value, R Tangent) MValueAndTangent(p…, T vX, …)</c>: what <c>MTangent(p…, vX, …, out tangent)</c>
    /// computes, as one tuple, so that a caller differentiates a call of <c>MTangent</c> as a callee of a struct result.
    /// </summary>
    private static void WriteValueAndTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        string tangent = names.Fresh("tangent");
        var directions = active.Select(p => names.Direction[p.Name]).ToList();
        m.Open(model.Name + ValueAndTangentSuffix, m.ValueAndTangentTuple, m.Primal.Concat(m.Typed(directions)), hidden: true,
            $"What <c>{SymbolFacts.Escape(model.TangentName!)}</c> computes, its result and its out tangent as one tuple: a [Differentiable] method that calls",
            $"<c>{SymbolFacts.Escape(model.TangentName!)}</c> is differentiated through this method's backward and tangent.");
        var arguments = model.Parameters.Select(p => p.Name).Concat(directions).Append($"out {model.ReturnTypeName} {tangent}");
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {model.TangentName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// <c>MValueAndTangentBackward(p…, v…, (R Value, R Tangent) dResult, ref dP…, ref dV…)</c>: Value = f(p) and
    /// Tangent = ∇f·v, so dP += dResult.Value·∇f + dResult.Tangent·H·v and dV += dResult.Tangent·∇f.
    /// </summary>
    private static void WriteValueAndTangentBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        string seed = names.Fresh(model.ResultAdjointName), gradient = names.Fresh("gradient"), tangent = names.Fresh("tangent");
        var directions = active.Select(p => names.Direction[p.Name]).ToList();
        var directionAdjoints = active.ToDictionary(p => p.Name, p => names.Fresh("d" + HessianEmitter.Names.Capitalized(names.Direction[p.Name])));
        var parameters = m.Primal.Concat(m.Typed(directions)).Append($"{m.ValueAndTangentTuple} {seed}").Concat(m.Adjoints).Concat(m.Typed(active.Select(p => directionAdjoints[p.Name]), "ref "));
        m.Open(model.Name + ValueAndTangentSuffix + "Backward", m.ValueAndTangentTuple, parameters, hidden: true,
            $"The backward of <see cref=\"{SymbolFacts.Escape(model.Name + ValueAndTangentSuffix)}\"/>: Value = f(p) and Tangent = ∇f·v, so p's adjoints get",
            $"<paramref name=\"{seed}\"/>.Value·∇f + <paramref name=\"{seed}\"/>.Tangent·H·v and v's get <paramref name=\"{seed}\"/>.Tangent·∇f (they accumulate).");
        w.Line($"// The gradient: Value's derivative, and Tangent's with respect to the direction.");
        m.AddScaledGradient(gradient, $"{seed}.Value", p => p.AdjointName!, ($"{seed}.Tangent", p => directionAdjoints[p.Name]));
        w.Line($"// The Hessian times the direction: Tangent's derivative with respect to the parameters.");
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {m.Engine(directions, $"{seed}.Tangent", active.Select(p => p.AdjointName!), $"{model.ReturnTypeName} {tangent}")};");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// <c>MValueAndTangentTangent(p…, v…, tP…, tV…, out (R Value, R Tangent) tResult)</c>: along (tP, tV), Value
    /// changes by ∇f·tP and Tangent by (H·v)·tP + ∇f·tV.
    /// </summary>
    private static void WriteValueAndTangentTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        string gradient = names.Fresh("gradient"), tangent = names.Fresh("tangent"), tResult = names.Fresh("tResult");
        var directions = active.Select(p => names.Direction[p.Name]).ToList();
        var parameterTangents = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name)));
        var directionTangents = active.ToDictionary(p => p.Name, p => names.Fresh("t" + HessianEmitter.Names.Capitalized(names.Direction[p.Name])));
        var parameters = m.Primal.Concat(m.Typed(directions)).Concat(m.Typed(active.Select(p => parameterTangents[p.Name]))).Concat(m.Typed(active.Select(p => directionTangents[p.Name])))
            .Append($"out {m.ValueAndTangentTuple} {tResult}");
        m.Open(model.Name + ValueAndTangentSuffix + "Tangent", m.ValueAndTangentTuple, parameters, hidden: true,
            $"The forward mode of <see cref=\"{SymbolFacts.Escape(model.Name + ValueAndTangentSuffix)}\"/>: along the parameters' and the direction's tangents,",
            "Value changes by ∇f·tP and Tangent by (H·v)·tP + ∇f·tV.");
        w.Line($"var {gradient} = {m.GradientCall};");
        w.Line("// The Hessian times the direction, in one engine sweep along it.");
        m.ZeroProducts(names);
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {m.Engine(directions, Literals.One(model.ReturnKind), active.Select(p => names.Product[p.Name]), $"{model.ReturnTypeName} {tangent}")};");
        string valueChange = string.Join(" + ", active.Select(p => Converted($"{gradient}.{p.AdjointName} * {parameterTangents[p.Name]}", model.ReturnKind, p.Kind)));
        string tangentChange = string.Join(" + ", active.Select(p => Converted($"{names.Product[p.Name]} * {parameterTangents[p.Name]} + {gradient}.{p.AdjointName} * {directionTangents[p.Name]}", model.ReturnKind, p.Kind)));
        w.Line($"{tResult} = ({valueChange}, {tangentChange});");
        w.Line($"return ({model.ResultName}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// <c>(R Value, T dX, …) MBackwardTuple(p…, R scale, T sumX, …)</c>: what <c>MBackward(p…, scale, ref sumX, …)</c>
    /// computes, its result and the accumulators after, as one tuple, so that a caller differentiates a call of
    /// <c>MBackward</c> as a callee of a struct result.
    /// </summary>
    private static void WriteBackwardTuple(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        var n = new BackwardTupleNames(m, names);
        m.Open(model.Name + BackwardTupleSuffix, m.GradientTuple, n.Parameters, hidden: true,
            $"What <c>{SymbolFacts.Escape(model.BackwardName)}</c> computes, its result and the adjoints it accumulates into, as one tuple: a",
            $"[Differentiable] method that calls <c>{SymbolFacts.Escape(model.BackwardName)}</c> is differentiated through this method's backward and tangent.");
        var arguments = model.Parameters.Select(p => p.Name).Append(n.Scale).Concat(n.Sums.Select(s => "ref " + s));
        w.Line($"{model.ReturnTypeName} {model.ResultName} = {model.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Line($"return ({string.Join(", ", new[] { model.ResultName }.Concat(n.Sums))});");
        w.Close();
    }

    /// <summary>
    /// <c>void MBackwardTupleBackward(p…, scale, sum…, (R Value, T dX, …) dResult, ref dP…, ref dScale, ref dSum…)</c>:
    /// Value = f(p) and each entry is sum + scale·∂f/∂p, so p's adjoints get dResult.Value·∇f + scale·H·u (u the
    /// entries of dResult), scale's gets ∇f·u and the sums' get u. It returns nothing: its callers have the value
    /// from their forward sweep.
    /// </summary>
    private static void WriteBackwardTupleBackward(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        var n = new BackwardTupleNames(m, names);
        string seed = names.Fresh(model.ResultAdjointName), gradient = names.Fresh("gradient"), along = names.Fresh("along");
        string dScale = names.Fresh("d" + HessianEmitter.Names.Capitalized(n.Scale));
        var dSums = n.Sums.Select(s => names.Fresh("d" + HessianEmitter.Names.Capitalized(s))).ToList();
        var parameters = n.Parameters.Append($"{m.GradientTuple} {seed}").Concat(m.Adjoints).Append($"ref {model.ReturnTypeName} {dScale}").Concat(m.Typed(dSums, "ref "));
        m.Open(model.Name + BackwardTupleSuffix + "Backward", "void", parameters, hidden: true,
            $"The backward of <see cref=\"{SymbolFacts.Escape(model.Name + BackwardTupleSuffix)}\"/>: Value = f(p) and each entry is sum + scale·∂f/∂p, so p's adjoints get",
            $"<paramref name=\"{seed}\"/>.Value·∇f + scale·H·u (u: the entries of <paramref name=\"{seed}\"/>), scale's gets ∇f·u and the sums' get u (they accumulate).",
            "It returns nothing: its callers have the value from their forward sweep.");
        w.Line($"// Value's derivative: {seed}.Value times the gradient.");
        m.AddScaledGradient(gradient, $"{seed}.Value", p => p.AdjointName!);
        w.Line($"// The entries' derivatives: scale·H·u for the parameters (H is symmetric), ∇f·u for scale, u for the sums.");
        w.Line(m.Engine(active.Select(p => $"{seed}.{p.AdjointName}"), n.Scale, active.Select(p => p.AdjointName!), "var " + along) + ";");
        w.Line($"{dScale} += {along};");
        for (int i = 0; i < active.Count; i++)
        {
            w.Line($"{dSums[i]} += {seed}.{active[i].AdjointName};");
        }

        w.Close();
    }

    /// <summary>
    /// <c>MBackwardTupleTangent(p…, scale, sum…, tP…, tScale, tSum…, out (R Value, T dX, …) tResult)</c>: along
    /// the tangents, Value changes by ∇f·tP and each entry by tSum + tScale·∂f/∂p + scale·(H·tP).
    /// </summary>
    private static void WriteBackwardTupleTangent(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, HessianEmitter.Names names)
    {
        var m = new Method(w, model, engine, active);
        var n = new BackwardTupleNames(m, names);
        string gradient = names.Fresh("gradient"), along = names.Fresh("along"), tResult = names.Fresh("tResult");
        var tangents = active.Select(p => names.Fresh("t" + HessianEmitter.Names.Capitalized(p.Name))).ToList();
        string tScale = names.Fresh("t" + HessianEmitter.Names.Capitalized(n.Scale));
        var tSums = n.Sums.Select(s => names.Fresh("t" + HessianEmitter.Names.Capitalized(s))).ToList();
        var parameters = n.Parameters.Concat(m.Typed(tangents)).Append($"{model.ReturnTypeName} {tScale}").Concat(m.Typed(tSums)).Append($"out {m.GradientTuple} {tResult}");
        m.Open(model.Name + BackwardTupleSuffix + "Tangent", m.GradientTuple, parameters, hidden: true,
            $"The forward mode of <see cref=\"{SymbolFacts.Escape(model.Name + BackwardTupleSuffix)}\"/>: along the tangents, Value changes by ∇f·tP and each",
            "entry by tSum + tScale·∂f/∂p + scale·(H·tP).");
        w.Line($"var {gradient} = {m.GradientCall};");
        w.Line("// The Hessian times the parameters' tangent, and the gradient along it, in one engine sweep.");
        m.ZeroProducts(names);
        w.Line(m.Engine(tangents, Literals.One(model.ReturnKind), active.Select(p => names.Product[p.Name]), "var " + along) + ";");
        var entries = active.Select((p, i) => $"{tSums[i]} + {Converted($"{tScale} * {gradient}.{p.AdjointName} + {n.Scale} * {names.Product[p.Name]}", p.Kind, model.ReturnKind)}");
        w.Line($"{tResult} = ({string.Join(", ", new[] { along }.Concat(entries))});");
        w.Line($"return {model.Name}{BackwardTupleSuffix}{model.TypeParameterList}({string.Join(", ", n.Arguments)});");
        w.Close();
    }

    private static string Converted(string expression, ScalarKind to, ScalarKind from) =>
        to == from ? expression : $"({SymbolFacts.KeywordFor(to)})({expression})";

    /// <summary>What every method written here shares: its signature's parts, the gradient's call and the engine's.</summary>
    private sealed class Method(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active)
    {
        public List<ParameterModel> Active => active;

        /// <summary>The method's own parameters, as declared.</summary>
        public IEnumerable<string> Primal => model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}");

        /// <summary>The active parameters' adjoints, by reference.</summary>
        public IEnumerable<string> Adjoints => Typed(active.Select(p => p.AdjointName!), "ref ");

        public IEnumerable<string> PrimalNames => model.Parameters.Select(p => p.Name);

        public string ReturnType => model.ReturnTypeName;

        public string GradientTuple => GradientEmitter.TupleType(model);

        public string ValueAndTangentTuple => $"({model.ReturnTypeName} Value, {model.ReturnTypeName} Tangent)";

        public string GradientCall => $"{model.GradientName}{model.TypeParameterList}({string.Join(", ", PrimalNames)})";

        /// <summary>One parameter per active parameter, of its type, with the given names.</summary>
        public IEnumerable<string> Typed(IEnumerable<string> names, string modifier = "") => active.Zip(names, (p, name) => $"{modifier}{p.TypeName} {name}");

        /// <summary>The summary, the attribute that hides plumbing from IntelliSense, and the opened declaration.</summary>
        public void Open(string name, string returnType, IEnumerable<string> parameters, bool hidden, params string[] summary)
        {
            w.Line("/// <summary>");
            foreach (string line in summary)
            {
                w.Line("/// " + line);
            }

            w.Line("/// </summary>");
            if (hidden)
            {
                w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            }

            w.Open($"{model.ModifiersFor(name)} {returnType} {name}{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        }

        /// <summary><c>var gradient = MGradient(p…);</c>, then each adjoint += scale times its entry (for each pair given).</summary>
        public void AddScaledGradient(string gradient, string scale, System.Func<ParameterModel, string> into, params (string Scale, System.Func<ParameterModel, string> Into)[] more)
        {
            w.Line($"var {gradient} = {GradientCall};");
            foreach (ParameterModel p in active)
            {
                w.Line($"{into(p)} += {Converted($"{scale} * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
                foreach ((string otherScale, System.Func<ParameterModel, string> otherInto) in more)
                {
                    w.Line($"{otherInto(p)} += {Converted($"{otherScale} * {gradient}.{p.AdjointName}", p.Kind, model.ReturnKind)};");
                }
            }
        }

        /// <summary>The products H·t start at zero.</summary>
        public void ZeroProducts(HessianEmitter.Names names)
        {
            foreach (ParameterModel p in active)
            {
                w.Line($"{p.TypeName} {names.Product[p.Name]} = {Literals.Zero(p.Kind)};");
            }
        }

        /// <summary>A call of the engine: along <paramref name="directions"/>, its seed, the adjoints it adds into, and its out tangent.</summary>
        public string Engine(IEnumerable<string> directions, string seed, IEnumerable<string> adjoints, string tangentOut) =>
            $"{engine.BackwardName}{model.TypeParameterList}({string.Join(", ", PrimalNames.Concat(directions).Append(seed).Concat(adjoints.Select(a => "ref " + a)).Append("out " + tangentOut))})";
    }

    /// <summary>The names of <c>…BackwardTuple</c>'s parameters after the method's: the scale, then one accumulator per active parameter.</summary>
    private sealed class BackwardTupleNames
    {
        public BackwardTupleNames(Method m, HessianEmitter.Names names)
        {
            Scale = names.Fresh("scale");
            Sums = m.Active.Select(p => names.Fresh("sum" + HessianEmitter.Names.Capitalized(p.Name))).ToList();
            Parameters = m.Primal.Append($"{m.ReturnType} {Scale}").Concat(m.Typed(Sums)).ToList();
            Arguments = m.PrimalNames.Append(Scale).Concat(Sums).ToList();
        }

        public string Scale { get; }

        public List<string> Sums { get; }

        public List<string> Parameters { get; }

        public List<string> Arguments { get; }
    }
}
