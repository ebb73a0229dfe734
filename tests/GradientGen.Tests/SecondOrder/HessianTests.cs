using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.SecondOrder;

/// <summary>
/// <c>…Hessian</c> and <c>…HessianVectorProduct</c> (reverse mode over forward mode, from the IR) against closed
/// forms — the extended Rosenbrock's tridiagonal Hessian, the class's s = e(e(g(x), f(y)), h(f(y))), a quadratic
/// form — and against central differences of the backward's gradient for the built-in functions, branches,
/// loops with local arrays, float and generic math.
/// </summary>
public class HessianTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class S
        {
            [Differentiable]
            public static double Rosenbrock(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    s += 100 * a * a + b * b;
                }

                return s;
            }

            // The class: e(x, y) = x·y, f(x) = 3x, g(x) = x², h(x) = sin x; s = e(e(g(x), f(y)), h(f(y))).
            [Differentiable]
            public static double Class(double x, double y)
            {
                double E(double a, double b) => a * b;
                double F(double a) => 3 * a;
                double G(double a) => a * a;
                double H(double a) => Math.Sin(a);
                return E(E(G(x), F(y)), H(F(y)));
            }

            [Differentiable]
            public static double Quadratic([NoDerivative] double[] a, double[] x)
            {
                int n = x.Length;
                double s = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        s += a[i * n + j] * x[i] * x[j];
                return s;
            }

            [Differentiable]
            public static double Functions(double x, double y) =>
                Math.Sin(x) * Math.Cos(y) + Math.Tan(0.3 * x) + Math.Asin(0.2 * y) + Math.Acos(0.1 * x) + Math.Atan(x * y)
                + Math.Atan2(y, x + 3) + Math.Sinh(0.5 * y) * Math.Cosh(0.2 * x) + Math.Tanh(x - y) + Math.Asinh(x) + Math.Acosh(y * y + 2)
                + Math.Atanh(0.3 * y) + Math.Exp(0.3 * x) + Math.Log(y * y + 1) + Math.Log10(x * x + 2) + Math.Log2(y * y + 3)
                + Math.Sqrt(x * x + y * y + 1) + Math.Cbrt(x + 5) + Math.Pow(x * y + 3, 2.5) + Math.Pow(y, 2) + Math.Pow(x + 4, 1.5)
                + Math.FusedMultiplyAdd(x, y, x * x) + Math.Abs(x * y) + Math.Max(x, y) * x + Math.Min(x * y, 0.5) * y + Math.Clamp(x, -0.5, y * y) * y
                + Math.Pow(x + 3, y) + Math.Log(x * x + 2, y + 3);

            [Differentiable]
            public static double MoreFunctions(double x, double y) =>
                double.Exp2(0.3 * x) + double.Exp10(0.1 * y) + double.ExpM1(x * y) + double.LogP1(y * y) + double.SinPi(x * y) + double.CosPi(0.2 * x)
                + double.AtanPi(y) + double.DegreesToRadians(x * y) + double.Lerp(x, y, x * y) + double.Exp2M1(0.2 * y) + double.Log2P1(x * x)
                + double.Hypot(x, y * y + 1);

            [Differentiable]
            public static double Branches(double x, double y)
            {
                double r;
                if (x > y) r = x * x * y - y;
                else if (x < 0) r = -x * y * y;
                else r = Math.Exp(x * y) * 3;
                return r + Math.Abs(y) * x;
            }

            [Differentiable]
            public static double LocalArrays(double[] w, double b, int n)
            {
                double[] h = new double[w.Length];
                for (int i = 0; i < w.Length; i++)
                {
                    h[i] = Math.Tanh(w[i] * b + i);
                }

                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    for (int i = 0; i < h.Length; i++)
                    {
                        s = s * 0.5 + h[i] * h[(i + 1) % h.Length] * b;
                        if (s > 2) break;
                    }
                }

                return s / (1 + b * b);
            }

            [Differentiable]
            public static float Single(float x, float y) => MathF.Sin(x * y) + x * x * MathF.Exp(y);

            [Differentiable]
            public static double Mixed(float x, double y) => Math.Sin(x * y) * x;

            [Differentiable]
            public static T Generic<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Sin(x * y) + x * x * T.Exp(y) / (T.One + y * y);
        }

        public static class Drivers
        {
            public static double QuadraticProduct(double[] a, double[] x, double[] v, double[] h) => S.QuadraticHessianVectorProduct(a, x, v, h);

            public static double[] LocalArraysGradient(double[] w, double b, int n)
            {
                var dW = new double[w.Length];
                double dB = 0;
                S.LocalArraysBackward(w, b, n, 1.0, dW, ref dB);
                return [.. dW, dB];
            }

            public static double[] LocalArraysProduct(double[] w, double b, int n, double[] v)
            {
                var hW = new double[w.Length];
                S.LocalArraysHessianVectorProduct(w, b, n, v.AsSpan(0, w.Length), v[^1], hW, out double hB);
                return [.. hW, hB];
            }

            public static void WrongLengths(int which)
            {
                double[] x = [1, 2, 3];
                if (which == 0) S.RosenbrockHessianVectorProduct(x, new double[2], new double[3]);
                if (which == 1) S.RosenbrockHessianVectorProduct(x, new double[3], new double[4]);
                if (which == 2) { var v = new double[3]; S.RosenbrockHessianVectorProduct(x, v, v); }
            }
        }
        """);

    private static Type S => Source.Assembly.GetType("S", throwOnError: true)!;

    private static object? Call(string name, params object?[] args) => S.GetMethod(name)!.Invoke(null, args);

    [Theory]
    [InlineData(new[] { 1.2, -0.7, 0.4, 2.0, -1.5 })]
    [InlineData(new[] { 1.0, 1.0, 1.0, 1.0 })]
    [InlineData(new[] { -0.3, 0.8 })]
    public void The_extended_Rosenbrock_Hessian_is_its_closed_form(double[] x)
    {
        var h = (double[,])Call("RosenbrockHessian", x)!;
        int n = x.Length;
        var expected = new double[n, n];
        for (int i = 0; i < n - 1; i++)
        {
            expected[i, i] += (1200 * x[i] * x[i]) - (400 * x[i + 1]) + 2;
            expected[i, i + 1] -= 400 * x[i];
            expected[i + 1, i] -= 400 * x[i];
            expected[i + 1, i + 1] += 200;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(expected[i, j], h[i, j], 1e-10);
            }
        }
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.0, 0.5)]
    [InlineData(-1.1, 0.25)]
    public void The_class_example_has_the_Hessian_of_3x2y_sin3y(double x, double y)
    {
        // s = 3x²y·sin 3y: s_xx = 6y sin 3y, s_xy = 6x sin 3y + 18xy cos 3y, s_yy = 3x²(6 cos 3y − 9y sin 3y).
        var h = (double[,])Call("ClassHessian", x, y)!;
        double sxx = 6 * y * Math.Sin(3 * y), sxy = (6 * x * Math.Sin(3 * y)) + (18 * x * y * Math.Cos(3 * y));
        double syy = 3 * x * x * ((6 * Math.Cos(3 * y)) - (9 * y * Math.Sin(3 * y)));
        Assert.Equal(sxx, h[0, 0], 1e-12);
        Assert.Equal(sxy, h[0, 1], 1e-12);
        Assert.Equal(sxy, h[1, 0], 1e-12);
        Assert.Equal(syy, h[1, 1], 1e-12);
    }

    [Fact]
    public void A_quadratic_form_has_the_Hessian_A_plus_its_transpose_and_the_product_returns_the_value()
    {
        double[] a = [1, 2, -1, 0.5, 3, 0, -2, 4, 1.5];
        double[] x = [0.3, -0.7, 1.1];
        var h = (double[,])Call("QuadraticHessian", a, x)!;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(a[(i * 3) + j] + a[(j * 3) + i], h[i, j], 1e-14);
            }
        }

        double[] v = [1, -2, 0.5], hv = new double[3];
        double value = (double)Drivers.GetMethod("QuadraticProduct")!.Invoke(null, [a, x, v, hv])!;
        Assert.Equal((double)Call("Quadratic", a, x)!, value);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((h[i, 0] * v[0]) + (h[i, 1] * v[1]) + (h[i, 2] * v[2]), hv[i], 1e-13);
        }
    }

    [Theory]
    [InlineData("Functions", 0.4, 0.7)]
    [InlineData("Functions", -0.3, 1.2)]
    [InlineData("Functions", 0.9, -0.6)]
    [InlineData("MoreFunctions", 0.4, 0.7)]
    [InlineData("MoreFunctions", -0.8, 0.3)]
    [InlineData("Branches", 0.9, 0.4)]
    [InlineData("Branches", -0.5, 0.8)]
    [InlineData("Branches", 0.2, 0.6)]
    [InlineData("Single", 0.4, -0.3)]
    [InlineData("Mixed", 0.4, -0.8)]
    public void The_product_is_the_derivative_of_the_gradient_along_the_direction(string name, double x, double y)
    {
        var f = new Differentiated(S, name);
        var hessian = new HessianProduct(S, name);
        bool single = name is "Single" or "Mixed";
        foreach (double[] v in new[] { new[] { 1.0, 0.0 }, [0.0, 1.0], [0.6, -0.8] })
        {
            (double value, double[] product) = hessian.Hvp([x, y], v);
            Assert.Equal(f.Value(x, y), value);
            double[] expected = GradientDifference(f, [x, y], v, single ? 1e-3 : 1e-5);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(expected[k], product[k], single ? 2e-2 : 1e-6 * Math.Max(1, Math.Abs(expected[k])));
            }
        }
    }

    [Theory]
    [InlineData(0.4, 0.7)]
    [InlineData(-1.2, 0.3)]
    public void Generic_math_has_a_generic_Hessian(double x, double y)
    {
        var f = new Differentiated(S, "Generic", [typeof(double)]);
        var hessian = new HessianProduct(S, "Generic", [typeof(double)]);
        double[] v = [0.3, -1.1];
        double[] expected = GradientDifference(f, [x, y], v, 1e-5);
        double[] product = hessian.Hvp([x, y], v).Product;
        Assert.Equal(expected[0], product[0], 1e-6);
        Assert.Equal(expected[1], product[1], 1e-6);
        var h = (double[,])S.GetMethod("GenericHessian")!.MakeGenericMethod(typeof(double)).Invoke(null, [x, y])!;
        Assert.Equal(h[0, 1], h[1, 0], 1e-12);
        Assert.Equal((h[0, 0] * v[0]) + (h[0, 1] * v[1]), product[0], 1e-12);
    }

    [Theory]
    [InlineData(0.8, 1)]
    [InlineData(-0.4, 3)]
    [InlineData(1.3, 2)]
    public void Loops_with_local_arrays_and_breaks_match_differences_of_the_gradient(double b, int n)
    {
        double[] w = [0.3, -0.5, 0.9, 0.1];
        MethodInfo gradient = Drivers.GetMethod("LocalArraysGradient")!, product = Drivers.GetMethod("LocalArraysProduct")!;
        double[] v = [0.5, -1.0, 0.25, 0.75, -0.6];
        double[] hv = (double[])product.Invoke(null, [w, b, n, v])!;
        const double h = 1e-5;
        double[] Shifted(double s) => (double[])gradient.Invoke(null, [w.Select((wi, i) => wi + (s * v[i])).ToArray(), b + (s * v[^1]), n])!;
        double[] plus = Shifted(h), minus = Shifted(-h);
        for (int k = 0; k < v.Length; k++)
        {
            double expected = (plus[k] - minus[k]) / (2 * h);
            Assert.Equal(expected, hv[k], 1e-6 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Theory]
    [InlineData(0, "'vX' must have the length of 'x'.")]
    [InlineData(1, "'hX' must have the length of 'x'.")]
    [InlineData(2, "'hX' must not share memory with 'vX'")]
    public void A_direction_or_product_of_the_wrong_length_or_in_the_same_memory_throws(int which, string message)
    {
        var e = Assert.Throws<TargetInvocationException>(() => Drivers.GetMethod("WrongLengths")!.Invoke(null, [which]));
        Assert.IsType<ArgumentException>(e.InnerException);
        Assert.StartsWith(message, e.InnerException!.Message, StringComparison.Ordinal);
    }

    private static Type Drivers => Source.Assembly.GetType("Drivers", throwOnError: true)!;

    /// <summary>(∇f(p + hv) − ∇f(p − hv)) / 2h, from the backward.</summary>
    private static double[] GradientDifference(Differentiated f, double[] point, double[] v, double h)
    {
        double[] plus = f.Backprop(point.Select((p, i) => p + (h * v[i])).ToArray()).Adjoints;
        double[] minus = f.Backprop(point.Select((p, i) => p - (h * v[i])).ToArray()).Adjoints;
        return plus.Select((g, i) => (g - minus[i]) / (2 * h)).ToArray();
    }
}
