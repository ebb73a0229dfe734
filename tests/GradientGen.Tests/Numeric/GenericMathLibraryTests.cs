using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// A generic [Differentiable] method compiled into another assembly (a project or package reference): calls to
/// it at double and float, and from a generic method, use its compiled generic backward, found by attribute
/// and by its signature constructed with the call's type arguments.
/// </summary>
public class GenericMathLibraryTests
{
    private const string Library = """
        using System.Numerics;
        using GradientGen;

        namespace Lib;

        public static partial class Generic
        {
            [Differentiable]
            public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));
        }
        """;

    private const string Consumer = """
        using System.Numerics;
        using GradientGen;
        using Lib;

        namespace App;

        public static partial class Consumer
        {
            [Differentiable] public static double AtDouble(double x) => Generic.Softplus(x * 2) * x;

            [Differentiable] public static float AtFloat(float x) => Generic.Softplus<float>(x) + x;

            [Differentiable] public static T FromGeneric<T>(T x) where T : IFloatingPointIeee754<T> => Generic.Softplus(x) * Generic.Softplus(-x);
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoadWithLibrary(Library, Consumer));

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Fact]
    public void A_double_method_calls_the_compiled_generic_backward_at_double() =>
        NumericAssert.Derivative(new Differentiated(Compiled.Value, "App.Consumer", "AtDouble"), x => (2 * Sigmoid(2 * x) * x) + Softplus(2 * x), -1.5, 0.25, 2);

    [Fact]
    public void A_float_method_calls_it_at_float() =>
        NumericAssert.Derivative(new Differentiated(Compiled.Value, "App.Consumer", "AtFloat"), x => Sigmoid(x) + 1, NumericAssert.Float, -1.5, 0.25, 2);

    [Theory]
    [InlineData("double")]
    [InlineData("float")]
    public void A_generic_method_calls_it_at_its_own_T(string t) =>
        NumericAssert.Derivative(
            new Differentiated(Compiled.Value.GetType("App.Consumer", throwOnError: true)!, "FromGeneric", [t == "float" ? typeof(float) : typeof(double)]),
            x => (Sigmoid(x) * Softplus(-x)) - (Softplus(x) * Sigmoid(-x)),
            t == "float" ? NumericAssert.Float : NumericAssert.Double,
            -1.5,
            0.25,
            2);
}
