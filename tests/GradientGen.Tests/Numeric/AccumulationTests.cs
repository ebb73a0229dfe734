namespace GradientGen.Tests.Numeric;

/// <summary>
/// The backward adds dResult·gradient into the caller's adjoints (never overwrites them) and returns
/// exactly the primal's value, whatever the seed and the starting adjoints.
/// </summary>
public class AccumulationTests
{
    private const string Type = "Numeric.Accumulation";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Accumulation
        {
            [Differentiable] public static double Plain(double x, double y) => Math.Sin(x) * y + x / y;

            [Differentiable]
            public static double OverwritesParameters(double x, double y)
            {
                x = x * y;
                y = Math.Exp(x) - y;
                return x * y;
            }

            [Differentiable]
            public static double UpdatesParametersInPlace(double x, double y)
            {
                x += y;
                y -= x * 0.5;
                y++;
                return x * y;
            }

            [Differentiable] public static double CallsWithARepeatedArgument(double x, double y) => Plain(x, x) + UpdatesParametersInPlace(y, x) + OverwritesParameters(y, y);
            [Differentiable] public static double WithNoDerivative(double x, [NoDerivative] double k, double y) => k * x * y;
            [Differentiable] public static float InFloat(float x, float y) { x *= y; return MathF.Sqrt(x * x + 1f) + y; }
        }
        """);

    public static TheoryData<string> DoubleMethods => new("Plain", "OverwritesParameters", "UpdatesParametersInPlace", "CallsWithARepeatedArgument", "WithNoDerivative");

    private static readonly double[][] Points = [[0.5, 2, 1.5], [-1.25, 0.75, -2], [1.7, -0.3, 0.25]];

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    private static double[] Arguments(Infrastructure.Differentiated f, double[] point) => point.Take(f.Backward.GetParameters().Length - f.AdjointCount - 1).ToArray();

    [Theory]
    [MemberData(nameof(DoubleMethods))]
    public void Nonzero_start_and_seed_2_5_give_start_plus_2_5_times_the_gradient(string method)
    {
        Infrastructure.Differentiated f = Method(method);
        foreach (double[] point in Points)
        {
            double[] args = Arguments(f, point);
            double[] start = Enumerable.Range(0, f.AdjointCount).Select(i => (3.5 * i) - 1.25).ToArray();
            double[] gradient = f.Backprop(args).Adjoints;
            double[] seeded = f.Backprop(args, 2.5, start).Adjoints;
            for (int i = 0; i < start.Length; i++)
            {
                Infrastructure.GradientAssert.Close(start[i] + (2.5 * gradient[i]), seeded[i], 1e-12, $"{method} adjoint {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DoubleMethods))]
    public void Two_calls_into_the_same_adjoints_sum_their_gradients(string method)
    {
        Infrastructure.Differentiated f = Method(method);
        double[] args = Arguments(f, Points[1]);
        double[] once = f.Backprop(args).Adjoints;
        double[] twice = f.Backprop(args, 1.0, once).Adjoints;
        for (int i = 0; i < once.Length; i++)
        {
            Infrastructure.GradientAssert.Close(2 * once[i], twice[i], 1e-12, $"{method} adjoint {i}");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleMethods))]
    public void Seed_zero_leaves_the_adjoints_exactly_as_they_were(string method)
    {
        Infrastructure.Differentiated f = Method(method);
        double[] start = Enumerable.Range(0, f.AdjointCount).Select(i => (3.5 * i) - 1.25).ToArray();
        Assert.Equal(start, f.Backprop(Arguments(f, Points[2]), 0.0, start).Adjoints);
    }

    [Theory]
    [MemberData(nameof(DoubleMethods))]
    public void The_backward_returns_exactly_the_primal_value_for_any_seed(string method)
    {
        Infrastructure.Differentiated f = Method(method);
        foreach (double[] point in Points)
        {
            double[] args = Arguments(f, point);
            double primal = f.Value(args);
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal), BitConverter.DoubleToInt64Bits(f.Backprop(args).Value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal), BitConverter.DoubleToInt64Bits(f.Backprop(args, -3.0, [1, 2]).Value));
        }
    }

    [Fact]
    public void Accumulation_and_gradient_of_the_calls_with_repeated_arguments() =>
        NumericAssert.Gradient(
            Method("CallsWithARepeatedArgument"),
            p =>
            {
                double x = p[0], y = p[1];

                // Plain(x, x) = x sin x + 1; UpdatesParametersInPlace(y, x) = (y + x)(1 + x/2 − y/2);
                // OverwritesParameters(y, y) = y² (exp(y²) − y).
                double s = y + x, t = 1 + (x / 2) - (y / 2), e = Math.Exp(y * y);
                return [Math.Sin(x) + (x * Math.Cos(x)) + t + (s * 0.5), t - (s * 0.5) + (2 * y * (e - y)) + (y * y * ((2 * y * e) - 1))];
            },
            [0.5, 0.2],
            [-1.25, 0.75],
            [1.7, -0.3]);

    [Fact]
    public void Float_backward_accumulates_too() =>
        NumericAssert.Gradient(
            Method("InFloat"),
            p =>
            {
                double u = p[0] * p[1], r = Math.Sqrt((u * u) + 1);
                return [u / r * p[1], (u / r * p[0]) + 1];
            },
            NumericAssert.Float,
            [0.5, 2],
            [-1.25, 0.75],
            [1.75, -0.25]);
}
