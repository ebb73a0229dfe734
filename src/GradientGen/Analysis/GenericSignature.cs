using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// What generic shapes a [Differentiable] method may have, and how its backward repeats its type parameters.
/// A generic method has exactly one type parameter, constrained to <c>IFloatingPointIeee754&lt;T&gt;</c> (see
/// <see cref="GenericMath"/>); a method of a generic type may use that type's floating T. One floating type
/// parameter per scope at most: the IR has one generic kind.
/// </summary>
internal static class GenericSignature
{
    /// <summary>Where and why the method's generic shape is refused (GG0004), or null.</summary>
    public static (SyntaxNodeOrToken At, string Why)? Refusal(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        if (method.IsGenericMethod && (method.TypeParameters.Length != 1 || !GenericMath.IsFloatingTypeParameter(method.TypeParameters[0])))
        {
            return (syntax.TypeParameterList!, "a generic [Differentiable] method has one type parameter T, constrained to IFloatingPointIeee754<T> (generic math: where T : IFloatingPointIeee754<T>)");
        }

        List<ITypeParameterSymbol> floating = FloatingTypeParameters(method);
        if (floating.Count > 1)
        {
            return (syntax.Identifier, $"it sees two floating-point type parameters ('{floating[0].Name}' and '{floating[1].Name}'), and GradientGen differentiates with one at a time; make the method non-generic and use its type's '{floating[1].Name}'");
        }

        return null;
    }

    /// <summary>The name of the floating type parameter the method's code may use (its own or its type's), or null.</summary>
    public static string? FloatingTypeParameterName(IMethodSymbol method) =>
        FloatingTypeParameters(method).FirstOrDefault() is { } t ? SymbolFacts.Escape(t.Name) : null;

    /// <summary><c>&lt;T&gt;</c> for a generic method, empty otherwise.</summary>
    public static string TypeParameterList(IMethodSymbol method) =>
        method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => SymbolFacts.Escape(t.Name))) + ">" : string.Empty;

    /// <summary>The method's own constraint clauses, written with global:: names: <c> where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>.</summary>
    public static string ConstraintClauses(IMethodSymbol method)
    {
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol t in method.TypeParameters)
        {
            var constraints = new List<string>();
            if (t.HasReferenceTypeConstraint)
            {
                constraints.Add(t.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (t.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (t.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (t.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(t.ConstraintTypes.Select(SymbolFacts.TypeName));
            if (t.HasConstructorConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add($" where {SymbolFacts.Escape(t.Name)} : {string.Join(", ", constraints)}");
            }
        }

        return string.Concat(clauses);
    }

    private static List<ITypeParameterSymbol> FloatingTypeParameters(IMethodSymbol method)
    {
        var all = new List<ITypeParameterSymbol>();
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            all.InsertRange(0, type.TypeParameters);
        }

        all.AddRange(method.TypeParameters);
        return all.Where(t => GenericMath.IsFloatingTypeParameter(t)).ToList();
    }
}
