using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Generic math (.NET 7+): a type parameter <c>T</c> constrained to <c>IFloatingPointIeee754&lt;T&gt;</c> is a
/// floating-point scalar like <c>double</c> (<c>ScalarKind.Generic</c>). That constraint, and no weaker one, makes T
/// "floating": it brings every operation the derivative rules write (<c>T.Sin</c>, <c>T.Sqrt</c>, <c>T.Atan2</c>,
/// <c>T.FusedMultiplyAdd</c>, <c>T.Zero</c>, <c>T.CreateChecked</c>, comparisons), so a generated backward always
/// compiles. T's arithmetic and functions are static abstract members of the <c>System.Numerics</c> interfaces
/// (<c>IMultiplyOperators&lt;T, T, T&gt;.op_Multiply</c>, <c>ITrigonometricFunctions&lt;T&gt;.Sin</c>): for a floating T
/// they are the built-in operations and functions, not calls dispatched to unknown code.
/// </summary>
internal static class GenericMath
{
    /// <summary>A type parameter constrained (directly or through an interface that inherits it) to IFloatingPointIeee754 of itself.</summary>
    public static bool IsFloatingTypeParameter(ITypeSymbol? type) =>
        type is ITypeParameterSymbol parameter
        && parameter.ConstraintTypes.Any(c => IsFloatingIeee754Of(c, parameter) || c.AllInterfaces.Any(i => IsFloatingIeee754Of(i, parameter)));

    private static bool IsFloatingIeee754Of(ITypeSymbol constraint, ITypeParameterSymbol self) =>
        constraint is INamedTypeSymbol { Name: "IFloatingPointIeee754", TypeArguments: [var argument] } named
        && IsSystemNumerics(named.ContainingNamespace)
        && SymbolEqualityComparer.Default.Equals(argument, self);

    /// <summary>
    /// A static member of a <c>System.Numerics</c> interface (<c>T.Sin</c>, <c>T.Hypot</c>, an operator of T):
    /// called on a floating T it is T's own function, as <c>double.Sin</c> is double's.
    /// </summary>
    public static bool IsNumericInterfaceMember(IMethodSymbol? method) =>
        method is { IsStatic: true, ContainingType: { TypeKind: TypeKind.Interface } type } && IsSystemNumerics(type.ContainingNamespace);

    /// <summary>
    /// An operator the lowering may treat as built-in arithmetic: a primitive one (no method) or a floating T's
    /// (its <c>System.Numerics</c> operator interfaces). User-defined operators stay refused.
    /// </summary>
    public static bool IsBuiltInOperator(IMethodSymbol? operatorMethod, ITypeSymbol? resultType) =>
        operatorMethod is null || (IsNumericInterfaceMember(operatorMethod) && IsFloatingTypeParameter(resultType));

    /// <summary>A floating T's arithmetic operator (<c>x * y</c>, <c>-x</c>): as pure as double's, so it may be evaluated again.</summary>
    public static bool IsFloatingArithmetic(IOperation op) => op switch
    {
        IBinaryOperation b => b.OperatorMethod is not null && IsBuiltInOperator(b.OperatorMethod, b.Type),
        IUnaryOperation u => u.OperatorMethod is not null && IsBuiltInOperator(u.OperatorMethod, u.Type),
        _ => false,
    };

    private static readonly Dictionary<string, double?> Constants = new(StringComparer.Ordinal)
    {
        ["Zero"] = 0,
        ["One"] = 1,
        ["NegativeOne"] = -1,
        ["Pi"] = Math.PI,
        ["E"] = Math.E,
        ["Tau"] = 2 * Math.PI,
        ["NegativeZero"] = null,
        ["Epsilon"] = null,
        ["NaN"] = null,
        ["PositiveInfinity"] = null,
        ["NegativeInfinity"] = null,
        ["MaxValue"] = null,
        ["MinValue"] = null,
    };

    /// <summary>
    /// A floating T's constant: <c>T.One</c>, <c>T.Pi</c>, or <c>T.CreateChecked(0.5)</c> (also CreateSaturating,
    /// CreateTruncating) of a numeric literal or constant, as the IR's constant text (the placeholder for T) and
    /// its value where known. Like <c>2.0</c> in double code, it is written again where needed instead of kept.
    /// </summary>
    public static (string Text, double? Value)? Constant(IOperation op)
    {
        string t = GenericScalar.Placeholder;
        switch (op)
        {
            case IPropertyReferenceOperation { Instance: null, Property: { IsStatic: true } property } when IsFloatingTypeParameter(op.Type)
                && property.ContainingType.TypeKind == TypeKind.Interface && IsSystemNumerics(property.ContainingType.ContainingNamespace)
                && Constants.TryGetValue(property.Name, out double? value):
                return ($"{t}.{property.Name}", value);
            case IInvocationOperation { Instance: null, TargetMethod: { Name: "CreateChecked" or "CreateSaturating" or "CreateTruncating" } method, Arguments: [var argument] }
                when IsFloatingTypeParameter(op.Type) && IsNumericInterfaceMember(method)
                && argument.Value.ConstantValue is { HasValue: true, Value: { } constant } && constant is not bool and not string and not char
                && SymbolFacts.Literal(constant, argument.Value.Type) is { } literal:
                return ($"{t}.{method.Name}({literal})", Convert.ToDouble(constant, CultureInfo.InvariantCulture));
            default:
                return null;
        }
    }

    /// <summary>Whether <see cref="Constant"/> finds one: a bool, so the recursive walkers that ask keep no tuple in their frames.</summary>
    public static bool IsConstant(IOperation op) => Constant(op) is not null;

    private static bool IsSystemNumerics(INamespaceSymbol? ns) =>
        ns is { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
