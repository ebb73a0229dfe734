using System.Linq;
using System.Collections.Immutable;
using GradientGen.Analysis;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen;

/// <summary>Reports, at the offending syntax, every issue that keeps a [Differentiable] method from being differentiated.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiabilityAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        context.RegisterSyntaxNodeAction(AnalyzeType, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration, SyntaxKind.InterfaceDeclaration);
        context.RegisterSymbolAction(AnalyzeDerivativeOf, SymbolKind.Method);
    }

    /// <summary>GG0002 on a type that is not partial but contains (at any depth) a [Differentiable] method.</summary>
    private static void AnalyzeType(SyntaxNodeAnalysisContext context)
    {
        var type = (TypeDeclarationSyntax)context.Node;
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return;
        }

        foreach (MethodDeclarationSyntax method in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (method.AttributeLists.Count > 0
                && context.SemanticModel.GetDeclaredSymbol(method, context.CancellationToken) is { } symbol
                && SymbolFacts.IsDifferentiable(symbol))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, symbol.Name));
                return;
            }
        }
    }

    /// <summary>GG0014 on a [Differentiable] that stands on an operator, an accessor, a local function, a lambda, …</summary>
    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        // Syntax first: attributes on such declarations are rare, so few are bound.
        if (attribute.Parent is not AttributeListSyntax { Parent: { } owner } list
            || (list.Target is { } target && !target.Identifier.IsKind(SyntaxKind.MethodKeyword))
            || DifferentiableTargets.Unsupported(owner) is not { } what
            || context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } type }
            || SymbolFacts.FullName(type) != AttributeSources.DifferentiableMetadataName)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MisplacedDifferentiable, attribute.GetLocation(), what));
    }

    /// <summary>A [DerivativeOf] method whose target or signature is wrong: GG0012 on what differs.</summary>
    private static void AnalyzeDerivativeOf(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind == MethodKind.Ordinary && !method.GetAttributes().IsEmpty
            && DerivativeOfIndex.For(context.Compilation).CheckOf(method) is { Problem: { } problem, At: var at })
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidDerivativeOf, at, method.Name, problem));
        }
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0
            || DifferentiableTargets.Unsupported(syntax) is not null
            || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method
            || !SymbolFacts.IsDifferentiable(method))
        {
            return;
        }

        Model.AnalysisResult result = MethodAnalysis.Analyze(method, syntax, context.SemanticModel, context.CancellationToken);
        if (result.Model is { } model && DeepStack.Run(() => Emit.TangentSupport.Refusal(model)) is { } noTangent)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoTangent, syntax.Identifier.GetLocation(), method.Name, noTangent));
        }

        foreach (Issue issue in result.Issues)
        {
            if (issue.DescriptorId == Descriptors.TypeNotPartialId)
            {
                // Reported once per type, by AnalyzeType, inside the type's own node (so the IDE sees it).
                continue;
            }

            if (Descriptors.Find(issue.DescriptorId) is { } descriptor)
            {
                Location location = Location.Create(syntax.SyntaxTree, new TextSpan(issue.SpanStart, issue.SpanLength));
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, [.. issue.MessageArgs]));
            }
        }
    }
}
