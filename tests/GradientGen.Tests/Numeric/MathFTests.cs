namespace GradientGen.Tests.Numeric;

/// <summary>
/// The <c>MathF</c> functions in float methods: compared with the analytic derivative computed in double
/// at the same (float) point and with finite differences at float-appropriate step and tolerance.
/// </summary>
public class MathFTests
{
    private const string Type = "Numeric.FloatMath";

    private static readonly Dictionary<string, (Func<double, double> Derivative, double[] Points)> Unary = new()
    {
        ["Sin"] = (Math.Cos, [-2, 0.3, 1.7, 4]),
        ["Cos"] = (x => -Math.Sin(x), [-2, 0.3, 1.7, 4]),
        ["Tan"] = (x => 1 / (Math.Cos(x) * Math.Cos(x)), [-1.2, 0, 0.3, 1.0]),
        ["Asin"] = (x => 1 / Math.Sqrt(1 - (x * x)), [-0.9, 0, 0.6]),
        ["Acos"] = (x => -1 / Math.Sqrt(1 - (x * x)), [-0.9, 0, 0.6]),
        ["Atan"] = (x => 1 / (1 + (x * x)), [-3, 0, 1.5]),
        ["Sinh"] = (Math.Cosh, [-2, 0, 1.5]),
        ["Cosh"] = (Math.Sinh, [-2, 0, 1.5]),
        ["Tanh"] = (x => 1 - (Math.Tanh(x) * Math.Tanh(x)), [-2, 0, 0.7]),
        ["Asinh"] = (x => 1 / Math.Sqrt((x * x) + 1), [-3, 0, 2]),
        ["Acosh"] = (x => 1 / Math.Sqrt((x * x) - 1), [1.2, 2, 5]),
        ["Atanh"] = (x => 1 / (1 - (x * x)), [-0.8, 0, 0.5]),
        ["Exp"] = (Math.Exp, [-2, 0, 1.5]),
        ["Log"] = (x => 1 / x, [0.2, 1, 7]),
        ["Log10"] = (x => 1 / (x * Math.Log(10)), [0.2, 1, 7]),
        ["Log2"] = (x => 1 / (x * Math.Log(2)), [0.2, 1, 7]),
        ["Sqrt"] = (x => 0.5 / Math.Sqrt(x), [0.1, 1, 9]),
        ["Cbrt"] = (x => 1 / (3 * Math.Cbrt(x) * Math.Cbrt(x)), [-8, -0.5, 0.3, 27]),
        ["Abs"] = (x => Math.Sign(x), [-2, -0.5, 0.5, 3]),
        ["Floor"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Ceiling"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Round"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Truncate"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
    };

    private static readonly CompiledSource Source = new($$"""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class FloatMath
        {
        {{string.Join("\n", Unary.Keys.Select(f => $"    [Differentiable] public static float {f}(float x) => MathF.{f}(x);"))}}

            [Differentiable] public static float Sign(float x) => MathF.Sign(x) * x;
            [Differentiable] public static float Atan2(float y, float x) => MathF.Atan2(y, x);
            [Differentiable] public static float LogWithBase(float a, float b) => MathF.Log(a, b);
            [Differentiable] public static float PowConstants(float x) => MathF.Pow(x, 2) + MathF.Pow(x, 0.5f) + MathF.Pow(x, -1) + MathF.Pow(x, 3f);
            [Differentiable] public static float PowVariable(float x, float y) => MathF.Pow(x, y);
            [Differentiable] public static float Max(float x, float y) => MathF.Max(x, y);
            [Differentiable] public static float Min(float x, float y) => MathF.Min(x, y);
            [Differentiable] public static float Clamp(float x, float lo, float hi) => Math.Clamp(x, lo, hi);
            [Differentiable] public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
            [Differentiable] public static float Composed(float x) => MathF.Exp(MathF.Sin(x)) * MathF.Log(1f + x * x) / MathF.Sqrt(2f + MathF.Cos(x));
        }
        """);

    public static TheoryData<string> UnaryNames => new(Unary.Keys);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void MathF_function_matches_its_analytic_derivative(string function) =>
        NumericAssert.Derivative(Method(function), Unary[function].Derivative, NumericAssert.Float, Unary[function].Points);

    [Theory]
    [InlineData("Floor")]
    [InlineData("Ceiling")]
    [InlineData("Round")]
    [InlineData("Truncate")]
    public void Piecewise_constant_MathF_function_has_derivative_exactly_zero(string function) =>
        NumericAssert.ExactAdjoints(Method(function), [1.25], 0.0);

    [Fact]
    public void MathF_Abs_derivative_at_zero_is_zero() =>
        NumericAssert.ExactAdjoints(Method("Abs"), [0.0], 0.0);

    [Fact]
    public void MathF_Sign_is_a_constant_factor() =>
        NumericAssert.Derivative(Method("Sign"), x => Math.Sign(x), NumericAssert.Float, -1.7, -0.3, 0.4, 2.62);

    [Fact]
    public void MathF_Atan2() =>
        NumericAssert.Gradient(
            Method("Atan2"),
            p => [p[1] / ((p[0] * p[0]) + (p[1] * p[1])), -p[0] / ((p[0] * p[0]) + (p[1] * p[1]))],
            NumericAssert.Float,
            [1, 2],
            [0.5, -1.5],
            [-2, 0.3],
            [-1, -1]);

    [Fact]
    public void MathF_Log_with_a_base() =>
        NumericAssert.Gradient(
            Method("LogWithBase"),
            p => [1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1]))],
            NumericAssert.Float,
            [2, 3],
            [0.5, 10],
            [7, 0.25]);

    [Fact]
    public void MathF_Pow_with_constant_exponents_2_one_half_minus_1_and_3() =>
        NumericAssert.Derivative(Method("PowConstants"), x => (2 * x) + (0.5 / Math.Sqrt(x)) - (1 / (x * x)) + (3 * x * x), NumericAssert.Float, 0.25, 1, 2.5);

    [Fact]
    public void MathF_Pow_with_a_variable_exponent_and_positive_base() =>
        NumericAssert.Gradient(
            Method("PowVariable"),
            p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])],
            NumericAssert.Float,
            [0.5, 2.5],
            [2, -1.25],
            [3, 0.5]);

    [Fact]
    public void MathF_Max_and_Min_on_both_sides_and_on_a_tie()
    {
        NumericAssert.Gradient(Method("Max"), p => p[0] > p[1] ? [1, 0] : [0, 1], NumericAssert.Float, [2, 1], [-1, 0.5], [0.25, -0.25]);
        NumericAssert.Gradient(Method("Min"), p => p[0] < p[1] ? [1, 0] : [0, 1], NumericAssert.Float, [2, 1], [-1, 0.5], [0.25, -0.25]);
        NumericAssert.ExactAdjoints(Method("Max"), [1.5, 1.5], 1.0, 0.0);
        NumericAssert.ExactAdjoints(Method("Min"), [1.5, 1.5], 1.0, 0.0);
    }

    [Fact]
    public void Float_Clamp_inside_outside_and_at_a_bound()
    {
        NumericAssert.Gradient(
            Method("Clamp"),
            p => p[0] < p[1] ? [0, 1, 0] : p[0] > p[2] ? [0, 0, 1] : [1, 0, 0],
            NumericAssert.Float,
            [0.5, -1, 2],
            [-3, -1, 2],
            [4.5, -1, 2]);
        NumericAssert.ExactAdjoints(Method("Clamp"), [-1, -1, 2], 1.0, 0.0, 0.0);
        NumericAssert.ExactAdjoints(Method("Clamp"), [2, -1, 2], 1.0, 0.0, 0.0);
    }

    [Fact]
    public void MathF_FusedMultiplyAdd() =>
        NumericAssert.Gradient(Method("Fma"), p => [p[1], p[0], 1], NumericAssert.Float, [2, 3, -1], [-0.5, 1.5, 4], [0, -2, 0.25]);

    [Fact]
    public void MathF_composition() =>
        NumericAssert.Derivative(
            Method("Composed"),
            x =>
            {
                double a = Math.Exp(Math.Sin(x)), b = Math.Log(1 + (x * x)), c = Math.Sqrt(2 + Math.Cos(x));
                double da = a * Math.Cos(x), db = 2 * x / (1 + (x * x)), dc = -Math.Sin(x) / (2 * c);
                return (((da * b) + (a * db)) / c) - (a * b * dc / (c * c));
            },
            NumericAssert.Float,
            -1.5,
            0.25,
            2);
}
