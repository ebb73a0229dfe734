namespace GradientGen.Tests.Numeric;

/// <summary>Locals and parameters assigned more than once: the reverse sweep must see each value as it was.</summary>
public class ReassignmentTests
{
    private const string Type = "Numeric.Reassignment";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Reassignment
        {
            [Differentiable]
            public static double OverwrittenParameter(double x, double y)
            {
                x = x * x;
                x = Math.Sin(x);
                return x * y;
            }

            [Differentiable]
            public static double OverwrittenLocal(double x)
            {
                double u = x * 3;
                double v = u * u;
                u = Math.Exp(x);
                v = v + u * x;
                return v * u;
            }

            [Differentiable]
            public static double ParameterReadBeforeAndAfter(double x, double y)
            {
                double before = x * y;
                x = y / x;
                return before * x + x;
            }

            [Differentiable]
            public static double LocalReassignedToAConstant(double x, double y)
            {
                double u = x * y;
                double keep = u * 2;
                u = 5.0;
                return u * keep + u;
            }

            [Differentiable]
            public static double ParameterReassignedToAnotherParameter(double x, double y)
            {
                double a = x * x;
                x = y;
                return a * x;
            }

            [Differentiable]
            public static double DeclaredWithoutInitializer(double x)
            {
                double u;
                u = x * x;
                double w;
                w = u / (1 + x * x);
                return w;
            }

            [Differentiable]
            public static double ChainOfOverwrites(double x)
            {
                double v = x;
                v = v * x;
                v = v * x;
                v = v - x;
                v = Math.Log(v * v + 1);
                return v;
            }

            [Differentiable]
            public static double InactiveValuesChangedAfterUse(double x, [NoDerivative] double k, int n)
            {
                double j = 2;
                double a = x * j * k * n;
                j = 5;
                k *= 3;
                j++;
                n--;
                return a * j * k * n;
            }

            [Differentiable]
            public static double SwapThroughATemporary(double x, double y)
            {
                double t = x;
                x = y;
                y = t;
                return x * x * y;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Overwritten_parameter_x_squared_then_sine_times_y() =>
        NumericAssert.Gradient(
            Method("OverwrittenParameter"),
            p => [Math.Cos(p[0] * p[0]) * 2 * p[0] * p[1], Math.Sin(p[0] * p[0])],
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Overwritten_local_keeps_the_value_the_reverse_sweep_reads() =>
        NumericAssert.Derivative(
            Method("OverwrittenLocal"),
            x =>
            {
                // f = (9x² + x eˣ) eˣ.
                double e = Math.Exp(x);
                return (((18 * x) + e + (x * e)) * e) + (((9 * x * x) + (x * e)) * e);
            },
            -1,
            0.25,
            1.5);

    [Fact]
    public void Parameter_read_before_and_after_it_is_overwritten() =>
        NumericAssert.Gradient(
            Method("ParameterReadBeforeAndAfter"),
            p =>
            {
                // f = x·y · (y/x) + y/x = y² + y/x.
                double x = p[0], y = p[1];
                return [-y / (x * x), (2 * y) + (1 / x)];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Local_reassigned_to_a_constant_cuts_its_earlier_derivative() =>
        NumericAssert.Gradient(Method("LocalReassignedToAConstant"), p => [10 * p[1], 10 * p[0]], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Parameter_reassigned_to_another_parameter() =>
        NumericAssert.Gradient(Method("ParameterReassignedToAnotherParameter"), p => [2 * p[0] * p[1], p[0] * p[0]], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Local_declared_without_initializer_then_assigned() =>
        NumericAssert.Derivative(
            Method("DeclaredWithoutInitializer"),
            x => 2 * x / Math.Pow(1 + (x * x), 2),
            -1,
            0.25,
            1.5);

    [Fact]
    public void Chain_of_overwrites_of_one_local() =>
        NumericAssert.Derivative(
            Method("ChainOfOverwrites"),
            x =>
            {
                double v = (x * x * x) - x;
                return 2 * v * ((3 * x * x) - 1) / ((v * v) + 1);
            },
            -1.5,
            0.25,
            1.5);

    [Fact]
    public void Swapping_parameters_through_a_local() =>
        NumericAssert.Gradient(Method("SwapThroughATemporary"), p => [p[1] * p[1], 2 * p[0] * p[1]], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Inactive_locals_and_parameters_changed_after_the_reverse_sweep_needs_them() =>
        NumericAssert.Gradient(
            Method("InactiveValuesChangedAfterUse"),
            [0],
            p => [2 * p[1] * p[2] * 6 * 3 * p[1] * (p[2] - 1)],
            [0.5, 2, 3],
            [-1.25, 0.75, -2],
            [1.7, -0.3, 5]);
}
