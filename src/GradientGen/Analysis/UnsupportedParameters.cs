using System.Collections.Generic;
using System.Collections.Immutable;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Nothing silent: every parameter the method reads that can hold a floating-point value either gets an
/// adjoint or is refused (GG0015) at its declaration, where [NoDerivative] says "this is a constant".
/// Without this, a <c>Vector3</c>, a <c>double[][]</c> or a <c>List&lt;double&gt;</c> parameter would get no
/// adjoint and no error, and its gradient would simply be missing.
/// </summary>
internal static class UnsupportedParameters
{
    public static void Check(IMethodSymbol method, IBlockOperation body, List<Issue> issues)
    {
        var read = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            if (op is IParameterReferenceOperation reference)
            {
                read.Add(reference.Parameter);
            }
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (read.Contains(parameter) && !SymbolFacts.IsActiveParameter(parameter) && !ObjectParameters.IsObjectParameter(parameter) && SymbolFacts.IsPassedByValue(parameter)
                && !SymbolFacts.HasAttribute(parameter, AttributeSources.NoDerivativeMetadataName)
                && FloatingCarriers.CanCarry(parameter.Type))
            {
                AddAtName(issues, parameter, Descriptors.UnsupportedParameterTypeId, parameter.Name, parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            }
        }
    }

    /// <summary>An issue on the parameter's name, where its declaration is in source.</summary>
    private static void AddAtName(List<Issue> issues, IParameterSymbol parameter, string descriptorId, params string[] arguments)
    {
        if (parameter.DeclaringSyntaxReferences.Length > 0 && parameter.DeclaringSyntaxReferences[0].GetSyntax() is ParameterSyntax syntax)
        {
            issues.Add(new Issue(descriptorId, syntax.SyntaxTree.FilePath, syntax.Identifier.SpanStart, syntax.Identifier.Span.Length, ImmutableArray.Create(arguments).ToEquatableArray()));
        }
    }
}
