namespace GradientGen.Tests.Numeric;

/// <summary>Literals, <c>const</c> and <c>static readonly</c> fields, local constants, Math.PI and Math.E are constants.</summary>
public class ConstantTests
{
    private const string Type = "Numeric.Constants";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static class Settings
        {
            public const double Gain = 1.25;
            public static readonly double Bias = 0.5;
        }

        public static partial class Constants
        {
            private const double Half = 0.5;
            public const int Three = 3;
            private const float Quarter = 0.25f;
            private static readonly double Scale = 1.75;
            internal static readonly double Root2 = Math.Sqrt(2.0);

            [Differentiable] public static double ConstFields(double x) => Half * x * x + Three * x - Quarter;
            [Differentiable] public static double ReadonlyFields(double x) => Scale * x * x / Root2 - Root2;
            [Differentiable] public static double OtherTypesFields(double x) => Settings.Gain * x + Settings.Bias * x * x;
            [Differentiable] public static double PiAndE(double x) => Math.PI * Math.Sin(x) + Math.E * x - Math.PI;
            [Differentiable] public static double FieldsAsDivisors(double x) => x / Scale + Three / x + x / Half;

            [Differentiable]
            public static double LocalConstant(double x)
            {
                const double k = 4.0;
                const int n = 2, m = n * 3;
                const float q = 0.5f;
                return k * x / n + x * (n + 1) + Math.Pow(x, n) + q * x + m;
            }

            [Differentiable] public static double LiteralSuffixes(double x) => 2d * x + 1_000.0 * x + 0x10 * x + 3L * x + 1.5e+2 * x + 0.5f * x;
            [Differentiable] public static double ConstantResult(double x) => Math.PI * 2;
            [Differentiable] public static float FloatConstants(float x) => MathF.PI * x * x + MathF.E + Quarter * x;
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Const_fields_of_the_type() =>
        NumericAssert.Derivative(Method("ConstFields"), x => x + 3, -1.5, 0.25, 2.75);

    [Fact]
    public void Static_readonly_fields_of_the_type() =>
        NumericAssert.Derivative(Method("ReadonlyFields"), x => 2 * 1.75 * x / Math.Sqrt(2.0), -1.5, 0.25, 2.75);

    [Fact]
    public void Const_and_static_readonly_fields_of_another_type() =>
        NumericAssert.Derivative(Method("OtherTypesFields"), x => 1.25 + x, -1.5, 0.25, 2.75);

    [Fact]
    public void Math_PI_and_Math_E() =>
        NumericAssert.Derivative(Method("PiAndE"), x => (Math.PI * Math.Cos(x)) + Math.E, -1.5, 0.25, 2.75);

    [Fact]
    public void Fields_in_divisors() =>
        NumericAssert.Derivative(Method("FieldsAsDivisors"), x => (1 / 1.75) - (3 / (x * x)) + 2, -1.5, 0.25, 2.75);

    [Fact]
    public void Local_constants_including_int_constants_the_compiler_folds() =>
        NumericAssert.Derivative(Method("LocalConstant"), x => 2 + 3 + (2 * x) + 0.5, -1.5, 0.25, 2.75);

    [Fact]
    public void Literals_with_suffixes_separators_hex_and_exponents() =>
        NumericAssert.Derivative(Method("LiteralSuffixes"), _ => 2 + 1000 + 16 + 3 + 150 + 0.5, -1.5, 0.25, 2.75);

    [Fact]
    public void A_constant_result_has_derivative_exactly_zero()
    {
        Infrastructure.Differentiated f = Method("ConstantResult");
        NumericAssert.Derivative(f, _ => 0, -1.5, 0.25, 2.75);
        NumericAssert.ExactAdjoints(f, [0.25], 0.0);
    }

    [Fact]
    public void MathF_PI_and_E_and_a_float_const() =>
        NumericAssert.Derivative(Method("FloatConstants"), x => (2 * Math.PI * x) + 0.25, NumericAssert.Float, -1.5, 0.25, 2.75);
}
