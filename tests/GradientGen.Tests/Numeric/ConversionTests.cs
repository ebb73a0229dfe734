namespace GradientGen.Tests.Numeric;

/// <summary>Casts among float, double and int: float↔double carries the derivative, a cast to an integer cuts it.</summary>
public class ConversionTests
{
    private const string Type = "Numeric.Conversions";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Conversions
        {
            [Differentiable] public static double ThroughInt(double x) => (double)(int)x;
            [Differentiable] public static double ThroughLong(double x) => (long)(x * 3) + 0.0;
            [Differentiable] public static double IntTimesX(double x) => (int)x * x;

            [Differentiable]
            public static double IntLocal(double x)
            {
                int n = (int)(x * 2);
                double scaled = n * x;
                return scaled + x;
            }

            [Differentiable] public static double IntParameter(double x, int n) => n * x + (double)n / x;
            [Differentiable] public static double ThroughFloat(double x, double y) => (double)(float)(x * y) + (float)x;
            [Differentiable] public static float DoubleToFloat(double x) => (float)(x * x);
            [Differentiable] public static double FloatToDouble(float x) => (double)x * x;
            [Differentiable] public static double ImplicitFloatToDouble(double x, float y) => x * y + y;

            [Differentiable]
            public static float FloatThroughInt(float x)
            {
                float whole = (float)(int)x;
                return whole + (int)(x * 3) * x;
            }

            [Differentiable]
            public static double RoundTrip(double x)
            {
                float f = (float)x;
                double d = f;
                return d * d;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Cast_to_int_and_back_has_derivative_exactly_zero()
    {
        Infrastructure.Differentiated f = Method("ThroughInt");
        NumericAssert.Derivative(f, _ => 0, -1.5, 0.25, 2.75);
        NumericAssert.ExactAdjoints(f, [2.75], 0.0);
    }

    [Fact]
    public void Cast_to_long_has_derivative_exactly_zero()
    {
        Infrastructure.Differentiated f = Method("ThroughLong");
        NumericAssert.Derivative(f, _ => 0, -1.5, 0.25, 2.75);
        NumericAssert.ExactAdjoints(f, [0.25], 0.0);
    }

    [Fact]
    public void Integer_part_times_x_has_the_integer_part_as_derivative() =>
        NumericAssert.Derivative(Method("IntTimesX"), x => (int)x, -1.5, 0.25, 2.75);

    [Fact]
    public void Integer_local_is_a_constant_for_the_derivative() =>
        NumericAssert.Derivative(Method("IntLocal"), x => (int)(x * 2) + 1, -1.3, 0.1, 2.7);

    [Fact]
    public void Int_parameter_is_a_constant_and_gets_no_adjoint() =>
        NumericAssert.Gradient(Method("IntParameter"), [0], p => [p[1] - (p[1] / (p[0] * p[0]))], [1.5, 3], [-0.5, 2], [2.25, -4]);

    [Fact]
    public void Cast_to_float_and_back_carries_the_derivative() =>
        NumericAssert.Gradient(Method("ThroughFloat"), p => [p[1] + 1, p[0]], NumericAssert.Float, [1.5, -2], [-0.5, 0.75], [2.25, 4]);

    [Fact]
    public void Double_to_float_result() =>
        NumericAssert.Derivative(Method("DoubleToFloat"), x => 2 * x, NumericAssert.Float, -1.5, 0.25, 2.75);

    [Fact]
    public void Float_parameter_widened_to_double() =>
        NumericAssert.Derivative(Method("FloatToDouble"), x => 2 * x, NumericAssert.Float, -1.5, 0.25, 2.75);

    [Fact]
    public void Implicit_float_to_double_conversion_in_mixed_arithmetic() =>
        NumericAssert.Gradient(Method("ImplicitFloatToDouble"), p => [p[1], p[0] + 1], NumericAssert.Float, [1.5, -2], [-0.5, 0.75], [2.25, 4]);

    [Fact]
    public void Float_through_int_keeps_only_the_float_factor() =>
        NumericAssert.Derivative(Method("FloatThroughInt"), x => (int)(x * 3), NumericAssert.Float, -1.5, 0.25, 2.75);

    [Fact]
    public void Double_float_double_round_trip_in_locals() =>
        NumericAssert.Derivative(Method("RoundTrip"), x => 2 * (double)(float)x, NumericAssert.Float, -1.5, 0.25, 2.75);
}
