using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// For a method that returns an array: the reverse sweep starts from dResult, the cotangent of the whole
/// array (a vector-Jacobian product), added into the returned array's adjoint.
/// </summary>
internal static class ResultArrayEmitter
{
    /// <summary>Before the reverse sweep: the expression the backward returns (a copy if the sweep restores elements of the array).</summary>
    public static string WriteResult(CodeWriter w, MethodModel model, Variable array)
    {
        bool elementsRestored = Saves(model.Body).Any(s => s.Array == array.Id && s.Save is not null);
        if (array.Shape == ValueShape.Jagged && (elementsRestored || model.Body.Flattened().OfType<RowAllocStmt>().Any(r => r.Array == array.Id)))
        {
            // The reverse gives rows back their old arrays (and elements their old values): the result is a copy.
            w.Line($"var {model.ResultName} = global::GradientGen.Internal.JaggedArrays.Copy({array.Name}, rows: {(elementsRestored ? "true" : "false")});");
            return model.ResultName;
        }

        if (!elementsRestored)
        {
            return array.Name;
        }

        w.Line($"var {model.ResultName} = ({array.TypeName}){array.Name}.Clone();");
        return model.ResultName;
    }

    /// <summary>At the start of the reverse sweep, once the array's adjoint exists: the shape check and the seed.</summary>
    public static void WriteSeed(CodeWriter w, MethodModel model, Variable array)
    {
        string g = model.ResultAdjointName;
        if (!array.Active)
        {
            return;
        }

        string i = model.SeedIndexNames[0], j = model.SeedIndexNames[1];

        w.Line($"// dResult is the cotangent of the returned array: it seeds {array.AdjointName}.");
        if (array.Shape == ValueShape.Vector)
        {
            w.Open($"if ({g}.Length != {array.Name}.Length)");
            w.Line($"throw new global::System.ArgumentException(\"'{g}' must have the length of the result.\", nameof({g}));");
            w.Close();
            w.Open($"for (int {i} = 0; {i} < {array.Name}.Length; {i}++)");
            w.Line($"{array.AdjointName}[{i}] += {g}[{i}];");
            w.Close();
        }
        else if (array.Shape == ValueShape.Jagged)
        {
            w.Line($"global::GradientGen.Internal.JaggedArrays.CheckTangent({array.Name}, {g}, \"result\", nameof({g}));");
            w.Open($"for (int {i} = 0; {i} < {array.Name}.Length; {i}++)");
            w.Open($"for (int {j} = 0; {array.Name}[{i}] is not null && {j} < {array.Name}[{i}].Length; {j}++)");
            w.Line($"{array.AdjointName}[{i}][{j}] += {g}[{i}][{j}];");
            w.Close();
            w.Close();
        }
        else
        {
            w.Open($"if ({g}.GetLength(0) != {array.Name}.GetLength(0) || {g}.GetLength(1) != {array.Name}.GetLength(1))");
            w.Line($"throw new global::System.ArgumentException(\"'{g}' must have the shape of the result.\", nameof({g}));");
            w.Close();
            w.Open($"for (int {i} = 0; {i} < {array.Name}.GetLength(0); {i}++)");
            w.Open($"for (int {j} = 0; {j} < {array.Name}.GetLength(1); {j}++)");
            w.Line($"{array.AdjointName}[{i}, {j}] += {g}[{i}, {j}];");
            w.Close();
            w.Close();
        }
    }

    private static IEnumerable<ElementAssignStmt> Saves(IEnumerable<Stmt> body) => body.SelectMany(s => s switch
    {
        SourceStmt source => Saves(source.Body),
        IfStmt branch => Saves(branch.Then).Concat(Saves(branch.Else)),
        LoopStmt loop => Saves(loop.Body),
        ElementAssignStmt store => [store],
        _ => [],
    });
}
