using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// How the generated code changes one floating member of a struct that can't be assigned in place: a
/// <c>readonly struct</c>'s fields, a <c>readonly record struct</c>'s <c>init</c> properties, <c>Complex</c>'s
/// <c>Real</c> and <c>Imaginary</c>. The whole value is built again with that member changed (<c>z = new
/// Complex(v, z.Imaginary)</c>), by a constructor that sets every field from its parameters, or by <c>with</c>
/// on a record struct. A struct's adjoint has the struct's type, so its adjoints are added this way too.
/// </summary>
internal static class StructRebuilds
{
    /// <summary>The placeholders of a store's template (replaced, not formatted: a <c>with</c> has braces): the struct written (<c>z</c>, <c>dZ</c>, <c>q[i]</c>) and the member's new value.</summary>
    public const string Holder = "{0}", Value = "{1}";

    /// <summary>
    /// For each leaf of <paramref name="type"/> (<see cref="StructShapes.LeavesOf"/>), the statement that stores
    /// it, over <see cref="Holder"/> and <see cref="Value"/>; empty when every leaf is assigned in place (<c>p.X = v</c>).
    /// </summary>
    public static ImmutableArray<string> StoresOf(ITypeSymbol type, ImmutableArray<string> leaves)
    {
        if (type is not INamedTypeSymbol named)
        {
            return ImmutableArray<string>.Empty;
        }

        string[] stores = leaves.Select(leaf => Statement(named, Holder, leaf)).ToArray();
        return stores.Where((store, i) => store != $"{Holder}.{leaves[i]} = {Value}").Any() ? stores.ToImmutableArray() : ImmutableArray<string>.Empty;
    }

    /// <summary>
    /// An expression that builds the whole struct from its leaves, <c>{v0}</c>, <c>{v1}</c>, … in the order of
    /// <paramref name="leaves"/> (other members are copied from <see cref="Holder"/>): <c>new Complex({v0}, {v1})</c>.
    /// Null when the struct itself can be assigned member by member, or can't be built whole.
    /// </summary>
    public static string? WholeOf(ITypeSymbol type, ImmutableArray<string> leaves) =>
        type is INamedTypeSymbol named && !named.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && !f.IsConst && IsWritable((ISymbol?)f.AssociatedSymbol ?? f))
            ? Whole(named, Holder, string.Empty, leaves)
            : null;

    private static string? Whole(INamedTypeSymbol type, string holder, string prefix, ImmutableArray<string> leaves)
    {
        string typeName = SymbolFacts.TypeName(type);
        string? Part(ISymbol member)
        {
            string path = prefix + member.Name;
            int leaf = leaves.IndexOf(path);
            return leaf >= 0 ? "{v" + leaf.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"
                : InstanceMembers.TypeOf(member) is INamedTypeSymbol inner && leaves.Any(l => l.StartsWith(path + ".", System.StringComparison.Ordinal)) ? Whole(inner, holder + "." + member.Name, path + ".", leaves)
                : holder + "." + SymbolFacts.Escape(member.Name);
        }

        if (IsComplex(type))
        {
            return $"new {typeName}({{v{leaves.IndexOf(prefix + "Real")}}}, {{v{leaves.IndexOf(prefix + "Imaginary")}}})";
        }

        if (ConstructorMembers(type) is not { } members)
        {
            return null;
        }

        var parts = members.Select(Part).ToList();
        return parts.Contains(null) ? null : $"new {typeName}({string.Join(", ", parts)})";
    }

    /// <summary>Whether a member that can't be assigned in place can still be changed: its struct can be built again.</summary>
    public static bool CanRebuild(INamedTypeSymbol type, ISymbol member) =>
        IsComplex(type) || ConstructorMembers(type) is not null || type.IsRecord && IsInitOnly(member);

    /// <summary>System.Numerics.Complex: its state is in private fields, read as <c>Real</c> and <c>Imaginary</c>.</summary>
    public static bool IsComplex(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Complex", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>
    /// The members a constructor of <paramref name="type"/> sets, in its parameters' order, when it sets every
    /// instance field from a parameter and does nothing else: a record struct's primary constructor, or a
    /// constructor whose body is <c>Member = parameter;</c> statements. Null when there is none.
    /// </summary>
    public static IReadOnlyList<ISymbol>? ConstructorMembers(INamedTypeSymbol type)
    {
        var state = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).Select(f => (ISymbol?)f.AssociatedSymbol ?? f).ToList();
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.IsEmpty || constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)
                || Assignments(constructor) is not { } assigned || assigned.Count != constructor.Parameters.Length)
            {
                continue;
            }

            var members = new List<ISymbol>();
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                string member = assigned.FirstOrDefault(a => a.Parameter == parameter.Name).Member ?? string.Empty;
                ISymbol? symbol = state.FirstOrDefault(s => s.Name == member);
                if (symbol is null || !SymbolEqualityComparer.Default.Equals(InstanceMembers.TypeOf(symbol), parameter.Type) || !IsReadable(symbol))
                {
                    members.Clear();
                    break;
                }

                members.Add(symbol);
            }

            if (members.Count == state.Count && members.Distinct(SymbolEqualityComparer.Default).Count() == state.Count)
            {
                return members;
            }
        }

        return null;
    }

    /// <summary>
    /// The pairs (member, parameter) of a source constructor that only assigns parameters to members: a record
    /// struct's primary constructor, whose parameters become the properties of their names, or a body of
    /// <c>Member = parameter;</c> (or <c>this.Member = parameter;</c>) statements, in order. Null for any other.
    /// </summary>
    public static List<(string Member, string Parameter)>? Assignments(IMethodSymbol constructor)
    {
        SyntaxNode? syntax = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        if (syntax is RecordDeclarationSyntax)
        {
            return constructor.Parameters.Select(p => (p.Name, p.Name)).ToList();
        }

        if (syntax is not ConstructorDeclarationSyntax { Initializer: null } declaration)
        {
            return null;
        }

        IEnumerable<StatementSyntax> statements = declaration.Body?.Statements ?? (IEnumerable<StatementSyntax>)[];
        if (declaration.ExpressionBody is { Expression: var single })
        {
            statements = [SyntaxFactory.ExpressionStatement(single)];
        }

        var assigned = new List<(string Member, string Parameter)>();
        foreach (StatementSyntax statement in statements)
        {
            if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
                || assignment.Right is not IdentifierNameSyntax parameter)
            {
                return null;
            }

            string? member = assignment.Left switch
            {
                IdentifierNameSyntax name => name.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
                _ => null,
            };
            if (member is null)
            {
                return null;
            }

            assigned.Add((member, parameter.Identifier.ValueText));
        }

        return assigned;
    }

    /// <summary>Whether the generated code may assign the member in place: a public field that isn't readonly, or a public <c>set</c>.</summary>
    public static bool IsWritable(ISymbol member) => member switch
    {
        IFieldSymbol f => f.DeclaredAccessibility == Accessibility.Public && !f.IsReadOnly && f.RefKind == RefKind.None,
        IPropertySymbol p => p.DeclaredAccessibility == Accessibility.Public && p.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false },
        _ => false,
    };

    /// <summary>Whether the generated code may read the member: a public field, or a public <c>get</c>.</summary>
    public static bool IsReadable(ISymbol member) => member switch
    {
        IFieldSymbol f => f.DeclaredAccessibility is Accessibility.Public && f.RefKind == RefKind.None,
        IPropertySymbol p => p.DeclaredAccessibility is Accessibility.Public && p.GetMethod is { DeclaredAccessibility: Accessibility.Public },
        _ => false,
    };

    private static bool IsInitOnly(ISymbol member) => member is IPropertySymbol { SetMethod: { IsInitOnly: true, DeclaredAccessibility: Accessibility.Public } };

    /// <summary>The statement that stores the leaf <paramref name="path"/> of the struct <paramref name="holder"/>.</summary>
    private static string Statement(INamedTypeSymbol type, string holder, string path)
    {
        (string name, string rest) = Split(path);
        ISymbol? member = MemberNamed(type, name);
        if (member is not null && IsWritable(member) && !IsComplex(type))
        {
            return rest.Length == 0 || InstanceMembers.TypeOf(member) is not INamedTypeSymbol inner
                ? $"{holder}.{path} = {Value}"
                : Statement(inner, holder + "." + name, rest);
        }

        return $"{holder} = {Rebuilt(type, holder, path)}";
    }

    /// <summary>An expression for the value <paramref name="holder"/> with the leaf <paramref name="path"/> changed to <see cref="Value"/>.</summary>
    private static string Rebuilt(INamedTypeSymbol type, string holder, string path)
    {
        (string name, string rest) = Split(path);
        ISymbol? member = MemberNamed(type, name);
        string inner = rest.Length == 0 || member is null || InstanceMembers.TypeOf(member) is not INamedTypeSymbol innerType
            ? Value
            : Rebuilt(innerType, holder + "." + name, rest);
        string typeName = SymbolFacts.TypeName(type);
        if (IsComplex(type))
        {
            return name == "Real" ? $"new {typeName}({inner}, {holder}.Imaginary)" : $"new {typeName}({holder}.Real, {inner})";
        }

        if (ConstructorMembers(type) is { } members)
        {
            return $"new {typeName}({string.Join(", ", members.Select(m => m.Name == name ? inner : holder + "." + SymbolFacts.Escape(m.Name)))})";
        }

        return $"{holder} with {{ {SymbolFacts.Escape(name)} = {inner} }}";
    }

    private static ISymbol? MemberNamed(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol && !m.IsStatic);

    private static (string Head, string Tail) Split(string path)
    {
        int dot = path.IndexOf('.');
        return dot < 0 ? (path, string.Empty) : (path.Substring(0, dot), path.Substring(dot + 1));
    }
}
