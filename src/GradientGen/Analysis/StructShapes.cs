using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Structs that carry derivatives (<see cref="ValueShape.Struct"/>): those whose floating-point state is all in
/// public members the generated code can read and write — <c>Vector2/3/4</c>, <c>Quaternion</c>, tuples of
/// doubles, a user's <c>struct Particle { public double X, V; }</c> or <c>record struct P(double X, double Y)</c>.
/// Their adjoint is a value of the same type whose members take the members' adjoints (<c>dP.X += …</c>), so
/// each floating member is a leaf: a path of member names (<c>X</c>, <c>Pos.X</c>), all of one kind.
/// </summary>
/// <remarks>
/// A struct with floating state out of reach (a private or <c>readonly</c> field, a get-only or <c>init</c>
/// property, an array or an object inside), with both float and double leaves, or with generic-math T leaves is not one: it stays refused
/// with GG0015 rather than losing a derivative. Library types are judged by their public fields, which is all
/// their metadata shows; <c>Complex</c> (private fields) is therefore not one.
/// </remarks>
internal static class StructShapes
{
    /// <summary>The leaves of a struct that carries derivatives, in declaration order; empty for any other type.</summary>
    public static ImmutableArray<string> LeavesOf(ITypeSymbol? type) =>
        Describe(type) is { } layout ? layout.Leaves : ImmutableArray<string>.Empty;

    /// <summary>The kind all leaves share (<c>float</c> for <c>Vector3</c>), or None for a type that isn't such a struct.</summary>
    public static ScalarKind KindOf(ITypeSymbol? type) => Describe(type)?.Kind ?? ScalarKind.None;

    public static bool IsStruct(ITypeSymbol? type) => Describe(type) is not null;

    /// <summary>A member's name in a leaf's path: a tuple's named element goes by its field (<c>Item1</c>).</summary>
    public static string MemberName(ISymbol member) =>
        member is IFieldSymbol { CorrespondingTupleField: { } item } ? item.Name : member.Name;

    private sealed record Layout(ImmutableArray<string> Leaves, ScalarKind Kind);

    private sealed class Entry(Layout? layout)
    {
        public Layout? Layout { get; } = layout;
    }

    // Asked for every operation's type (SymbolFacts.ShapeOf): each struct type is looked through once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITypeSymbol, Entry> Cache = new();

    private static Layout? Describe(ITypeSymbol? type)
    {
        if (type is not { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None })
        {
            return null;
        }

        return Cache.GetValue(type, t => new Entry(Compute(t))).Layout;
    }

    private static Layout? Compute(ITypeSymbol type)
    {
        var leaves = new List<(string Path, ScalarKind Kind)>();
        if (type is not INamedTypeSymbol named || !Collect(named, string.Empty, leaves, depth: 0) || leaves.Count == 0)
        {
            return null;
        }

        // Floats or doubles, not both, and not a generic-math T (whose struct would need its own literals).
        ScalarKind kind = leaves[0].Kind;
        return kind is ScalarKind.Double or ScalarKind.Float && leaves.All(l => l.Kind == kind) ? new Layout(leaves.Select(l => l.Path).ToImmutableArray(), kind) : null;
    }

    /// <summary>Adds the leaves under <paramref name="prefix"/>; false when some floating state is out of reach.</summary>
    private static bool Collect(INamedTypeSymbol type, string prefix, List<(string Path, ScalarKind Kind)> leaves, int depth)
    {
        if (type.TypeKind != TypeKind.Struct || type.IsRefLikeType || type.SpecialType != SpecialType.None
            || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || depth > 8)
        {
            return false;
        }

        foreach (IFieldSymbol field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst)
            {
                continue;
            }

            // A tuple's named element stands for its ItemN field, which is listed too.
            if (type.IsTupleType && !SymbolEqualityComparer.Default.Equals(field.CorrespondingTupleField, field))
            {
                continue;
            }

            (string name, bool reachable) = field.AssociatedSymbol is IPropertySymbol property
                ? (property.Name, property.DeclaredAccessibility == Accessibility.Public && property.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                    && property.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false })
                : (field.Name, field.DeclaredAccessibility == Accessibility.Public && !field.IsReadOnly && field.RefKind == RefKind.None);

            ScalarKind kind = SymbolFacts.KindOf(field.Type);
            if (kind != ScalarKind.None)
            {
                if (!reachable)
                {
                    return false;
                }

                leaves.Add((prefix + name, kind));
            }
            else if (FloatingCarriers.CanCarry(field.Type))
            {
                if (!reachable || field.Type is not INamedTypeSymbol inner || !Collect(inner, prefix + name + ".", leaves, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
