using System.Collections.Generic;

namespace GradientGen.Model;

/// <summary>
/// <c>a = x</c> for an array local that names arrays rather than fill one (<c>MethodLowering.ReboundArrays</c>): an
/// <see cref="AssignStmt"/> of a <see cref="CopyExpr"/> (an array variable) or an <see cref="ElementExpr"/> (a row
/// of a jagged array, <c>a = rows[l]</c>) to a vector. Each binding has an adjoint of its own: the reverse
/// sweep adds it into the adjoint of the array the binding named, then gives the local its previous array back (always
/// kept, see <c>SaveAnalysis</c>) and a zeroed adjoint of that array's length. Forward mode names the array's tangent.
/// </summary>
internal static class ArrayRebinds
{
    public static bool Is(IReadOnlyList<Variable> variables, Stmt s) =>
        s is AssignStmt { Value: CopyExpr or ElementExpr } assign && variables[assign.Target].AdjointIndexName is not null;

    /// <summary>
    /// The array a rebinding names, in the terms <paramref name="name"/> gives its variable (its name, or its adjoint's or
    /// tangent's: null for none, an inactive array's); null too for a constant.
    /// </summary>
    public static string? Named(MethodModel model, AssignStmt rebind, System.Func<Variable, string?> name) => rebind.Value switch
    {
        ElementExpr row when name(model.Variables[row.Array]) is { } rows => Emit.Atoms.Element(model, model.Variables[row.Array], rows, row.Indices),
        CopyExpr { Value: VariableAtom { VariableId: int id } } => name(model.Variables[id]),
        _ => null,
    };
}
