using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Incremental;

/// <summary>
/// A [Differentiable] method's own declaration as the generator's first, cheap step sees it: its text, the
/// names it mentions (to find its callees) and where it is. No symbol, tree or compilation: this is cached.
/// </summary>
/// <param name="Text">The declaration, attributes to closing brace (comments inside included, the ones above it not).</param>
internal sealed record MethodSource(string FilePath, string Text, EquatableArray<string> Names, MethodLocation Location)
{
    public static MethodSource Of(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        SyntaxTree tree = syntax.SyntaxTree;
        int ordinal = 0;
        foreach (SyntaxTree t in context.SemanticModel.Compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (t == tree)
            {
                break;
            }

            ordinal++;
        }

        return new MethodSource(tree.FilePath, syntax.ToString(), MentionedNames.Of(syntax), new MethodLocation(ordinal, syntax.SpanStart, syntax.Span.Length));
    }
}
