namespace GradientGen.Tests.Numeric;

/// <summary>+=, −=, *=, /= on locals and parameters, and ++/-- on doubles.</summary>
public class CompoundAssignmentTests
{
    private const string Type = "Numeric.Compound";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Compound
        {
            [Differentiable]
            public static double OnLocals(double x, double y)
            {
                double a = x;
                a += y * y;
                double b = y;
                b -= x * 2;
                double c = a;
                c *= b;
                double d = c;
                d /= a + 3;
                return a + b + c + d;
            }

            [Differentiable] public static double AddToParameter(double x, double y) { x += y; return x * y; }
            [Differentiable] public static double SubtractFromParameter(double x, double y) { x -= y; return x * y; }
            [Differentiable] public static double MultiplyParameter(double x, double y) { x *= y; return x * y; }
            [Differentiable] public static double DivideParameter(double x, double y) { x /= y; return x * y; }

            [Differentiable]
            public static double AllOnParameters(double x, double y)
            {
                x -= y;
                x *= y;
                x /= y;
                y += x;
                return x * y;
            }

            [Differentiable]
            public static double SelfCompound(double x)
            {
                double a = x;
                a += a;
                a *= a;
                a -= x;
                a /= x;
                return a;
            }

            [Differentiable]
            public static double ParameterPlusItself(double x, double y)
            {
                x += x;
                y *= y;
                return x * y;
            }

            [Differentiable]
            public static double AddExpressionOfItself(double x)
            {
                double a = Math.Exp(x);
                a += a * x;
                return a;
            }

            [Differentiable]
            public static double IncrementAndDecrement(double x, double y)
            {
                x++;
                double z = x * x;
                z--;
                ++z;
                y--;
                --y;
                z++;
                return z * x + y * y;
            }

            [Differentiable] public static double IntRightHandSides(double x, int n) { x *= 2; x += 1; x -= n; x /= 4; return x * x; }
            [Differentiable] public static double FloatRightHandSides(double x, float y) { x += y; x *= y; x -= y; return x; }

            [Differentiable]
            public static double AccumulateIntoAMathResult(double x)
            {
                double e = Math.Exp(x);
                double keep = e * 1;
                e += x;
                return e * keep;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Compound_assignments_on_locals() =>
        NumericAssert.Gradient(
            Method("OnLocals"),
            p =>
            {
                double x = p[0], y = p[1];
                double a = x + (y * y), b = y - (2 * x), c = a * b, m = a + 3, d = c / m;

                // f = a + b + c + d with a(x, y), b(x, y); c = a·b; d = c / (a + 3).
                double dfa = 1 + b + ((b * m) - c) / (m * m), dfb = 1 + a + (a / m);
                return [(dfa * 1) + (dfb * -2), (dfa * 2 * y) + (dfb * 1)];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Add_assignment_on_a_parameter() =>
        NumericAssert.Gradient(Method("AddToParameter"), p => [p[1], p[0] + (2 * p[1])], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Subtract_assignment_on_a_parameter() =>
        NumericAssert.Gradient(Method("SubtractFromParameter"), p => [p[1], p[0] - (2 * p[1])], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Multiply_assignment_on_a_parameter() =>
        NumericAssert.Gradient(Method("MultiplyParameter"), p => [p[1] * p[1], 2 * p[0] * p[1]], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Divide_assignment_on_a_parameter() =>
        NumericAssert.Gradient(Method("DivideParameter"), p => [1, 0], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Every_compound_operator_on_parameters_in_sequence() =>
        NumericAssert.Gradient(
            Method("AllOnParameters"),
            p =>
            {
                // x ends as x − y; y ends as x; f = (x − y)·x.
                return [(2 * p[0]) - p[1], -p[0]];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Compound_assignments_that_read_their_own_target() =>
        NumericAssert.Derivative(Method("SelfCompound"), x => 4 - (0 * x), -1.5, 0.5, 2.25);

    [Fact]
    public void Parameter_added_to_itself_and_multiplied_by_itself() =>
        NumericAssert.Gradient(Method("ParameterPlusItself"), p => [2 * p[1] * p[1], 4 * p[0] * p[1]], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Add_assignment_of_an_expression_of_the_target() =>
        NumericAssert.Derivative(Method("AddExpressionOfItself"), x => Math.Exp(x) * (2 + x), -1.5, 0.5, 2.25);

    [Fact]
    public void Increment_and_decrement_pass_the_derivative_through() =>
        NumericAssert.Gradient(
            Method("IncrementAndDecrement"),
            p =>
            {
                // x' = x + 1, z = x'² + 1, y' = y − 2; f = z·x' + y'².
                double x1 = p[0] + 1, y1 = p[1] - 2;
                return [(3 * x1 * x1) + 1, 2 * y1];
            },
            [0.5, 2],
            [-1.25, 0.75],
            [1.7, -3]);

    [Fact]
    public void Add_assignment_on_a_value_a_math_derivative_reads() =>
        NumericAssert.Derivative(Method("AccumulateIntoAMathResult"), x => (Math.Exp(x) + 1) * Math.Exp(x) + ((Math.Exp(x) + x) * Math.Exp(x)), -1.5, 0.5, 2.25);

    [Fact]
    public void Compound_assignments_with_int_right_hand_sides() =>
        NumericAssert.Gradient(Method("IntRightHandSides"), [0], p => [2 * (((2 * p[0]) + 1 - p[1]) / 4) * 0.5], [0.5, 2], [-1.25, -1], [1.7, 3]);

    [Fact]
    public void Compound_assignments_of_a_float_into_a_double() =>
        NumericAssert.Gradient(Method("FloatRightHandSides"), p => [p[1], p[0] + (2 * p[1]) - 1], NumericAssert.Float, [0.5, 2], [-1.25, 0.75], [1.75, -0.25]);
}
