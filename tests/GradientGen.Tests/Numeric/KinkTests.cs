namespace GradientGen.Tests.Numeric;

/// <summary>
/// Abs, Max, Min and Clamp: the derivative on each side of the kink (checked against finite differences),
/// and the documented choice at the kink, checked exactly: Abs'(0) = 0; Max/Min send the whole adjoint to
/// their first argument on a tie; Clamp sends it to the value when the value sits on a bound.
/// </summary>
public class KinkTests
{
    private const string Type = "Numeric.Kinks";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Kinks
        {
            [Differentiable] public static double Abs(double x) => Math.Abs(x);
            [Differentiable] public static double AbsOfDifference(double x, double y) => Math.Abs(x - y) * y;
            [Differentiable] public static double Max(double x, double y) => Math.Max(x, y);
            [Differentiable] public static double Min(double x, double y) => Math.Min(x, y);
            [Differentiable] public static double MaxSame(double x) => Math.Max(x, x);
            [Differentiable] public static double MinSame(double x) => Math.Min(x, x);
            [Differentiable] public static double Relu(double x) => Math.Max(x, 0.0);
            [Differentiable] public static double MinWithConstantFirst(double x) => Math.Min(1.0, x * 2);
            [Differentiable] public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);
            [Differentiable] public static double ClampConstantBounds(double x) => Math.Clamp(x * x, -1.0, 2.0) * 3;
            [Differentiable] public static double ClampLowerBoundIsTheValue(double x, double hi) => Math.Clamp(x, x, hi);
            [Differentiable] public static double ClampUpperBoundIsTheValue(double x, double lo) => Math.Clamp(x, lo, x);
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Abs_has_derivative_minus_one_left_and_one_right() =>
        NumericAssert.Derivative(Method("Abs"), x => Math.Sign(x), -2, -0.5, 0.5, 3);

    [Fact]
    public void Abs_derivative_at_zero_is_zero() =>
        NumericAssert.ExactAdjoints(Method("Abs"), [0.0], 0.0);

    [Fact]
    public void Abs_of_a_difference_on_both_sides() =>
        NumericAssert.Gradient(
            Method("AbsOfDifference"),
            p => [Math.Sign(p[0] - p[1]) * p[1], (-Math.Sign(p[0] - p[1]) * p[1]) + Math.Abs(p[0] - p[1])],
            [2, 1],
            [-1, 0.5],
            [0.3, -0.3]);

    [Fact]
    public void Abs_of_a_difference_at_the_kink_sends_nothing_through_the_abs() =>
        NumericAssert.ExactAdjoints(Method("AbsOfDifference"), [1.5, 1.5], 0.0, 0.0);

    [Fact]
    public void Max_follows_the_larger_argument_on_both_sides() =>
        NumericAssert.Gradient(Method("Max"), p => p[0] > p[1] ? [1, 0] : [0, 1], [2, 1], [-1, 0.5], [0.3, -0.3], [-2, -1.5]);

    [Fact]
    public void Max_on_a_tie_sends_the_adjoint_to_the_first_argument() =>
        NumericAssert.ExactAdjoints(Method("Max"), [1.25, 1.25], 1.0, 0.0);

    [Fact]
    public void Max_of_a_variable_and_itself_has_derivative_one() =>
        NumericAssert.ExactAdjoints(Method("MaxSame"), [-0.75], 1.0);

    [Fact]
    public void Min_follows_the_smaller_argument_on_both_sides() =>
        NumericAssert.Gradient(Method("Min"), p => p[0] < p[1] ? [1, 0] : [0, 1], [2, 1], [-1, 0.5], [0.3, -0.3], [-2, -1.5]);

    [Fact]
    public void Min_on_a_tie_sends_the_adjoint_to_the_first_argument() =>
        NumericAssert.ExactAdjoints(Method("Min"), [-1.25, -1.25], 1.0, 0.0);

    [Fact]
    public void Min_of_a_variable_and_itself_has_derivative_one() =>
        NumericAssert.ExactAdjoints(Method("MinSame"), [0.75], 1.0);

    [Fact]
    public void Relu_on_both_sides_and_at_zero()
    {
        NumericAssert.Derivative(Method("Relu"), x => x > 0 ? 1 : 0, -2, -0.5, 0.5, 3);
        NumericAssert.ExactAdjoints(Method("Relu"), [0.0], 1.0);
    }

    [Fact]
    public void Min_with_a_constant_first_argument_on_both_sides_and_at_the_tie()
    {
        NumericAssert.Derivative(Method("MinWithConstantFirst"), x => 2 * x < 1 ? 2 : 0, -2, 0.25, 0.75, 3);
        NumericAssert.ExactAdjoints(Method("MinWithConstantFirst"), [0.5], 0.0);
    }

    [Fact]
    public void Clamp_inside_below_and_above_the_bounds() =>
        NumericAssert.Gradient(
            Method("Clamp"),
            p => p[0] < p[1] ? [0, 1, 0] : p[0] > p[2] ? [0, 0, 1] : [1, 0, 0],
            [0.5, -1, 2],
            [-3, -1, 2],
            [4.5, -1, 2],
            [-0.25, -0.5, 0.5]);

    [Fact]
    public void Clamp_at_a_bound_sends_the_adjoint_to_the_value()
    {
        NumericAssert.ExactAdjoints(Method("Clamp"), [-1, -1, 2], 1.0, 0.0, 0.0);
        NumericAssert.ExactAdjoints(Method("Clamp"), [2, -1, 2], 1.0, 0.0, 0.0);
    }

    [Fact]
    public void Clamp_with_constant_bounds_on_both_sides_and_at_the_bound()
    {
        NumericAssert.Derivative(Method("ClampConstantBounds"), x => x * x > 2 ? 0 : 6 * x, -2, -0.5, 0.75, 1.6);
        NumericAssert.ExactAdjoints(Method("ClampConstantBounds"), [Math.Sqrt(2)], Math.Sqrt(2) * Math.Sqrt(2) <= 2 ? 6 * Math.Sqrt(2) : 0);
    }

    [Fact]
    public void Clamp_whose_lower_bound_is_the_value_itself_follows_the_value()
    {
        NumericAssert.Gradient(Method("ClampLowerBoundIsTheValue"), _ => [1, 0], [-1, 2], [0.5, 0.75], [1.5, 4]);
        NumericAssert.ExactAdjoints(Method("ClampLowerBoundIsTheValue"), [0.5, 0.5], 1.0, 0.0);
    }

    [Fact]
    public void Clamp_whose_upper_bound_is_the_value_itself_follows_the_value()
    {
        NumericAssert.Gradient(Method("ClampUpperBoundIsTheValue"), _ => [1, 0], [2, -1], [0.75, 0.5], [4, 1.5]);
        NumericAssert.ExactAdjoints(Method("ClampUpperBoundIsTheValue"), [0.5, 0.5], 1.0, 0.0);
    }
}
