using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GradientGen.Diagnostics;

/// <summary>
/// Every GGxxxx diagnostic, with its id constant and help link. GG0xxx are errors: the method gets no
/// <c>…Backward</c>. GG1xxx are warnings: the backward is generated, but something in it is likely not
/// what the user meant. GG9999 is an internal error.
/// </summary>
internal static class Descriptors
{
    public const string Category = "GradientGen";

    public const string UnsupportedConstructId = "GG0001";
    public const string TypeNotPartialId = "GG0002";
    public const string CallWithoutDerivativeId = "GG0003";
    public const string UnsupportedMethodShapeId = "GG0004";
    public const string MathFunctionWithoutRuleId = "GG0005";
    public const string DelegateInvocationId = "GG0006";
    public const string VirtualCallId = "GG0007";
    public const string ActiveWriteOutsideLocalsId = "GG0008";
    public const string DynamicOperationId = "GG0009";
    public const string PointerOperationId = "GG0010";
    public const string UnsupportedActiveTypeId = "GG0011";
    public const string InvalidDerivativeOfId = "GG0012";
    public const string ActiveArgumentToNoDerivativeId = "GG0013";
    public const string MisplacedDifferentiableId = "GG0014";
    public const string UnsupportedParameterTypeId = "GG0015";
    public const string NoTangentId = "GG0016";
    public const string NoSecondOrderId = "GG0017";
    public const string FieldReadAsConstantId = "GG1001";
    public const string NoDerivativeWithoutEffectId = "GG1002";
    public const string GradientAlwaysZeroId = "GG1003";
    public const string DerivativeCutId = "GG1004";
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
        "The call to '{0}' {1}, but it has no derivative: {2}");

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Error(
        UnsupportedMethodShapeId,
        "Method shape not supported by [Differentiable]",
        "'{0}' cannot be [Differentiable]: {1}");

    public static readonly DiagnosticDescriptor MathFunctionWithoutRule = Error(
        MathFunctionWithoutRuleId,
        "Math function without a derivative rule",
        "'{0}' has no built-in derivative rule; write one with [DerivativeOf(typeof({1}), nameof({1}.{2}))], or mark the parameters it depends on [NoDerivative]");

    public static readonly DiagnosticDescriptor DelegateInvocation = Error(
        DelegateInvocationId,
        "Delegate, lambda or local function with active values",
        "GradientGen cannot differentiate through {0}; make it a [Differentiable] method of a partial type and call that instead");

    public static readonly DiagnosticDescriptor VirtualCall = Error(
        VirtualCallId,
        "Virtual or interface call with active values",
        "The call to '{0}' is dispatched at run time ({1}), so its derivative is not known at compile time; call a non-virtual [Differentiable] method instead");

    public static readonly DiagnosticDescriptor ActiveWriteOutsideLocals = Error(
        ActiveWriteOutsideLocalsId,
        "Active value written outside locals and parameters",
        "GradientGen cannot follow {0}: derivatives are tracked through locals, parameters, arrays and the float and array members of this and of object parameters; keep the value in a local and return it");

    public static readonly DiagnosticDescriptor DynamicOperation = Error(
        DynamicOperationId,
        "dynamic with active values",
        "GradientGen cannot differentiate '{0}', a 'dynamic' operation on an active value; give it a static float or double type");

    public static readonly DiagnosticDescriptor PointerOperation = Error(
        PointerOperationId,
        "Pointers with active values",
        "GradientGen cannot differentiate '{0}', which reaches active values through a pointer; index an array or a span instead");

    public static readonly DiagnosticDescriptor UnsupportedActiveType = Error(
        UnsupportedActiveTypeId,
        "Active value in a type that cannot carry a derivative",
        "GradientGen cannot differentiate '{0}': its value depends on the differentiated parameters through '{1}' of type '{2}', which carries no derivative; keep the computation in float or double locals and arrays");

    public static readonly DiagnosticDescriptor InvalidDerivativeOf = Error(
        InvalidDerivativeOfId,
        "Invalid [DerivativeOf] method",
        "[DerivativeOf] on '{0}': {1}");

    public static readonly DiagnosticDescriptor ActiveArgumentToNoDerivative = Error(
        ActiveArgumentToNoDerivativeId,
        "Active argument to a [NoDerivative] parameter",
        "The active argument '{0}' is passed to the [NoDerivative] parameter '{1}' of '{2}', so its derivative would be lost; remove [NoDerivative] from '{1}', or pass a value that does not depend on the differentiated parameters");

    public static readonly DiagnosticDescriptor MisplacedDifferentiable = Error(
        MisplacedDifferentiableId,
        "[Differentiable] on something that is not an ordinary method",
        "[Differentiable] can't be applied to {0}: only an ordinary method of a partial type gets a '…Backward'; move the computation into such a method, mark it [Differentiable] and call it from here");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        UnsupportedParameterTypeId,
        "Parameter holds floating-point values GradientGen cannot differentiate yet",
        "Parameter '{0}' of type '{1}' holds floating-point values, but GradientGen cannot differentiate with respect to a '{1}' yet, so its derivative would be lost; mark it [NoDerivative] to use it as a constant, or pass its values as float or double parameters or arrays");

    public static readonly DiagnosticDescriptor NoTangent = Error(
        NoTangentId,
        "No forward-mode derivative for a [Differentiable] method",
        "'{0}Tangent' does not exist: forward mode is not generated for '{0}' (its backward is), because {1}");

    public static readonly DiagnosticDescriptor NoSecondOrder = Error(
        NoSecondOrderId,
        "No second-order derivative for a [Differentiable] method",
        "'{0}{2}' does not exist: second order (Hessian-vector products and Hessians) is not generated for '{0}' (its backward is), because {1}");

    public static readonly DiagnosticDescriptor FieldReadAsConstant = Warning(
        FieldReadAsConstantId,
        "Floating-point field or property read as a constant",
        "'{0}' is read as a constant: no derivative flows into or out of it; make it a parameter to differentiate with respect to it, or mark it [NoDerivative] to say it is meant");

    public static readonly DiagnosticDescriptor NoDerivativeWithoutEffect = Warning(
        NoDerivativeWithoutEffectId,
        "[NoDerivative] has no effect",
        "[NoDerivative] on '{0}' has no effect: {1}");

    public static readonly DiagnosticDescriptor GradientAlwaysZero = Warning(
        GradientAlwaysZeroId,
        "Parameter's gradient is always zero",
        "The gradient with respect to '{0}' is always zero: {1}; mark it [NoDerivative] if that is intended");

    public static readonly DiagnosticDescriptor DerivativeCut = Warning(
        DerivativeCutId,
        "Derivative cut to zero",
        "'{0}' is piecewise constant, so the derivative through it is zero; if the value should carry a derivative, keep it in floating point without rounding");

    public static readonly DiagnosticDescriptor InternalError = Error(
        InternalErrorId,
        "Internal error in GradientGen",
        "GradientGen failed while analyzing '{0}' and generated nothing for it: {1}. Please report this.");

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        UnsupportedConstruct,
        TypeNotPartial,
        CallWithoutDerivative,
        UnsupportedMethodShape,
        MathFunctionWithoutRule,
        DelegateInvocation,
        VirtualCall,
        ActiveWriteOutsideLocals,
        DynamicOperation,
        PointerOperation,
        UnsupportedActiveType,
        InvalidDerivativeOf,
        ActiveArgumentToNoDerivative,
        MisplacedDifferentiable,
        UnsupportedParameterType,
        NoTangent,
        NoSecondOrder,
        FieldReadAsConstant,
        NoDerivativeWithoutEffect,
        GradientAlwaysZero,
        DerivativeCut,
        InternalError);

    public static DiagnosticDescriptor? Find(string id) => All.FirstOrDefault(d => d.Id == id);

    public static bool IsError(string id) => Find(id)?.DefaultSeverity == DiagnosticSeverity.Error;

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        helpLinkUri: $"https://github.com/gradientgen/gradientgen/blob/main/docs/diagnostics/{id}.md");
}
