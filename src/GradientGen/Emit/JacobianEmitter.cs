using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes <c>…Jacobian</c> for a vector-valued method: J[i, j] = ∂f_i/∂x_j, one reverse sweep per output
/// (seed e_i), where x lists every active parameter's entries in order (a scalar is one column, a vector
/// as many as its length); or, when the method has a tangent and fewer columns than rows, one forward sweep per
/// column (the cheaper mode, chosen at run time when the lengths are known).
/// </summary>
internal static class JacobianEmitter
{
    public static void Write(CodeWriter w, MethodModel model)
    {
        string k = Analysis.SymbolFacts.KeywordFor(model.ReturnKind);
        List<ParameterModel> active = model.Parameters.Where(p => p.AdjointName is not null).ToList();
        string parameters = string.Join(", ", model.Parameters.Select(p => $"{p.Modifier}{p.TypeName} {p.Name}"));
        string arguments = string.Join(", ", model.Parameters.Select(p => p.Name));
        string columns = string.Join(" + ", active.Select(p => p.Shape == ValueShape.Scalar ? "1" : p.Name + "." + Analysis.FloatLists.CountOf(p.TypeName)));

        // Locals of this helper must not shadow a parameter or an adjoint.
        var taken = new HashSet<string>(model.Parameters.Select(p => p.Name).Concat(active.Select(p => p.AdjointName!)));
        string Fresh(string name)
        {
            string candidate = name;
            for (int n = 1; !taken.Add(candidate); n++)
            {
                candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        string value = Fresh("value"), jacobian = Fresh("jacobian"), seed = Fresh("seed"), i = Fresh("i"), column = Fresh("column"), d = Fresh("d");

        w.Line("/// <summary>");
        w.Line($"/// The Jacobian of <see cref=\"{Analysis.SymbolFacts.Escape(model.Name)}\"/>: J[i, j] = ∂result[i]/∂x[j], where x lists the entries of");
        w.Line($"/// {string.Join(", ", active.Select(p => $"<paramref name=\"{p.Name}\"/>"))} in that order (one reverse sweep per output).");
        w.Line("/// </summary>");
        // Integer literals convert to float and double; a generic T needs T.Zero and T.One.
        bool generic = model.ReturnKind == ScalarKind.Generic;
        string zero = generic ? Literals.Zero(model.ReturnKind) : "0", one = generic ? Literals.One(model.ReturnKind) : "1";
        w.Open($"{model.ModifiersFor(model.JacobianName!)} {k}[,] {model.JacobianName}{model.TypeParameterList}({parameters}){model.ConstraintClauses}");
        w.Line($"{k}[] {value} = {Analysis.SymbolFacts.Escape(model.Name)}{model.TypeParameterList}({arguments});");
        w.Line($"var {jacobian} = new {k}[{value}.Length, {columns}];");
        w.Line($"var {seed} = new {k}[{value}.Length];");
        foreach (ParameterModel p in active)
        {
            w.Line(p.Shape == ValueShape.Scalar ? $"{Analysis.SymbolFacts.KeywordFor(p.Kind)} {p.AdjointName} = {zero};" : $"var {p.AdjointName} = new {Analysis.SymbolFacts.KeywordFor(p.Kind)}[{p.Name}.{Analysis.FloatLists.CountOf(p.TypeName)}];");
        }

        if (TangentSupport.Refusal(model) is null)
        {
            WriteForward(w, model, active, arguments, (value, jacobian, seed, i, column, Fresh("k")), zero, one);
        }

        w.Open($"for (int {i} = 0; {i} < {value}.Length; {i}++)");
        foreach (ParameterModel p in active)
        {
            w.Line(p.Shape == ValueShape.Scalar ? $"{p.AdjointName} = {zero};" : $"global::System.Array.Clear({p.AdjointName});");
        }

        w.Line($"{seed}[{i}] = {one};");
        string adjoints = string.Join(", ", active.Select(p => p.Shape == ValueShape.Scalar ? "ref " + p.AdjointName : p.AdjointName));
        w.Line($"{model.BackwardName}{model.TypeParameterList}({arguments}, {seed}, {adjoints});");
        w.Line($"{seed}[{i}] = {zero};");
        w.Line($"int {column} = 0;");
        foreach (ParameterModel p in active)
        {
            if (p.Shape == ValueShape.Scalar)
            {
                w.Line($"{jacobian}[{i}, {column}++] = {Cast(model, p.Kind)}{p.AdjointName};");
            }
            else
            {
                w.Open($"foreach ({Analysis.SymbolFacts.KeywordFor(p.Kind)} {d} in {p.AdjointName})");
                w.Line($"{jacobian}[{i}, {column}++] = {Cast(model, p.Kind)}{d};");
                w.Close();
            }
        }

        w.Close();
        w.Line($"return {jacobian};");
        w.Close();
    }

    /// <summary>A float parameter's entries of a double result's Jacobian (and back) are converted.</summary>
    private static string Cast(MethodModel model, ScalarKind parameter) =>
        parameter == model.ReturnKind ? string.Empty : $"({Analysis.SymbolFacts.KeywordFor(model.ReturnKind)})";

    /// <summary>
    /// With fewer input entries than outputs, one forward sweep per column (the tangent along e_j gives column j)
    /// is cheaper than one reverse sweep per row. The adjoints' storage holds the direction, and the seed's the column.
    /// </summary>
    private static void WriteForward(CodeWriter w, MethodModel model, List<ParameterModel> active, string arguments, (string Value, string Jacobian, string Seed, string I, string Column, string K) n, string zero, string one)
    {
        string directions = string.Join(", ", active.Select(p => p.AdjointName));
        string sweep = $"{model.TangentName}{model.TypeParameterList}({arguments}, {directions}, {n.Seed});";
        void CopyColumn()
        {
            w.Open($"for (int {n.I} = 0; {n.I} < {n.Value}.Length; {n.I}++)");
            w.Line($"{n.Jacobian}[{n.I}, {n.Column}] = {n.Seed}[{n.I}];");
            w.Close();
            w.Line($"{n.Column}++;");
        }

        w.Line("// Fewer inputs than outputs: one forward sweep per input entry (its tangent) is cheaper than one reverse sweep per output.");
        w.Open($"if ({n.Jacobian}.GetLength(1) < {n.Value}.Length)");
        w.Line($"int {n.Column} = 0;");
        foreach (ParameterModel p in active)
        {
            if (p.Shape == ValueShape.Scalar)
            {
                w.Line($"{p.AdjointName} = {one};");
                w.Line(sweep);
                w.Line($"{p.AdjointName} = {zero};");
                CopyColumn();
            }
            else
            {
                w.Open($"for (int {n.K} = 0; {n.K} < {p.AdjointName}.Length; {n.K}++)");
                w.Line($"{p.AdjointName}[{n.K}] = {one};");
                w.Line(sweep);
                w.Line($"{p.AdjointName}[{n.K}] = {zero};");
                CopyColumn();
                w.Close();
            }
        }

        w.Line($"return {n.Jacobian};");
        w.Close();
        w.Line();
    }
}
