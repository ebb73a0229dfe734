namespace GradientGen.Tests.Numeric;

/// <summary>The one-argument <c>Math</c> functions with a built-in derivative rule, alone and composed.</summary>
public class ElementaryFunctionTests
{
    private const string Type = "Numeric.Elementary";

    /// <summary>Each function's analytic derivative and points inside its domain (avoiding poles and branch points).</summary>
    private static readonly Dictionary<string, (Func<double, double> Derivative, double[] Points)> Functions = new()
    {
        ["Sin"] = (Math.Cos, [-2, 0.3, 1.7, 4]),
        ["Cos"] = (x => -Math.Sin(x), [-2, 0.3, 1.7, 4]),
        ["Tan"] = (x => 1 / (Math.Cos(x) * Math.Cos(x)), [-1.2, 0, 0.3, 1.0]),
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
        ["Log10"] = (x => 1 / (x * Math.Log(10)), [0.2, 1, 7]),
        ["Log2"] = (x => 1 / (x * Math.Log(2)), [0.2, 1, 7]),
        ["Sqrt"] = (x => 0.5 / Math.Sqrt(x), [0.1, 1, 9]),
        ["Cbrt"] = (x => 1 / (3 * Math.Cbrt(x) * Math.Cbrt(x)), [-8, -0.5, 0.3, 27]),
    };

    private static readonly CompiledSource Source = new($$"""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Elementary
        {
        {{string.Join("\n", Functions.Keys.Select(f => $"    [Differentiable] public static double {f}(double x) => Math.{f}(x);"))}}

            [Differentiable] public static double SineOfProduct(double x, double y) => Math.Sin(x * y);
            [Differentiable] public static double Composed(double x) => Math.Exp(Math.Sin(x)) * Math.Log(1 + x * x) / Math.Sqrt(2 + Math.Cos(x));
            [Differentiable] public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

            [Differentiable]
            public static double ResultsReadByTheirDerivativeThenOverwritten(double x)
            {
                double y = Math.Exp(x);
                y = Math.Tanh(y * 0.5);
                y = Math.Sqrt(y + 1);
                y = Math.Tan(y) + Math.Cbrt(y);
                return y;
            }
        }
        """);

    public static TheoryData<string> FunctionNames => new(Functions.Keys);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Math_function_matches_its_analytic_derivative(string function) =>
        NumericAssert.Derivative(Method(function), Functions[function].Derivative, Functions[function].Points);

    [Fact]
    public void Sine_of_a_product_applies_the_chain_rule() =>
        NumericAssert.Gradient(Method("SineOfProduct"), p => [p[1] * Math.Cos(p[0] * p[1]), p[0] * Math.Cos(p[0] * p[1])], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Composition_of_several_functions() =>
        NumericAssert.Derivative(
            Method("Composed"),
            x =>
            {
                double a = Math.Exp(Math.Sin(x)), b = Math.Log(1 + (x * x)), c = Math.Sqrt(2 + Math.Cos(x));
                double da = a * Math.Cos(x), db = 2 * x / (1 + (x * x)), dc = -Math.Sin(x) / (2 * c);
                return (((da * b) + (a * db)) / c) - (a * b * dc / (c * c));
            },
            -1.5,
            0.25,
            2);

    [Fact]
    public void Logistic_sigmoid() =>
        NumericAssert.Derivative(Method("Sigmoid"), z => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2), -3, 0, 2.5);

    [Fact]
    public void Functions_whose_derivative_reads_their_result_with_that_result_overwritten() =>
        NumericAssert.Derivative(
            Method("ResultsReadByTheirDerivativeThenOverwritten"),
            x =>
            {
                double e = Math.Exp(x), t = Math.Tanh(e * 0.5), s = Math.Sqrt(t + 1);
                double ds = (1 / (2 * s)) * (1 - (t * t)) * 0.5 * e;
                return ((1 / (Math.Cos(s) * Math.Cos(s))) + (1 / (3 * Math.Cbrt(s) * Math.Cbrt(s)))) * ds;
            },
            -1.5,
            0.25,
            1);
}
