using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Calls to [Differentiable] methods whose backwards take shadow objects: an instance method run on <c>this</c>
/// (<c>Square(Forward(x))</c>, its backward takes <c>dThis</c>) or on an object parameter (<c>layer.Forward(x)</c>,
/// it takes <c>dLayer</c>), and a method with an object parameter given <c>this</c> or an object parameter
/// (<c>Helper(layer, x)</c>). The caller passes its own shadow of that object on, so the callee's adjoints of the
/// members accumulate where the caller's do.
/// </summary>
/// <remarks>
/// The callee's backward runs in the caller's reverse sweep and reads the object's members again: they must hold what
/// they held at the call. So the call counts as reading every member in the reverse sweep (<see cref="SaveAnalysis"/>
/// keeps the float members the caller overwrites after it), and what can't be kept that way is refused: a callee that
/// writes members itself (its backward would start from the members it left), and a caller that writes member arrays
/// (their elements are not restored).
/// </remarks>
internal sealed partial class MethodLowering
{
    private readonly HashSet<IInvocationOperation> _objectCallsChecked = new();
    private readonly HashSet<IInvocationOperation> _objectCallsRefused = new();

    /// <summary>Whether the objects of the call are ones whose shadows this method has; reports why not and returns false otherwise.</summary>
    private bool CheckObjectCall(IInvocationOperation invocation, Callee callee)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (callee.TakesShadow && !HasShadowOf(invocation.Instance, method.ContainingType))
        {
            string receiver = invocation.Instance is { IsImplicit: false } instance ? $"'{_scope.Renderer.RenderOneLine(instance.Syntax)}'" : "this object";
            Report(Descriptors.CallWithoutDerivativeId, invocation.Syntax, display, "carries an active value into the result",
                $"its backward takes the shadow of the object it runs on, and {receiver} is not an object whose shadow '{_scope.Method.Name}' has (this, in an instance method of its class, or a parameter of its class not marked [NoDerivative]); make it static and pass the members it reads as arguments");
            return false;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && ObjectParameters.IsObjectParameter(parameter) && !HasShadowOf(argument.Value, parameter.Type))
            {
                Unsupported(argument.Syntax, $"'{_scope.Renderer.RenderOneLine(argument.Value.Syntax)}' passed where '{method.Name}' takes an object whose members carry derivatives", $"pass 'this' or a parameter of '{_scope.Method.Name}' of that class not marked [NoDerivative]: the backward passes their shadows on");
                return false;
            }
        }

        if (_objectCallsRefused.Contains(invocation))
        {
            return false;
        }

        if (WrittenMemberArrays().Count > 0)
        {
            int array = WrittenMemberArrays().Min();
            Unsupported(invocation.Syntax, $"the call to '{method.Name}' in a method that writes the member array '{_scope.Variables[array].Name}'", $"its backward reads the object's members again in the reverse sweep, where the elements written after the call are not restored; write into a local array instead");
            return false;
        }

        return true;
    }

    /// <summary>
    /// A call given an object this method follows, active or not (a call copied as it is runs in the backward too):
    /// refused where the callee writes members, which the backward would then change out of sight.
    /// </summary>
    private void RefuseObjectCallEffects(IInvocationOperation invocation)
    {
        if (!_objectCallsChecked.Add(invocation))
        {
            return;
        }

        IMethodSymbol method = invocation.TargetMethod;
        if (IsWritingCall(invocation))
        {
            return; // Its outputs are the members it writes: followed (MethodLowering.WritingCalls).
        }

        string? why = method.ReturnsVoid ? "which returns nothing and writes its outputs into the object's members" : CalleeWritesMembers(method, invocation.SemanticModel!.Compilation);
        if (why == WritesMembersOfItsObjects)
        {
            // Followed where its value is lowered (MethodLowering.WritingCalls); refused at the end if it never is.
            _memberWritingCalls.Add(invocation);
        }
        else if (why is not null)
        {
            _objectCallsRefused.Add(invocation);
            Unsupported(invocation.Syntax, $"the call to '{method.Name}', {why}", $"its backward would start from the members as the call left them; return what '{_scope.Method.Name}' needs instead of storing it in the object, or store it in '{_scope.Method.Name}' itself");
        }
    }

    /// <summary><c>this</c> (in a method with <c>dThis</c>) or an object parameter of this method, of <paramref name="type"/> or a class derived from it.</summary>
    private bool HasShadowOf(IOperation? operation, ITypeSymbol type)
    {
        operation = ImplicitConversions.Unwrapped(operation);

        bool derives = operation?.Type is INamedTypeSymbol actual && DerivesFrom(actual, type);
        return operation switch
        {
            null => InstanceMembers.HasShadow(_scope.Method) && DerivesFrom(_scope.Method.ContainingType, type),
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => InstanceMembers.HasShadow(_scope.Method) && derives,
            IParameterReferenceOperation { Parameter: var parameter } => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _scope.Method) && ObjectParameters.IsObjectParameter(parameter) && derives,
            _ => false,
        };
    }

    private static bool DerivesFrom(INamedTypeSymbol type, ITypeSymbol baseType)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why the callee writes members (of its object or of its object parameters), or null when it writes none.</summary>
    private string? CalleeWritesMembers(IMethodSymbol callee, Compilation compilation)
    {
        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, _scope.Method.OriginalDefinition))
        {
            // A recursive call: this method's own writes.
            return WritesMembersItself() ? "a recursive call of a method that writes members of its object" : null;
        }

        if (CallGraph.SyntaxOf(callee.OriginalDefinition, CancellationToken.None) is not { } syntax
            || !AnalysisCache.For(compilation).TryGet(syntax, out AnalysisResult known))
        {
            // A partner in mutual recursion: its analysis isn't done, so what it writes isn't known yet.
            return "a method calling this one back, whose writes into the members are not known yet";
        }

        // A callee without a backward is refused where the call is lowered (GG0003), as any such call.
        return known.Model is { } model && GradientGen.Emit.MemberWriteChecks.WritesMembers(model) ? WritesMembersOfItsObjects : null;
    }

    private const string WritesMembersOfItsObjects = "which writes members of the object it is given";

    private bool WritesMembersItself() =>
        _body.DescendantsAndSelf().Any(op => TargetOf(op) is { } target
            && (InstanceMembers.Of(target) is not null || (ActivityAnalysis.ElementOf(target) is { } element && InstanceMembers.Of(element.Array) is not null)));
}
