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
/// Each parameter's members are variables of their own (<see cref="ObjectMember"/>), so a method may read and write
/// the members of several objects of one class (<c>Distance(Body a, Body b)</c>, or one of the class of
/// <c>this</c>); the backward checks at run time that objects whose members it writes are not also read as
/// another parameter. Only members the method can name are taken: the shadow's are written by the generated
/// code, in the method's type.
/// </remarks>
internal static class ObjectParameters
{
    /// <summary>A by-value parameter of a class type with members that carry derivatives, not [NoDerivative].</summary>
    public static bool IsObjectParameter(IParameterSymbol parameter) =>
        SymbolFacts.IsPassedByValue(parameter)
        && parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None }
        && !SymbolFacts.HasAttribute(parameter, AttributeSources.NoDerivativeMetadataName)
        && DeclaredMembersOf(parameter).Any();

    /// <summary>
    /// The members of the parameter's object that carry derivatives and that the method can name, as the variables
    /// they are (<see cref="ObjectMember"/>: <c>a.X</c> and <c>b.X</c> are two).
    /// </summary>
    public static IEnumerable<ISymbol> MembersOf(IParameterSymbol parameter) =>
        DeclaredMembersOf(parameter).Select(member => new ObjectMember(parameter, member));

    /// <summary>The variable of an object parameter's member that <paramref name="operation"/> reads or writes, when it carries a derivative.</summary>
    public static ISymbol? Of(IMemberReferenceOperation operation) =>
        operation.Instance is IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary } } owner }
        && IsObjectParameter(owner) && DeclaredMembersOf(owner).Contains(operation.Member, SymbolEqualityComparer.Default)
            ? new ObjectMember(owner, operation.Member)
            : null;

    private static IEnumerable<ISymbol> DeclaredMembersOf(IParameterSymbol parameter) =>
        parameter.Type is INamedTypeSymbol type && parameter.ContainingSymbol is IMethodSymbol method
            ? InstanceMembers.Of(type).Where(member => IsAccessibleFrom(member, method.ContainingType))
            : [];

    private static bool IsAccessibleFrom(ISymbol member, INamedTypeSymbol within) => member.DeclaredAccessibility switch
    {
        Accessibility.Public => true,
        Accessibility.Internal or Accessibility.ProtectedOrInternal => SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, within.ContainingAssembly),
        _ => SymbolEqualityComparer.Default.Equals(member.ContainingType, within),
    };
}
