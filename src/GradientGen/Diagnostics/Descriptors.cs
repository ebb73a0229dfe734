using Microsoft.CodeAnalysis;

namespace GradientGen.Diagnostics;

/// <summary>Every GGxxxx diagnostic, with its id constant and help link.</summary>
internal static class Descriptors
{
    public const string Category = "GradientGen";

    public const string UnsupportedConstructId = "GG0001";
    public const string TypeNotPartialId = "GG0002";
    public const string CallWithoutDerivativeId = "GG0003";
    public const string UnsupportedMethodShapeId = "GG0004";
    public const string InternalErrorId = "GG9999";

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error(
        UnsupportedConstructId,
        "Construct not supported in a [Differentiable] method",
        "GradientGen cannot differentiate {0}; {1}");

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        TypeNotPartialId,
        "Containing type of a [Differentiable] method must be partial",
        "Type '{0}' contains the [Differentiable] method '{1}' and must be declared 'partial' so that '{1}Backward' can be added to it");

    public static readonly DiagnosticDescriptor CallWithoutDerivative = Error(
        CallWithoutDerivativeId,
        "Called method has no derivative",
        "The call to '{0}' carries an active value into the result, but it has no derivative: {1}");

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Error(
        UnsupportedMethodShapeId,
        "Method shape not supported by [Differentiable]",
        "'{0}' cannot be [Differentiable]: {1}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        InternalErrorId,
        "Internal error in GradientGen",
        "GradientGen failed while analyzing '{0}' and generated nothing for it: {1}. Please report this.");

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        UnsupportedConstructId => UnsupportedConstruct,
        TypeNotPartialId => TypeNotPartial,
        CallWithoutDerivativeId => CallWithoutDerivative,
        UnsupportedMethodShapeId => UnsupportedMethodShape,
        InternalErrorId => InternalError,
        _ => null,
    };

    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All =
        System.Collections.Immutable.ImmutableArray.Create(UnsupportedConstruct, TypeNotPartial, CallWithoutDerivative, UnsupportedMethodShape, InternalError);

    private static DiagnosticDescriptor Error(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: $"https://github.com/gradientgen/gradientgen/blob/main/docs/diagnostics/{id}.md");
}
