using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The fields and auto-properties of <c>this</c> that carry derivatives in an instance method of a class (the
/// course's <c>Layer</c> with its <c>W</c> and <c>b</c>). Such a method's backward takes a shadow of the same
/// class, <c>dThis</c>, into whose members the adjoints accumulate (Enzyme's shadow arguments): a member is
/// read like a parameter and its adjoint is <c>dThis.Member</c>.
/// </summary>
/// <remarks>
/// The rule is the type's, not the method's body's, so that a caller knows a backward's signature from the
/// callee's declaration alone: every instance method of a class with at least one such member has
/// <c>dThis</c>. A member carries a derivative when it is an instance field or auto-property of the class (or a
/// base class), not <c>[NoDerivative]</c>, and either an array of floats (<c>T[]</c>, <c>T[,]</c>: its
/// elements take the adjoints, so the reference may be read-only; also <c>T[][]</c> and arrays of structs such as <c>Vector3[]</c>) or a float the shadow can add into (a field
/// that isn't <c>readonly</c>, a property with a <c>set</c> accessor). A read-only float stays a constant, as
/// SPEC §3 has it for fields, and the analyzer warns about the read.
/// </remarks>
internal static class InstanceMembers
{
    /// <summary>Whether <paramref name="method"/>'s backward takes <c>dThis</c>: an instance method of a class with members that carry derivatives.</summary>
    public static bool HasShadow(IMethodSymbol method) =>
        !method.IsStatic && method.ContainingType is { TypeKind: TypeKind.Class } type && Of(type).Any();

    /// <summary>The members of <paramref name="type"/> (declared or inherited) that carry derivatives, in declaration order.</summary>
    public static IEnumerable<ISymbol> Of(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            foreach (ISymbol member in t.GetMembers())
            {
                if (Carries(member) && (SymbolEqualityComparer.Default.Equals(t, type) || member.DeclaredAccessibility != Accessibility.Private))
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>
    /// The member of <c>this</c> (or of an object parameter, <see cref="ObjectParameters"/>) that
    /// <paramref name="operation"/> reads or writes, when it carries a derivative; otherwise null.
    /// </summary>
    public static ISymbol? Of(IOperation operation) => operation switch
    {
        IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type.TypeKind: TypeKind.Class } } member
            when member is IFieldReferenceOperation or IPropertyReferenceOperation && Carries(member.Member) => member.Member,
        IMemberReferenceOperation member when member is IFieldReferenceOperation or IPropertyReferenceOperation => ObjectParameters.Of(member),
        _ => null,
    };

    /// <summary>The member's type: a member symbol stands for a variable in the activity analysis and the scope.</summary>
    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        ObjectMember owned => TypeOf(owned.Member),
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    /// <summary>Whether <paramref name="variable"/> is a member of this or of an object parameter (<see cref="ObjectMember"/>).</summary>
    public static bool IsMember(ISymbol variable) => variable is IFieldSymbol or IPropertySymbol or ObjectMember;

    /// <summary>The field or property a member variable stands for.</summary>
    public static ISymbol Declared(ISymbol variable) => variable is ObjectMember owned ? owned.Member : variable;

    private static bool Carries(ISymbol member)
    {
        if (member.IsStatic || member.IsImplicitlyDeclared || SymbolFacts.HasAttribute(member, AttributeSources.NoDerivativeMetadataName))
        {
            return false;
        }

        (ITypeSymbol? type, bool writable) = member switch
        {
            IFieldSymbol { IsConst: false, RefKind: RefKind.None } f => (f.Type, !f.IsReadOnly),
            IPropertySymbol { IsIndexer: false, RefKind: RefKind.None } p when IsAutoProperty(p) => (p.Type, p.SetMethod is { IsInitOnly: false }),
            _ => (null, false),
        };
        return SymbolFacts.ShapeOf(type) switch
        {
            ValueShape.Scalar => writable,
            ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray => type is IArrayTypeSymbol,
            _ => false,
        };
    }

    /// <summary>A property whose storage is a field the compiler made for it (so reading it reads that field, and nothing else runs).</summary>
    public static bool IsAutoProperty(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
}
