using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// Turns user syntax into the text the generated code copies: comments dropped, whitespace normalized
/// (so edits to comments or layout don't change the model), and locals renamed where the flattened
/// generated method needed a different name.
/// </summary>
internal sealed class SourceRenderer
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);
    private static readonly SyntaxAnnotation Detached = new();

    private readonly SemanticModel _semanticModel;
    private readonly IReadOnlyDictionary<ISymbol, string> _renames;

    public SourceRenderer(SemanticModel semanticModel, IReadOnlyDictionary<ISymbol, string> renames)
    {
        _semanticModel = semanticModel;
        _renames = renames;
    }

    /// <summary>Multi-line C# text for a statement or expression to copy into the generated code.</summary>
    public string Render(SyntaxNode node)
    {
        // Detached from the method (a new root): normalizing a statement of a long block in place walked
        // the block's other statements.
        SyntaxNode rewritten = new Rewriter(_semanticModel, _renames).Visit(node).WithAdditionalAnnotations(Detached);
        return rewritten.NormalizeWhitespace(indentation: "    ", eol: "\n").ToFullString().Trim();
    }

    /// <summary>The node on one line, for a comment that quotes the primal statement.</summary>
    public string RenderOneLine(SyntaxNode node) => Whitespace.Replace(Render(node), " ");

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private readonly SemanticModel _semanticModel;
        private readonly IReadOnlyDictionary<ISymbol, string> _renames;

        public Rewriter(SemanticModel semanticModel, IReadOnlyDictionary<ISymbol, string> renames)
            : base(visitIntoStructuredTrivia: false)
        {
            _semanticModel = semanticModel;
            _renames = renames;
        }

        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                ? default
                : trivia;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (_renames.Count > 0
                && _semanticModel.GetSymbolInfo(node).Symbol is ILocalSymbol local
                && _renames.TryGetValue(local, out string? name)
                && !IsInsideNameof(node))
            {
                return node.WithIdentifier(SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, name, node.Identifier.TrailingTrivia));
            }

            return base.VisitIdentifierName(node);
        }

        public override SyntaxToken VisitToken(SyntaxToken token)
        {
            // Declarations of renamed locals (inside statements that are copied whole).
            if (token.IsKind(SyntaxKind.IdentifierToken) && _renames.Count > 0 && token.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax
                && _semanticModel.GetDeclaredSymbol(token.Parent) is ILocalSymbol local && _renames.TryGetValue(local, out string? name))
            {
                return SyntaxFactory.Identifier(token.LeadingTrivia, name, token.TrailingTrivia);
            }

            return base.VisitToken(token);
        }

        private static bool IsInsideNameof(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n is not null and not StatementSyntax; n = n.Parent)
            {
                if (n is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
