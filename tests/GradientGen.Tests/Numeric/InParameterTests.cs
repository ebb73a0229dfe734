using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// <c>in</c> parameters are read like copies: the same adjoints as by-value ones (<c>ref T dX</c>,
/// <c>Span&lt;T&gt; dA</c>), and the generated methods keep the <c>in</c>, in their own signature and when
/// a caller differentiates through a method that takes one.
/// </summary>
public class InParameterTests
{
    private const string Type = "Numeric.InParameters";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class InParameters
        {
            [Differentiable]
            public static double Scalars(in double x, double y, in double z)
            {
                double u = x * Math.Sin(y);
                return u * z + x * x;
            }

            [Differentiable]
            public static float Floats(in float x, in float y) => MathF.Exp(x * y) / (1 + y * y);

            [Differentiable]
            public static double Helper(in double v, in double w) => v * v * w;

            // The caller passes locals and expressions to the helper's 'in' parameters.
            [Differentiable]
            public static double CallsHelper(double a, double b)
            {
                double s = a + b;
                return Helper(s, a * b) + Helper(in a, 2.0);
            }

            [Differentiable]
            public static double Weighted(in double[] a, in double w, [NoDerivative] in int n)
            {
                double total = 0;
                for (int i = 0; i < n; i++) total += w * a[i] * a[i];
                return total;
            }

            [Differentiable]
            public static double WeightedSpan(in ReadOnlySpan<double> a, double w) => w * (a[0] * a[1] + a[2]);

            // A library-like method with an 'in' parameter and a user-written derivative.
            [Differentiable]
            public static double UsesRule(double x) => Opaque.Cube(x * 2) + x;
        }

        public static class Opaque
        {
            public static double Cube(in double v) => v * v * v;
        }

        public static class Rules
        {
            [DerivativeOf(typeof(Opaque), nameof(Opaque.Cube))]
            public static double CubeBackward(in double v, double dResult, ref double dV)
            {
                dV += dResult * 3 * v * v;
                return v * v * v;
            }
        }

        /// <summary>Flat drivers for the array methods: spans cannot go through reflection.</summary>
        public static class InDrivers
        {
            public static double WeightedValue(double[] f) => InParameters.Weighted(f[..3], f[3], 3);

            public static double[] WeightedGradient(double[] f)
            {
                double[] da = new double[3];
                double dw = 0;
                double value = InParameters.WeightedBackward(f[..3], f[3], 3, 1.0, da, ref dw);
                if (value != WeightedValue(f)) throw new InvalidOperationException("the backward's value differs");
                return [.. da, dw];
            }

            public static double WeightedSpanValue(double[] f) => InParameters.WeightedSpan(f.AsSpan(0, 3), f[3]);

            public static double[] WeightedSpanGradient(double[] f)
            {
                double[] da = new double[3];
                double dw = 0;
                InParameters.WeightedSpanBackward(f.AsSpan(0, 3), f[3], 1.0, da, ref dw);
                return [.. da, dw];
            }
        }
        """);

    private static Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void In_scalars_get_ref_adjoints_like_by_value_ones() =>
        NumericAssert.Gradient(
            Method("Scalars"),
            p =>
            {
                // f = x sin(y) z + x².
                double x = p[0], y = p[1], z = p[2];
                return [(Math.Sin(y) * z) + (2 * x), x * Math.Cos(y) * z, x * Math.Sin(y)];
            },
            [0.5, 2, -1],
            [-1.25, 0.75, 3],
            [1.7, -3, 0.4]);

    [Fact]
    public void In_floats() =>
        NumericAssert.Gradient(
            Method("Floats"),
            p =>
            {
                // f = e^(xy) / (1 + y²).
                double x = p[0], y = p[1], e = Math.Exp(x * y), d = 1 + (y * y);
                return [y * e / d, (x * e / d) - (e * 2 * y / (d * d))];
            },
            NumericAssert.Float,
            [0.5, 0.25],
            [-1.25, 0.75],
            [1.1, -0.6]);

    [Fact]
    public void A_call_to_a_method_with_in_parameters_is_differentiated_through_it() =>
        NumericAssert.Gradient(
            Method("CallsHelper"),
            p =>
            {
                // f = (a + b)² a b + 2a².
                double a = p[0], b = p[1], s = a + b;
                return [(2 * s * a * b) + (s * s * b) + (4 * a), (2 * s * a * b) + (s * s * a)];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void A_DerivativeOf_rule_for_a_method_with_an_in_parameter_is_used() =>
        NumericAssert.Derivative(Method("UsesRule"), x => (24 * x * x) + 1, -1.5, 0.25, 1.5);

    [Fact]
    public void The_generated_methods_keep_in()
    {
        Type type = Source.Assembly.GetType(Type, throwOnError: true)!;
        ParameterInfo[] backward = type.GetMethod("ScalarsBackward")!.GetParameters();
        Assert.Equal(["x", "y", "z", "dResult", "dX", "dY", "dZ"], backward.Select(p => p.Name));
        Assert.True(backward[0].IsIn && backward[2].IsIn && !backward[1].IsIn);
        ParameterInfo[] gradient = type.GetMethod("ScalarsGradient")!.GetParameters();
        Assert.True(gradient[0].IsIn && gradient[2].IsIn && !gradient[1].IsIn);
        double[] tuple = NumericAssert.GradientTuple(Source.Assembly, Type, "Scalars", 0.5, 2, -1);
        Assert.Equal(Method("Scalars").Backprop([0.5, 2, -1]).Adjoints, tuple[1..]);
    }

    [Theory]
    [InlineData("Weighted")]
    [InlineData("WeightedSpan")]
    public void In_arrays_and_spans_get_span_adjoints(string name)
    {
        Type drivers = Source.Assembly.GetType("Numeric.InDrivers", throwOnError: true)!;
        double Value(double[] f) => (double)drivers.GetMethod(name + "Value")!.Invoke(null, [f])!;
        double[][] points = [[0.5, -1.2, 2.0, 0.7], [1.5, 0.3, -0.4, -2.0], [-0.8, 2.2, 1.1, 1.3]];
        foreach (double[] point in points)
        {
            double[] gradient = (double[])drivers.GetMethod(name + "Gradient")!.Invoke(null, [point])!;
            for (int i = 0; i < point.Length; i++)
            {
                double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                GradientAssert.Close((Value(plus) - Value(minus)) / 2e-6, gradient[i], 1e-6, $"{name}: d/d(f[{i}]) at ({string.Join(", ", point)})");
            }
        }
    }
}
