using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call, with arguments that depend on the active parameters, to a [Differentiable] method that writes its output into a
/// <c>Span&lt;T&gt;</c> parameter (<c>Derivative(x, y, k1)</c> filling the caller's <c>k1</c>). Activity
/// analysis follows assignments, not what a callee stores into the caller's arrays, and the reverse sweep
/// would have to restore the array for the callee's backward: the derivative through the output would be
/// lost without a word (or reported as always zero), so the call is refused until the caller follows it.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>GG0001 on the argument passed to each such output span.</summary>
    private void RefuseCalleeSpanOutputs(IOperation body)
    {
        foreach (IInvocationOperation call in body.Descendants().OfType<IInvocationOperation>())
        {
            if (!FillsSpanOutputsFromActiveValues(call))
            {
                continue;
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && SymbolFacts.IsWritableSpanParameter(parameter))
                {
                    Unsupported(
                        argument.Syntax,
                        $"'{_scope.Renderer.RenderOneLine(argument.Syntax)}' passed to the output span '{parameter.Name}' of '{call.TargetMethod.Name}' with derivatives flowing in (what a callee writes into the caller's array is not followed yet)",
                        $"return a new array from '{call.TargetMethod.Name}' instead, or write the loop in '{_scope.Method.Name}' itself");
                }
            }
        }
    }

    /// <summary>A [Differentiable] call with an active argument: its span-output arguments are refused (<see cref="RefuseCalleeSpanOutputs"/>).</summary>
    private bool FillsSpanOutputsFromActiveValues(IInvocationOperation call) =>
        InlinedFunctions.Find(call) is null && _callees.HasDerivative(call.TargetMethod)
        && call.Arguments.Any(a => _scope.HiddenActiveRead(a.Value) is not null)
        && call.Arguments.Any(a => a.Parameter is { } parameter && SymbolFacts.IsWritableSpanParameter(parameter));
}
