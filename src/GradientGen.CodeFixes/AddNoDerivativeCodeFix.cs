using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.CodeFixes;

/// <summary>GG1003: a parameter whose gradient is always zero is marked [NoDerivative], which says that is intended.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNoDerivativeCodeFix)), Shared]
public sealed class AddNoDerivativeCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.AddNoDerivative";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.GradientAlwaysZeroId, Descriptors.UnsupportedParameterTypeId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // The diagnostic is on the parameter's name.
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is ParameterSyntax parameter
                && parameter.Identifier.Span == diagnostic.Location.SourceSpan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Mark '{parameter.Identifier.ValueText}' [NoDerivative]", ct => MarkAsync(context.Document, root, parameter, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> MarkAsync(Document document, SyntaxNode root, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return document;
        }

        // '[NoDerivative] double x', after any attributes already there; a parameter on its own line keeps its indentation.
        AttributeListSyntax list = GradientGenAttributes.ListOf(GradientGenAttributes.Create(AttributeSources.NoDerivativeMetadataName)).WithTrailingTrivia(SyntaxFactory.Space);
        ParameterSyntax marked = parameter.AttributeLists.Count == 0
            ? parameter.WithoutLeadingTrivia().AddAttributeLists(list.WithLeadingTrivia(parameter.GetLeadingTrivia()))
            : parameter.AddAttributeLists(list);
        SyntaxNode edited = root.ReplaceNode(parameter, marked);
        return document.WithSyntaxRoot(GradientGenAttributes.NeedsUsing(model, parameter.SpanStart, AttributeSources.NoDerivativeMetadataName) ? GradientGenAttributes.AddUsing(edited) : edited);
    }
}
