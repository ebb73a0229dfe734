using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace GradientGen.CodeFixes;

/// <summary>
/// A [DerivativeOf] method for the user to fill in, with exactly the signature SPEC §2 gives (the one
/// <see cref="DerivativeOfSignature"/> checks): the target's parameters, <c>dResult</c>, then one adjoint per
/// active parameter — <c>ref T</c> for a scalar, <c>Span&lt;T&gt;</c> for a vector, <c>T[,]</c> for a matrix.
/// Its body throws, saying what to write.
/// </summary>
internal static class DerivativeOfStub
{
    /// <summary>
    /// Whether a rule for <paramref name="target"/> can live in <paramref name="callerType"/>: an ordinary,
    /// non-generic method returning float or double with by-value parameters, static or of the same type
    /// (a rule for an instance method is called on the same object), that has no derivative yet.
    /// </summary>
    public static bool CanWrite(IMethodSymbol target, INamedTypeSymbol callerType, Compilation compilation) =>
        target.MethodKind == MethodKind.Ordinary
        && !target.IsGenericMethod && !IsInGenericType(target.ContainingType) && !IsInGenericType(callerType)
        && SymbolFacts.ShapeOf(target.ReturnType) == ValueShape.Scalar
        && target.Parameters.All(p => p.RefKind == RefKind.None)
        && (target.IsStatic || SymbolEqualityComparer.Default.Equals(target.ContainingType, callerType))
        && callerType.TypeKind is TypeKind.Class or TypeKind.Struct
        // A [Differentiable] method gets its backward generated: the errors in it are the thing to fix.
        && !SymbolFacts.IsDifferentiable(target)
        && DerivativeOfIndex.For(compilation).RuleFor(target) is null
        && DerivativeOfIndex.For(compilation).InvalidRuleNaming(target) is null;

    /// <summary>The stub, or null when the compilation lacks <c>Span&lt;T&gt;</c>.</summary>
    public static MethodDeclarationSyntax? Create(SyntaxGenerator generator, Compilation compilation, IMethodSymbol target, INamedTypeSymbol callerType)
    {
        if (compilation.GetTypeByMetadataName("System.Span`1") is not { } span)
        {
            return null;
        }

        AttributeSyntax attribute = GradientGenAttributes.Create(AttributeSources.DerivativeOfMetadataName, TargetArguments(generator, target, callerType));

        var names = new NameAllocator();
        foreach (IParameterSymbol p in target.Parameters)
        {
            names.Reserve(p.Name);
        }

        TypeSyntax Type(ITypeSymbol type) => (TypeSyntax)generator.TypeExpression(type);
        var parameters = target.Parameters.Select(p => Parameter(Type(p.Type), p.Name)).ToList();
        string resultName = names.Allocate("dResult");
        parameters.Add(Parameter(Type(target.ReturnType), resultName));
        var accumulations = new List<string>();
        foreach (IParameterSymbol p in target.Parameters.Where(SymbolFacts.IsActiveParameter))
        {
            string adjoint = names.Allocate(SymbolFacts.AdjointNameFor(p.Name));
            ITypeSymbol element = compilation.GetSpecialType(SymbolFacts.ElementKindOf(p.Type) == ScalarKind.Float ? SpecialType.System_Single : SpecialType.System_Double);
            (ParameterSyntax parameter, string index) = SymbolFacts.ShapeOf(p.Type) switch
            {
                ValueShape.Vector => (Parameter(Type(span.Construct(element)), adjoint), "[i]"),
                ValueShape.Matrix => (Parameter(Type(p.Type), adjoint), "[i, j]"),
                _ => (Parameter(Type(element), adjoint).AddModifiers(SyntaxFactory.Token(SyntaxKind.RefKeyword)), string.Empty),
            };
            parameters.Add(parameter);
            accumulations.Add($"{resultName} * ∂{target.Name}/∂{p.Name}{index} into {adjoint}{index}");
        }

        string call = $"{(SymbolEqualityComparer.Default.Equals(target.ContainingType, callerType) ? string.Empty : target.ContainingType.Name + ".")}{target.Name}({string.Join(", ", target.Parameters.Select(p => p.Name))})";
        string todo = accumulations.Count == 0 ? $"Return {call}." : $"Accumulate {string.Join(", ", accumulations)}, and return {call}.";
        ThrowStatementSyntax body = SyntaxFactory.ThrowStatement(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("System.NotImplementedException"))
                .AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(todo)))));

        return SyntaxFactory.MethodDeclaration(Type(target.ReturnType), StubName(target, callerType))
            .AddAttributeLists(GradientGenAttributes.ListOf(attribute))
            // internal: callers in other types of the project use the rule too (a private one would be GG0003 there).
            .WithModifiers(target.IsStatic
                ? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword))
                : SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InternalKeyword)))
            .AddParameterListParameters([.. parameters])
            .WithBody(SyntaxFactory.Block(body))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>nameof(M)</c> for a method of the rule's own type, <c>typeof(T), nameof(T.M)</c> otherwise.</summary>
    private static AttributeArgumentSyntax[] TargetArguments(SyntaxGenerator generator, IMethodSymbol target, INamedTypeSymbol callerType)
    {
        SyntaxToken name = SyntaxFactory.Identifier(SymbolFacts.Escape(target.Name));
        if (SymbolEqualityComparer.Default.Equals(target.ContainingType, callerType))
        {
            return [SyntaxFactory.AttributeArgument(NameOf(SyntaxFactory.IdentifierName(name)))];
        }

        // Parsed, so that 'T.M' is the member access a parser gives, not a qualified type name; simplified when applied.
        ExpressionSyntax member = SyntaxFactory.ParseExpression(target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + name.Text)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return
        [
            SyntaxFactory.AttributeArgument(SyntaxFactory.TypeOfExpression((TypeSyntax)generator.TypeExpression(target.ContainingType))),
            SyntaxFactory.AttributeArgument(NameOf(member)),
        ];
    }

    /// <summary>
    /// <c>MBackward</c>, numbered if the type already has a member of that name or will get one from the
    /// generator (the backward of one of its own [Differentiable] methods).
    /// </summary>
    private static string StubName(IMethodSymbol target, INamedTypeSymbol callerType)
    {
        var names = new NameAllocator();
        foreach (ISymbol member in callerType.GetMembers())
        {
            names.Reserve(member.Name);
            if (member is IMethodSymbol method && SymbolFacts.IsDifferentiable(method))
            {
                names.Reserve(method.Name + "Backward");
                names.Reserve(method.Name + "Gradient");
            }
        }

        return names.Allocate(target.Name + "Backward");
    }

    private static ParameterSyntax Parameter(TypeSyntax type, string name) =>
        SyntaxFactory.Parameter(SyntaxFactory.Identifier(SymbolFacts.Escape(name))).WithType(type);

    private static InvocationExpressionSyntax NameOf(ExpressionSyntax operand) =>
        SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("nameof"), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(operand))));

    private static bool IsInGenericType(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }
}
