namespace GradientGen.Tests.Numeric;

/// <summary>The Math rules apply however the user spells the call: using static, aliases, qualified names, named arguments.</summary>
public class MathSpellingTests
{
    private const string Type = "Numeric.Spelling";

    private static readonly CompiledSource Source = new("""
        using GradientGen;
        using static System.Math;
        using MF = System.MathF;

        namespace Numeric;

        public static partial class Spelling
        {
            [Differentiable] public static double UsingStatic(double x) => Sin(x) * Exp(x) + Pow(x, 2) + PI;
            [Differentiable] public static float Alias(float x) => MF.Cos(x) * MF.Sqrt(x);
            [Differentiable] public static double Qualified(double x) => System.Math.Tanh(x) + global::System.Math.Atan(x);
            [Differentiable] public static double NamedArguments(double x, double y) => Pow(y: 2, x: x * y) + Log(newBase: 3, a: x) + Atan2(x: y, y: x);
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Functions_imported_with_using_static() =>
        NumericAssert.Derivative(Method("UsingStatic"), x => (Math.Cos(x) * Math.Exp(x)) + (Math.Sin(x) * Math.Exp(x)) + (2 * x), -1.5, 0.25, 2);

    [Fact]
    public void Functions_through_a_using_alias() =>
        NumericAssert.Derivative(Method("Alias"), x => (-Math.Sin(x) * Math.Sqrt(x)) + (Math.Cos(x) * 0.5 / Math.Sqrt(x)), NumericAssert.Float, 0.25, 1, 2.5);

    [Fact]
    public void Qualified_and_global_qualified_names() =>
        NumericAssert.Derivative(Method("Qualified"), x => 1 - (Math.Tanh(x) * Math.Tanh(x)) + (1 / (1 + (x * x))), -1.5, 0.25, 2);

    [Fact]
    public void Named_arguments_out_of_order() =>
        NumericAssert.Gradient(
            Method("NamedArguments"),
            p =>
            {
                // (xy)² + log₃ x + atan2(x, y).
                double x = p[0], y = p[1], r = (x * x) + (y * y);
                return [(2 * x * y * y) + (1 / (x * Math.Log(3))) + (y / r), (2 * x * x * y) - (x / r)];
            },
            [0.5, 2],
            [1.25, -0.75],
            [1.7, 0.3]);
}
