using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Structs that carry derivatives (<see cref="ValueShape.Struct"/>): those whose floating-point state is all in
/// public members the generated code can read — <c>Vector2/3/4</c>, <c>Quaternion</c>, <c>Complex</c>, tuples of
/// doubles, a user's <c>struct Particle { public double X, V; }</c>, <c>record struct P(double X, double Y)</c> or
/// <c>readonly record struct</c>. Their adjoint is a value of the same type whose members take the members'
/// adjoints (<c>dP.X += …</c>), so each floating member is a leaf: a path of member names (<c>X</c>,
/// <c>Pos.X</c>), all of one kind. A member that can't be assigned in place is changed by building the struct
/// again (<see cref="StructRebuilds"/>).
/// </summary>
/// <remarks>
/// A struct with floating state out of reach (a private field, a member that neither can be assigned nor
/// rebuilt, an array or an object inside), with both float and double leaves, or with generic-math T leaves is
/// not one: it stays refused with GG0015 rather than losing a derivative. Library types are judged by their
/// public fields, which is all their metadata shows; <c>Complex</c>, whose fields are private, is known by name.
/// </remarks>
internal static class StructShapes
{
    /// <summary>The leaves of a struct that carries derivatives, in declaration order; empty for any other type.</summary>
    public static ImmutableArray<string> LeavesOf(ITypeSymbol? type) =>
        Describe(type) is { } layout ? layout.Leaves : ImmutableArray<string>.Empty;

    /// <summary>The kind all leaves share (<c>float</c> for <c>Vector3</c>), or None for a type that isn't such a struct.</summary>
    public static ScalarKind KindOf(ITypeSymbol? type) => Describe(type)?.Kind ?? ScalarKind.None;

    public static bool IsStruct(ITypeSymbol? type) => Describe(type) is not null;

    /// <summary>
    /// A member that isn't floating (an <c>int Id</c>), however deep, or null when the struct holds only its leaves.
    /// The lowering builds struct values leaf by leaf, so a value that carries one is refused where it would be lost.
    /// </summary>
    public static string? OtherStateOf(ITypeSymbol? type) => Describe(type)?.OtherState;

    /// <summary>For a struct that can't be assigned member by member, how to build it whole (<see cref="StructRebuilds.WholeOf"/>); else null.</summary>
    public static string? WholeOf(ITypeSymbol? type) => Describe(type)?.Whole;

    /// <summary>How each leaf is stored when some can't be assigned in place (<see cref="StructRebuilds.StoresOf"/>); empty otherwise.</summary>
    public static ImmutableArray<string> StoresOf(ITypeSymbol? type) =>
        Describe(type) is { } layout ? layout.Stores : ImmutableArray<string>.Empty;

    /// <summary>
    /// The leaves under a <c>[NoDerivative]</c> field (or property), however deep: constants of the struct, whose reads
    /// carry no derivative, so that no adjoint ever reaches them.
    /// </summary>
    public static ImmutableArray<string> ConstantLeavesOf(ITypeSymbol? type) =>
        Describe(type) is { } layout ? layout.Constants : ImmutableArray<string>.Empty;

    /// <summary>A member's name in a leaf's path: a tuple's named element goes by its field (<c>Item1</c>).</summary>
    public static string MemberName(ISymbol member) =>
        member is IFieldSymbol { CorrespondingTupleField: { } item } ? item.Name : member.Name;

    private sealed record Layout(ImmutableArray<string> Leaves, ScalarKind Kind, ImmutableArray<string> Stores, string? OtherState, string? Whole, ImmutableArray<string> Constants);

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
        var others = new List<string>();
        var constants = new List<string>();
        if (type is not INamedTypeSymbol named || !Collect(named, string.Empty, leaves, others, constants, constant: false, depth: 0) || leaves.Count == 0)
        {
            return null;
        }

        // Floats or doubles, not both, and not a generic-math T (whose struct would need its own literals).
        ScalarKind kind = leaves[0].Kind;
        if (kind is not (ScalarKind.Double or ScalarKind.Float) || leaves.Any(l => l.Kind != kind))
        {
            return null;
        }

        ImmutableArray<string> paths = leaves.Select(l => l.Path).ToImmutableArray();
        ImmutableArray<string> stores = StructRebuilds.StoresOf(type, paths);
        return new Layout(paths, kind, stores, others.FirstOrDefault(), stores.IsEmpty ? null : StructRebuilds.WholeOf(type, paths), constants.ToImmutableArray());
    }

    /// <summary>Adds the leaves under <paramref name="prefix"/>, and the other members to <paramref name="others"/>; false when some floating state is out of reach.</summary>
    /// <param name="constant">Under a [NoDerivative] member: the leaves go to <paramref name="constants"/> too.</param>
    private static bool Collect(INamedTypeSymbol type, string prefix, List<(string Path, ScalarKind Kind)> leaves, List<string> others, List<string> constants, bool constant, int depth)
    {
        if (type.TypeKind != TypeKind.Struct || type.IsRefLikeType || type.SpecialType != SpecialType.None
            || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || depth > 8)
        {
            return false;
        }

        if (StructRebuilds.IsComplex(type))
        {
            leaves.Add((prefix + "Real", ScalarKind.Double));
            leaves.Add((prefix + "Imaginary", ScalarKind.Double));
            if (constant)
            {
                constants.Add(prefix + "Real");
                constants.Add(prefix + "Imaginary");
            }

            return true;
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

            // Read by its name (a property's for its backing field); changed in place, or by building the struct again.
            ISymbol member = field.AssociatedSymbol as IPropertySymbol ?? (ISymbol)field;
            string name = member.Name;
            bool reachable = StructRebuilds.IsReadable(member) && (StructRebuilds.IsWritable(member) || StructRebuilds.CanRebuild(type, member));

            ScalarKind kind = SymbolFacts.KindOf(field.Type);
            bool noDerivative = constant || SymbolFacts.HasAttribute(member, AttributeSources.NoDerivativeMetadataName);
            if (kind != ScalarKind.None)
            {
                if (!reachable)
                {
                    return false;
                }

                leaves.Add((prefix + name, kind));
                if (noDerivative)
                {
                    constants.Add(prefix + name);
                }
            }
            else if (FloatingCarriers.CanCarry(field.Type))
            {
                if (!reachable || field.Type is not INamedTypeSymbol inner || !Collect(inner, prefix + name + ".", leaves, others, constants, noDerivative, depth + 1))
                {
                    return false;
                }
            }
            else
            {
                others.Add(prefix + name);
            }
        }

        return true;
    }
}
