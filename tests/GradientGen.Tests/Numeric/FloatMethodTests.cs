namespace GradientGen.Tests.Numeric;

/// <summary>Methods computing in float end to end, and methods mixing float and double through casts.</summary>
public class FloatMethodTests
{
    private const string Type = "Numeric.Floats";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Floats
        {
            [Differentiable] public static float Polynomial(float x) => 3f * x * x - 2 * x + 0.5f;
            [Differentiable] public static float Rational(float x, float y) => (x - y) / (x * x + y * y + 1f);

            [Differentiable]
            public static float LocalsAndReassignment(float x, float y)
            {
                float u = x * y;
                u = MathF.Sin(u) + u;
                x = x * x;
                x += u;
                y -= 1f;
                y *= y;
                y /= 2f;
                x++;
                return x * y - u;
            }

            [Differentiable] private static float Square(float x) => x * x;
            [Differentiable] public static float CallsFloat(float x, float y) => Square(x + y) - Square(x);
            [Differentiable] public static double DoubleCallee(double x) => Math.Exp(x) * x;
            [Differentiable] public static float CallsDoubleThroughCasts(float x) => (float)DoubleCallee((double)x) + x;
            [Differentiable] public static double DoubleCallsFloat(double x, double y) => Square((float)x) * y + CallsFloat((float)y, 0.5f);

            [Differentiable]
            public static double MixedLocals(double x, float y)
            {
                float yy = y * y;
                double z = x * yy;
                float narrowed = (float)z;
                return narrowed + Math.Log(x * x + yy);
            }

            [Differentiable]
            public static float AccumulatesDoubleInFloat(float x)
            {
                double wide = x;
                wide = wide * wide + Math.Sin(wide);
                return (float)wide * x;
            }
        }
        """);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.75, -0.25]];

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Float_polynomial_with_float_and_int_literals() =>
        NumericAssert.Derivative(Method("Polynomial"), x => (6 * x) - 2, NumericAssert.Float, -1.5, 0.25, 2);

    [Fact]
    public void Float_rational_function() =>
        NumericAssert.Gradient(
            Method("Rational"),
            p =>
            {
                double x = p[0], y = p[1], m = (x * x) + (y * y) + 1;
                return [((m - ((x - y) * 2 * x)) / (m * m)), ((-m - ((x - y) * 2 * y)) / (m * m))];
            },
            NumericAssert.Float,
            Points2);

    [Fact]
    public void Float_locals_reassignments_and_compound_assignments() =>
        NumericAssert.Gradient(
            Method("LocalsAndReassignment"),
            p =>
            {
                double x = p[0], y = p[1], v = x * y, u = Math.Sin(v) + v, du = Math.Cos(v) + 1;
                double x2 = (x * x) + u + 1, y2 = (y - 1) * (y - 1) / 2;

                // f = x2·y2 − u with x2 = x² + u + 1, y2 = (y − 1)²/2, u = sin(xy) + xy.
                double fx = (((2 * x) + (du * y)) * y2) - (du * y);
                double fy = (du * x * y2) + (x2 * (y - 1)) - (du * x);
                return [fx, fy];
            },
            NumericAssert.Float,
            Points2);

    [Fact]
    public void Float_method_calling_a_float_method() =>
        NumericAssert.Gradient(Method("CallsFloat"), p => [2 * p[1], 2 * (p[0] + p[1])], NumericAssert.Float, Points2);

    [Fact]
    public void Float_method_calling_a_double_method_through_casts() =>
        NumericAssert.Derivative(Method("CallsDoubleThroughCasts"), x => (Math.Exp(x) * (x + 1)) + 1, NumericAssert.Float, -1.5, 0.25, 2);

    [Fact]
    public void Double_method_calling_float_methods_through_casts() =>
        NumericAssert.Gradient(
            Method("DoubleCallsFloat"),
            p => [2 * p[0] * p[1], (p[0] * p[0]) + (2 * (p[1] + 0.5)) - (2 * p[1])],
            NumericAssert.Float,
            Points2);

    [Fact]
    public void Double_method_with_float_parameter_and_float_locals() =>
        NumericAssert.Gradient(
            Method("MixedLocals"),
            p =>
            {
                double x = p[0], y = p[1], m = (x * x) + (y * y);
                return [(y * y) + (2 * x / m), (2 * x * y) + (2 * y / m)];
            },
            NumericAssert.Float,
            Points2);

    [Fact]
    public void Float_method_computing_in_a_double_local() =>
        NumericAssert.Derivative(
            Method("AccumulatesDoubleInFloat"),
            x => ((2 * x) + Math.Cos(x)) * x + ((x * x) + Math.Sin(x)),
            NumericAssert.Float,
            -1.5,
            0.25,
            2);
}
