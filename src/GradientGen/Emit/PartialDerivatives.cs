using System.Collections.Generic;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The local partial derivatives of each IR operation, as C# terms already multiplied by the result's
/// adjoint <c>g</c>. Terms read the operands and the result <c>r</c> as they were right after the
/// operation, which the reverse sweep guarantees by restoring what the forward sweep overwrote.
/// Kink conventions (SPEC §3): Abs'(0) = 0; Max/Min send the adjoint to the first argument on a tie;
/// Clamp sends it to the value when the value sits on a bound.
/// </summary>
internal static class PartialDerivatives
{
    /// <param name="g">The result's adjoint.</param>
    /// <param name="r">The result's name.</param>
    /// <param name="args">The operands' C# text.</param>
    /// <param name="accumulates">The operation is <c>r = r ± b</c> written in place: only b gets a term.</param>
    public static IEnumerable<Contribution> Of(Expr expr, ScalarKind kind, string g, string r, IReadOnlyList<string> args, bool accumulates)
    {
        switch (expr)
        {
            case CopyExpr:
                yield return new(0, g);
                break;
            case UnaryExpr { Operator: UnaryOperator.Negate }:
                yield return new(0, g, Negate: true);
                break;
            case ConvertExpr convert:
                yield return new(0, convert.To == ScalarKind.Double ? "(float)" + g : g);
                break;
            case BinaryExpr binary:
                foreach (Contribution c in Binary(binary.Operator, g, r, args[0], args[1], accumulates))
                {
                    yield return c;
                }

                break;
            case MathCallExpr call:
                foreach (Contribution c in MathCall(call, kind, g, r, args))
                {
                    yield return c;
                }

                break;
        }
    }

    /// <summary>
    /// Whether <c>Math.Min(a, b)</c>'s or <c>Math.Max(a, b)</c>'s operand <paramref name="operand"/> takes the adjoint:
    /// the test its term makes, so that a selection loop (SelectionLoops) keeps exactly the iteration whose term is the
    /// adjoint, on ties and NaNs too.
    /// </summary>
    public static string Takes(MathFunction function, string a, string b, int operand) =>
        operand == 0 ? FirstTaken(function, a, b) : $"!({FirstTaken(function, a, b)})";

    // On a tie the first argument takes the adjoint (SPEC §3).
    private static string FirstTaken(MathFunction function, string a, string b) =>
        function == MathFunction.Min ? $"{a} <= {b}" : $"{a} >= {b}";

    private static IEnumerable<Contribution> Binary(BinaryOperator op, string g, string r, string a, string b, bool accumulates)
    {
        switch (op)
        {
            case BinaryOperator.Add:
                if (!accumulates)
                {
                    yield return new(0, g);
                }

                yield return new(1, g);
                break;
            case BinaryOperator.Subtract:
                if (!accumulates)
                {
                    yield return new(0, g);
                }

                yield return new(1, g, Negate: true);
                break;
            // A square (operands with the same text are the same variable) gets its one term 2·a·g, written
            // (g + g) · a: one addition and one product instead of two products added one after the other
            // (doubling is exact, so (g + g) · a is the bits of g·a + g·a).
            case BinaryOperator.Multiply when a == b:
                yield return new(0, $"({g} + {g}) * {a}");
                break;
            case BinaryOperator.Multiply:
                yield return new(0, $"{g} * {b}");
                yield return new(1, $"{g} * {a}");
                break;
            case BinaryOperator.Divide:
                yield return new(0, $"{g} / {b}");
                yield return new(1, $"{g} * {r} / {b}", Negate: true);
                break;
        }
    }

    private static IEnumerable<Contribution> MathCall(MathCallExpr call, ScalarKind kind, string g, string r, IReadOnlyList<string> x)
    {
        string m = Literals.MathClass(kind);
        string one = Literals.One(kind), zero = Literals.Zero(kind);
        string a = x[0];
        switch (call.Function)
        {
            case MathFunction.Sin:
                yield return new(0, $"{g} * {m}.Cos({a})");
                break;
            case MathFunction.Cos:
                yield return new(0, $"{g} * {m}.Sin({a})", Negate: true);
                break;
            case MathFunction.Tan:
                yield return new(0, $"{g} * ({one} + {r} * {r})");
                break;
            case MathFunction.Asin:
                yield return new(0, $"{g} / {m}.Sqrt({one} - {a} * {a})");
                break;
            case MathFunction.Acos:
                yield return new(0, $"{g} / {m}.Sqrt({one} - {a} * {a})", Negate: true);
                break;
            case MathFunction.Atan:
                yield return new(0, $"{g} / ({one} + {a} * {a})");
                break;
            case MathFunction.Atan2:
                // Atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = −y / (x² + y²).
                yield return new(0, $"{g} * {x[1]} / ({a} * {a} + {x[1]} * {x[1]})");
                yield return new(1, $"{g} * {a} / ({a} * {a} + {x[1]} * {x[1]})", Negate: true);
                break;
            case MathFunction.Sinh:
                yield return new(0, $"{g} * {m}.Cosh({a})");
                break;
            case MathFunction.Cosh:
                yield return new(0, $"{g} * {m}.Sinh({a})");
                break;
            case MathFunction.Tanh:
                yield return new(0, $"{g} * ({one} - {r} * {r})");
                break;
            case MathFunction.Asinh:
                yield return new(0, $"{g} / {m}.Sqrt({a} * {a} + {one})");
                break;
            case MathFunction.Acosh:
                yield return new(0, $"{g} / {m}.Sqrt({a} * {a} - {one})");
                break;
            case MathFunction.Atanh:
                yield return new(0, $"{g} / ({one} - {a} * {a})");
                break;
            case MathFunction.Exp:
                yield return new(0, $"{g} * {r}");
                break;
            case MathFunction.Log when x.Count == 2:
                // Log(a, b) = ln a / ln b.
                yield return new(0, $"{g} / ({a} * {m}.Log({x[1]}))");
                yield return new(1, $"{g} * {r} / ({x[1]} * {m}.Log({x[1]}))", Negate: true);
                break;
            case MathFunction.Log:
                yield return new(0, $"{g} / {a}");
                break;
            case MathFunction.Log10:
                yield return new(0, $"{g} / ({a} * {Literals.Number(kind, 2.302585092994046)})");
                break;
            case MathFunction.Log2:
                yield return new(0, $"{g} / ({a} * {Literals.Number(kind, 0.6931471805599453)})");
                break;
            case MathFunction.Sqrt:
                yield return new(0, $"{g} / ({Literals.Number(kind, 2)} * {r})");
                break;
            case MathFunction.Cbrt:
                yield return new(0, $"{g} / ({Literals.Number(kind, 3)} * {r} * {r})");
                break;
            case MathFunction.Pow:
                if (PowBase(call, kind, g, a, x[1]) is { } baseTerm)
                {
                    yield return new(0, baseTerm);
                }

                // d(a^b)/db = a^b ln a; taken as 0 where a <= 0 (a^b is 0 or not real there).
                yield return new(1, $"{a} > {zero} ? {g} * {r} * {m}.Log({a}) : {zero}");
                break;
            case MathFunction.Abs:
                yield return new(0, $"{a} > {zero} ? {g} : {a} < {zero} ? -{g} : {zero}");
                break;
            // Operands with the same text are the same variable: the comparison between them is known (and
            // writing it out would be warning CS1718), so the terms are folded. Max(a, a) is a tie: all to a.
            case MathFunction.Max or MathFunction.Min when a == x[1]:
                yield return new(0, g);
                break;
            case MathFunction.Max or MathFunction.Min:
                yield return new(0, $"{FirstTaken(call.Function, a, x[1])} ? {g} : {zero}");
                yield return new(1, $"{FirstTaken(call.Function, a, x[1])} ? {zero} : {g}");
                break;
            case MathFunction.Clamp:
                var inside = new List<string>();
                if (a != x[1])
                {
                    inside.Add($"{a} >= {x[1]}");
                }

                if (a != x[2])
                {
                    inside.Add($"{a} <= {x[2]}");
                }

                yield return new(0, inside.Count == 0 ? g : $"{string.Join(" && ", inside)} ? {g} : {zero}");
                if (a != x[1])
                {
                    yield return new(1, $"{a} < {x[1]} ? {g} : {zero}");
                }

                if (a != x[2])
                {
                    yield return new(2, $"{a} > {x[2]} ? {g} : {zero}");
                }

                break;
            case MathFunction.FusedMultiplyAdd:
                yield return new(0, $"{g} * {x[1]}");
                yield return new(1, $"{g} * {a}");
                yield return new(2, g);
                break;
            default:
                foreach (Contribution c in FloatingTypeCall(call, kind, g, r, x))
                {
                    yield return c;
                }

                break;
        }
    }

    /// <summary>The functions that only double/float have (generic math's surface), not Math/MathF.</summary>
    private static IEnumerable<Contribution> FloatingTypeCall(MathCallExpr call, ScalarKind kind, string g, string r, IReadOnlyList<string> x)
    {
        string t = Literals.FloatingType(kind);
        string one = Literals.One(kind), zero = Literals.Zero(kind);
        string pi = Literals.Number(kind, System.Math.PI), ln2 = Literals.Number(kind, 0.6931471805599453), ln10 = Literals.Number(kind, 2.302585092994046);
        string a = x[0];
        switch (call.Function)
        {
            case MathFunction.Hypot:
                // ∂√(a² + b²)/∂a = a / r; taken as 0 at r = 0 (the cone's tip, like Abs'(0) = 0).
                yield return new(0, $"{r} > {zero} ? {g} * {a} / {r} : {zero}");
                yield return new(1, $"{r} > {zero} ? {g} * {x[1]} / {r} : {zero}");
                break;
            case MathFunction.Exp2:
                yield return new(0, $"{g} * {r} * {ln2}");
                break;
            case MathFunction.Exp10:
                yield return new(0, $"{g} * {r} * {ln10}");
                break;
            case MathFunction.ExpM1:
                yield return new(0, $"{g} * ({r} + {one})");
                break;
            case MathFunction.Exp2M1:
                yield return new(0, $"{g} * ({r} + {one}) * {ln2}");
                break;
            case MathFunction.Exp10M1:
                yield return new(0, $"{g} * ({r} + {one}) * {ln10}");
                break;
            case MathFunction.LogP1:
                yield return new(0, $"{g} / ({a} + {one})");
                break;
            case MathFunction.Log2P1:
                yield return new(0, $"{g} / (({a} + {one}) * {ln2})");
                break;
            case MathFunction.Log10P1:
                yield return new(0, $"{g} / (({a} + {one}) * {ln10})");
                break;
            case MathFunction.SinPi:
                yield return new(0, $"{g} * {pi} * {t}.CosPi({a})");
                break;
            case MathFunction.CosPi:
                yield return new(0, $"{g} * {pi} * {t}.SinPi({a})", Negate: true);
                break;
            case MathFunction.TanPi:
                yield return new(0, $"{g} * {pi} * ({one} + {r} * {r})");
                break;
            case MathFunction.AsinPi:
                yield return new(0, $"{g} / ({pi} * {t}.Sqrt({one} - {a} * {a}))");
                break;
            case MathFunction.AcosPi:
                yield return new(0, $"{g} / ({pi} * {t}.Sqrt({one} - {a} * {a}))", Negate: true);
                break;
            case MathFunction.AtanPi:
                yield return new(0, $"{g} / ({pi} * ({one} + {a} * {a}))");
                break;
            case MathFunction.Atan2Pi:
                // Atan2(y, x) / π.
                yield return new(0, $"{g} * {x[1]} / ({pi} * ({a} * {a} + {x[1]} * {x[1]}))");
                yield return new(1, $"{g} * {a} / ({pi} * ({a} * {a} + {x[1]} * {x[1]}))", Negate: true);
                break;
            case MathFunction.DegreesToRadians:
                yield return new(0, $"{g} * {Literals.Number(kind, System.Math.PI / 180)}");
                break;
            case MathFunction.RadiansToDegrees:
                yield return new(0, $"{g} * {Literals.Number(kind, 180 / System.Math.PI)}");
                break;
            case MathFunction.Lerp:
                // Lerp(a, b, t) = a·(1 − t) + b·t.
                yield return new(0, $"{g} * ({one} - {x[2]})");
                yield return new(1, $"{g} * {x[2]}");
                yield return new(2, $"{g} * ({x[1]} - {a})");
                break;
        }
    }

    /// <summary>d(a^b)/da = b·a^(b−1), folded when b is a literal (x² gives 2·x, not a Pow call).</summary>
    private static string? PowBase(MathCallExpr call, ScalarKind kind, string g, string a, string b)
    {
        if (call.Arguments[1] is not ConstantAtom { NumericValue: { } n })
        {
            return $"{g} * {b} * {Literals.MathClass(kind)}.Pow({a}, {b} - {Literals.One(kind)})";
        }

        return n switch
        {
            0 => null,
            1 => g,
            2 => $"{g} * {Literals.Number(kind, 2)} * {a}",
            _ => $"{g} * {Literals.Number(kind, n)} * {Literals.MathClass(kind)}.Pow({a}, {Literals.Number(kind, n - 1)})",
        };
    }
}
