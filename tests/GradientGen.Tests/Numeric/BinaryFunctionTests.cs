namespace GradientGen.Tests.Numeric;

/// <summary>Math functions of several arguments: Atan2, Log with a base, FusedMultiplyAdd.</summary>
public class BinaryFunctionTests
{
    private const string Type = "Numeric.Binary";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Binary
        {
            [Differentiable] public static double Atan2(double y, double x) => Math.Atan2(y, x);
            [Differentiable] public static double Atan2SameArgument(double x) => Math.Atan2(x, x * x + 1);
            [Differentiable] public static double LogWithBase(double a, double b) => Math.Log(a, b);
            [Differentiable] public static double LogConstantBase(double x) => Math.Log(x, 2.0);
            [Differentiable] public static double LogConstantArgument(double b) => Math.Log(10.0, b);
            [Differentiable] public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
            [Differentiable] public static double FmaWithConstants(double x) => Math.FusedMultiplyAdd(x, 3.0, 1.5) * Math.FusedMultiplyAdd(2.0, x, x);
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Atan2_in_all_four_quadrants() =>
        NumericAssert.Gradient(
            Method("Atan2"),
            p => [p[1] / ((p[0] * p[0]) + (p[1] * p[1])), -p[0] / ((p[0] * p[0]) + (p[1] * p[1]))],
            [1, 2],
            [0.5, -1.5],
            [-2, 0.3],
            [-1, -1]);

    [Fact]
    public void Atan2_with_the_same_variable_in_both_arguments() =>
        NumericAssert.Derivative(
            Method("Atan2SameArgument"),
            x =>
            {
                double u = (x * x) + 1, d = (x * x) + (u * u);
                return (u / d) - (x * 2 * x / d);
            },
            -1.5,
            0,
            2);

    [Fact]
    public void Log_with_a_variable_base() =>
        NumericAssert.Gradient(
            Method("LogWithBase"),
            p => [1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1]))],
            [2, 3],
            [0.5, 10],
            [7, 0.25]);

    [Fact]
    public void Log_with_a_constant_base() =>
        NumericAssert.Derivative(Method("LogConstantBase"), x => 1 / (x * Math.Log(2)), 0.2, 1, 7);

    [Fact]
    public void Log_of_a_constant_in_a_variable_base() =>
        NumericAssert.Derivative(Method("LogConstantArgument"), b => -Math.Log(10) / (b * Math.Log(b) * Math.Log(b)), 0.2, 3, 7);

    [Fact]
    public void FusedMultiplyAdd_has_gradient_b_a_1() =>
        NumericAssert.Gradient(Method("Fma"), p => [p[1], p[0], 1], [2, 3, -1], [-0.5, 1.5, 4], [0, -2, 0.25]);

    [Fact]
    public void FusedMultiplyAdd_with_constant_arguments() =>
        NumericAssert.Derivative(Method("FmaWithConstants"), x => (3 * ((2 * x) + x)) + (((3 * x) + 1.5) * 3), -1.5, 0, 2);
}
