using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using GradientGen.Analysis;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen.CodeFixes;

/// <summary>
/// Removes a [NoDerivative] that is in the way. GG1002: one that has no effect (on a parameter that never
/// carries a derivative). GG0013: the one on the called method's parameter that an active argument is
/// passed to, so that its derivative flows on instead of being dropped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNoDerivativeCodeFix)), Shared]
public sealed class RemoveNoDerivativeCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.RemoveNoDerivative";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.NoDerivativeWithoutEffectId, Descriptors.ActiveArgumentToNoDerivativeId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            AttributeSyntax? attribute = diagnostic.Id == Descriptors.NoDerivativeWithoutEffectId
                ? node.FirstAncestorOrSelf<AttributeSyntax>()
                : await CalleeNoDerivativeAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false);
            if (attribute?.FirstAncestorOrSelf<ParameterSyntax>() is { } parameter
                && context.Document.Project.Solution.GetDocument(attribute.SyntaxTree) is { } document)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Remove [NoDerivative] from '{parameter.Identifier.ValueText}'", ct => RemoveAsync(document, attribute.Span, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// For GG0013 (on the argument): the [NoDerivative] on the callee's parameter, when the callee is a
    /// [Differentiable] method in source. With a [DerivativeOf] rule instead, the rule's signature depends
    /// on the attribute, so removing it would only trade this error for GG0012.
    /// </summary>
    private static async Task<AttributeSyntax?> CalleeNoDerivativeAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is not { } argument
            || model?.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } parameter }
            || parameter.ContainingSymbol is not IMethodSymbol callee
            || !SymbolFacts.IsDifferentiable(callee)
            || DerivativeOfIndex.For(model.Compilation).RuleFor(callee) is not null)
        {
            return null;
        }

        SyntaxReference? reference = parameter.OriginalDefinition.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass is { } c && SymbolFacts.FullName(c) == AttributeSources.NoDerivativeMetadataName)?
            .ApplicationSyntaxReference;
        return reference is null ? null : await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) as AttributeSyntax;
    }

    private static async Task<Solution> RemoveAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        // Found again by position: the callee may be in another document of the solution.
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(span) is AttributeSyntax attribute
            && attribute.FirstAncestorOrSelf<ParameterSyntax>() is { } parameter
            && AttributeRemoval.Remove(parameter, attribute) is { } without
            ? document.WithSyntaxRoot(root.ReplaceNode(parameter, without)).Project.Solution
            : document.Project.Solution;
    }
}
