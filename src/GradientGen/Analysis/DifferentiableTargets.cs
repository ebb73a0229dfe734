using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// Where [Differentiable] may stand. Its <c>AttributeTargets.Method</c> also admits operators, conversions,
/// accessors, local functions, lambdas, finalizers and C# 14 extension members, none of which can get a
/// sibling <c>…Backward</c>: the analyzer reports GG0014 on them and the generator leaves them alone.
/// </summary>
internal static class DifferentiableTargets
{
    /// <summary>
    /// What the declaration that carries the attribute is, worded for GG0014, when it is not an ordinary
    /// method of a class, struct, record or interface; null for such a method, and for declarations the
    /// attribute can't target at all (a constructor, a property: the compiler reports CS0592).
    /// </summary>
    public static string? Unsupported(SyntaxNode owner) => owner switch
    {
        MethodDeclarationSyntax { Parent: ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax or InterfaceDeclarationSyntax } => null,
        // A C# 14 extension block is the only other type declaration that holds methods (Roslyn 4.14 has no syntax type for it).
        MethodDeclarationSyntax { Parent: TypeDeclarationSyntax } method => $"the extension member '{method.Identifier.ValueText}'",
        OperatorDeclarationSyntax op => $"the operator '{op.OperatorToken.ValueText}'",
        ConversionOperatorDeclarationSyntax conversion => $"the {conversion.ImplicitOrExplicitKeyword.ValueText} conversion to '{conversion.Type}'",
        AccessorDeclarationSyntax { Parent.Parent: IndexerDeclarationSyntax } accessor => $"the indexer's '{accessor.Keyword.ValueText}' accessor",
        AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } accessor => $"the '{accessor.Keyword.ValueText}' accessor of '{property.Identifier.ValueText}'",
        AccessorDeclarationSyntax accessor => $"the '{accessor.Keyword.ValueText}' accessor",
        LocalFunctionStatementSyntax function => $"the local function '{function.Identifier.ValueText}'",
        AnonymousFunctionExpressionSyntax => "a lambda",
        DestructorDeclarationSyntax => "a finalizer",
        _ => null,
    };
}
