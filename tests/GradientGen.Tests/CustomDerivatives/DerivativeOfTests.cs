using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.CustomDerivatives;

/// <summary>
/// [DerivativeOf] rules supply the derivative of a method GradientGen can't see through: one of the same
/// type, of another type, of the BCL; overloads told apart by signature; a rule that overrides a built-in
/// one; instance rules; array parameters; a rule's own [NoDerivative] parameter. Each is checked against
/// analytic derivatives and central differences through a [Differentiable] caller.
/// </summary>
public class DerivativeOfTests
{
    private const string Type = "Custom.Models";

    private const string Code = """
        using System;
        using GradientGen;

        namespace Custom;

        /// <summary>Library code GradientGen can't differentiate (a modulo, a loop over ints).</summary>
        public static class Opaque
        {
            public static double Wrap(double x) => x % 10.0;

            public static double Blend(double a) => a * a;

            public static double Blend(double a, double b) => a * b;

            public static double SumSquares(double[] v)
            {
                double s = 0;
                foreach (double e in v) s += e * e;
                return s;
            }

            public static double Scaled(double x, double k) => k * x;
        }

        public static class Rules
        {
            [DerivativeOf(typeof(Opaque), nameof(Opaque.Wrap))]
            public static double WrapBackward(double x, double dResult, ref double dX)
            {
                dX += dResult;
                return Opaque.Wrap(x);
            }

            [DerivativeOf(typeof(Opaque), nameof(Opaque.Blend))]
            public static double BlendBackward(double a, double dResult, ref double dA)
            {
                dA += dResult * 2 * a;
                return Opaque.Blend(a);
            }

            [DerivativeOf(typeof(Opaque), nameof(Opaque.Blend))]
            public static double BlendBackward(double a, double b, double dResult, ref double dA, ref double dB)
            {
                dA += dResult * b;
                dB += dResult * a;
                return Opaque.Blend(a, b);
            }

            [DerivativeOf(typeof(Opaque), nameof(Opaque.SumSquares))]
            public static double SumSquaresBackward(double[] v, double dResult, Span<double> dV)
            {
                for (int i = 0; i < v.Length; i++) dV[i] += dResult * 2 * v[i];
                return Opaque.SumSquares(v);
            }

            // The rule's own [NoDerivative]: no adjoint for k, so a k that depends on the differentiated
            // parameters is refused at the call instead of losing its derivative.
            [DerivativeOf(typeof(Opaque), nameof(Opaque.Scaled))]
            public static double ScaledBackward(double x, [NoDerivative] double k, double dResult, ref double dX)
            {
                dX += dResult * k;
                return Opaque.Scaled(x, k);
            }

            [DerivativeOf(typeof(Math), nameof(Math.ScaleB))]
            public static double ScaleBBackward(double x, int n, double dResult, ref double dX)
            {
                dX += dResult * Math.ScaleB(1.0, n);
                return Math.ScaleB(x, n);
            }

            // Overrides the built-in rule for Sqrt: a subgradient of 0 at 0 instead of infinity.
            [DerivativeOf(typeof(Math), nameof(Math.Sqrt))]
            public static double SqrtBackward(double x, double dResult, ref double dX)
            {
                double r = Math.Sqrt(x);
                if (r > 0) dX += dResult * 0.5 / r;
                return r;
            }
        }

        public partial class Models
        {
            private readonly double _gain = 3.0;

            // Same type: [DerivativeOf(nameof(M))], an instance method differentiated by an instance rule.
            private double Gain(double x) => _gain * x % 1e9;

            [DerivativeOf(nameof(Gain))]
            private double GainBackward(double x, double dResult, ref double dX)
            {
                dX += dResult * _gain;
                return Gain(x);
            }

            private static double Cube(double x) { double r = 1; for (int i = 0; i < 3; i++) r *= x; return r; }

            [DerivativeOf(nameof(Cube))]
            private static double CubeBackward(double x, double dResult, ref double dX)
            {
                dX += dResult * 3 * x * x;
                return Cube(x);
            }

            [Differentiable] public static double SameTypeStatic(double x) => Cube(Math.Sin(x)) + x;
            [Differentiable] public double SameTypeInstance(double x, double y) => Gain(x * y) + y;
            [Differentiable] public static double OtherType(double x) => Opaque.Wrap(x * x) * 2;
            [Differentiable] public static double Overloads(double x, double y) => Opaque.Blend(x) + Opaque.Blend(x, y);
            [Differentiable] public static double Bcl(double x, int n) => Math.ScaleB(x * x, n);
            [Differentiable] public static double OverridesBuiltIn(double x) => Math.Sqrt(x) * 2;
            [Differentiable] public static double NoDerivativeInRule(double x, [NoDerivative] double k) => Opaque.Scaled(x * x, k + 1);

            [Differentiable]
            public static double ArrayArgument(double x, double y)
            {
                double[] v = new double[3];
                v[0] = x;
                v[1] = x * y;
                v[2] = 1;
                return Opaque.SumSquares(v);
            }

            [Differentiable]
            public static double InALoop(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s = Opaque.Wrap(s + x * i);
                return s;
            }
        }
        """;

    private static readonly CompiledSource Source = new(Code);

    private static Differentiated Method(string name) => Source.Method(Type, name);

    private static readonly double[][] Points = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    [Fact]
    public void Rule_of_the_same_type_static() =>
        NumericAssert.Derivative(Method("SameTypeStatic"), x => (3 * Math.Pow(Math.Sin(x), 2) * Math.Cos(x)) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Rule_of_the_same_type_instance_called_on_the_same_object() =>
        NumericAssert.Gradient(Method("SameTypeInstance"), p => [3 * p[1], (3 * p[0]) + 1], Points);

    [Fact]
    public void Rule_in_another_type() =>
        NumericAssert.Derivative(Method("OtherType"), x => 4 * x, -1.5, 0.25, 2);

    [Fact]
    public void Overloads_are_told_apart_by_signature() =>
        NumericAssert.Gradient(Method("Overloads"), p => [(2 * p[0]) + p[1], p[0]], Points);

    [Fact]
    public void Rule_for_a_BCL_method_with_an_int_parameter() =>
        NumericAssert.Gradient(Method("Bcl"), [0], p => [2 * p[0] * Math.Pow(2, p[1])], [0.5, 3], [-1.25, -2], [1.7, 0]);

    [Fact]
    public void User_rule_overrides_the_built_in_rule()
    {
        NumericAssert.Derivative(Method("OverridesBuiltIn"), x => 1 / Math.Sqrt(x), 0.25, 1, 4);
        // At 0 the built-in rule would give +∞; the user's rule gives 0.
        NumericAssert.ExactAdjoints(Method("OverridesBuiltIn"), [0.0], 0.0);
    }

    [Fact]
    public void Rule_without_an_adjoint_for_its_NoDerivative_parameter() =>
        NumericAssert.Gradient(Method("NoDerivativeInRule"), [0], p => [2 * p[0] * (p[1] + 1)], Points);

    [Fact]
    public void Rule_with_an_array_parameter() =>
        NumericAssert.Gradient(Method("ArrayArgument"), p => [(2 * p[0]) + (2 * p[0] * p[1] * p[1]), 2 * p[0] * p[0] * p[1]], Points);

    [Fact]
    public void Rule_called_in_a_loop() =>
        NumericAssert.Gradient(Method("InALoop"), [0], p => [p[1] * (p[1] - 1) / 2], [0.3, 4], [-0.2, 5], [0.1, 1]);

    [Fact]
    public void The_generated_backward_calls_the_rule_in_its_reverse_sweep()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Code).Run, ".OtherType.g.cs");
        Assert.Contains("global::Custom.Rules.WrapBackward(", text, StringComparison.Ordinal);
        Assert.Contains("global::Custom.Opaque.Wrap(", text, StringComparison.Ordinal);
    }
}
