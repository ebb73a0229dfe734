using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The array a [Differentiable] callee returns, passed straight to another call (<c>Square(Forward(x))</c>): it is
/// held in an active array temporary, as if the user had written <c>double[] y = Forward(x); Square(y)</c>, so the
/// outer call's backward fills the temporary's adjoint and the inner call's backward takes it as its dResult.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The temporary holding the call's array result; null when <paramref name="op"/> is not such a call at the top level of the method.</summary>
    private VariableAtom? CallResultArray(IOperation op)
    {
        // At the top level only, as for a local array: its adjoint is allocated once for the whole reverse sweep.
        if (_depth > 0
            || op is not IInvocationOperation { TargetMethod.ReturnType: IArrayTypeSymbol returned } call
            || SymbolFacts.ShapeOf(returned) is not (ValueShape.Vector or ValueShape.Matrix)
            || !SymbolEqualityComparer.Default.Equals(returned, op.Type)
            || !ActivityAnalysis.DifferentiableReads(op).Any(_scope.IsActive)
            || !_callees.HasDerivative(call.TargetMethod))
        {
            return null;
        }

        int temporary = _scope.NewArrayTemporary(returned);
        Emit(new AssignStmt(temporary, LowerInvocation(call), Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(temporary);
    }
}
