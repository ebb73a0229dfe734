namespace GradientGen.Tests.Numeric;

/// <summary>
/// The static functions of <c>double</c> and <c>float</c> themselves (<c>double.Exp</c>, <c>float.Tanh</c>, .NET 7's
/// generic-math surface) differentiate by the same rules as <c>Math</c>/<c>MathF</c>, and the functions only they
/// have (<c>Hypot</c>, <c>Exp2</c>, <c>SinPi</c>, <c>Lerp</c>, …) have rules of their own: each against its analytic
/// derivative and central finite differences.
/// </summary>
public class FloatingTypeMemberTests
{
    private const string Type = "Numeric.FloatingMembers";

    private static readonly double Ln2 = Math.Log(2), Ln10 = Math.Log(10);

    /// <summary>One-argument functions of double and float: analytic derivative and points inside the domain.</summary>
    internal static readonly Dictionary<string, (Func<double, double> Derivative, double[] Points)> Unary = new()
    {
        ["Sin"] = (Math.Cos, [-2, 0.3, 1.7]),
        ["Cos"] = (x => -Math.Sin(x), [-2, 0.3, 1.7]),
        ["Tan"] = (x => 1 / (Math.Cos(x) * Math.Cos(x)), [-1.2, 0, 0.3]),
        ["Asin"] = (x => 1 / Math.Sqrt(1 - (x * x)), [-0.9, 0, 0.6]),
        ["Acos"] = (x => -1 / Math.Sqrt(1 - (x * x)), [-0.9, 0, 0.6]),
        ["Atan"] = (x => 1 / (1 + (x * x)), [-3, 0, 1.5]),
        ["Sinh"] = (Math.Cosh, [-2, 0, 1.5]),
        ["Cosh"] = (Math.Sinh, [-2, 0, 1.5]),
        ["Tanh"] = (x => 1 - (Math.Tanh(x) * Math.Tanh(x)), [-2, 0, 0.7]),
        ["Asinh"] = (x => 1 / Math.Sqrt((x * x) + 1), [-3, 0, 2]),
        ["Acosh"] = (x => 1 / Math.Sqrt((x * x) - 1), [1.2, 2, 5]),
        ["Atanh"] = (x => 1 / (1 - (x * x)), [-0.8, 0, 0.5]),
        ["Exp"] = (Math.Exp, [-2, 0, 1.5]),
        ["Log"] = (x => 1 / x, [0.2, 1, 7]),
        ["Log10"] = (x => 1 / (x * Ln10), [0.2, 1, 7]),
        ["Log2"] = (x => 1 / (x * Ln2), [0.2, 1, 7]),
        ["Sqrt"] = (x => 0.5 / Math.Sqrt(x), [0.1, 1, 9]),
        ["Cbrt"] = (x => 1 / (3 * Math.Cbrt(x) * Math.Cbrt(x)), [-8, -0.5, 0.3, 27]),
        ["Abs"] = (x => Math.Sign(x), [-2, -0.5, 0.5, 3]),
        ["Exp2"] = (x => Math.Pow(2, x) * Ln2, [-2, 0, 1.5]),
        ["Exp10"] = (x => Math.Pow(10, x) * Ln10, [-1.5, 0, 0.7]),
        ["ExpM1"] = (Math.Exp, [-2, 1e-3, 1.5]),
        ["Exp2M1"] = (x => Math.Pow(2, x) * Ln2, [-2, 1e-3, 1.5]),
        ["Exp10M1"] = (x => Math.Pow(10, x) * Ln10, [-1.5, 1e-3, 0.7]),
        ["LogP1"] = (x => 1 / (1 + x), [-0.5, 1e-3, 6]),
        ["Log2P1"] = (x => 1 / ((1 + x) * Ln2), [-0.5, 1e-3, 6]),
        ["Log10P1"] = (x => 1 / ((1 + x) * Ln10), [-0.5, 1e-3, 6]),
        ["SinPi"] = (x => Math.PI * Math.Cos(Math.PI * x), [-0.7, 0.1, 1.3]),
        ["CosPi"] = (x => -Math.PI * Math.Sin(Math.PI * x), [-0.7, 0.1, 1.3]),
        ["TanPi"] = (x => Math.PI / (Math.Cos(Math.PI * x) * Math.Cos(Math.PI * x)), [-0.3, 0, 0.2]),
        ["AsinPi"] = (x => 1 / (Math.PI * Math.Sqrt(1 - (x * x))), [-0.9, 0, 0.6]),
        ["AcosPi"] = (x => -1 / (Math.PI * Math.Sqrt(1 - (x * x))), [-0.9, 0, 0.6]),
        ["AtanPi"] = (x => 1 / (Math.PI * (1 + (x * x))), [-3, 0, 1.5]),
        ["DegreesToRadians"] = (_ => Math.PI / 180, [-90, 0, 30]),
        ["RadiansToDegrees"] = (_ => 180 / Math.PI, [-2, 0, 0.5]),
        ["Floor"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Ceiling"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Round"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
        ["Truncate"] = (_ => 0, [-1.7, -0.3, 0.4, 2.62]),
    };

    private static readonly CompiledSource Source = new($$"""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class FloatingMembers
        {
        {{string.Join("\n", Unary.Keys.Select(f => $"    [Differentiable] public static double {f}(double x) => double.{f}(x);"))}}
        {{string.Join("\n", Unary.Keys.Select(f => $"    [Differentiable] public static float Float{f}(float x) => float.{f}(x);"))}}

            [Differentiable] public static double Atan2(double y, double x) => double.Atan2(y, x);
            [Differentiable] public static double Atan2Pi(double y, double x) => double.Atan2Pi(y, x);
            [Differentiable] public static double Hypot(double x, double y) => double.Hypot(x, y);
            [Differentiable] public static float FloatHypot(float x, float y) => float.Hypot(x, y);
            [Differentiable] public static double HypotOfTheSameValue(double x) => double.Hypot(x, x);
            [Differentiable] public static double Lerp(double a, double b, double t) => double.Lerp(a, b, t);
            [Differentiable] public static float FloatLerp(float a, float b, float t) => float.Lerp(a, b, t);
            [Differentiable] public static double Fma(double a, double b, double c) => double.FusedMultiplyAdd(a, b, c);
            [Differentiable] public static double Pow(double x, double y) => double.Pow(x, y);
            [Differentiable] public static double PowConstant(double x) => double.Pow(x, 3);
            [Differentiable] public static double LogWithBase(double a, double b) => double.Log(a, b);
            [Differentiable] public static double Max(double x, double y) => double.Max(x, y);
            [Differentiable] public static double Min(double x, double y) => double.Min(x, y);
            [Differentiable] public static double Clamp(double x, double lo, double hi) => double.Clamp(x, lo, hi);
            [Differentiable] public static double SignTimesX(double x) => double.Sign(x) * x;
            [Differentiable] public static double Constants(double x) => double.Pi * x + double.E * x * x + double.Tau;

            [Differentiable]
            public static double Mixed(double x, double y)
            {
                double r = double.Hypot(x, y);
                double s = Math.Exp(-r) + double.Exp2(x) * double.SinPi(y);
                return double.Lerp(s, r, 0.25) + double.LogP1(x * x);
            }

            // Results whose derivative reads only the result, overwritten on every iteration (saved on the value stack).
            [Differentiable]
            public static double Loop(double x, int n)
            {
                double y = x;
                for (int i = 0; i < n; i++)
                {
                    y = double.Exp2(y * 0.5) - 1.0;
                    y = double.TanPi(y * 0.2);
                    y = double.ExpM1(y) + double.Hypot(y, x);
                }

                return y;
            }
        }
        """);

    public static TheoryData<string> UnaryNames => new(Unary.Keys);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Double_member_matches_its_analytic_derivative(string function) =>
        NumericAssert.Derivative(Method(function), Unary[function].Derivative, Unary[function].Points);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Float_member_matches_its_analytic_derivative(string function) =>
        NumericAssert.Derivative(Method("Float" + function), Unary[function].Derivative, NumericAssert.Float, Unary[function].Points);

    [Fact]
    public void Atan2_and_Atan2Pi() =>
        NumericAssert.Gradient(
            Method("Atan2"),
            p => [p[1] / ((p[0] * p[0]) + (p[1] * p[1])), -p[0] / ((p[0] * p[0]) + (p[1] * p[1]))],
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Atan2Pi_is_Atan2_over_pi() =>
        NumericAssert.Gradient(
            Method("Atan2Pi"),
            p => [p[1] / (Math.PI * ((p[0] * p[0]) + (p[1] * p[1]))), -p[0] / (Math.PI * ((p[0] * p[0]) + (p[1] * p[1])))],
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Hypot_in_double_and_float()
    {
        static double[] Gradient(double[] p) => [p[0] / Math.Sqrt((p[0] * p[0]) + (p[1] * p[1])), p[1] / Math.Sqrt((p[0] * p[0]) + (p[1] * p[1]))];
        NumericAssert.Gradient(Method("Hypot"), Gradient, [3, 4], [-1.25, 0.75], [1e-3, -2]);
        NumericAssert.Gradient(Method("FloatHypot"), Gradient, NumericAssert.Float, [3, 4], [-1.25, 0.75], [0.5, -2]);
    }

    [Fact]
    public void Hypot_of_the_same_value_twice_adds_both_terms() =>
        NumericAssert.Derivative(Method("HypotOfTheSameValue"), x => Math.Sign(x) * Math.Sqrt(2), -2, 0.5, 3);

    [Fact]
    public void Hypot_at_the_origin_has_derivative_zero() =>
        NumericAssert.ExactAdjoints(Method("Hypot"), [0, 0], 0, 0);

    [Fact]
    public void Lerp_in_double_and_float()
    {
        static double[] Gradient(double[] p) => [1 - p[2], p[2], p[1] - p[0]];
        NumericAssert.Gradient(Method("Lerp"), Gradient, [1, 3, 0.25], [-2, 0.5, 1.5], [0.3, -0.7, -0.4]);
        NumericAssert.Gradient(Method("FloatLerp"), Gradient, NumericAssert.Float, [1, 3, 0.25], [-2, 0.5, 1.5], [0.3, -0.7, -0.4]);
    }

    [Fact]
    public void FusedMultiplyAdd() =>
        NumericAssert.Gradient(Method("Fma"), p => [p[1], p[0], 1], [1, 3, 0.25], [-2, 0.5, 1.5], [0.3, -0.7, -0.4]);

    [Fact]
    public void Pow_with_a_variable_and_a_constant_exponent()
    {
        NumericAssert.Gradient(Method("Pow"), p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])], [0.5, 2], [1.5, -0.75], [2.7, 0.3]);
        NumericAssert.Derivative(Method("PowConstant"), x => 3 * x * x, -1.5, 0.25, 2);
    }

    [Fact]
    public void Log_with_a_base() =>
        NumericAssert.Gradient(
            Method("LogWithBase"),
            p => [1 / (p[0] * Math.Log(p[1])), -Math.Log(p[0]) / (p[1] * Math.Log(p[1]) * Math.Log(p[1]))],
            [0.5, 2],
            [1.5, 3],
            [7, 0.3]);

    [Fact]
    public void Max_Min_and_Clamp_follow_the_Math_conventions()
    {
        NumericAssert.Gradient(Method("Max"), p => p[0] >= p[1] ? [1, 0] : [0, 1], [0.5, 2], [1.5, -3], [-1, -0.5]);
        NumericAssert.Gradient(Method("Min"), p => p[0] <= p[1] ? [1, 0] : [0, 1], [0.5, 2], [1.5, -3], [-1, -0.5]);
        NumericAssert.Gradient(Method("Clamp"), p => p[0] < p[1] ? [0, 1, 0] : p[0] > p[2] ? [0, 0, 1] : [1, 0, 0], [0.5, 0, 1], [-1.5, -1, 1], [3, -1, 1]);
        NumericAssert.ExactAdjoints(Method("Max"), [1, 1], 1, 0);
        NumericAssert.ExactAdjoints(Method("Clamp"), [1, 0, 1], 1, 0, 0);
    }

    [Fact]
    public void Sign_is_piecewise_constant() =>
        NumericAssert.Derivative(Method("SignTimesX"), x => Math.Sign(x), -2, 0.5, 3);

    [Fact]
    public void Pi_E_and_Tau_are_constants() =>
        NumericAssert.Derivative(Method("Constants"), x => Math.PI + (2 * Math.E * x), -2, 0.5, 3);

    [Fact]
    public void Composition_of_members_and_Math() =>
        NumericAssert.Gradient(
            Method("Mixed"),
            p =>
            {
                double x = p[0], y = p[1], r = Math.Sqrt((x * x) + (y * y));
                double e2 = Math.Pow(2, x), sp = Math.Sin(Math.PI * y);
                double s = Math.Exp(-r) + (e2 * sp);
                double dsdr = -Math.Exp(-r);
                double dsdx = (dsdr * x / r) + (e2 * Ln2 * sp), dsdy = (dsdr * y / r) + (e2 * Math.PI * Math.Cos(Math.PI * y));
                _ = s;
                return [(0.75 * dsdx) + (0.25 * x / r) + (2 * x / (1 + (x * x))), (0.75 * dsdy) + (0.25 * y / r)];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -0.3]);

    [Fact]
    public void Results_read_by_their_derivative_and_overwritten_in_a_loop()
    {
        Infrastructure.Differentiated f = Method("Loop");
        foreach (int n in new[] { 0, 1, 4 })
        {
            NumericAssert.Gradient(f, [0], p => [FiniteDifference(p[0], n)], [0.3, n], [-0.4, n], [0.8, n]);
        }

        static double Loop(double x, int n)
        {
            double y = x;
            for (int i = 0; i < n; i++)
            {
                y = Math.Pow(2, y * 0.5) - 1.0;
                y = Math.Tan(Math.PI * y * 0.2);
                y = Math.Exp(y) - 1 + Math.Sqrt((y * y) + (x * x));
            }

            return y;
        }

        // The closed form is long; a Richardson-extrapolated central difference of the plain loop is exact to ~1e-12.
        static double FiniteDifference(double x, int n)
        {
            double Central(double h) => (Loop(x + h, n) - Loop(x - h, n)) / (2 * h);
            return ((4 * Central(1e-4)) - Central(2e-4)) / 3;
        }
    }
}
