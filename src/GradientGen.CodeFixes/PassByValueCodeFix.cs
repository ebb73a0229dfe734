using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.CodeFixes;

/// <summary>
/// GG0004 on a <c>ref readonly</c> parameter: pass it by value, and drop <c>in</c> or <c>ref</c> from the calls
/// that spell it out. A <c>ref readonly</c> parameter is read-only, so this changes no result. (<c>in</c>
/// parameters are differentiated as they are.) <c>ref</c> and <c>out</c> parameters
/// write back to the caller; making them by-value would change what the code does, so they get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassByValueCodeFix)), Shared]
public sealed class PassByValueCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.PassByValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UnsupportedMethodShapeId);

    // Each fix edits the method's callers across the solution.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // GG0004 has several causes; the one fixed here is on the whole parameter.
            if (root?.FindNode(diagnostic.Location.SourceSpan) is ParameterSyntax parameter
                && parameter.Modifiers.Count == 2 && parameter.Modifiers[0].IsKind(SyntaxKind.RefKeyword) && parameter.Modifiers[1].IsKind(SyntaxKind.ReadOnlyKeyword))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Pass '{parameter.Identifier.ValueText}' by value", ct => PassByValueAsync(context.Document, parameter, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> PassByValueAsync(Document document, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        Solution solution = document.Project.Solution;
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(parameter, cancellationToken) is not { ContainingSymbol: IMethodSymbol method } symbol)
        {
            return solution;
        }

        var editor = new SolutionEditor(solution);
        DocumentEditor declaring = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
        // 'ref readonly double x' → 'double x': the type takes the place (and the indentation) of the keywords.
        SyntaxToken modifier = parameter.Modifiers[0];
        declaring.ReplaceNode(parameter, parameter.WithModifiers(default).WithType(parameter.Type!.WithLeadingTrivia(modifier.LeadingTrivia)));

        foreach (ReferencedSymbol referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (ReferenceLocation location in referenced.Locations)
            {
                DocumentEditor caller = await editor.GetDocumentEditorAsync(location.Document.Id, cancellationToken).ConfigureAwait(false);
                SyntaxNode? node = caller.OriginalRoot.FindNode(location.Location.SourceSpan).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (node is not null && caller.SemanticModel.GetOperation(node, cancellationToken) is IInvocationOperation invocation
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method)
                    && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == symbol.Ordinal)?.Syntax is ArgumentSyntax argument
                    && (argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword)))
                {
                    caller.ReplaceNode(argument, argument.WithRefKindKeyword(default).WithLeadingTrivia(argument.RefKindKeyword.LeadingTrivia));
                }
            }
        }

        return editor.GetChangedSolution();
    }
}
