using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// <c>…Tangent</c> of methods of scalars: arithmetic and Math functions, branches, every kind of loop and jump,
/// reassigned parameters, float and generic math, and calls between [Differentiable] methods (a caller's
/// tangent calls its callee's), against closed forms and central finite differences along several directions.
/// </summary>
public class ScalarTangentTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class S
        {
            [Differentiable]
            public static double Logistic(double w, double b, [NoDerivative] double x)
            {
                double z = w * x + b;
                return 1.0 / (1.0 + Math.Exp(-z));
            }

            [Differentiable]
            public static double Functions(double x, double y) =>
                Math.Sin(x) * Math.Cos(y) + Math.Sqrt(x * x + 1) / Math.Exp(y) + Math.Pow(x, 3) + Math.Atan2(y, x) + Math.Tanh(x * y) + Math.Log(y * y + 2);

            [Differentiable]
            public static double Branches(double x, double y)
            {
                double r;
                if (x > y) r = x * x - y;
                else if (x < 0) r = -x * y;
                else r = Math.Max(x, y) * 3;
                return r + Math.Abs(y);
            }

            [Differentiable]
            public static double SelfOverwrites(double x, double y)
            {
                x = x * y;
                x = Math.Exp(x) / x;
                y = y * y * x;
                return x + y;
            }

            [Differentiable]
            public static double While(double x, int n)
            {
                double s = 1;
                int i = 0;
                while (i < n) { s = s * x + Math.Sin(s); i++; }
                return s;
            }

            [Differentiable]
            public static double DoWhile(double x, int n)
            {
                double s = x;
                int i = 0;
                do { s = s * s * 0.5 + x; i++; } while (i < n);
                return s;
            }

            [Differentiable]
            public static double BreakContinueReturn(double x, double y, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    if (i == 1) continue;
                    s += x * i + y * y;
                    if (s > 50) break;
                    if (i == 6) return s * x;
                }

                return s * y;
            }

            [Differentiable]
            public static float Floats(float x, float y) => MathF.Sin(x) * y + x * x / (y * y + 1f) + (float)Math.Exp((double)x);

            [Differentiable]
            public static T Generic<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Sin(x) * y + x * x * x / (y * y + T.One);

            [Differentiable]
            public static double Inner(double p, double q) => Math.Sin(p) * q + p * p;

            [Differentiable]
            public static double Outer(double x, double y)
            {
                double a = Inner(x, y);
                double b = Inner(a, 2.0);
                double c = Inner(3.0, x);
                return a * b + c;
            }

            [Differentiable]
            public static double Constant(double x) => 3.0;

            [Differentiable]
            public static double Recursive(double x, int n) => n == 0 ? Math.Sin(x) : Recursive(x * x * 0.5, n - 1) + x;
        }
        """);

    private static Tangented Method(string name) => new(Source.Assembly, "S", name);

    private static readonly double[][] Points2 = [[0.7, 1.3], [-0.4, 0.9], [1.5, -0.6], [2.0, 0.3]];

    [Fact]
    public void Logistic_loss_matches_its_closed_form_and_takes_no_tangent_for_NoDerivative()
    {
        Tangented f = Method("Logistic");
        Assert.Equal(2, f.TangentCount);
        TangentAssert.MatchesClosedForm(
            f,
            p =>
            {
                double s = 1 / (1 + Math.Exp(-(p[0] * p[2] + p[1])));
                return [s * (1 - s) * p[2], s * (1 - s)];
            },
            [[0.5, -0.2, 1.5], [-1.0, 0.3, 0.7], [2.0, 1.0, -0.4]]);
    }

    [Fact]
    public void Math_functions_match_finite_differences() =>
        TangentAssert.MatchesFiniteDifferences(Method("Functions"), [0, 1], Points2);

    [Fact]
    public void Branches_match_finite_differences_on_each_side() =>
        TangentAssert.MatchesFiniteDifferences(Method("Branches"), [0, 1], [[2.0, 1.0], [-1.0, 0.5], [0.3, 0.8], [0.5, -0.7]]);

    [Fact]
    public void An_assignment_that_overwrites_its_own_operand_reads_the_old_value() =>
        TangentAssert.MatchesClosedForm(
            Method("SelfOverwrites"),
            p =>
            {
                // u = x·y; x' = e^u / u; result = x' + y²·x'.
                double u = p[0] * p[1], e = Math.Exp(u), dx = e * (u - 1) / (u * u);
                return [(1 + p[1] * p[1]) * dx * p[1], (1 + p[1] * p[1]) * dx * p[0] + 2 * p[1] * (e / u)];
            },
            Points2,
            tolerance: 1e-9);

    [Fact]
    public void While_and_do_loops_match_finite_differences()
    {
        TangentAssert.MatchesFiniteDifferences(Method("While"), [0], [[0.7, 0], [0.7, 4], [-0.3, 3], [1.1, 5]]);
        TangentAssert.MatchesFiniteDifferences(Method("DoWhile"), [0], [[0.3, 1], [0.2, 4], [-0.5, 3]]);
    }

    [Fact]
    public void Break_continue_and_early_return_match_finite_differences() =>
        TangentAssert.MatchesFiniteDifferences(Method("BreakContinueReturn"), [0, 1], [[0.5, 0.7, 3], [0.5, 0.7, 9], [4.0, 2.0, 9], [-0.3, 1.2, 5]]);

    [Fact]
    public void Float_methods_have_float_tangents() =>
        TangentAssert.MatchesClosedForm(
            Method("Floats"),
            p =>
            {
                float x = (float)p[0], y = (float)p[1];
                double d = (y * y) + 1;
                return [Math.Cos(x) * y + (2 * x / d) + Math.Exp(x), Math.Sin(x) - (x * x * 2 * y / (d * d))];
            },
            [[0.5, 0.25], [-1.0, 1.5], [0.75, -0.5]],
            tolerance: 1e-5);

    [Fact]
    public void Generic_math_tangents_at_double_and_float()
    {
        static double[] Gradient(double[] p) => [Math.Cos(p[0]) * p[1] + 3 * p[0] * p[0] / (p[1] * p[1] + 1), Math.Sin(p[0]) - p[0] * p[0] * p[0] * 2 * p[1] / Math.Pow(p[1] * p[1] + 1, 2)];
        Type type = Source.Assembly.GetType("S")!;
        TangentAssert.MatchesClosedForm(new Tangented(type, "Generic", [typeof(double)]), Gradient, [[0.5, 0.25], [-1.0, 1.5], [0.75, -0.5]]);
        TangentAssert.MatchesClosedForm(new Tangented(type, "Generic", [typeof(float)]), Gradient, [[0.5, 0.25], [-1.0, 1.5], [0.75, -0.5]], tolerance: 1e-5);
    }

    [Fact]
    public void A_caller_tangent_goes_through_its_callees_tangents() =>
        TangentAssert.MatchesFiniteDifferences(Method("Outer"), [0, 1], Points2);

    [Fact]
    public void A_method_that_calls_itself_calls_its_own_tangent() =>
        TangentAssert.MatchesFiniteDifferences(Method("Recursive"), [0], [[0.7, 0], [0.7, 3], [-1.2, 2], [1.1, 4]]);

    [Fact]
    public void A_constant_result_has_a_zero_tangent() =>
        TangentAssert.MatchesClosedForm(Method("Constant"), _ => [0.0], [[0.5], [1.0], [-2.0]]);

    [Fact]
    public void The_tangent_along_a_direction_equals_the_backward_gradient_projected_on_it()
    {
        foreach (string name in new[] { "Functions", "Branches", "Outer" })
        {
            var backward = new Differentiated(Source.Assembly, "S", name);
            Tangented tangent = Method(name);
            foreach (double[] point in Points2)
            {
                (_, double[] gradient) = backward.Backprop(point);
                foreach (double[] direction in TangentAssert.Directions(2))
                {
                    GradientAssert.Close(gradient[0] * direction[0] + gradient[1] * direction[1], tangent.Jvp(point, direction).Tangent, 1e-12, name);
                }
            }
        }
    }
}
