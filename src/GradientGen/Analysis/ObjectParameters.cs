using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Class-typed parameters whose members carry derivatives (<c>static double Loss(Layer layer, double[] x)</c>): the
/// members of the object are inputs read as <c>layer.W</c>, exactly like those of <c>this</c>
/// (<see cref="InstanceMembers"/>), and the backward takes a shadow object <c>Layer dLayer</c> in the parameter's
/// place among the adjoints, into whose members theirs accumulate.
/// </summary>
/// <remarks>
/// A member symbol stands for the variable (the activity analysis and the scope are keyed by symbol), so two
/// objects whose members are the same symbols — two parameters of one class, or one of the class of <c>this</c>
/// — would share derivatives where the method reads those members itself; then the second one is refused
/// (<see cref="Colliding"/>). Objects only passed on to [Differentiable] methods (their own or the callee's) are fine. Only members the method can
/// name are taken: the shadow's are written by the generated code, in the method's type.
/// </remarks>
internal static class ObjectParameters
{
    /// <summary>A by-value parameter of a class type with members that carry derivatives, not [NoDerivative].</summary>
    public static bool IsObjectParameter(IParameterSymbol parameter) =>
        SymbolFacts.IsPassedByValue(parameter)
        && parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None }
        && !SymbolFacts.HasAttribute(parameter, AttributeSources.NoDerivativeMetadataName)
        && MembersOf(parameter).Any();

    /// <summary>The members of the parameter's object that carry derivatives and that the method can name.</summary>
    public static IEnumerable<ISymbol> MembersOf(IParameterSymbol parameter) =>
        parameter.Type is INamedTypeSymbol type && parameter.ContainingSymbol is IMethodSymbol method
            ? InstanceMembers.Of(type).Where(member => IsAccessibleFrom(member, method.ContainingType))
            : [];

    /// <summary>The member of an object parameter that <paramref name="operation"/> reads or writes, when it carries a derivative.</summary>
    public static ISymbol? Of(IMemberReferenceOperation operation) =>
        operation.Instance is IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary } } owner }
        && IsObjectParameter(owner) && MembersOf(owner).Contains(operation.Member, SymbolEqualityComparer.Default)
            ? operation.Member
            : null;

    /// <summary>
    /// The object parameter whose members are already another object's (an earlier parameter's, or this's) where one
    /// of the two has its members named by the method itself; null when none. An object the method only runs
    /// [Differentiable] methods on or passes to them (<c>l1.Forward(x)</c>, <c>l2.Forward(h)</c>) needs no variables
    /// of its own: its shadow is passed on.
    /// </summary>
    public static IParameterSymbol? Colliding(IMethodSymbol method, IOperation body)
    {
        // The objects whose members the method names: parameters, and its class for this.
        var named = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IMemberReferenceOperation reference in body.DescendantsAndSelf().OfType<IMemberReferenceOperation>())
        {
            if (reference.Instance is IParameterReferenceOperation owner && Of(reference) is not null)
            {
                named.Add(owner.Parameter);
            }
            else if (reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } && InstanceMembers.Of(reference) is not null)
            {
                named.Add(method.ContainingType);
            }
        }

        var owners = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        if (InstanceMembers.HasShadow(method))
        {
            foreach (ISymbol member in InstanceMembers.Of(method.ContainingType))
            {
                owners[member] = method.ContainingType;
            }
        }

        foreach (IParameterSymbol parameter in method.Parameters.Where(IsObjectParameter))
        {
            foreach (ISymbol member in MembersOf(parameter))
            {
                if (owners.TryGetValue(member, out ISymbol? other))
                {
                    if (named.Contains(parameter) || named.Contains(other))
                    {
                        return parameter;
                    }
                }
                else
                {
                    owners[member] = parameter;
                }
            }
        }

        return null;
    }

    private static bool IsAccessibleFrom(ISymbol member, INamedTypeSymbol within) => member.DeclaredAccessibility switch
    {
        Accessibility.Public => true,
        Accessibility.Internal or Accessibility.ProtectedOrInternal => SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, within.ContainingAssembly),
        _ => SymbolEqualityComparer.Default.Equals(member.ContainingType, within),
    };
}
