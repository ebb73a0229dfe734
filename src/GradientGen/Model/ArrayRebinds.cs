using System.Collections.Generic;

namespace GradientGen.Model;

/// <summary>
/// <c>a = x</c> for an array local that names arrays rather than fill one (<c>MethodLowering.ReboundArrays</c>): an
/// <see cref="AssignStmt"/> of a <see cref="CopyExpr"/> to a vector. Each binding has an adjoint of its own: the reverse
/// sweep adds it into the adjoint of the array the binding named, then gives the local its previous array back (always
/// kept, see <c>SaveAnalysis</c>) and a zeroed adjoint of that array's length. Forward mode names the array's tangent.
/// </summary>
internal static class ArrayRebinds
{
    public static bool Is(IReadOnlyList<Variable> variables, Stmt s) =>
        s is AssignStmt { Value: CopyExpr } assign && variables[assign.Target].AdjointIndexName is not null;
}
