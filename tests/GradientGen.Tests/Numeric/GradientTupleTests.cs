using System.Reflection;
using System.Runtime.CompilerServices;

namespace GradientGen.Tests.Numeric;

/// <summary><c>…Gradient</c> returns (Value, dX, …), exactly what <c>…Backward</c> gives with dResult = 1 from zero adjoints.</summary>
public class GradientTupleTests
{
    private const string Type = "Numeric.Tuples";
    private const string InstanceType = "Numeric.InstanceTuples";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Tuples
        {
            [Differentiable] public static double Two(double x, double y) => Math.Sin(x * y) + x / y;
            [Differentiable] private static double Private(double x) => x * x * x;
            [Differentiable] public static double Skips(int n, double x, [NoDerivative] double k, double y) => n * x * k + Math.Exp(y);
            [Differentiable] public static double Overwrites(double x, double y) { x = x * y; y += x; return x * y; }
            [Differentiable] public static float InFloat(float x, float y) => MathF.Atan2(x, y) * x;
            [Differentiable] public static double Mixed(double x, float y) => x * y + (float)x;
            [Differentiable] public static double Calls(double x, double y) => Two(x, y) * Private(y);
        }

        public partial class InstanceTuples
        {
            [Differentiable] public double Scaled(double x, double y) => 3 * x * y;
        }
        """);

    public static TheoryData<string, double[]> Cases => new()
    {
        { "Two", [0.5, 2] },
        { "Two", [-1.25, 0.75] },
        { "Private", [1.5] },
        { "Private", [-0.5] },
        { "Skips", [3, 0.5, 2, -1] },
        { "Overwrites", [1.5, -0.5] },
        { "InFloat", [0.5, 2] },
        { "InFloat", [-1.25, -0.75] },
        { "Mixed", [0.5, 2] },
        { "Calls", [-1.25, 0.75] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_tuple_equals_the_backward_seeded_with_one(string method, double[] args) =>
        AssertTupleMatchesBackward(Type, method, args);

    [Fact]
    public void Gradient_tuple_of_an_instance_method() =>
        AssertTupleMatchesBackward(InstanceType, "Scaled", [0.5, -2]);

    [Fact]
    public void Gradient_tuple_values_are_the_analytic_gradient()
    {
        double[] tuple = NumericAssert.GradientTuple(Source.Assembly, Type, "Two", 0.5, 2);
        Assert.Equal(Math.Sin(1) + 0.25, tuple[0], 14);
        Assert.Equal((2 * Math.Cos(1)) + 0.5, tuple[1], 14);
        Assert.Equal((0.5 * Math.Cos(1)) - (0.5 / 4), tuple[2], 14);
    }

    [Fact]
    public void Gradient_tuple_elements_are_named_Value_and_the_adjoints()
    {
        MethodInfo gradient = Source.Assembly.GetType(Type)!.GetMethod("SkipsGradient")!;
        Assert.Equal(["Value", "dX", "dY"], gradient.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()!.TransformNames);
        Assert.Equal(typeof(ValueTuple<double, double, double>), gradient.ReturnType);
    }

    [Fact]
    public void Gradient_tuple_of_a_mixed_method_has_the_parameters_types() =>
        Assert.Equal(typeof(ValueTuple<double, double, float>), Source.Assembly.GetType(Type)!.GetMethod("MixedGradient")!.ReturnType);

    private static void AssertTupleMatchesBackward(string type, string method, double[] args)
    {
        Infrastructure.Differentiated f = Source.Method(type, method);
        (double value, double[] adjoints) = f.Backprop(args);
        double[] tuple = NumericAssert.GradientTuple(Source.Assembly, type, method, args);
        Assert.Equal([value, .. adjoints], tuple);
    }
}
