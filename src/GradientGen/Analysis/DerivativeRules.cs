using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Which <c>System.Math</c>/<c>System.MathF</c> functions, and the same static members of <c>double</c> and
/// <c>float</c> themselves (<c>double.Exp</c>, <c>float.Tanh</c>, .NET 7's generic-math surface), have a
/// built-in derivative (expanded inline by <c>Emit.PartialDerivatives</c>) and which are piecewise constant
/// (derivative zero: they cut activity). A few functions exist only on <c>double</c>/<c>float</c>
/// (<c>Hypot</c>, <c>Exp2</c>, <c>SinPi</c>, <c>Lerp</c>, …): their rules are keyed by name like the others,
/// and <c>Math</c> has no member of that name for them to catch by mistake.
/// </summary>
internal static class DerivativeRules
{
    private static readonly Dictionary<(string Name, int Arity), MathFunction> Rules = new()
    {
        [("Sin", 1)] = MathFunction.Sin,
        [("Cos", 1)] = MathFunction.Cos,
        [("Tan", 1)] = MathFunction.Tan,
        [("Asin", 1)] = MathFunction.Asin,
        [("Acos", 1)] = MathFunction.Acos,
        [("Atan", 1)] = MathFunction.Atan,
        [("Atan2", 2)] = MathFunction.Atan2,
        [("Sinh", 1)] = MathFunction.Sinh,
        [("Cosh", 1)] = MathFunction.Cosh,
        [("Tanh", 1)] = MathFunction.Tanh,
        [("Asinh", 1)] = MathFunction.Asinh,
        [("Acosh", 1)] = MathFunction.Acosh,
        [("Atanh", 1)] = MathFunction.Atanh,
        [("Exp", 1)] = MathFunction.Exp,
        [("Log", 1)] = MathFunction.Log,
        [("Log", 2)] = MathFunction.Log,
        [("Log10", 1)] = MathFunction.Log10,
        [("Log2", 1)] = MathFunction.Log2,
        [("Sqrt", 1)] = MathFunction.Sqrt,
        [("Cbrt", 1)] = MathFunction.Cbrt,
        [("Pow", 2)] = MathFunction.Pow,
        [("Abs", 1)] = MathFunction.Abs,
        [("Max", 2)] = MathFunction.Max,
        [("Min", 2)] = MathFunction.Min,
        [("Clamp", 3)] = MathFunction.Clamp,
        [("FusedMultiplyAdd", 3)] = MathFunction.FusedMultiplyAdd,

        // Members of double/float only (INumber/IFloatingPointIeee754 implementations, .NET 7+).
        [("Hypot", 2)] = MathFunction.Hypot,
        [("Exp2", 1)] = MathFunction.Exp2,
        [("Exp10", 1)] = MathFunction.Exp10,
        [("ExpM1", 1)] = MathFunction.ExpM1,
        [("Exp2M1", 1)] = MathFunction.Exp2M1,
        [("Exp10M1", 1)] = MathFunction.Exp10M1,
        [("LogP1", 1)] = MathFunction.LogP1,
        [("Log2P1", 1)] = MathFunction.Log2P1,
        [("Log10P1", 1)] = MathFunction.Log10P1,
        [("SinPi", 1)] = MathFunction.SinPi,
        [("CosPi", 1)] = MathFunction.CosPi,
        [("TanPi", 1)] = MathFunction.TanPi,
        [("AsinPi", 1)] = MathFunction.AsinPi,
        [("AcosPi", 1)] = MathFunction.AcosPi,
        [("AtanPi", 1)] = MathFunction.AtanPi,
        [("Atan2Pi", 2)] = MathFunction.Atan2Pi,
        [("DegreesToRadians", 1)] = MathFunction.DegreesToRadians,
        [("RadiansToDegrees", 1)] = MathFunction.RadiansToDegrees,
        [("Lerp", 3)] = MathFunction.Lerp,
    };

    private static readonly HashSet<string> PiecewiseConstant = new() { "Floor", "Ceiling", "Round", "Truncate", "Sign" };

    /// <summary>The rule for a floating-point Math/MathF (or double/float static) call, or null when there is none.</summary>
    public static MathFunction? Find(IMethodSymbol method)
    {
        if (!HasMathFunctions(method) || SymbolFacts.KindOf(method.ReturnType) == ScalarKind.None)
        {
            return null;
        }

        foreach (IParameterSymbol p in method.Parameters)
        {
            if (SymbolFacts.KindOf(p.Type) != SymbolFacts.KindOf(method.ReturnType))
            {
                return null;
            }
        }

        return Rules.TryGetValue((method.Name, method.Parameters.Length), out MathFunction f) ? f : null;
    }

    /// <summary>Floor, Ceiling, Round, Truncate, Sign: their derivative is zero wherever it exists.</summary>
    public static bool IsPiecewiseConstant(IMethodSymbol method) =>
        HasMathFunctions(method) && PiecewiseConstant.Contains(method.Name);

    public static bool IsMathType(INamedTypeSymbol? type) =>
        type is { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// A static member of Math/MathF, of double/float (<c>double.Sin</c>, <c>float.Hypot</c>), or of a generic-math
    /// interface (<c>T.Sin</c> for a floating T, see <see cref="GenericMath"/>): the
    /// functions a built-in rule may cover, and whose missing rule is GG0005 rather than GG0003.
    /// </summary>
    public static bool HasMathFunctions(IMethodSymbol method) =>
        method.IsStatic
        && (IsMathType(method.ContainingType) || method.ContainingType?.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            || GenericMath.IsNumericInterfaceMember(method));
}
