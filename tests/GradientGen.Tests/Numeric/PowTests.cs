namespace GradientGen.Tests.Numeric;

/// <summary>Math.Pow with constant exponents (folded), with a variable exponent, and with a variable base and exponent.</summary>
public class PowTests
{
    private const string Type = "Numeric.Powers";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Powers
        {
            private const int Three = 3;
            private static readonly double Exponent = 2.5;

            [Differentiable] public static double Squared(double x) => Math.Pow(x, 2);
            [Differentiable] public static double SquareRoot(double x) => Math.Pow(x, 0.5);
            [Differentiable] public static double Reciprocal(double x) => Math.Pow(x, -1);
            [Differentiable] public static double Cubed(double x) => Math.Pow(x, 3.0);
            [Differentiable] public static double ToTheZero(double x) => Math.Pow(x, 0) * x;
            [Differentiable] public static double ToTheOne(double x) => Math.Pow(x, 1);
            [Differentiable] public static double ConstFieldExponent(double x) => Math.Pow(x, Three);
            [Differentiable] public static double ReadonlyFieldExponent(double x) => Math.Pow(x, Exponent);
            [Differentiable] public static double IntParameterExponent(double x, int n) => Math.Pow(x, n);
            [Differentiable] public static double VariableExponent(double x, double y) => Math.Pow(x, y);
            [Differentiable] public static double ConstantBase(double x) => Math.Pow(2.0, x);
            [Differentiable] public static double SelfPower(double x) => Math.Pow(x, x);
            [Differentiable] public static double NoDerivativeExponent(double x, [NoDerivative] double p) => Math.Pow(x * x + 1, p);
            [Differentiable] public static double PowerOfAnExpression(double x, double y) => Math.Pow(x * y + 2, y - 1);
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Exponent_2_gives_two_x() =>
        NumericAssert.Derivative(Method("Squared"), x => 2 * x, -1.5, 0, 2.5);

    [Fact]
    public void Exponent_one_half_gives_one_over_two_sqrt_x() =>
        NumericAssert.Derivative(Method("SquareRoot"), x => 0.5 / Math.Sqrt(x), 0.25, 1, 4);

    [Fact]
    public void Exponent_minus_1_gives_minus_one_over_x_squared() =>
        NumericAssert.Derivative(Method("Reciprocal"), x => -1 / (x * x), -2, 0.5, 3);

    [Fact]
    public void Exponent_3_gives_three_x_squared() =>
        NumericAssert.Derivative(Method("Cubed"), x => 3 * x * x, -1.5, 0, 2);

    [Fact]
    public void Exponent_0_contributes_nothing() =>
        NumericAssert.Derivative(Method("ToTheZero"), _ => 1, -1.5, 0.5, 2);

    [Fact]
    public void Exponent_1_passes_the_adjoint_through() =>
        NumericAssert.Derivative(Method("ToTheOne"), _ => 1, -1.5, 0.5, 2);

    [Fact]
    public void Const_field_exponent() =>
        NumericAssert.Derivative(Method("ConstFieldExponent"), x => 3 * x * x, -1.5, 0.5, 2);

    [Fact]
    public void Static_readonly_field_exponent() =>
        NumericAssert.Derivative(Method("ReadonlyFieldExponent"), x => 2.5 * Math.Pow(x, 1.5), 0.25, 1, 3);

    [Fact]
    public void Int_parameter_exponent_is_a_constant() =>
        NumericAssert.Gradient(Method("IntParameterExponent"), [0], p => [p[1] * Math.Pow(p[0], p[1] - 1)], [1.5, 3], [-0.5, 2], [2.25, -1]);

    [Fact]
    public void Variable_exponent_with_a_positive_base() =>
        NumericAssert.Gradient(
            Method("VariableExponent"),
            p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])],
            [0.5, 2.5],
            [2, -1.3],
            [3, 0.5],
            [1, 4]);

    [Fact]
    public void Constant_base_variable_exponent() =>
        NumericAssert.Derivative(Method("ConstantBase"), x => Math.Pow(2, x) * Math.Log(2), -1.5, 0, 2.5);

    [Fact]
    public void X_to_the_x() =>
        NumericAssert.Derivative(Method("SelfPower"), x => Math.Pow(x, x) * (Math.Log(x) + 1), 0.3, 1, 2.5);

    [Fact]
    public void NoDerivative_exponent_is_a_constant() =>
        NumericAssert.Gradient(
            Method("NoDerivativeExponent"),
            [0],
            p => [p[1] * Math.Pow((p[0] * p[0]) + 1, p[1] - 1) * 2 * p[0]],
            [0.5, 2.5],
            [-1.5, -0.5],
            [2, 1.5]);

    [Fact]
    public void Power_of_expressions() =>
        NumericAssert.Gradient(
            Method("PowerOfAnExpression"),
            p =>
            {
                double x = p[0], y = p[1], b = (x * y) + 2, e = y - 1, r = Math.Pow(b, e);
                double db = e * Math.Pow(b, e - 1), de = r * Math.Log(b);
                return [db * y, (db * x) + de];
            },
            [0.5, 2.5],
            [-0.5, 1.5],
            [2, 0.25]);
}
