namespace GradientGen.Tests.Numeric;

/// <summary>Floor, Ceiling, Round, Truncate and Sign are piecewise constant: their derivative is exactly zero.</summary>
public class PiecewiseConstantTests
{
    private const string Type = "Numeric.Piecewise";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Piecewise
        {
            [Differentiable] public static double Floor(double x) => Math.Floor(x);
            [Differentiable] public static double Ceiling(double x) => Math.Ceiling(x);
            [Differentiable] public static double Round(double x) => Math.Round(x);
            [Differentiable] public static double RoundToDigits(double x) => Math.Round(x, 1);
            [Differentiable] public static double Truncate(double x) => Math.Truncate(x);
            [Differentiable] public static double Sign(double x) => Math.Sign(x);
            [Differentiable] public static double FractionalPart(double x) => x - Math.Floor(x);
            [Differentiable] public static double FloorTimesX(double x) => Math.Floor(x) * x + Math.Ceiling(x * 2) / 2;
            [Differentiable] public static double SignTimesX(double x) => Math.Sign(x) * x;

            [Differentiable]
            public static double StepsInLocals(double x, double y)
            {
                double step = Math.Round(x * y);
                double t = Math.Truncate(y) + step;
                return t * x + y;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Theory]
    [InlineData("Floor")]
    [InlineData("Ceiling")]
    [InlineData("Round")]
    [InlineData("RoundToDigits")]
    [InlineData("Truncate")]
    [InlineData("Sign")]
    public void Piecewise_constant_function_has_derivative_exactly_zero(string function)
    {
        Infrastructure.Differentiated f = Method(function);
        NumericAssert.Derivative(f, _ => 0, -1.7, -0.3, 0.4, 2.62);
        foreach (double x in new[] { -1.7, -0.3, 0.4, 2.62 })
        {
            NumericAssert.ExactAdjoints(f, [x], 0.0);
        }
    }

    [Fact]
    public void X_minus_its_floor_has_derivative_one() =>
        NumericAssert.Derivative(Method("FractionalPart"), _ => 1, -1.7, -0.3, 0.4, 2.62);

    [Fact]
    public void A_floor_factor_is_a_constant_for_the_derivative() =>
        NumericAssert.Derivative(Method("FloorTimesX"), Math.Floor, -1.7, -0.3, 0.4, 2.62);

    [Fact]
    public void Sign_times_x_has_derivative_sign_on_both_sides() =>
        NumericAssert.Derivative(Method("SignTimesX"), x => Math.Sign(x), -1.7, -0.3, 0.4, 2.62);

    [Fact]
    public void Steps_stored_in_locals_cut_the_derivative() =>
        NumericAssert.Gradient(
            Method("StepsInLocals"),
            p => [Math.Truncate(p[1]) + Math.Round(p[0] * p[1]), 1],
            [0.3, 1.7],
            [-1.45, 0.3],
            [2.2, -2.2]);
}
