using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Which <c>System.Math</c>/<c>System.MathF</c> functions have a built-in derivative (expanded inline by
/// <c>Emit.PartialDerivatives</c>) and which are piecewise constant (derivative zero: they cut activity).
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
    };

    private static readonly HashSet<string> PiecewiseConstant = new() { "Floor", "Ceiling", "Round", "Truncate", "Sign" };

    /// <summary>The rule for a floating-point Math/MathF call, or null when there is none.</summary>
    public static MathFunction? Find(IMethodSymbol method)
    {
        if (!IsMathType(method.ContainingType) || SymbolFacts.KindOf(method.ReturnType) == ScalarKind.None)
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
        IsMathType(method.ContainingType) && PiecewiseConstant.Contains(method.Name);

    public static bool IsMathType(INamedTypeSymbol? type) =>
        type is { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
