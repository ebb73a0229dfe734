using System.Collections.Generic;
using System.Linq;
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
        else if (GenericMath.IsNumericInterfaceMember(method))
        {
            // No [DerivativeOf] can name it: rules are not generic.
            Report(Descriptors.CallWithoutDerivativeId, invocation.Syntax, display, "carries an active value into the result", $"'{method.Name}' of a generic-math type has no built-in derivative rule, and [DerivativeOf] rules can't be generic; write it with functions that have one, or mark the parameters it depends on [NoDerivative]");
        }
        else if (DerivativeRules.HasMathFunctions(method))
        {
            // "double", not "Double": typeof(double) needs no using. Before dispatch: T.BitIncrement is an interface member.
            Report(Descriptors.MathFunctionWithoutRuleId, invocation.Syntax, display, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), method.Name);
        }
        else if (CalleeResolution.DispatchOf(method) is { } dispatch)
        {
            Report(Descriptors.VirtualCallId, invocation.Syntax, display, dispatch);
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
        ITypeSymbol? type = hidden switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        string through = hidden.Name;

        // A float or double variable carries its derivative itself: what loses it is on the way to the read
        // (a lambda, a cast to decimal, a dynamic operation), or where the variable got its value (a tuple).
        if (SymbolFacts.ShapeOf(type) != ValueShape.None && (CarrierIn(read, hidden) ?? SourceOf(hidden)) is { } carrier)
        {
            if (carrier is IAnonymousFunctionOperation)
            {
                Report(Descriptors.DelegateInvocationId, read.Syntax, $"'{text}', which reads the active value '{hidden.Name}' through the lambda '{_scope.Renderer.RenderOneLine(carrier.Syntax)}'");
                return;
            }

            through = _scope.Renderer.RenderOneLine(carrier.Syntax);
            type = carrier.Type;
        }
        else if (SymbolFacts.ShapeOf(type) != ValueShape.None)
        {
            // A float or double variable that got a lost derivative where it was assigned: that assignment has
            // its own, better placed, error. Report this read only if nothing else was (see Lower).
            _hiddenVariableReads.Add((read, hidden, type!));
            return;
        }

        switch (type?.TypeKind)
        {
            case TypeKind.Delegate:
                Report(Descriptors.DelegateInvocationId, read.Syntax, $"'{text}', which reads an active value through the delegate '{through}'");
                break;
            case TypeKind.Dynamic:
                Report(Descriptors.DynamicOperationId, read.Syntax, text);
                break;
            case TypeKind.Pointer or TypeKind.FunctionPointer:
                Report(Descriptors.PointerOperationId, read.Syntax, text);
                break;
            case null:
                Report(Descriptors.DelegateInvocationId, read.Syntax, $"'{text}', which reads an active value through '{through}'");
                break;
            default:
                Report(Descriptors.UnsupportedActiveTypeId, read.Syntax, text, through, DisplayType(type));
                break;
        }
    }

    /// <summary>
    /// The innermost lambda, or operation of a type without a derivative, that stands
    /// between a read of <paramref name="variable"/> and <paramref name="read"/>; null if there is none.
    /// </summary>
    private static IOperation? CarrierIn(IOperation read, ISymbol variable)
    {
        foreach (IOperation reference in read.DescendantsAndSelf())
        {
            if (!SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(reference), variable))
            {
                continue;
            }

            for (IOperation? op = reference.Parent; op is not null && op != read.Parent; op = op.Parent)
            {
                if (op is IAnonymousFunctionOperation)
                {
                    return op;
                }

                if (CutsByDesign(op))
                {
                    // Integers, bools and rounding cut a derivative on purpose: this read is not the one.
                    break;
                }

                if (op.Type is { } t && SymbolFacts.ShapeOf(t) == ValueShape.None)
                {
                    return op;
                }
            }
        }

        return null;
    }

    /// <summary>The value, of a type without a derivative, that <paramref name="variable"/> was taken from (a deconstructed tuple, a pattern's input).</summary>
    private IOperation? SourceOf(ISymbol variable)
    {
        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            IOperation? source = op switch
            {
                IDeconstructionAssignmentOperation d when d.Target.DescendantsAndSelf().Any(t => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(t), variable)) => d.Value,
                IIsPatternOperation p when p.Pattern.DescendantsAndSelf().Any(x => x is IDeclarationPatternOperation { DeclaredSymbol: { } s } && SymbolEqualityComparer.Default.Equals(s, variable)) => p.Value,
                _ => null,
            };
            if (source?.Type is { } t && SymbolFacts.ShapeOf(t) == ValueShape.None && !CutsByDesign(source))
            {
                return source;
            }
        }

        return null;
    }

    private static bool CutsByDesign(IOperation op) =>
        op.Type is { SpecialType: SpecialType.System_Boolean or (>= SpecialType.System_Char and <= SpecialType.System_UInt64) }
        || (op is IInvocationOperation call && DerivativeRules.IsPiecewiseConstant(call.TargetMethod));

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
        else if (target.DescendantsAndSelf().Any(op => op.Type?.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer))
        {
            Report(Descriptors.PointerOperationId, assignment.Syntax, _scope.Renderer.RenderOneLine(assignment.Syntax));
        }
        else
        {
            Unsupported(assignment.Syntax, $"writing an active value into '{text}'", "derivatives are tracked through locals, parameters and their arrays only; keep the value in a local and return it");
        }
    }

    /// <summary>Reports the reads of float or double variables that <see cref="RefuseHiddenRead"/> held back, when nothing explains them.</summary>
    private void ReportUnexplainedHiddenReads()
    {
        if (_issues.Count > 0)
        {
            return;
        }

        foreach ((IOperation read, ISymbol hidden, ITypeSymbol type) in _hiddenVariableReads)
        {
            (string through, ITypeSymbol carrier) = TraceCarrier(hidden, new HashSet<ISymbol>(SymbolEqualityComparer.Default)) ?? (hidden.Name, type);
            Report(Descriptors.UnsupportedActiveTypeId, read.Syntax, _scope.Renderer.RenderOneLine(read.Syntax), through, DisplayType(carrier));
        }
    }

    /// <summary>
    /// Following the assignments of a float or double variable back (<c>s += v</c>, <c>foreach (var v in list)</c>),
    /// the variable of a type without a derivative it got its value from, so the message names the real culprit.
    /// </summary>
    private (string Through, ITypeSymbol Type)? TraceCarrier(ISymbol variable, HashSet<ISymbol> seen)
    {
        if (!seen.Add(variable))
        {
            return null;
        }

        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            IOperation? value = op switch
            {
                IVariableDeclaratorOperation { Initializer.Value: var v } d when SymbolEqualityComparer.Default.Equals(d.Symbol, variable) => v,
                IAssignmentOperation a when SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(a.Target), variable) => a.Value,
                IForEachLoopOperation f when variable is ILocalSymbol local && f.Locals.Contains(local, SymbolEqualityComparer.Default) => f.Collection,
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            foreach (ISymbol read in ActivityAnalysis.AllReads(value))
            {
                ITypeSymbol? type = read switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };
                if (type is null || _scope.IsActive(read) || !_scope.IsTainted(read))
                {
                    continue;
                }

                if (SymbolFacts.ShapeOf(type) == ValueShape.None)
                {
                    return (read.Name, type);
                }

                if (TraceCarrier(read, seen) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>A type as a message shows it: short, without a nullable annotation (<c>List&lt;double&gt;</c>, not <c>List&lt;double&gt;?</c>).</summary>
    private static string DisplayType(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private void Report(string descriptorId, SyntaxNode at, params string[] args) =>
        _issues.Add(_scope.IssueAt(descriptorId, InMethod(at).Span, args));

    /// <summary>Where a refusal is reported: inside an inlined struct member (another file), where the method uses it.</summary>
    private SyntaxNode InMethod(SyntaxNode at) =>
        _inlinedMembers.Count > 0 && (at.SyntaxTree != _scope.MethodSyntax.SyntaxTree || !_scope.MethodSyntax.FullSpan.Contains(at.Span)) ? _inlinedMembers[0].Site.Syntax : at;

    private void Unsupported(SyntaxNode at, string construct, string wayOut) =>
        Report(Descriptors.UnsupportedConstructId, at, construct, wayOut);
}
