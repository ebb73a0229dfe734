using System.Globalization;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Analysis;

/// <summary>Small questions about symbols and types that every analysis stage asks.</summary>
internal static class SymbolFacts
{
    public static ScalarKind KindOf(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Single => ScalarKind.Float,
        _ when GenericMath.IsFloatingTypeParameter(type) => ScalarKind.Generic,
        _ => ScalarKind.None,
    };

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } cls && FullName(cls) == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsDifferentiable(IMethodSymbol method) =>
        HasAttribute(method.OriginalDefinition, AttributeSources.DifferentiableMetadataName);

    /// <summary>Scalar, vector (<c>T[]</c>, spans) or matrix (<c>T[,]</c>) of float/double; None for anything else.</summary>
    public static ValueShape ShapeOf(ITypeSymbol? type) => type switch
    {
        _ when KindOf(type) != ScalarKind.None => ValueShape.Scalar,
        IArrayTypeSymbol { Rank: 1 } array when KindOf(array.ElementType) != ScalarKind.None => ValueShape.Vector,
        IArrayTypeSymbol { Rank: 2 } array when KindOf(array.ElementType) != ScalarKind.None => ValueShape.Matrix,
        IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row } when KindOf(row.ElementType) != ScalarKind.None => ValueShape.Jagged,
        _ when StructElementOf(type) is not null => ValueShape.StructArray,
        _ when FloatLists.IsList(type) => ValueShape.Vector,
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }, TypeArguments: [var element] }
            when KindOf(element) != ScalarKind.None => ValueShape.Vector,
        _ when StructShapes.IsStruct(type) => ValueShape.Struct,
        _ => ValueShape.None,
    };

    /// <summary>The element type of <c>S[]</c>, <c>Span&lt;S&gt;</c> or <c>ReadOnlySpan&lt;S&gt;</c> of a struct that carries derivatives (<see cref="StructShapes"/>).</summary>
    public static ITypeSymbol? StructElementOf(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1, ElementType: var element } when StructShapes.IsStruct(element) => element,
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }, TypeArguments: [var element] }
            when StructShapes.IsStruct(element) => element,
        _ => null,
    };

    /// <summary>The floating-point kind of a scalar, or of the elements of a vector, matrix or jagged array (of their members for structs).</summary>
    public static ScalarKind ElementKindOf(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { ElementType: IArrayTypeSymbol row } => KindOf(row.ElementType),
        _ when StructElementOf(type) is { } element => StructShapes.KindOf(element),
        IArrayTypeSymbol array => KindOf(array.ElementType),
        INamedTypeSymbol { TypeArguments: [var element] } when ShapeOf(type) == ValueShape.Vector => KindOf(element),
        _ when StructShapes.IsStruct(type) => StructShapes.KindOf(type),
        _ => KindOf(type),
    };

    /// <summary>A parameter gets an adjoint: by-value (or <c>in</c>) floating-point data (scalar, vector, matrix) not marked [NoDerivative].</summary>
    public static bool IsActiveParameter(IParameterSymbol parameter) =>
        IsPassedByValue(parameter)
        && ShapeOf(parameter.Type) != ValueShape.None
        && !HasAttribute(parameter, AttributeSources.NoDerivativeMetadataName);

    /// <summary>
    /// A parameter the method may write into: a <c>Span&lt;T&gt;</c> of floats, active (not [NoDerivative]). Its
    /// adjoint <c>Span&lt;T&gt; dP</c> goes both ways: it comes in holding the adjoint of the span's final values and
    /// leaves holding the adjoint of the values it had on entry (Enzyme's duplicated buffers).
    /// </summary>
    public static bool IsWritableSpanParameter(IParameterSymbol parameter) =>
        IsActiveParameter(parameter) && parameter.RefKind == RefKind.None
        && parameter.Type is INamedTypeSymbol { Name: "Span", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }, TypeArguments: [var element] }
        && (KindOf(element) != ScalarKind.None || StructShapes.IsStruct(element));

    /// <summary>
    /// By value, or <c>in</c>: a read-only reference the method reads exactly like a copy, so it is differentiated
    /// as one (the generated methods keep the <c>in</c>). <c>ref readonly</c>, <c>ref</c> and <c>out</c> are not.
    /// </summary>
    public static bool IsPassedByValue(IParameterSymbol parameter) => parameter.RefKind is RefKind.None or RefKind.In;

    /// <summary>The adjoint parameter's type as SPEC §2 gives it: <c>ref T</c>, <c>Span&lt;T&gt;</c>, <c>T[,]</c> or <c>T[][]</c>.</summary>
    public static string AdjointTypeFor(ValueShape shape, ScalarKind kind) => shape switch
    {
        ValueShape.Vector => $"global::System.Span<{KeywordFor(kind)}>",
        ValueShape.Matrix => $"{KeywordFor(kind)}[,]",
        ValueShape.Jagged => $"{KeywordFor(kind)}[][]",
        _ => "ref " + KeywordFor(kind),
    };

    private static readonly SymbolDisplayFormat QualifiedWithNullability =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as generated code writes it: <c>global::</c>-qualified, keywords for special types, nullability kept.</summary>
    public static string TypeName(ITypeSymbol type) => type.ToDisplayString(QualifiedWithNullability);

    /// <summary>
    /// Whether the type has a member of that name written by the user. The analyzer sees the generated
    /// <c>…Backward</c> in its compilation; those don't count.
    /// </summary>
    public static bool HasUserMember(INamedTypeSymbol type, string name)
    {
        foreach (ISymbol member in type.GetMembers(name))
        {
            if (member.DeclaringSyntaxReferences.IsEmpty)
            {
                return true;
            }

            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                if (!reference.SyntaxTree.FilePath.Contains(GeneratedFolder))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Generated trees live under "<assembly>/<generator type>/<hint name>".
    private static readonly string GeneratedFolder = typeof(DifferentiableGenerator).FullName!;

    /// <summary>An identifier as C# source writes it: keywords get an '@'.</summary>
    public static string Escape(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    public static string KeywordFor(ScalarKind kind) => kind switch
    {
        ScalarKind.Float => "float",
        ScalarKind.Generic => GenericScalar.Placeholder,
        _ => "double",
    };

    /// <summary>d + the name with its first letter upper-cased (<c>x</c> → <c>dX</c>), as SPEC §2 names adjoints.</summary>
    public static string AdjointNameFor(string name)
    {
        string bare = name.TrimStart('@');
        return bare.Length == 0 ? "d" : "d" + char.ToUpperInvariant(bare[0]) + bare.Substring(1);
    }

    public static string FullName(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        return ns + type.MetadataName;
    }

    /// <summary>C# source text of a constant of the given type, or null when it has no simple literal form.</summary>
    public static string? Literal(object? value, ITypeSymbol? type)
    {
        switch (value)
        {
            case double d when KindOf(type) == ScalarKind.Double:
                return DoubleLiteral(d);
            case float f when KindOf(type) == ScalarKind.Float:
                return FloatLiteral(f);
            case int or long or short or byte or sbyte or ushort or uint or ulong or bool:
                return SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false);
            default:
                return null;
        }
    }

    public static string DoubleLiteral(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";
    }

    public static string FloatLiteral(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
