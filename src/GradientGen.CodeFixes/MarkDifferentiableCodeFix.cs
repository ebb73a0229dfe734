using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GradientGen.Analysis;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen.CodeFixes;

/// <summary>
/// GG0003: a called method whose source is in the solution and that returns float or double is marked
/// [Differentiable], so the call goes through its generated backward. Its containing types are made
/// partial as well, or GG0002 would follow at once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkDifferentiableCodeFix)), Shared]
public sealed class MarkDifferentiableCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.MarkDifferentiable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.CallWithoutDerivativeId);

    // Several calls to one method would all edit the same declaration.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (CalledMethod.InvocationAt(root, diagnostic) is { } invocation
                && CalledMethod.Of(model, invocation, context.CancellationToken) is { } callee
                && IsCandidate(callee)
                && callee.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault(HasBody) is { } declaration
                && context.Document.Project.Solution.GetDocument(declaration.SyntaxTree) is { } document)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Mark '{callee.Name}' [Differentiable]", ct => MarkAsync(document, declaration.Span, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>An ordinary method returning float or double that isn't [Differentiable] yet.</summary>
    private static bool IsCandidate(IMethodSymbol callee) =>
        callee.MethodKind == MethodKind.Ordinary
        && SymbolFacts.ShapeOf(callee.ReturnType) == ValueShape.Scalar
        && !SymbolFacts.IsDifferentiable(callee);

    private static bool HasBody(MethodDeclarationSyntax method) => method.Body is not null || method.ExpressionBody is not null;

    private static async Task<Solution> MarkAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        // Found again by position: the callee may be in another document of the solution.
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(span) is not MethodDeclarationSyntax declaration || model is null)
        {
            return document.Project.Solution;
        }

        AttributeSyntax attribute = GradientGenAttributes.Create(AttributeSources.DifferentiableMetadataName);
        SyntaxNode[] edited = [declaration, .. declaration.Ancestors().OfType<TypeDeclarationSyntax>()];
        SyntaxNode marked = root.ReplaceNodes(edited, (_, rewritten) => rewritten switch
        {
            MethodDeclarationSyntax method => AddOnOwnLine(method, attribute, LineBreak.Of(root)),
            TypeDeclarationSyntax type => PartialModifier.Add(type),
            _ => rewritten,
        });
        bool needsUsing = GradientGenAttributes.NeedsUsing(model, declaration.SpanStart, AttributeSources.DifferentiableMetadataName);
        return document.WithSyntaxRoot(needsUsing ? GradientGenAttributes.AddUsing(marked) : marked).Project.Solution;
    }

    /// <summary>The attribute on a line of its own before the method's other attributes, after its doc comment.</summary>
    private static MethodDeclarationSyntax AddOnOwnLine(MethodDeclarationSyntax method, AttributeSyntax attribute, SyntaxTrivia endOfLine)
    {
        SyntaxToken first = method.GetFirstToken();
        SyntaxTriviaList leading = first.LeadingTrivia;
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(leading.Last()) : default;
        AttributeListSyntax list = GradientGenAttributes.ListOf(attribute).WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        MethodDeclarationSyntax reindented = method.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        return reindented.WithAttributeLists(reindented.AttributeLists.Insert(0, list));
    }
}
