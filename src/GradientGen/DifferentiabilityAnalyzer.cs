using System;
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
        context.RegisterSyntaxNodeAction(AnalyzeTangentCall, SyntaxKind.InvocationExpression);
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

    /// <summary>
    /// The derivatives generated beside the backward, each of which can be refused on its own: the suffix of its
    /// name, the error for a call of a missing one, and why the method has none (null when it has one).
    /// </summary>
    private static readonly (string Suffix, DiagnosticDescriptor Descriptor, Func<MethodModel, string?> Refusal)[] OptionalDerivatives =
    [
        ("GradientBackward", Descriptors.NoSecondOrder, m => m.SecondOrderRefusal),
        ("GradientTangent", Descriptors.NoSecondOrder, m => m.SecondOrderRefusal),
        ("HessianVectorProduct", Descriptors.NoSecondOrder, m => m.SecondOrderRefusal),
        ("TangentBackward", Descriptors.NoSecondOrder, m => m.SecondOrderRefusal),
        ("Hessian", Descriptors.NoSecondOrder, m => m.SecondOrderRefusal),
        ("Tangent", Descriptors.NoTangent, m => Emit.TangentSupport.Refusal(m)),
    ];

    /// <summary>
    /// GG0016 on a call of an <c>…Tangent</c>, GG0017 on one of an <c>…Hessian</c>, <c>…HessianVectorProduct</c>, <c>…GradientBackward</c>, <c>…GradientTangent</c> or
    /// <c>…TangentBackward</c>, that doesn't exist because it was refused for its [Differentiable] method (the
    /// compiler only says the name is unknown). Reported where the derivative is asked for, so code that never
    /// calls one gets no diagnostic.
    /// </summary>
    private static void AnalyzeTangentCall(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        // Syntax first: only a call of a name ending in one of the suffixes is bound.
        SimpleNameSyntax? name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        string called = name?.Identifier.ValueText ?? string.Empty;
        int kind = Array.FindIndex(OptionalDerivatives, d => called.EndsWith(d.Suffix, StringComparison.Ordinal) && called.Length > d.Suffix.Length);
        if (name is null || kind < 0)
        {
            return;
        }

        SymbolInfo symbol = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
        if (symbol.Symbol is not null || !symbol.CandidateSymbols.IsEmpty)
        {
            return;
        }

        (string suffix, DiagnosticDescriptor descriptor, Func<MethodModel, string?> refusal) = OptionalDerivatives[kind];
        string primal = called.Substring(0, called.Length - suffix.Length);
        foreach (INamedTypeSymbol type in TypesSearched(context, invocation))
        {
            foreach (IMethodSymbol method in type.GetMembers(primal).OfType<IMethodSymbol>())
            {
                if (!SymbolFacts.IsDifferentiable(method) || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax syntax)
                {
                    continue;
                }

#pragma warning disable RS1030 // The called method may live in another tree; its analysis says why it has no such derivative.
                SemanticModel model = syntax.SyntaxTree == context.SemanticModel.SyntaxTree ? context.SemanticModel : context.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                // A method without a backward has its own errors; they come first.
                if (MethodAnalysis.Analyze(method, syntax, model, context.CancellationToken).Model is { } differentiated
                    && DeepStack.Run(() => refusal(differentiated)) is { } why)
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, name.GetLocation(), method.Name, why, suffix));
                    return;
                }
            }
        }
    }

    /// <summary>Where a call's method is looked up: the receiver's type, or the calling code's type and those containing it.</summary>
    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> TypesSearched(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation)
    {
        if (invocation.Expression is MemberAccessExpressionSyntax access)
        {
            ISymbol? receiver = context.SemanticModel.GetSymbolInfo(access.Expression, context.CancellationToken).Symbol;
            if ((receiver as INamedTypeSymbol ?? context.SemanticModel.GetTypeInfo(access.Expression, context.CancellationToken).Type as INamedTypeSymbol) is { } type)
            {
                yield return type;
            }

            yield break;
        }

        for (INamedTypeSymbol? type = context.ContainingSymbol?.ContainingType; type is not null; type = type.ContainingType)
        {
            yield return type;
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
