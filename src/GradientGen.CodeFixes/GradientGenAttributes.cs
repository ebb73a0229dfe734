using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.CodeFixes;

/// <summary>
/// GradientGen's attributes as a user writes them: <c>[NoDerivative]</c>, with <c>using GradientGen;</c>
/// added to the file when the name is not in scope there yet.
/// </summary>
internal static class GradientGenAttributes
{
    /// <summary>The attribute by its short name (<c>NoDerivative</c> for <c>GradientGen.NoDerivativeAttribute</c>).</summary>
    public static AttributeSyntax Create(string metadataName, params AttributeArgumentSyntax[] arguments)
    {
        string name = metadataName.Substring(AttributeSources.Namespace.Length + 1);
        return SyntaxFactory.Attribute(
            SyntaxFactory.IdentifierName(name.Substring(0, name.Length - "Attribute".Length)),
            arguments.Length == 0 ? null : SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));
    }

    public static AttributeListSyntax ListOf(AttributeSyntax attribute) =>
        SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));

    /// <summary>
    /// Whether the attribute's short name, written at <paramref name="position"/>, would not find it. The
    /// generator adds the attributes to each compilation, so it is always there to be found.
    /// </summary>
    public static bool NeedsUsing(SemanticModel model, int position, string metadataName)
    {
        INamedTypeSymbol? attribute = model.Compilation.Assembly.GetTypeByMetadataName(metadataName);
        return attribute is not null
            && !model.LookupNamespacesAndTypes(position, name: attribute.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, attribute));
    }

    /// <summary>
    /// The file with <c>using GradientGen;</c> among its usings: after the System ones, in alphabetical order,
    /// or at the top, after the file's header comment, when it has none.
    /// </summary>
    public static SyntaxNode AddUsing(SyntaxNode root) => root is CompilationUnitSyntax unit ? AddUsing(unit) : root;

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        SyntaxTrivia lineBreak = LineBreak.Of(unit);
        UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName(AttributeSources.Namespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(lineBreak);
        SyntaxList<UsingDirectiveSyntax> usings = unit.Usings;
        int index = 0;
        while (index < usings.Count && SortsBefore(usings[index]))
        {
            index++;
        }

        if (usings.Count == 0)
        {
            // No usings: the header moves above the new one, and a blank line separates it from the code.
            SyntaxToken first = unit.GetFirstToken(includeZeroWidth: true);
            CompilationUnitSyntax bare = unit.ReplaceToken(first, first.WithLeadingTrivia());
            return bare.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(lineBreak, lineBreak)));
        }

        if (index == 0)
        {
            // Before the first using: that one's leading trivia (a header comment) stays at the top.
            UsingDirectiveSyntax next = usings[0];
            return unit.WithUsings(usings.Replace(next, next.WithoutLeadingTrivia()).Insert(0, directive.WithLeadingTrivia(next.GetLeadingTrivia())));
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    /// <summary>Global usings must come first, then System ones; then plain usings in ordinal order; aliases and static usings last.</summary>
    private static bool SortsBefore(UsingDirectiveSyntax existing)
    {
        if (!existing.GlobalKeyword.IsKind(SyntaxKind.None))
        {
            return true;
        }

        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Name is null)
        {
            return false;
        }

        string name = existing.Name.ToString();
        return name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal)
            || string.CompareOrdinal(name, AttributeSources.Namespace) < 0;
    }
}
