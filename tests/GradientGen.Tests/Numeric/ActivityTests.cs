using System.Reflection;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// What gets an adjoint and what contributes to it: dead code changes nothing, an unused active parameter
/// gets exactly 0, and [NoDerivative], integer parameters get no adjoint parameter at all.
/// </summary>
public class ActivityTests
{
    private const string Type = "Numeric.Activity";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Activity
        {
            [Differentiable]
            public static double WithDeadCode(double x, double y)
            {
                double unused = Math.Exp(x) * y;
                double alsoUnused = unused * unused + Math.Sin(y);
                double product = x * y;
                double overwrittenBeforeUse = Math.Log(x * x + 1);
                overwrittenBeforeUse = product;
                return overwrittenBeforeUse + x;
            }

            [Differentiable] public static double WithoutDeadCode(double x, double y) => x * y + x;
            [Differentiable] public static double UnusedParameter(double x, double y) => x * x;
            [Differentiable] public static double ParameterOnlyInDeadCode(double x, double y) { double d = Math.Sin(y) * x; return x * 2; }
            [Differentiable] public static double ParameterOnlyThroughAFloor(double x, double y) => x * Math.Floor(y);
            [Differentiable] public static double NoDerivativeParameters(double w, [NoDerivative] double c, double b, [NoDerivative] float s) => w * c + b * c * s + w * b;
            [Differentiable] public static double IntAndNoDerivative(int n, double x, [NoDerivative] double y) => n * x * y;
            [Differentiable] public static double NoDerivativeParameterOverwritten(double x, [NoDerivative] double k) { k = x * k; return k * k; }
            [Differentiable] public static double NoDerivativeParameterUpdatedInPlace(double x, [NoDerivative] double k) { k += x; k *= x; return k; }
            [Differentiable] public static double OnlyNoDerivative([NoDerivative] double x, [NoDerivative] double y) => x * y;
        }
        """);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Dead_code_does_not_change_the_gradient()
    {
        Infrastructure.Differentiated dead = Method("WithDeadCode"), clean = Method("WithoutDeadCode");
        NumericAssert.Gradient(dead, p => [p[1] + 1, p[0]], Points2);
        foreach (double[] point in Points2)
        {
            Assert.Equal(clean.Backprop(point).Adjoints, dead.Backprop(point).Adjoints);
        }
    }

    [Fact]
    public void Unused_active_parameter_gets_exactly_zero()
    {
        NumericAssert.Gradient(Method("UnusedParameter"), p => [2 * p[0], 0], Points2);
        foreach (double[] point in Points2)
        {
            Assert.Equal(0.0, Method("UnusedParameter").Backprop(point).Adjoints[1]);
        }
    }

    [Fact]
    public void Parameter_used_only_in_dead_code_gets_exactly_zero()
    {
        NumericAssert.Gradient(Method("ParameterOnlyInDeadCode"), _ => [2, 0], Points2);
        foreach (double[] point in Points2)
        {
            Assert.Equal(0.0, Method("ParameterOnlyInDeadCode").Backprop(point).Adjoints[1]);
        }
    }

    [Fact]
    public void Parameter_reaching_the_result_only_through_a_floor_gets_exactly_zero()
    {
        NumericAssert.Gradient(Method("ParameterOnlyThroughAFloor"), p => [Math.Floor(p[1]), 0], [0.5, 2.5], [-1.25, 0.75], [1.7, -0.3]);
        Assert.Equal(0.0, Method("ParameterOnlyThroughAFloor").Backprop([1.5, 2.5]).Adjoints[1]);
    }

    [Fact]
    public void NoDerivative_parameters_get_no_adjoint()
    {
        Infrastructure.Differentiated f = Method("NoDerivativeParameters");
        Assert.Equal(2, f.AdjointCount);
        Assert.Equal(["w", "c", "b", "s", "dResult", "dW", "dB"], f.Backward.GetParameters().Select(p => p.Name));
        NumericAssert.Gradient(
            f,
            [0, 2],
            p => [p[1] + p[2], (p[1] * p[3]) + p[0]],
            [0.5, 2, -1, 0.25],
            [-1.25, 0.75, 3, 2],
            [1.7, -0.3, 0.5, -1.5]);
    }

    [Fact]
    public void Int_and_NoDerivative_parameters_get_no_adjoint()
    {
        Infrastructure.Differentiated f = Method("IntAndNoDerivative");
        Assert.Equal(1, f.AdjointCount);
        Assert.Equal(["n", "x", "y", "dResult", "dX"], f.Backward.GetParameters().Select(p => p.Name));
        NumericAssert.Gradient(f, [1], p => [p[0] * p[2]], [3, 0.5, 2], [-2, -1.25, 0.75], [1, 1.7, -0.3]);
    }

    [Fact]
    public void Method_without_active_parameters_gets_a_backward_without_adjoints_and_no_gradient()
    {
        Infrastructure.Differentiated f = Method("OnlyNoDerivative");
        Assert.Equal(0, f.AdjointCount);
        Assert.Equal(6.0, f.Backprop([2, 3]).Value);
        Assert.Null(Source.Assembly.GetType(Type)!.GetMethod("OnlyNoDerivativeGradient", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static));
    }

    [Fact]
    public void NoDerivative_parameter_overwritten_with_an_active_value_passes_its_derivative_on()
    {
        Infrastructure.Differentiated f = Method("NoDerivativeParameterOverwritten");
        Assert.Equal(1, f.AdjointCount);
        NumericAssert.Gradient(f, [0], p => [2 * p[0] * p[1] * p[1]], [0.5, 2], [-1.25, 0.75], [1.7, -0.3]);
    }

    [Fact]
    public void NoDerivative_parameter_updated_in_place_with_an_active_value_passes_its_derivative_on()
    {
        Infrastructure.Differentiated f = Method("NoDerivativeParameterUpdatedInPlace");
        Assert.Equal(1, f.AdjointCount);
        NumericAssert.Gradient(f, [0], p => [p[1] + (2 * p[0])], [0.5, 2], [-1.25, 0.75], [1.7, -0.3]);
    }
}
