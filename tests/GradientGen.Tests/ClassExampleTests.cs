using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests;

/// <summary>The course's worked example: s = e(e(g(x), f(y)), h(f(y))) with e = x·y, f = 3x, g = x², h = sin.</summary>
public class ClassExampleTests
{
    private const string Source = """
        using System;
        using GradientGen;

        namespace Course;

        public static partial class Example
        {
            [Differentiable] public static double E(double x, double y) => x * y;
            [Differentiable] public static double F(double x) => 3 * x;
            [Differentiable] public static double G(double x) => x * x;
            [Differentiable] public static double H(double x) => Math.Sin(x);
            [Differentiable] public static double S(double x, double y) => E(E(G(x), F(y)), H(F(y)));
        }
        """;

    [Fact]
    public void Gradient_at_3_4_is_the_true_value_not_the_notes_hand_arithmetic()
    {
        var s = new Differentiated(GeneratorHarness.CompileAndLoad(Source), "Course.Example", "S");
        (double value, double[] d) = s.Backprop([3, 4]);

        // s = 3x²y·sin(3y); ∂s/∂x = 6xy·sin(3y) = 72·sin 12; ∂s/∂y = 3x²(sin(3y) + 3y·cos(3y)) = 9·(3 sin 12 + 36 cos 12).
        Assert.Equal(108 * Math.Sin(12), value, 12);
        Assert.Equal(72 * Math.Sin(12), d[0], 12);
        Assert.Equal(9 * (3 * Math.Sin(12) + 36 * Math.Cos(12)), d[1], 10);
        Assert.InRange(d[0], -38.6333, -38.6332);
        Assert.InRange(d[1], 258.92, 258.93);
    }

    [Fact]
    public void Gradient_matches_finite_differences_at_several_points()
    {
        var s = new Differentiated(GeneratorHarness.CompileAndLoad(Source), "Course.Example", "S");
        GradientAssert.MatchesFiniteDifferences(s, [0, 1], [[3, 4], [-1.5, 0.25], [0.1, -2], [2.5, 1.7]], tolerance: 1e-6);
    }
}
