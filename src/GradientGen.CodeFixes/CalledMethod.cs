using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.CodeFixes;

/// <summary>The call a GG0003/GG0005 is about: the diagnostic is on the invocation, or on one of its arguments.</summary>
internal static class CalledMethod
{
    public static InvocationExpressionSyntax? InvocationAt(SyntaxNode root, Diagnostic diagnostic)
    {
        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node as InvocationExpressionSyntax
            ?? node.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent as InvocationExpressionSyntax;
    }

    /// <summary>The method as declared: an extension method called as <c>x.F()</c> is <c>F(this double x)</c>.</summary>
    public static IMethodSymbol? Of(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method ? (method.ReducedFrom ?? method).OriginalDefinition : null;
}
