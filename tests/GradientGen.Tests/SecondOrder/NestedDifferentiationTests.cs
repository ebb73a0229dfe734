using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.SecondOrder;

/// <summary>
/// Nested differentiation: [Differentiable] methods that call another's generated <c>…Gradient</c> or
/// <c>…Backward</c> (reverse mode inside) or <c>…Tangent</c> (forward mode inside), differentiated in reverse mode (<c>…Backward</c>) and in
/// forward mode (<c>…Tangent</c>), against central differences at several points and against closed forms:
/// the gradient of ½‖∇f‖² is H·∇f (the generated Hessian-vector product), and of the class's example exactly.
/// </summary>
public class NestedDifferentiationTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        public static partial class N
        {
            [Differentiable]
            public static double Potential(double x, double y, double w) => x * x * y * w + Math.Sin(y * w) + Math.Exp(0.3 * x * w);

            // Reverse mode inside: two calls, deconstructed and read by member, one with computed arguments.
            [Differentiable]
            public static double UsesGradient(double x, double y, double w)
            {
                var (v, gx, gy, gw) = PotentialGradient(x, y, w);
                var g = PotentialGradient(y, x, w * w);
                return v * gx + gy * gw + g.dX * Math.Cos(g.Value);
            }

            // Forward mode inside: a constant direction as a statement, an active one as a value.
            [Differentiable]
            public static double UsesTangent(double x, double y, double w)
            {
                PotentialTangent(x, y, w, 1, 0, 0, out double dx);
                double v = PotentialTangent(x, y, w, y, x, w * w, out double along);
                return dx * v + along * along;
            }

            // The backward inside, accumulating into locals (one only read by a condition), with an active dResult.
            [Differentiable]
            public static double UsesBackward(double x, double y, double w)
            {
                double gx = 0, gy = 0, gw = 0, flag = 0;
                PotentialBackward(x, y, w, y, ref gx, ref gy, ref gw);
                double v = PotentialBackward(y, x, w, 2.0, ref gx, ref flag, ref gw);
                if (flag > 0) v += 1;
                return v * gx + gy * gw;
            }

            // The class: s = e(e(g(x), f(y)), h(f(y))) = 3x²y·sin 3y; half the squared norm of its gradient.
            [Differentiable]
            public static double Class(double x, double y) => x * x * (3 * y) * Math.Sin(3 * y);

            [Differentiable]
            public static double HalfGradientNormSquared(double x, double y)
            {
                var (_, gx, gy) = ClassGradient(x, y);
                return 0.5 * (gx * gx + gy * gy);
            }

            // A loop with a data-dependent exit around the nested call (GradBench's particle, shortened).
            [Differentiable]
            public static double Trajectory(double w)
            {
                double x0 = 0, x1 = 8, v0 = 0.75, v1 = 0;
                for (int step = 0; step < 400; step++)
                {
                    var (_, g0, g1, _) = ChargesGradient(x0, x1, w);
                    x0 += 0.1 * v0;
                    x1 += 0.1 * v1;
                    if (x1 <= 0)
                    {
                        double xf = x0 - x1 / v1 * v0;
                        return xf * xf;
                    }

                    v0 -= 0.1 * g0;
                    v1 -= 0.1 * g1;
                }

                return x0;
            }

            [Differentiable]
            public static double Charges(double x0, double x1, double w) =>
                1 / Math.Sqrt((10 - x0) * (10 - x0) + (10 - w - x1) * (10 - w - x1)) + 1 / Math.Sqrt((10 - x0) * (10 - x0) + x1 * x1);

            // The same with forward mode inside.
            [Differentiable]
            public static double TrajectoryByTangents(double w)
            {
                double x0 = 0, x1 = 8, v0 = 0.75, v1 = 0;
                for (int step = 0; step < 400; step++)
                {
                    ChargesTangent(x0, x1, w, 1, 0, 0, out double g0);
                    ChargesTangent(x0, x1, w, 0, 1, 0, out double g1);
                    x0 += 0.1 * v0;
                    x1 += 0.1 * v1;
                    if (x1 <= 0)
                    {
                        double xf = x0 - x1 / v1 * v0;
                        return xf * xf;
                    }

                    v0 -= 0.1 * g0;
                    v1 -= 0.1 * g1;
                }

                return x0;
            }

            // A [NoDerivative] parameter of the inner method, given a constant.
            [Differentiable]
            public static double Inner(double x, [NoDerivative] double k) => Math.Sin(k * x) * x;

            [Differentiable]
            public static double UsesInner(double x) { var (v, dx) = InnerGradient(x, 2.0); return v * dx; }

            // float (a tuple of floats, like a tuple of doubles, is a struct that carries derivatives).
            [Differentiable]
            public static float Single(float x, float y) => x * MathF.Exp(y) + MathF.Sin(x * y);

            [Differentiable]
            public static float UsesSingle(float x, float y) { var g = SingleGradient(x, y); return g.dX * g.dY + g.Value; }
        }

        public sealed partial class Body
        {
            [Differentiable]
            public double Energy(double x, double y) => x * x * y + Math.Cos(x - y);

            [Differentiable]
            public double Force(double x, double y) { var (_, fx, fy) = EnergyGradient(x, y); return fx * fx - fy; }
        }
        """);

    private static readonly double[][] Points = [[0.7, -0.4, 1.1], [1.3, 0.9, -0.6], [-0.8, 0.5, 0.3]];

    [Theory]
    [InlineData("UsesGradient")]
    [InlineData("UsesTangent")]
    [InlineData("UsesBackward")]
    public void A_method_calling_a_generated_derivative_has_the_gradient_of_central_differences(string method) =>
        GradientAssert.MatchesFiniteDifferences(Source.Method("N", method), [0, 1, 2], Points, tolerance: 1e-5);

    [Theory]
    [InlineData("UsesGradient")]
    [InlineData("UsesTangent")]
    [InlineData("UsesBackward")]
    public void Its_own_tangent_matches_central_differences(string method)
    {
        var f = new Tangented(Source.Assembly, "N", method);
        foreach (double[] point in Points)
        {
            double[] direction = [0.3, -0.8, 0.5];
            (double value, double tangent) = f.Jvp(point, direction);
            Assert.Equal(f.Value(point), value, 12);
            GradientAssert.Close(f.FiniteDifference(point, [0, 1, 2], direction), tangent, 1e-5, $"{method} tangent at ({string.Join(", ", point)})");
        }
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.0, 0.5)]
    [InlineData(-1.1, 0.25)]
    public void The_gradient_of_half_the_squared_gradient_norm_is_the_Hessian_times_the_gradient(double x, double y)
    {
        // s = 3x²y·sin 3y: ∇s = (6xy sin 3y, 3x²(sin 3y + 3y cos 3y)); H from its second derivatives.
        double sx = 6 * x * y * Math.Sin(3 * y), sy = 3 * x * x * (Math.Sin(3 * y) + (3 * y * Math.Cos(3 * y)));
        double sxx = 6 * y * Math.Sin(3 * y), sxy = (6 * x * Math.Sin(3 * y)) + (18 * x * y * Math.Cos(3 * y));
        double syy = 3 * x * x * ((6 * Math.Cos(3 * y)) - (9 * y * Math.Sin(3 * y)));
        (double value, double[] gradient) = Source.Method("N", "HalfGradientNormSquared").Backprop([x, y]);
        Assert.Equal(0.5 * ((sx * sx) + (sy * sy)), value, 1e-10);
        Assert.Equal((sxx * sx) + (sxy * sy), gradient[0], 1e-9);
        Assert.Equal((sxy * sx) + (syy * sy), gradient[1], 1e-9);
    }

    [Theory]
    [InlineData("Trajectory")]
    [InlineData("TrajectoryByTangents")]
    public void A_trajectory_whose_force_is_a_generated_gradient_has_the_derivative_of_central_differences(string method)
    {
        // Points away from a change in the number of Euler steps (the one-sided differences agree there).
        Differentiated f = Source.Method("N", method);
        foreach (double w in new[] { 0.0, 0.3, -0.2 })
        {
            (double value, double[] gradient) = f.Backprop([w]);
            double h = 1e-6, forward = (f.Value(w + h) - value) / h, backward = (value - f.Value(w - h)) / h;
            Assert.True(Math.Abs(forward - backward) < 1e-3 * Math.Max(1, Math.Abs(forward)), $"{method} is not smooth at w = {w}");
            GradientAssert.Close(f.FiniteDifference([w], 0), gradient[0], 1e-5, $"{method} at w = {w}");
        }
    }

    [Fact]
    public void Reverse_and_forward_mode_inside_give_the_same_trajectory_derivative()
    {
        foreach (double w in new[] { 0.0, 0.3, -0.2 })
        {
            double byGradient = Source.Method("N", "Trajectory").Backprop([w]).Adjoints[0];
            double byTangents = Source.Method("N", "TrajectoryByTangents").Backprop([w]).Adjoints[0];
            Assert.Equal(byGradient, byTangents, 1e-9);
        }
    }

    [Theory]
    [InlineData("UsesInner", new[] { 0.4 })]
    [InlineData("UsesInner", new[] { -1.2 })]
    [InlineData("UsesSingle", new[] { 0.4, 0.3 })]
    [InlineData("UsesSingle", new[] { -0.7, 0.2 })]
    public void Inner_methods_with_constant_parameters_and_of_float_nest(string method, double[] point)
    {
        Differentiated f = Source.Method("N", method);
        bool single = method == "UsesSingle";
        GradientAssert.MatchesFiniteDifferences(f, [.. Enumerable.Range(0, point.Length)], [point], tolerance: single ? 2e-2 : 1e-6, h: single ? 1e-3 : 1e-6);
    }

    [Theory]
    [InlineData(0.4, 0.3)]
    [InlineData(-0.7, 1.2)]
    public void An_instance_method_nests_the_gradient_of_another(double x, double y) =>
        GradientAssert.MatchesFiniteDifferences(Source.Method("Body", "Force"), [0, 1], [[x, y]]);
}
