namespace GradientGen.Tests.Numeric;

/// <summary>The four operations, unary minus, parentheses, literals and locals.</summary>
public class ArithmeticTests
{
    private const string Type = "Numeric.Arithmetic";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Arithmetic
        {
            [Differentiable] public static double Add(double x, double y) => x + y;
            [Differentiable] public static double Subtract(double x, double y) => x - y;
            [Differentiable] public static double Multiply(double x, double y) => x * y;
            [Differentiable] public static double Divide(double x, double y) => x / y;
            [Differentiable] public static double Negate(double x) => -x;
            [Differentiable] public static double NegateProduct(double x, double y) => -(x * y) + -x;
            [Differentiable] public static double Square(double x) => x * x;
            [Differentiable] public static double SelfDivide(double x) => x / x + x - x;
            [Differentiable] public static double Parenthesized(double x, double y) => (x + y) * (x - y) / (x * y + 4.0);
            [Differentiable] public static double Nested(double x, double y) => ((x - 2 * y) * (3 - x)) / (1 + (y * y));
            [Differentiable] public static double Literals(double x) => 3 * x * x - 0.5 * x + 1e-1 * x / 2.0 + .25 - 7;
            [Differentiable] public static double UnaryPlus(double x) => +x * +(x + 1);
            [Differentiable] public static double ConstantOverVariable(double x) => 1.0 / x - 2 / (x * x);

            [Differentiable]
            public static double Locals(double x, double y)
            {
                double s = x + y;
                double d = x - y;
                double p = s * d;
                double q = p / (1.0 + s * s);
                return q - d;
            }

            [Differentiable]
            public static double LocalUsedManyTimes(double x)
            {
                double u = 2 * x + 1;
                return u * u * u - u / x + u;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Add_has_gradient_one_one() =>
        NumericAssert.Gradient(Method("Add"), _ => [1, 1], [1.5, -2], [0, 0], [-3.25, 7]);

    [Fact]
    public void Subtract_has_gradient_one_minus_one() =>
        NumericAssert.Gradient(Method("Subtract"), _ => [1, -1], [1.5, -2], [0, 0], [-3.25, 7]);

    [Fact]
    public void Multiply_has_gradient_y_x() =>
        NumericAssert.Gradient(Method("Multiply"), p => [p[1], p[0]], [1.5, -2], [0, 0.5], [-3.25, 7]);

    [Fact]
    public void Divide_has_gradient_one_over_y_and_minus_x_over_y_squared() =>
        NumericAssert.Gradient(Method("Divide"), p => [1 / p[1], -p[0] / (p[1] * p[1])], [1.5, -2], [0, 0.5], [-3.25, 7], [2, 1e-2 + 1]);

    [Fact]
    public void Unary_minus_has_derivative_minus_one() =>
        NumericAssert.Derivative(Method("Negate"), _ => -1, -2, 0, 3.5);

    [Fact]
    public void Unary_minus_of_a_product_and_of_a_parameter() =>
        NumericAssert.Gradient(Method("NegateProduct"), p => [-p[1] - 1, -p[0]], [1.5, -2], [0, 0.5], [-3.25, 7]);

    [Fact]
    public void A_variable_times_itself_has_derivative_two_x() =>
        NumericAssert.Derivative(Method("Square"), x => 2 * x, -1.5, 0, 2.25);

    [Fact]
    public void A_variable_divided_by_itself_has_derivative_zero_plus_the_rest() =>
        NumericAssert.Derivative(Method("SelfDivide"), _ => 0, -1.5, 0.5, 2.25);

    [Fact]
    public void Parentheses_group_as_in_the_primal() =>
        NumericAssert.Gradient(
            Method("Parenthesized"),
            p =>
            {
                double x = p[0], y = p[1], n = (x * x) - (y * y), m = (x * y) + 4;
                return [((2 * x * m) - (n * y)) / (m * m), ((-2 * y * m) - (n * x)) / (m * m)];
            },
            [1.5, -2],
            [0, 0.5],
            [-3.25, 7],
            [2, 2]);

    [Fact]
    public void Nested_parentheses_with_integer_literals() =>
        NumericAssert.Gradient(
            Method("Nested"),
            p =>
            {
                double x = p[0], y = p[1], n = (x - (2 * y)) * (3 - x), m = 1 + (y * y);
                double dnx = (3 - x) - (x - (2 * y)), dny = -2 * (3 - x);
                return [dnx / m, ((dny * m) - (n * 2 * y)) / (m * m)];
            },
            [1.5, -2],
            [0, 0.5],
            [-3.25, 7]);

    [Fact]
    public void Literals_in_every_notation_scale_the_derivative() =>
        NumericAssert.Derivative(Method("Literals"), x => (6 * x) - 0.5 + (1e-1 / 2.0), -1.5, 0, 2.25);

    [Fact]
    public void Unary_plus_passes_the_derivative_through() =>
        NumericAssert.Derivative(Method("UnaryPlus"), x => (2 * x) + 1, -1.5, 0, 2.25);

    [Fact]
    public void A_constant_divided_by_a_variable() =>
        NumericAssert.Derivative(Method("ConstantOverVariable"), x => (-1 / (x * x)) + (4 / (x * x * x)), -1.5, 0.5, 2.25);

    [Fact]
    public void Locals_chain_the_derivative_through_each_statement() =>
        NumericAssert.Gradient(
            Method("Locals"),
            p =>
            {
                double x = p[0], y = p[1], s = x + y, d = x - y, m = 1 + (s * s);

                // q = s·d / (1 + s²); ∂q/∂s = (d·m − s·d·2s) / m², ∂q/∂d = s / m.
                double qs = ((d * m) - (s * d * 2 * s)) / (m * m), qd = s / m;
                return [qs + qd - 1, qs - qd + 1];
            },
            [1.5, -2],
            [0, 0.5],
            [-3.25, 7]);

    [Fact]
    public void A_local_read_several_times_collects_every_use() =>
        NumericAssert.Derivative(
            Method("LocalUsedManyTimes"),
            x =>
            {
                double u = (2 * x) + 1;

                // f = u³ − u/x + u with u' = 2.
                return (3 * u * u * 2) - (((2 * x) - u) / (x * x)) + 2;
            },
            -1.5,
            0.5,
            2.25);
}
