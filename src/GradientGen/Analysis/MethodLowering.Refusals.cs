using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The refusals that need more than one sentence of logic: each picks the most specific diagnostic for
/// what it found, so the message names the construct and its way out.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>A call with an active argument whose result reaches the result, and no derivative for it.</summary>
    private void RefuseCall(IInvocationOperation invocation, string reason)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (method.MethodKind is MethodKind.DelegateInvoke or MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            string what = method.MethodKind == MethodKind.LocalFunction
                ? $"the local function '{method.Name}'"
                : $"the delegate call '{_scope.Renderer.RenderOneLine(invocation.Syntax)}'";
            Report(Descriptors.DelegateInvocationId, invocation.Syntax, what);
        }
        else if (CalleeResolution.DispatchOf(method) is { } dispatch)
        {
            Report(Descriptors.VirtualCallId, invocation.Syntax, display, dispatch);
        }
        else if (DerivativeRules.IsMathType(method.ContainingType))
        {
            Report(Descriptors.MathFunctionWithoutRuleId, invocation.Syntax, display, method.ContainingType.Name, method.Name);
        }
        else
        {
            Report(Descriptors.CallWithoutDerivativeId, invocation.Syntax, display, "carries an active value into the result", reason);
        }
    }

    /// <summary>A value that reaches the result and depends on an active one through something that carries no derivative.</summary>
    private void RefuseHiddenRead(IOperation read, ISymbol hidden)
    {
        string text = _scope.Renderer.RenderOneLine(read.Syntax);
        (string carrier, ITypeSymbol? type) = CarrierOf(read, hidden);
        if (type is null || SymbolFacts.ShapeOf(type) != ValueShape.None)
        {
            // A float or double that got its value in a way the lowering doesn't follow.
            Unsupported(read.Syntax, $"'{text}': '{hidden.Name}' gets its value through a tuple, a deconstruction, an out argument or a pattern, which GradientGen does not follow", $"assign '{hidden.Name}' with '=' from an expression");
            return;
        }

        switch (type.TypeKind)
        {
            case TypeKind.Delegate:
                Report(Descriptors.DelegateInvocationId, read.Syntax, $"'{text}', which reads an active value through the delegate '{carrier}'");
                break;
            case TypeKind.Dynamic:
                Report(Descriptors.DynamicOperationId, read.Syntax, text);
                break;
            case TypeKind.Pointer or TypeKind.FunctionPointer:
                Report(Descriptors.PointerOperationId, read.Syntax, text);
                break;
            default:
                Report(Descriptors.UnsupportedActiveTypeId, read.Syntax, text, carrier, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                break;
        }
    }

    /// <summary>
    /// What carries the active value out of sight: the variable itself when it holds an object, a list or a
    /// delegate; otherwise the innermost expression around its read whose type carries no derivative
    /// (<c>x.ToString()</c> in <c>double.Parse(x.ToString())</c>).
    /// </summary>
    private (string Carrier, ITypeSymbol? Type) CarrierOf(IOperation read, ISymbol hidden)
    {
        ITypeSymbol? type = hidden switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        if (type is not null && SymbolFacts.ShapeOf(type) == ValueShape.None)
        {
            return (hidden.Name, type);
        }

        foreach (IOperation op in read.DescendantsAndSelf())
        {
            if (!SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(op), hidden))
            {
                continue;
            }

            for (IOperation? up = op.Parent; up is not null && up != read.Parent; up = up.Parent)
            {
                if (up.Type is { } t && SymbolFacts.ShapeOf(t) == ValueShape.None)
                {
                    return (_scope.Renderer.RenderOneLine(up.Syntax), t);
                }
            }
        }

        return (hidden.Name, type);
    }

    /// <summary>An active value assigned to something that is not a local, a parameter or an active array's element.</summary>
    private void RefuseActiveWrite(IOperation assignment, IOperation target)
    {
        string text = _scope.Renderer.RenderOneLine(target.Syntax);
        string? where = target switch
        {
            IFieldReferenceOperation { Field.IsStatic: true } => $"the static field '{text}'",
            IFieldReferenceOperation => $"the field '{text}'",
            IPropertyReferenceOperation { Property.IsIndexer: true } => $"the indexer '{text}'",
            IPropertyReferenceOperation => $"the property '{text}'",
            IEventReferenceOperation => $"the event '{text}'",
            _ => null,
        };
        if (where is not null)
        {
            Report(Descriptors.ActiveWriteOutsideLocalsId, assignment.Syntax, "writing an active value into " + where);
        }
        else
        {
            Unsupported(assignment.Syntax, $"writing an active value into '{text}'", "derivatives are tracked through locals, parameters and their arrays only; keep the value in a local and return it");
        }
    }

    private void Report(string descriptorId, SyntaxNode at, params string[] args) =>
        _issues.Add(_scope.IssueAt(descriptorId, at.Span, args));

    private void Unsupported(SyntaxNode at, string construct, string wayOut) =>
        Report(Descriptors.UnsupportedConstructId, at, construct, wayOut);
}
