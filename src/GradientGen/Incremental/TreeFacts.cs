using System.Collections.Generic;
using System.Text;
using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Incremental;

/// <summary>
/// One file as the analysis of a method can depend on it: its declarations, and the methods that may be
/// [Differentiable] callees. Syntax only, so the generator computes it again only for a file that changed.
/// </summary>
internal sealed record TreeFacts(TreeDeclarations Declarations, EquatableArray<CalleeBody> Callees)
{
    private const string BodyPlaceholder = "{…}";

    public static TreeFacts Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var callees = new List<CalleeBody>();
        Walk(tree.GetRoot(cancellationToken), text, callees, cancellationToken);
        return new TreeFacts(new TreeDeclarations(tree.FilePath, tree.Options, text.ToString()), callees.ToEquatableArray());
    }

    private static void Walk(SyntaxNode root, StringBuilder text, List<CalleeBody> callees, CancellationToken cancellationToken)
    {
        // Iterative (a deep expression in a field initializer must not overflow the stack), bodies not entered.
        foreach (SyntaxNodeOrToken item in root.DescendantNodesAndTokens(static n => !IsBody(n)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.AsNode() is { } node)
            {
                if (IsBody(node))
                {
                    // A body's directives still apply after it (an unclosed #nullable, #define), so they stay.
                    AppendDirectives(node, text);
                    text.Append(BodyPlaceholder).Append(' ');

                    // A struct's members are read by every analysis that may use them: their constructors are
                    // followed, their one-expression operators, properties and methods inlined.
                    if (StructMemberOf(node) is { } member)
                    {
                        callees.Add(new CalleeBody(MentionedNames.StructMembers, member.ToString(), MentionedNames.Of(member)));
                    }
                }
                else if (node is MethodDeclarationSyntax method && (method.AttributeLists.Count > 0 || method.Modifiers.Any(SyntaxKind.PartialKeyword)))
                {
                    callees.Add(new CalleeBody(method.Identifier.ValueText, method.ToString(), MentionedNames.Of(method)));
                }
            }
            else
            {
                SyntaxToken token = item.AsToken();
                AppendDirectives(token.LeadingTrivia, text);
                text.Append(token.Text).Append(' ');
                AppendDirectives(token.TrailingTrivia, text);
            }
        }
    }

    /// <summary>
    /// The declaration of the struct member (a property for an accessor) that a body belongs to, or of an
    /// extension method (which may extend a struct: its type isn't known from syntax), or null.
    /// </summary>
    private static SyntaxNode? StructMemberOf(SyntaxNode body)
    {
        SyntaxNode? member = body.Parent is AccessorDeclarationSyntax accessor ? accessor.Parent?.Parent : body.Parent;
        bool extension = member is MethodDeclarationSyntax { ParameterList.Parameters: [var first, ..] } && first.Modifiers.Any(SyntaxKind.ThisKeyword);
        return extension || member?.Parent is StructDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword } ? member : null;
    }

    /// <summary>
    /// Code that only its own member's analysis reads: a body never changes how another method binds, and a
    /// [Differentiable] callee's body is part of its caller's key as a <see cref="CalleeBody"/>.
    /// </summary>
    private static bool IsBody(SyntaxNode node) => node switch
    {
        GlobalStatementSyntax => true,
        BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax,
        _ => false,
    };

    private static void AppendDirectives(SyntaxNode node, StringBuilder text)
    {
        if (!node.ContainsDirectives)
        {
            return;
        }

        foreach (SyntaxToken token in node.DescendantTokens())
        {
            AppendDirectives(token.LeadingTrivia, text);
            AppendDirectives(token.TrailingTrivia, text);
        }
    }

    private static void AppendDirectives(SyntaxTriviaList trivia, StringBuilder text)
    {
        foreach (SyntaxTrivia t in trivia)
        {
            if (t.IsDirective)
            {
                text.Append(t.ToString()).Append('\n');
            }
        }
    }
}
