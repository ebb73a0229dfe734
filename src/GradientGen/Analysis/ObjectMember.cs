using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// A member of one object parameter (<c>a.X</c> of <c>Distance(Body a, Body b)</c>) as a variable of the analysis.
/// The activity analysis and the scope key their variables by symbol, and a member symbol alone is the same for
/// every object of its class: <c>a.X</c> and <c>b.X</c> would be one variable with one adjoint. This key is the
/// member's symbol told apart by its owner; everything else it answers is the member's.
/// </summary>
/// <remarks>
/// It never reaches Roslyn: it lives in GradientGen's own sets and maps, which compare with
/// <see cref="SymbolEqualityComparer"/>, and that calls the key's own <see cref="Equals(ISymbol?, SymbolEqualityComparer?)"/>.
/// The members of <c>this</c> keep their own symbols: there is one <c>this</c>.
/// </remarks>
#pragma warning disable RS1009 // Only internal implementations of ISymbol are allowed: this one is a key of GradientGen's maps, never given to Roslyn.
internal sealed class ObjectMember : ISymbol
#pragma warning restore RS1009
{
    public ObjectMember(IParameterSymbol owner, ISymbol member)
    {
        Owner = owner;
        Member = member;
    }

    /// <summary>The object parameter whose member this is.</summary>
    public IParameterSymbol Owner { get; }

    /// <summary>The field or auto-property.</summary>
    public ISymbol Member { get; }

    public bool Equals(ISymbol? other, SymbolEqualityComparer? equalityComparer) =>
        other is ObjectMember o && SymbolEqualityComparer.Default.Equals(Owner, o.Owner) && SymbolEqualityComparer.Default.Equals(Member, o.Member);

    public bool Equals(ISymbol? other) => Equals(other, SymbolEqualityComparer.Default);

    public override bool Equals(object? obj) => obj is ISymbol other && Equals(other, SymbolEqualityComparer.Default);

    public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Owner) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Member);

    public override string ToString() => Owner.Name + "." + Member.Name;

    public SymbolKind Kind => Member.Kind;

    public string Language => Member.Language;

    public string Name => Member.Name;

    public string MetadataName => Member.MetadataName;

    public int MetadataToken => Member.MetadataToken;

    public ISymbol ContainingSymbol => Member.ContainingSymbol;

    public IAssemblySymbol ContainingAssembly => Member.ContainingAssembly;

    public IModuleSymbol ContainingModule => Member.ContainingModule;

    public INamedTypeSymbol ContainingType => Member.ContainingType;

    public INamespaceSymbol ContainingNamespace => Member.ContainingNamespace;

    public bool IsDefinition => Member.IsDefinition;

    public bool IsStatic => Member.IsStatic;

    public bool IsVirtual => Member.IsVirtual;

    public bool IsOverride => Member.IsOverride;

    public bool IsAbstract => Member.IsAbstract;

    public bool IsSealed => Member.IsSealed;

    public bool IsExtern => Member.IsExtern;

    public bool IsImplicitlyDeclared => Member.IsImplicitlyDeclared;

    public bool CanBeReferencedByName => Member.CanBeReferencedByName;

    public ImmutableArray<Location> Locations => Member.Locations;

    public ImmutableArray<SyntaxReference> DeclaringSyntaxReferences => Member.DeclaringSyntaxReferences;

    public Accessibility DeclaredAccessibility => Member.DeclaredAccessibility;

    public ISymbol OriginalDefinition => Member.OriginalDefinition;

    public bool HasUnsupportedMetadata => Member.HasUnsupportedMetadata;

    public ImmutableArray<AttributeData> GetAttributes() => Member.GetAttributes();

    public void Accept(SymbolVisitor visitor) => Member.Accept(visitor);

    public TResult? Accept<TResult>(SymbolVisitor<TResult> visitor) => Member.Accept(visitor);

    public TResult Accept<TArgument, TResult>(SymbolVisitor<TArgument, TResult> visitor, TArgument argument) => Member.Accept(visitor, argument);

    public string? GetDocumentationCommentId() => Member.GetDocumentationCommentId();

    public string? GetDocumentationCommentXml(CultureInfo? preferredCulture = null, bool expandIncludes = false, CancellationToken cancellationToken = default) =>
        Member.GetDocumentationCommentXml(preferredCulture, expandIncludes, cancellationToken);

    public string ToDisplayString(SymbolDisplayFormat? format = null) => Member.ToDisplayString(format);

    public ImmutableArray<SymbolDisplayPart> ToDisplayParts(SymbolDisplayFormat? format = null) => Member.ToDisplayParts(format);

    public string ToMinimalDisplayString(SemanticModel semanticModel, int position, SymbolDisplayFormat? format = null) => Member.ToMinimalDisplayString(semanticModel, position, format);

    public ImmutableArray<SymbolDisplayPart> ToMinimalDisplayParts(SemanticModel semanticModel, int position, SymbolDisplayFormat? format = null) => Member.ToMinimalDisplayParts(semanticModel, position, format);
}
