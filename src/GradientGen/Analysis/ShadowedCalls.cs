using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call to a [Differentiable] method whose backward takes the shadow of an object the caller follows (<c>this</c>, an
/// object parameter): its value depends on that object's members, which no argument shows. The activity analysis
/// counts them as read by the call (<see cref="ActivityAnalysis"/>); <c>MethodLowering.ObjectCalls</c> checks the call.
/// </summary>
internal static class ShadowedCalls
{
    /// <summary>The members the call reads through the objects it is given (receiver and object arguments), as the caller names them.</summary>
    public static IEnumerable<ISymbol> MembersRead(IInvocationOperation call)
    {
        if (!SymbolFacts.IsDifferentiable(call.TargetMethod))
        {
            return [];
        }

        IEnumerable<IOperation> objects = call.Arguments
            .Where(a => a.Parameter is { } p && ObjectParameters.IsObjectParameter(p))
            .Select(a => a.Value);
        if (InstanceMembers.HasShadow(call.TargetMethod) && call.Instance is { } instance)
        {
            objects = objects.Append(instance);
        }

        return objects.SelectMany(MembersOf);
    }

    /// <summary>
    /// Whether the call may write members of the objects it is given (MethodLowering.WritingCalls): a void one, or one whose
    /// callee's analysis says it writes members (or isn't done yet: a partner in recursion).
    /// </summary>
    public static bool MayWriteMembers(IInvocationOperation call)
    {
        if (call.TargetMethod.ReturnsVoid)
        {
            return true;
        }

        return CallGraph.SyntaxOf(call.TargetMethod.OriginalDefinition, CancellationToken.None) is not { } syntax
            || !AnalysisCache.For(call.SemanticModel!.Compilation).TryGet(syntax, out Model.AnalysisResult known)
            || (known.Model is { } model && Emit.MemberWriteChecks.WritesMembers(model));
    }

    private static IEnumerable<ISymbol> MembersOf(IOperation operation)
    {
        operation = ImplicitConversions.Unwrapped(operation);

        return operation switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type: INamedTypeSymbol { TypeKind: TypeKind.Class } type } => InstanceMembers.Of(type),
            IParameterReferenceOperation { Parameter: var parameter } when ObjectParameters.IsObjectParameter(parameter) => ObjectParameters.MembersOf(parameter),
            _ => [],
        };
    }
}
