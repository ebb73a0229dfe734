using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call, with arguments that depend on the active parameters, to a [Differentiable] method that writes its output into a
/// <c>Span&lt;T&gt;</c> parameter (<c>Derivative(x, y, k1)</c> filling the caller's <c>k1</c>). A statement giving it
/// local arrays of this method is followed (MethodLowering.WritingCalls: the arrays are kept whole and given back
/// around the callee's backward); anything else given (a parameter, a member array, a slice) is refused: the
/// derivative through the output would be lost without a word.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>GG0001 on the argument passed to each such output span.</summary>
    private void RefuseCalleeSpanOutputs(IOperation body)
    {
        foreach (IInvocationOperation call in body.Descendants().OfType<IInvocationOperation>())
        {
            // Given this method's own local arrays, as a statement: followed (MethodLowering.WritingCalls).
            if (!FillsSpanOutputsFromActiveValues(call) || (call.Parent is IExpressionStatementOperation && IsWritingCall(call)))
            {
                continue;
            }

            foreach (IArgumentOperation argument in RefusedOutputArguments(call))
            {
                if (argument.Parameter is { } parameter)
                {
                    Unsupported(
                        argument.Syntax,
                        $"'{_scope.Renderer.RenderOneLine(argument.Syntax)}' passed to the output span '{parameter.Name}' of '{call.TargetMethod.Name}' with derivatives flowing in (what a callee writes is followed into a local array of '{_scope.Method.Name}' given by a call statement)",
                        $"pass a local array of '{_scope.Method.Name}' (allocated with 'new'), or return a new array from '{call.TargetMethod.Name}'");
                }
            }
        }
    }

    /// <summary>
    /// The output-span arguments of a call <see cref="RefuseCalleeSpanOutputs"/> refuses: all but the local arrays that
    /// carry no derivative to the result (nothing is lost through those: the call is copied as it is, and what it writes
    /// into them is among the copy's writes, <see cref="LowerInactiveStatement"/>).
    /// </summary>
    private IEnumerable<IArgumentOperation> RefusedOutputArguments(IInvocationOperation call) =>
        call.Arguments.Where(a => a.Parameter is { } parameter && SymbolFacts.IsWritableSpanParameter(parameter) && !IsInactiveLocal(a.Value));

    private bool IsInactiveLocal(IOperation value) => LocalOf(value) is int id && !_scope.Variables[id].Active;

    /// <summary>A [Differentiable] call with an active argument: its span-output arguments are refused (<see cref="RefuseCalleeSpanOutputs"/>).</summary>
    private bool FillsSpanOutputsFromActiveValues(IInvocationOperation call) =>
        InlinedFunctions.Find(call) is null && _callees.HasDerivative(call.TargetMethod)
        && call.Arguments.Any(a => _scope.HiddenActiveRead(a.Value) is not null)
        && call.Arguments.Any(a => a.Parameter is { } parameter && SymbolFacts.IsWritableSpanParameter(parameter));
}
