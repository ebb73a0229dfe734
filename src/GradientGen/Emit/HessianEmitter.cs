using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the generated file of a method's second order (hint name <c>….Hessian.g.cs</c>): the engine
/// <c>…TangentBackward</c> (the backward of its forward mode, see <see cref="SecondOrder"/>), then
/// <c>…HessianVectorProduct</c> (H·v in one call of the engine) and <c>…Hessian</c> (H, one product per column).
/// </summary>
internal static class HessianEmitter
{
    public static string HintName(MethodModel model) => GeneratedFile.HintName(model, "Hessian");

    public static string Emit(MethodModel model) => GeneratedFile.Write(model, model.Name + " (second order)", w =>
    {
        SecondOrderModel second = model.SecondOrder!;
        MethodModel engine = second.Engine;
        var active = model.Parameters.Where(p => p.AdjointName is not null).ToList();
        var tangents = engine.Parameters.Skip(model.Parameters.Count).ToList();
        string name = SymbolFacts.Escape(model.Name);
        BackwardEmitter.WriteBackward(w, engine,
        [
            $"Reverse mode over forward mode: returns <see cref=\"{name}\"/>'s result and adds <paramref name=\"{engine.ResultAdjointName}\"/> times the",
            "gradient of its directional derivative along the direction (" + string.Join(", ", tangents.Select(t => $"<paramref name=\"{t.Name}\"/>")) + ")",
            "into the parameters' adjoints: with dResult = 1, the Hessian times the direction (the adjoints accumulate; zero them first).",
            $"<paramref name=\"{second.TangentResultName}\"/> is set to that directional derivative (what <c>{name}Tangent</c> gives).",
        ], second);
        var names = new Names(model);
        w.Line();
        WriteProduct(w, model, engine, active, tangents, names);
        w.Line();
        WriteHessian(w, model, active, names);
        if (model.GradientName is not null)
        {
            // What lets a [Differentiable] method call …Gradient and …Backward and be differentiated itself (nested differentiation);
            // each method's names are fresh against the method's parameters only.
            w.Line();
            GradientDerivativesEmitter.WriteBackward(w, model, engine, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteTangent(w, model, engine, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteBackwardTuple(w, model, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteBackwardTupleBackward(w, model, engine, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteBackwardTupleTangent(w, model, engine, active, new Names(model));
        }

        if (model.GradientName is not null && TangentSupport.Refusal(model) is null)
        {
            // What lets a [Differentiable] method call …Tangent and be differentiated itself.
            w.Line();
            GradientDerivativesEmitter.WriteValueAndTangent(w, model, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteValueAndTangentBackward(w, model, engine, active, new Names(model));
            w.Line();
            GradientDerivativesEmitter.WriteValueAndTangentTangent(w, model, engine, active, new Names(model));
        }
    });

    /// <summary>The names of the direction and product parameters, clear of the method's parameters.</summary>
    internal sealed class Names
    {
        private readonly HashSet<string> _taken;

        public Names(MethodModel model)
        {
            _taken = new HashSet<string>(model.Parameters.Select(p => p.Name.TrimStart('@')).Concat(model.Parameters.Select(p => p.AdjointName).OfType<string>()).Append(model.ResultName), System.StringComparer.Ordinal);
            foreach (ParameterModel p in model.Parameters.Where(p => p.AdjointName is not null))
            {
                Direction[p.Name] = Fresh("v" + Capitalized(p.Name));
                Product[p.Name] = Fresh("h" + Capitalized(p.Name));
            }
        }

        public Dictionary<string, string> Direction { get; } = new();

        public Dictionary<string, string> Product { get; } = new();

        public string Fresh(string name)
        {
            string candidate = name;
            for (int n = 1; !_taken.Add(candidate); n++)
            {
                candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        public static string Capitalized(string name)
        {
            string bare = name.TrimStart('@');
            return bare.Length == 0 ? bare : char.ToUpperInvariant(bare[0]) + bare.Substring(1);
        }
    }

    private static void WriteProduct(CodeWriter w, MethodModel model, MethodModel engine, List<ParameterModel> active, List<ParameterModel> tangents, Names names)
    {
        string k = SymbolFacts.KeywordFor(model.ReturnKind);
        var parameters = model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}").ToList();
        parameters.AddRange(active.Select((p, i) => $"{tangents[i].TypeName} {names.Direction[p.Name]}"));
        parameters.AddRange(active.Select(p => p.Shape switch
        {
            ValueShape.Scalar => $"out {SymbolFacts.KeywordFor(p.Kind)} {names.Product[p.Name]}",
            ValueShape.Matrix => $"{SymbolFacts.KeywordFor(p.Kind)}[,] {names.Product[p.Name]}",
            _ => $"global::System.Span<{SymbolFacts.KeywordFor(p.Kind)}> {names.Product[p.Name]}",
        }));

        w.Line("/// <summary>");
        w.Line($"/// The Hessian of <see cref=\"{SymbolFacts.Escape(model.Name)}\"/> times a direction: returns its result and sets each product");
        w.Line("/// parameter to its rows of H·v, where v lists the direction's entries for " + string.Join(", ", active.Select(p => $"<paramref name=\"{p.Name}\"/>")) + " in that order");
        w.Line("/// (one forward and one reverse sweep).");
        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(model.Name + "HessianVectorProduct")} {k} {model.Name}HessianVectorProduct{model.TypeParameterList}({string.Join(", ", parameters)}){model.ConstraintClauses}");
        foreach (ParameterModel p in active.Where(p => p.Shape == ValueShape.Vector))
        {
            string v = names.Direction[p.Name], h = names.Product[p.Name];
            foreach (string given in new[] { v, h })
            {
                w.Open($"if ({given}.Length != {p.Name}.Length)");
                w.Line($"throw new global::System.ArgumentException(\"'{given}' must have the length of '{p.Name}'.\", nameof({given}));");
                w.Close();
            }

            w.Open($"if (global::System.MemoryExtensions.Overlaps({v}, {h}))");
            w.Line($"throw new global::System.ArgumentException(\"'{h}' must not share memory with '{v}': the product is accumulated while the direction is read.\", nameof({h}));");
            w.Close();
            w.Line();
        }

        foreach (ParameterModel p in active.Where(p => p.Shape == ValueShape.Matrix))
        {
            string v = names.Direction[p.Name], h = names.Product[p.Name];
            foreach (string given in new[] { v, h })
            {
                w.Open($"if ({given}.GetLength(0) != {p.Name}.GetLength(0) || {given}.GetLength(1) != {p.Name}.GetLength(1))");
                w.Line($"throw new global::System.ArgumentException(\"'{given}' must have the shape of '{p.Name}'.\", nameof({given}));");
                w.Close();
            }

            w.Open($"if (ReferenceEquals({v}, {h}))");
            w.Line($"throw new global::System.ArgumentException(\"'{h}' must not be the array '{v}': the product is accumulated while the direction is read.\", nameof({h}));");
            w.Close();
            w.Line();
        }

        foreach (ParameterModel p in active)
        {
            w.Line(p.Shape switch
            {
                ValueShape.Scalar => $"{names.Product[p.Name]} = {Literals.Zero(p.Kind)};",
                ValueShape.Matrix => $"global::System.Array.Clear({names.Product[p.Name]});",
                _ => $"{names.Product[p.Name]}.Clear();",
            });
        }

        var arguments = model.Parameters.Select(p => p.Name).Concat(active.Select(p => names.Direction[p.Name])).ToList();
        arguments.Add(Literals.One(model.ReturnKind));
        arguments.AddRange(active.Select(p => p.Shape == ValueShape.Scalar ? "ref " + names.Product[p.Name] : names.Product[p.Name]));
        arguments.Add("out _");
        w.Line($"return {engine.BackwardName}{model.TypeParameterList}({string.Join(", ", arguments)});");
        w.Close();
    }

    private static void WriteHessian(CodeWriter w, MethodModel model, List<ParameterModel> active, Names names)
    {
        string k = SymbolFacts.KeywordFor(model.ReturnKind);
        string parameters = string.Join(", ", model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}"));
        string size = string.Join(" + ", active.Select(p => p.Shape == ValueShape.Scalar ? "1" : p.Name + ".Length"));
        string hessian = names.Fresh("hessian"), row = names.Fresh("row"), column = names.Fresh("column"), i = names.Fresh("i"), entry = names.Fresh("k");

        w.Line("/// <summary>");
        w.Line($"/// The Hessian of <see cref=\"{SymbolFacts.Escape(model.Name)}\"/>: H[i, j] = ∂²result/∂x[i]∂x[j], where x lists the entries of");
        w.Line($"/// {string.Join(", ", active.Select(p => $"<paramref name=\"{p.Name}\"/>"))} in that order (one Hessian-vector product per column).");
        w.Line("/// </summary>");
        w.Open($"{model.ModifiersFor(model.Name + "Hessian")} {k}[,] {model.Name}Hessian{model.TypeParameterList}({parameters}){model.ConstraintClauses}");
        w.Line($"var {hessian} = new {k}[{size}, {size}];");
        foreach (ParameterModel p in active)
        {
            string v = names.Direction[p.Name], h = names.Product[p.Name], pk = SymbolFacts.KeywordFor(p.Kind);
            if (p.Shape == ValueShape.Scalar)
            {
                w.Line($"{pk} {v} = {Literals.Zero(p.Kind)};");
                w.Line($"{pk} {h};");
            }
            else
            {
                string shape = p.Shape == ValueShape.Matrix ? $"{p.Name}.GetLength(0), {p.Name}.GetLength(1)" : $"{p.Name}.Length";
                w.Line($"var {v} = new {pk}[{shape}];");
                w.Line($"var {h} = new {pk}[{shape}];");
            }
        }

        w.Line($"int {column} = 0, {row};");
        string arguments = string.Join(", ", model.Parameters.Select(p => p.Name)
            .Concat(active.Select(p => names.Direction[p.Name]))
            .Concat(active.Select(p => p.Shape == ValueShape.Scalar ? "out " + names.Product[p.Name] : names.Product[p.Name])));
        void Column()
        {
            w.Line($"{model.Name}HessianVectorProduct{model.TypeParameterList}({arguments});");
            w.Line($"{row} = 0;");
            foreach (ParameterModel p in active)
            {
                string h = names.Product[p.Name];
                // A float parameter's entries of a double result's Hessian (and back) are converted.
                string cast = p.Kind == model.ReturnKind ? string.Empty : $"({k})";
                if (p.Shape == ValueShape.Scalar)
                {
                    w.Line($"{hessian}[{row}++, {column}] = {cast}{h};");
                }
                else
                {
                    // A matrix's entries row by row, as foreach lists them.
                    w.Open($"for (int {i} = 0; {i} < {h}.Length; {i}++)");
                    w.Line($"{hessian}[{row}++, {column}] = {cast}{Entry(p, h, i)};");
                    w.Close();
                }
            }

            w.Line($"{column}++;");
        }

        foreach (ParameterModel p in active)
        {
            string v = names.Direction[p.Name], one = Literals.One(p.Kind), zero = Literals.Zero(p.Kind);
            if (p.Shape == ValueShape.Scalar)
            {
                w.Line($"{v} = {one};");
                Column();
                w.Line($"{v} = {zero};");
            }
            else
            {
                w.Open($"for (int {entry} = 0; {entry} < {v}.Length; {entry}++)");
                w.Line($"{Entry(p, v, entry)} = {one};");
                Column();
                w.Line($"{Entry(p, v, entry)} = {zero};");
                w.Close();
            }
        }

        w.Line($"return {hessian};");
        w.Close();
    }

    /// <summary>The entry at a flat index: of a vector, or of a matrix row by row.</summary>
    private static string Entry(ParameterModel p, string array, string index) =>
        p.Shape == ValueShape.Matrix ? $"{array}[{index} / {p.Name}.GetLength(1), {index} % {p.Name}.GetLength(1)]" : $"{array}[{index}]";
}
