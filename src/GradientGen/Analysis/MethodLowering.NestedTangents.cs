using System.Collections.Immutable;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call of another method's generated <c>XTangent(p…, v…, out tangent)</c> in a [Differentiable] method (nested
/// differentiation with forward mode inside): it is lowered as <c>var pair = XValueAndTangent(p…, v…)</c>, a callee
/// of the struct result (value, tangent) whose backward and tangent X's second order provides, then
/// <c>tangent = pair.Tangent</c>, and the call's value is <c>pair.Value</c>.
/// </summary>
internal sealed partial class MethodLowering
{
    private static bool IsNestedTangentCall(IInvocationOperation call) =>
        NestedDerivatives.DerivativeOf(call.TargetMethod) is { Suffix: "Tangent" };

    private CopyExpr LowerNestedTangentCall(IInvocationOperation call)
    {
        CalleeResolution.Result resolved = _callees.Resolve(call);
        if (resolved.Callee is not { } callee)
        {
            RefuseCall(call, resolved.Reason!);
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        int outOrdinal = call.TargetMethod.Parameters.Length - 1;
        var atoms = new Atom[outOrdinal];
        IArgumentOperation? tangentArgument = null;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter!.Ordinal == outOrdinal)
            {
                tangentArgument = argument;
            }
            else
            {
                atoms[argument.Parameter.Ordinal] = LowerAtom(argument.Value);
            }
        }

        ITypeSymbol value = call.TargetMethod.ReturnType;
        INamedTypeSymbol pairType = call.SemanticModel!.Compilation.CreateTupleTypeSymbol(ImmutableArray.Create(value, value), ImmutableArray.Create<string?>("Value", "Tangent"));
        int pair = _scope.NewStructTemporary(pairType);
        string? receiver = call.Instance is null or IInstanceReferenceOperation { IsImplicit: true } ? callee.Receiver
            : call.Instance is IInstanceReferenceOperation ? "this" : null;
        if (call.Instance is not null && receiver is null)
        {
            Unsupported(call.Instance.Syntax, $"the receiver '{_scope.Renderer.RenderOneLine(call.Instance.Syntax)}' of a nested tangent", "call it on this, or on the type");
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        Emit(new AssignStmt(pair, new DiffCallExpr(callee with { Receiver = receiver }, atoms.ToEquatableArray()), Declares: true, Overwrites: false, Save: null));
        ScalarKind kind = SymbolFacts.KindOf(value);
        IOperation target = tangentArgument!.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : tangentArgument.Value;
        if (ActivityAnalysis.VariableOf(target) is { } symbol)
        {
            bool declares = tangentArgument.Value is IDeclarationExpressionOperation;
            Emit(new AssignStmt(_scope.VariableOf(symbol), new CopyExpr(ReadMember(pair, "Item2", kind)), declares, Overwrites: false, Save: null));
        }
        else if (target is not IDiscardOperation)
        {
            Unsupported(target.Syntax, $"the out argument '{_scope.Renderer.RenderOneLine(target.Syntax)}' of a nested tangent", "pass a local variable");
        }

        return new CopyExpr(ReadMember(pair, "Item1", kind));
    }

    /// <summary>
    /// A value assigned to an inactive variable (<c>double unused = F(x, out double y)</c>) that writes an active
    /// variable through an out or ref argument: a nested tangent call is lowered (and its value assigned), any
    /// other is refused (GG0008), since copying it as it is would drop the written variable's derivative. False
    /// when that is done; true when the value writes no active variable.
    /// </summary>
    private bool LowerActiveOutArguments(int target, IOperation value, bool declares)
    {
        IArgumentOperation? written = value.DescendantsAndSelf().OfType<IArgumentOperation>().FirstOrDefault(a =>
            a.Parameter?.RefKind is RefKind.Out or RefKind.Ref
            && ActivityAnalysis.VariableOf(a.Value is IDeclarationExpressionOperation d ? d.Expression : a.Value) is { } symbol && _scope.IsActive(symbol));
        if (written is null)
        {
            return true;
        }

        IOperation unwrapped = value;
        while (unwrapped is IConversionOperation { IsImplicit: true } conversion)
        {
            unwrapped = conversion.Operand;
        }

        if (unwrapped is IInvocationOperation call && call.Arguments.Contains(written) && IsNestedTangentCall(call))
        {
            CopyExpr result = LowerNestedTangentCall(call);
            Emit(new AssignStmt(target, result, declares, Overwrites: false, Save: null));
            return false;
        }

        var callee = (IInvocationOperation)written.Parent!;
        string name = ActivityAnalysis.VariableOf(written.Value is IDeclarationExpressionOperation e ? e.Expression : written.Value)!.Name;
        Report(Descriptors.ActiveWriteOutsideLocalsId, written.Syntax, $"passing the active variable '{name}' as {(written.Parameter!.RefKind == RefKind.Out ? "an out" : "a ref")} argument to '{callee.TargetMethod.Name}'");
        return false;
    }
}
