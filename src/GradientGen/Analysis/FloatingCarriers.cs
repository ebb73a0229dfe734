using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Which types can hold floating-point values somewhere inside them: a struct with a double field, a
/// <c>Vector3</c>, a <c>Complex</c>, a tuple, a jagged array, a <c>List&lt;double&gt;</c>. A parameter of
/// such a type that GradientGen cannot give an adjoint would lose its derivative without a word, so it is
/// refused unless the user says it is a constant (GG0014).
/// </summary>
internal static class FloatingCarriers
{
    /// <summary>Whether a value of <paramref name="type"/> can hold a float, double or Half, however deep.</summary>
    public static bool CanCarry(ITypeSymbol? type) => CanCarry(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool CanCarry(ITypeSymbol? type, HashSet<ITypeSymbol> seen)
    {
        if (type is null || !seen.Add(type))
        {
            return false;
        }

        if (SymbolFacts.KindOf(type) != ScalarKind.None || IsOtherFloatingPoint(type))
        {
            return true;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return CanCarry(array.ElementType, seen);
            case IPointerTypeSymbol pointer:
                return CanCarry(pointer.PointedAtType, seen);
            case ITypeParameterSymbol parameter:
                // A generic T may be instantiated with double when it is constrained to numbers.
                foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
                {
                    if (constraint.ContainingNamespace?.ToDisplayString() == "System.Numerics" || CanCarry(constraint, seen))
                    {
                        return true;
                    }
                }

                return false;
            case INamedTypeSymbol named:
                if (named.TypeKind is TypeKind.Delegate or TypeKind.Enum || named.SpecialType != SpecialType.None)
                {
                    return false;
                }

                // Collections and wrappers: List<double>, Span<Vector3>, Dictionary<string, double>, Nullable<double>.
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (CanCarry(argument, seen))
                    {
                        return true;
                    }
                }

                // Structs, records and classes by their instance state. A source type shows all of it (fields,
                // properties); a library type only its public surface: public fields (Vector3.X), or a public
                // constructor that takes a floating value (Complex(double, double)).
                bool inSource = !named.DeclaringSyntaxReferences.IsEmpty;
                foreach (ISymbol member in named.GetMembers())
                {
                    bool carries = member switch
                    {
                        { IsStatic: true } => false,
                        IFieldSymbol field => CanCarry(field.Type, seen),
                        IPropertySymbol { IsIndexer: false } property => inSource && CanCarry(property.Type, seen),
                        IMethodSymbol { MethodKind: MethodKind.Constructor, DeclaredAccessibility: Accessibility.Public } constructor => !inSource && AnyCarries(constructor.Parameters, seen),
                        _ => false,
                    };
                    if (carries)
                    {
                        return true;
                    }
                }

                return named.BaseType is { } baseType && CanCarry(baseType, seen);
            default:
                return false;
        }
    }

    private static bool AnyCarries(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, HashSet<ITypeSymbol> seen)
    {
        foreach (IParameterSymbol parameter in parameters)
        {
            if (CanCarry(parameter.Type, seen))
            {
                return true;
            }
        }

        return false;
    }

    // System.Half and NFloat: floating point, but not (yet) differentiated.
    private static bool IsOtherFloatingPoint(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Half", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            or INamedTypeSymbol { Name: "NFloat", ContainingNamespace: { Name: "InteropServices", ContainingNamespace.Name: "Runtime" } };
}
