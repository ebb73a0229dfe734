using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Calls of another method's generated first derivatives in a [Differentiable] method (nested differentiation),
/// lowered onto callees whose derivatives X's second order provides:
/// <list type="bullet">
/// <item><c>XTangent(p…, v…, out t)</c> as <c>var pair = XValueAndTangent(p…, v…); t = pair.Tangent;</c>, the
/// call's value <c>pair.Value</c>;</item>
/// <item><c>XBackward(p…, s, ref dP…)</c> as <c>var r = XBackwardTuple(p…, s, dP…); dP = r.dP; …</c>, the call's
/// value <c>r.Value</c>.</item>
/// </list>
/// The helpers return what the call computes, exactly (they call it), as a tuple.
/// <c>XGradient</c> itself is an ordinary callee (<see cref="CalleeResolution"/>).
/// </summary>
internal sealed partial class MethodLowering
{
    private static bool IsNestedCall(IInvocationOperation call) =>
        NestedDerivatives.DerivativeOf(call.TargetMethod) is { Suffix: "Tangent" or "Backward" };

    /// <summary>
    /// The helper's call into a struct temporary, its members after the first assigned to the out and ref arguments in
    /// order; the call's value is the first member (a zero after a refusal is reported).
    /// </summary>
    private CopyExpr LowerNestedCall(IInvocationOperation call)
    {
        CalleeResolution.Result resolved = _callees.Resolve(call);
        if (resolved.Callee is not { } callee)
        {
            RefuseCall(call, resolved.Reason!);
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        if (!TryReceiverOfNestedCall(call, callee, out string? receiver))
        {
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        // The helper takes every argument but the out ones (a ref adjoint is an accumulator it starts from), in order.
        var inputs = new Atom?[call.TargetMethod.Parameters.Length];
        var outputs = new SortedDictionary<int, IArgumentOperation>();
        foreach (IArgumentOperation argument in call.Arguments)
        {
            int ordinal = argument.Parameter!.Ordinal;
            if (argument.Parameter.RefKind != RefKind.Out)
            {
                inputs[ordinal] = LowerAtom(argument.Value);
            }

            if (argument.Parameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                outputs[ordinal] = argument;
            }
        }

        ITypeSymbol tuple = call.TargetMethod.ContainingType.GetMembers(callee.Name.Split('<')[0]).OfType<IMethodSymbol>().First().ReturnType;
        int result = _scope.NewStructTemporary(tuple);
        Emit(new AssignStmt(result, new DiffCallExpr(callee with { Receiver = receiver }, inputs.OfType<Atom>().ToEquatableArray()), Declares: true, Overwrites: false, Save: null));
        ScalarKind kind = StructShapes.KindOf(tuple);
        ImmutableArray<string> members = StructShapes.LeavesOf(tuple);
        int member = 1;
        foreach (IArgumentOperation output in outputs.Values)
        {
            IOperation target = output.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : output.Value;
            if (ActivityAnalysis.VariableOf(target) is { } symbol)
            {
                bool declares = output.Value is IDeclarationExpressionOperation;
                Emit(new AssignStmt(_scope.VariableOf(symbol), new CopyExpr(ReadMember(result, members[member], kind)), declares, Overwrites: false, Save: null));
            }
            else if (target is not IDiscardOperation)
            {
                Unsupported(target.Syntax, $"the argument '{_scope.Renderer.RenderOneLine(target.Syntax)}' of a call of a generated derivative", "pass a local variable");
            }

            member++;
        }

        return new CopyExpr(ReadMember(result, members[0], kind));
    }

    /// <summary>Where a nested call's helper is called: as the call is (unqualified, on the type, or on <c>this</c>); false after a report.</summary>
    private bool TryReceiverOfNestedCall(IInvocationOperation call, Callee callee, out string? receiver)
    {
        receiver = call.Instance is null or IInstanceReferenceOperation { IsImplicit: true } ? callee.Receiver
            : call.Instance is IInstanceReferenceOperation ? "this" : null;
        if (call.Instance is { IsImplicit: false } instance and not IInstanceReferenceOperation)
        {
            Unsupported(instance.Syntax, $"the receiver '{_scope.Renderer.RenderOneLine(instance.Syntax)}' of a call of a generated derivative", "call it on this, or on the type");
            return false;
        }

        return true;
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

        IOperation unwrapped = ImplicitConversions.Unwrapped(value);

        if (unwrapped is IInvocationOperation call && call.Arguments.Contains(written) && IsNestedCall(call))
        {
            CopyExpr result = LowerNestedCall(call);
            Emit(new AssignStmt(target, result, declares, Overwrites: false, Save: null));
            return false;
        }

        var callee = (IInvocationOperation)written.Parent!;
        string name = ActivityAnalysis.VariableOf(written.Value is IDeclarationExpressionOperation e ? e.Expression : written.Value)!.Name;
        Report(Descriptors.ActiveWriteOutsideLocalsId, written.Syntax, $"passing the active variable '{name}' as {(written.Parameter!.RefKind == RefKind.Out ? "an out" : "a ref")} argument to '{callee.TargetMethod.Name}'");
        return false;
    }
}
