using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// Turns user syntax into the text the generated code copies: comments dropped, whitespace normalized
/// (so edits to comments or layout don't change the model), and locals renamed where the flattened
/// generated method needed a different name. Strings that span lines (verbatim, raw, interpolated) are
/// written as equivalent one-line literals: the generated code indents copied lines, which would change
/// the text inside them, and so the value the method computes.
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

    /// <summary>
    /// Expressions already evaluated by statements of their own (an assignment used as a value, a read taken
    /// before it): the generated code names the variable that holds their value instead (see
    /// <c>MethodLowering.EmbeddedEffects</c>). Comments and messages quote the user's text as written.
    /// </summary>
    public Dictionary<SyntaxNode, string> Substitutions { get; } = new();

    /// <summary>Multi-line C# text for a statement or expression to copy into the generated code.</summary>
    public string Render(SyntaxNode node) => Render(node, _renames, Substitutions);

    private string Render(SyntaxNode node, IReadOnlyDictionary<ISymbol, string> renames, IReadOnlyDictionary<SyntaxNode, string> substitutions)
    {
        // Detached from the method (a new root): normalizing a statement of a long block in place walked
        // the block's other statements.
        SyntaxNode rewritten = new Rewriter(_semanticModel, renames, substitutions).Visit(node)!.WithAdditionalAnnotations(Detached);
        return rewritten.NormalizeWhitespace(indentation: "    ", eol: "\n").ToFullString().Trim();
    }

    private static readonly Dictionary<SyntaxNode, string> None = new();

    /// <summary>The node on one line, as the user wrote it, for a comment that quotes the primal statement.</summary>
    public string RenderOneLine(SyntaxNode node) => Whitespace.Replace(Render(node, _renames, None), " ");

    /// <summary>The node on one line without renames: an inlined struct member's text, quoted as its struct has it.</summary>
    public string RenderAsWritten(SyntaxNode node) => Whitespace.Replace(Render(node, NoRenames, None), " ");

    private static readonly Dictionary<ISymbol, string> NoRenames = new(SymbolEqualityComparer.Default);

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private readonly SemanticModel _semanticModel;
        private readonly IReadOnlyDictionary<ISymbol, string> _renames;
        private readonly IReadOnlyDictionary<SyntaxNode, string> _substitutions;

        public Rewriter(SemanticModel semanticModel, IReadOnlyDictionary<ISymbol, string> renames, IReadOnlyDictionary<SyntaxNode, string> substitutions)
            : base(visitIntoStructuredTrivia: false)
        {
            _semanticModel = semanticModel;
            _renames = renames;
            _substitutions = substitutions;
        }

        public override SyntaxNode? Visit(SyntaxNode? node) =>
            node is not null && _substitutions.Count > 0 && _substitutions.TryGetValue(node, out string? name)
                ? SyntaxFactory.IdentifierName(name).WithTriviaFrom(node)
                : base.Visit(node);

        // Directives go too: the code copied is what the compiler saw (#if's inactive text is dropped with
        // them), and the #pragma and #nullable states it was compiled in are set for the whole generated
        // method by SourceDirectives.
        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                || trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia)
                ? default
                : trivia;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (_renames.Count > 0 && node.SyntaxTree == _semanticModel.SyntaxTree // An inlined struct member's text is another file's, never renamed.
                && _semanticModel.GetSymbolInfo(node).Symbol is ILocalSymbol or IParameterSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction } // An inlined function's parameters, a local function of a name taken, are renamed too.
                && _renames.TryGetValue(_semanticModel.GetSymbolInfo(node).Symbol!, out string? name)
                && !IsInsideNameof(node))
            {
                return node.WithIdentifier(SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, name, node.Identifier.TrailingTrivia));
            }

            return base.VisitIdentifierName(node);
        }

        public override SyntaxToken VisitToken(SyntaxToken token)
        {
            // Declarations of renamed locals and local functions (inside statements that are copied whole).
            if (token.IsKind(SyntaxKind.IdentifierToken) && _renames.Count > 0 && token.SyntaxTree == _semanticModel.SyntaxTree && token.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or LocalFunctionStatementSyntax
                && _semanticModel.GetDeclaredSymbol(token.Parent) is ILocalSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction } && _renames.TryGetValue(_semanticModel.GetDeclaredSymbol(token.Parent)!, out string? name))
            {
                return SyntaxFactory.Identifier(token.LeadingTrivia, name, token.TrailingTrivia);
            }

            return base.VisitToken(token);
        }

        public override SyntaxNode? VisitLiteralExpression(LiteralExpressionSyntax node)
        {
            if (node.Token.IsKind(SyntaxKind.StringLiteralToken) || node.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
                || node.Token.IsKind(SyntaxKind.Utf8StringLiteralToken) || node.Token.IsKind(SyntaxKind.Utf8MultiLineRawStringLiteralToken))
            {
                if (SpansLines(node.Token.Text))
                {
                    string suffix = node.Token.IsKind(SyntaxKind.Utf8StringLiteralToken) || node.Token.IsKind(SyntaxKind.Utf8MultiLineRawStringLiteralToken) ? "u8" : string.Empty;
                    string text = "\"" + Escape(node.Token.ValueText) + "\"" + suffix;
                    SyntaxToken literal = SyntaxFactory.Token(node.Token.LeadingTrivia, suffix.Length > 0 ? SyntaxKind.Utf8StringLiteralToken : SyntaxKind.StringLiteralToken, text, node.Token.ValueText, node.Token.TrailingTrivia);
                    return node.WithToken(literal);
                }
            }

            return base.VisitLiteralExpression(node);
        }

        public override SyntaxNode? VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
        {
            if (!SpansLines(node.StringStartToken.Text) && !SpansLines(node.StringEndToken.Text) && !node.Contents.OfType<InterpolatedStringTextSyntax>().Any(t => SpansLines(t.TextToken.Text)))
            {
                return base.VisitInterpolatedStringExpression(node);
            }

            // $"…" with the same text and holes, the text escaped as in a regular string. A raw string's value
            // text is its content (indentation removed, braces single); a verbatim one's text keeps its escapes
            // ("" for a quote, {{ for a brace), and only the quotes differ from a regular string's.
            bool raw = node.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken) || node.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken);
            var contents = new List<InterpolatedStringContentSyntax>();
            foreach (InterpolatedStringContentSyntax content in node.Contents)
            {
                if (content is InterpolatedStringTextSyntax text)
                {
                    string escaped = raw
                        ? Escape(text.TextToken.ValueText).Replace("{", "{{").Replace("}", "}}")
                        : Escape(text.TextToken.Text.Replace("\"\"", "\""));
                    contents.Add(SyntaxFactory.InterpolatedStringText(SyntaxFactory.Token(default, SyntaxKind.InterpolatedStringTextToken, escaped, text.TextToken.ValueText, default)));
                }
                else if (content is InterpolationSyntax hole)
                {
                    var expression = (ExpressionSyntax)Visit(hole.Expression)!;
                    InterpolationFormatClauseSyntax? format = hole.FormatClause is null ? null
                        : SyntaxFactory.InterpolationFormatClause(
                            SyntaxFactory.Token(SyntaxKind.ColonToken),
                            SyntaxFactory.Token(default, SyntaxKind.InterpolatedStringTextToken, Escape(hole.FormatClause.FormatStringToken.ValueText), hole.FormatClause.FormatStringToken.ValueText, default));
                    contents.Add(SyntaxFactory.Interpolation(expression, (InterpolationAlignmentClauseSyntax?)Visit(hole.AlignmentClause), format));
                }
            }

            return SyntaxFactory.InterpolatedStringExpression(SyntaxFactory.Token(SyntaxKind.InterpolatedStringStartToken), SyntaxFactory.List(contents), SyntaxFactory.Token(SyntaxKind.InterpolatedStringEndToken))
                .WithTriviaFrom(node);
        }

        /// <summary>The text of a regular string literal's content: quotes, backslashes and control characters escaped.</summary>
        private static string Escape(string value)
        {
            var text = new System.Text.StringBuilder(value.Length + 8);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085')
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            return text.ToString();
        }

        private static bool SpansLines(string text) => text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0;

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
