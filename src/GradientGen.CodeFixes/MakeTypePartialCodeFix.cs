using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.CodeFixes;

/// <summary>GG0002: makes the containing type partial, so that the generated <c>…Backward</c> can join it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFix)), Shared]
public sealed class MakeTypePartialCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.MakeTypePartial";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.TypeNotPartialId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // The diagnostic is on the type's name; each non-partial type gets its own.
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax type
                && type.Identifier.Span == diagnostic.Location.SourceSpan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{type.Identifier.ValueText}' partial",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, PartialModifier.Add(type)))),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
