using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace GradientGen.CodeFixes;

/// <summary>
/// GG0003 and GG0005: writes a [DerivativeOf] stub for the called method into the caller's type, right after
/// the calling method, for the user to fill in. It works for methods whose source GradientGen can't see
/// (library calls, Math functions without a rule) as well as for the user's own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DerivativeOfStubCodeFix)), Shared]
public sealed class DerivativeOfStubCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "GradientGen.WriteDerivativeOf";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.CallWithoutDerivativeId, Descriptors.MathFunctionWithoutRuleId);

    // Two calls to one method would each write a stub for it.
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
                && invocation.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { Parent: TypeDeclarationSyntax callerSyntax } caller
                && model.GetDeclaredSymbol(callerSyntax, context.CancellationToken) is INamedTypeSymbol callerType
                && CalledMethod.Of(model, invocation, context.CancellationToken) is { } target
                && DerivativeOfStub.CanWrite(target, callerType, model.Compilation)
                && DerivativeOfStub.Create(SyntaxGenerator.GetGenerator(context.Document), model.Compilation, target, callerType) is { } stub)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Write a [DerivativeOf] for '{target.Name}'", _ => Task.FromResult(Insert(context.Document, root, caller, stub, GradientGenAttributes.NeedsUsing(model, caller.SpanStart, AttributeSources.DerivativeOfMetadataName))), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The stub right after the calling method, a blank line between them.</summary>
    private static Document Insert(Document document, SyntaxNode root, MethodDeclarationSyntax caller, MethodDeclarationSyntax stub, bool needsUsing)
    {
        var type = (TypeDeclarationSyntax)caller.Parent!;
        MethodDeclarationSyntax separated = stub.WithLeadingTrivia(LineBreak.Of(root));
        TypeDeclarationSyntax withStub = type.WithMembers(type.Members.Insert(type.Members.IndexOf(caller) + 1, separated));
        SyntaxNode edited = root.ReplaceNode(type, withStub);
        return document.WithSyntaxRoot(needsUsing ? GradientGenAttributes.AddUsing(edited) : edited);
    }
}
