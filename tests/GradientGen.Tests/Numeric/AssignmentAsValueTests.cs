namespace GradientGen.Tests.Numeric;

/// <summary>
/// C-style expressions: assignments, compound assignments and ++/-- used as values, inside expressions,
/// conditions, loop conditions and call arguments. Each is checked against its closed form and central
/// finite differences at several points; C#'s left-to-right order decides which value each read sees.
/// </summary>
public class AssignmentAsValueTests
{
    private const string Type = "Numeric.AssignmentsAsValues";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class AssignmentsAsValues
        {
            [Differentiable]
            public static double Chained(double x, double y)
            {
                double a, b;
                a = b = x * y;
                return a * b + a;
            }

            [Differentiable]
            public static double ReturnsAssignmentTimesTarget(double x, double y)
            {
                return (x = y) * x;
            }

            // The left x is read before the assignment: the old x.
            [Differentiable]
            public static double OldValueReadFirst(double x, double y)
            {
                double r = x * (x = y * y);
                return r + x;
            }

            [Differentiable]
            public static double ElementAssignmentInCompound(double x)
            {
                double[] t = new double[2];
                t[1] = x * x;
                double y = x;
                y *= (t[0] = t[1]);
                return y + t[0];
            }

            [Differentiable]
            public static double Nested(double x, double y)
            {
                double b, c;
                double a = (b = x * 2) * (c = b + y);
                return a + b * c;
            }

            [Differentiable]
            public static double Postfix(double x)
            {
                double u = x++ * x;
                return u + x;
            }

            [Differentiable]
            public static double Prefix(double x)
            {
                double u = ++x * x;
                return u + x;
            }

            [Differentiable]
            public static double CompoundAsValue(double x, double y)
            {
                double z = (x *= y) + x;
                return z;
            }

            [Differentiable]
            public static double Helper(double a, double b) => a * b;

            [Differentiable]
            public static double InCallArguments(double x, double y)
            {
                return Helper(x = y * 2, x) + Math.Pow(x = x * y, 2) + x;
            }

            [Differentiable]
            public static double InIfCondition(double x, int i)
            {
                int k;
                double r = x;
                if ((k = i * 2) > 3) r = r * x * k;
                return r + k;
            }

            [Differentiable]
            public static double InConditionOfConditional(double x, int n)
            {
                int k;
                double r = (k = n * 2) > 3 ? x * k : x;
                return r * x;
            }

            // The counter is decremented at every test, the last, failing one included.
            [Differentiable]
            public static double WhilePostDecrement(double x, int n)
            {
                double s = 0;
                while (n-- > 0) s += x * n;
                return s * x + n;
            }

            [Differentiable]
            public static double WhilePreDecrement(double x, int n)
            {
                double s = 0;
                while (--n > 0) s += x * n;
                return s * x;
            }

            // The active double is written at every test ('&' evaluates both sides): s = xⁿ after n tests.
            [Differentiable]
            public static double ActiveWriteInCondition(double x, int n)
            {
                double s = 1;
                int k = n;
                while (--k > 0 & (s *= x) != 0) { }
                return s;
            }

            // Written each test, read by the body and after the loop.
            [Differentiable]
            public static double ActiveValueTestedAndRead(double x)
            {
                double s = 1;
                double total = 0;
                int k = 0;
                while ((s = s * x + 0.5) < 10 && k < 6)
                {
                    total += s * s;
                    k++;
                }

                return total + s;
            }

            [Differentiable]
            public static double DoWhileCondition(double x, int n)
            {
                double s = 0;
                do { s += x * n; } while (--n > 0);
                return s * x;
            }

            [Differentiable]
            public static double ForCondition(double x, int n)
            {
                double s = 0;
                int k;
                for (int i = 0; (k = i * i) < n; i++) s += x * k;
                return s * x;
            }

            [Differentiable]
            public static double WithContinueAndBreak(double x, int n)
            {
                double s = 0;
                while (n-- > 0)
                {
                    if (n == 2) continue;
                    if (n == 0) break;
                    s += x * n;
                }

                return s * x;
            }

            [Differentiable]
            public static double SwitchOnPostIncrement(double x, int k)
            {
                double r;
                switch (k++)
                {
                    case 0: r = x * x; break;
                    case 1: r = x * k; break;
                    default: r = x; break;
                }

                return r * k;
            }

            [Differentiable]
            public static double PostfixTwice(double x)
            {
                double u = x++ * x++;
                return u + x;
            }

            [Differentiable]
            public static double ElementPostfix(double x)
            {
                double[] t = new double[2];
                t[0] = x * x;
                double u = t[0]++ * 2;
                return u + t[0] * x;
            }

            [Differentiable]
            public static double ElementCompoundAsValue(double x)
            {
                double[] t = new double[2];
                t[0] = x;
                double u = (t[0] += x * x) * t[0];
                return u;
            }

            // The target's index is evaluated before the value's: t[0] = t[1] * x, then i = 2.
            [Differentiable]
            public static double IncrementsInTargetAndValueIndices(double x)
            {
                double[] t = new double[3];
                int i = 0;
                t[0] = x;
                t[1] = 2 * x;
                t[i++] = t[i++] * x;
                return t[0] + t[1] * i;
            }

            [Differentiable]
            public static double ActiveConditionWithBreak(double x, int n)
            {
                double s = 1;
                while ((s = s * x + 0.1) < 100 & n-- > 0)
                {
                    if (n == 2) break;
                    s += x;
                }

                return s;
            }

            [Differentiable]
            public static double InactiveElementStoreAsValue(double x)
            {
                int[] counts = new int[2];
                int q = (counts[1] = 3) + counts[1];
                return x * q * counts[1];
            }

            [Differentiable]
            public static double SwitchExpressionOnPostIncrement(double x, int k)
            {
                double r = (k++) switch { 0 => x * k, _ => x * x };
                return r * k;
            }

            [Differentiable]
            public static double IntermediateElementStore(double x, double y)
            {
                double[] v = new double[3];
                int i = 0;
                v[i++] = x;
                v[i++] = x * y;
                double last = v[i] = v[0] + v[1];
                return last * v[2] + i;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.7, -3]];

    [Fact]
    public void Chained_assignment_a_equals_b_equals_x_times_y() =>
        NumericAssert.Gradient(Method("Chained"), p => [(2 * p[0] * p[1] * p[1]) + p[1], (2 * p[0] * p[0] * p[1]) + p[0]], Points2);

    [Fact]
    public void Return_of_an_assignment_times_its_target_reads_the_new_value() =>
        NumericAssert.Gradient(Method("ReturnsAssignmentTimesTarget"), p => [0, 2 * p[1]], Points2);

    [Fact]
    public void A_read_before_an_assignment_to_the_same_variable_sees_the_old_value() =>
        // f = x y² + y².
        NumericAssert.Gradient(Method("OldValueReadFirst"), p => [p[1] * p[1], (2 * p[0] * p[1]) + (2 * p[1])], Points2);

    [Fact]
    public void Element_assignment_used_as_the_value_of_a_compound_assignment() =>
        // y = x · x², t[0] = x²: f = x³ + x².
        NumericAssert.Derivative(Method("ElementAssignmentInCompound"), x => (3 * x * x) + (2 * x), -1.5, 0.25, 1.5);

    [Fact]
    public void Nested_assignments_in_one_expression() =>
        // b = 2x, c = 2x + y, a = b c: f = 2 b c = 4x(2x + y).
        NumericAssert.Gradient(Method("Nested"), p => [(16 * p[0]) + (4 * p[1]), 4 * p[0]], Points2);

    [Fact]
    public void Postfix_increment_gives_the_old_value() =>
        // u = x (x + 1), then x + 1: f = x² + 2x + 1.
        NumericAssert.Derivative(Method("Postfix"), x => (2 * x) + 2, -1.5, 0.25, 1.5);

    [Fact]
    public void Prefix_increment_gives_the_new_value() =>
        // u = (x + 1)², then x + 1.
        NumericAssert.Derivative(Method("Prefix"), x => (2 * (x + 1)) + 1, -1.5, 0.25, 1.5);

    [Fact]
    public void Compound_assignment_used_as_a_value() =>
        NumericAssert.Gradient(Method("CompoundAsValue"), p => [2 * p[1], 2 * p[0]], Points2);

    [Fact]
    public void Assignments_in_call_arguments_run_in_order() =>
        NumericAssert.Gradient(
            Method("InCallArguments"),
            p =>
            {
                // x = 2y; Helper(2y, 2y) = 4y²; x = 2y·y = 2y²; Pow(2y², 2) = 4y⁴; + 2y².
                double y = p[1];
                return [0, (8 * y) + (16 * y * y * y) + (4 * y)];
            },
            Points2);

    [Fact]
    public void Assignment_in_an_if_condition() =>
        NumericAssert.Gradient(Method("InIfCondition"), [0], p => [p[1] * 2 > 3 ? 2 * p[0] * p[1] * 2 : 1], [0.5, 3], [-1.25, 1], [1.7, 2], [0.3, 5]);

    [Fact]
    public void Assignment_in_the_condition_of_a_conditional_expression() =>
        NumericAssert.Gradient(Method("InConditionOfConditional"), [0], p => [p[1] * 2 > 3 ? 2 * p[0] * p[1] * 2 : 2 * p[0]], [0.5, 3], [-1.25, 1], [1.7, 2]);

    [Fact]
    public void While_with_a_post_decremented_int_counter() =>
        // s = x Σ_{j<n} j = x n(n − 1)/2; f = x² n(n − 1)/2 − 1.
        NumericAssert.Gradient(Method("WhilePostDecrement"), [0], p => [p[0] * p[1] * (p[1] - 1)], [0.5, 4], [-1.25, 7], [1.7, 1], [0.3, 0]);

    [Fact]
    public void While_with_a_pre_decremented_int_counter() =>
        // s = x Σ_{0<j<n} j = x n(n − 1)/2 again (j runs n−1 … 1).
        NumericAssert.Gradient(Method("WhilePreDecrement"), [0], p => [p[0] * p[1] * (p[1] - 1)], [0.5, 4], [-1.25, 7], [1.7, 1]);

    [Fact]
    public void Active_double_written_at_every_test_of_a_while_condition() =>
        NumericAssert.Gradient(Method("ActiveWriteInCondition"), [0], p => [p[1] * Math.Pow(p[0], p[1] - 1)], [0.5, 4], [-1.25, 7], [1.7, 1], [1.1, 3]);

    [Fact]
    public void Active_value_written_by_the_condition_and_read_by_the_body() =>
        GradientGen.Tests.Infrastructure.GradientAssert.MatchesFiniteDifferences(Method("ActiveValueTestedAndRead"), [0], [[0.5], [1.2], [-0.7], [1.9], [2.5]]);

    [Fact]
    public void Do_while_condition_with_a_pre_decrement() =>
        // The body runs for n, n−1, …, 1 (n ≥ 1): s = x n(n + 1)/2, f = s x.
        NumericAssert.Gradient(Method("DoWhileCondition"), [0], p => [p[0] * p[1] * (p[1] + 1)], [0.5, 4], [-1.25, 7], [1.7, 1]);

    [Fact]
    public void For_condition_with_an_assignment() =>
        // k = i² for i while i² < n: s = x Σ i², f = 2x Σ i²/… with Σ over i² < n.
        NumericAssert.Gradient(
            Method("ForCondition"),
            [0],
            p =>
            {
                double squares = 0;
                for (int i = 0; i * i < p[1]; i++) squares += i * i;
                return [2 * p[0] * squares];
            },
            [0.5, 10],
            [-1.25, 30],
            [1.7, 1]);

    [Fact]
    public void Condition_with_a_decrement_and_continue_and_break_in_the_body() =>
        // n = 5: the body sees 4, 3, 2 (continue), 1, 0 (break): s = 8x. n = 2: 1, 0 (break): s = x.
        NumericAssert.Gradient(Method("WithContinueAndBreak"), [0], p => [p[1] == 5 ? 16 * p[0] : 2 * p[0]], [0.5, 5], [-1.25, 5], [1.7, 2]);

    [Fact]
    public void Switch_on_a_post_increment() =>
        NumericAssert.Gradient(
            Method("SwitchOnPostIncrement"),
            [0],
            p => [p[1] switch { 0 => 2 * p[0], 1 => 4, _ => p[1] + 1 }],
            [0.5, 0],
            [-1.25, 1],
            [1.7, 5]);

    [Fact]
    public void Two_postfix_increments_in_one_expression() =>
        // u = x (x + 1), then x + 2: f = x² + 2x + 2.
        NumericAssert.Derivative(Method("PostfixTwice"), x => (2 * x) + 2, -1.5, 0.25, 1.5);

    [Fact]
    public void Postfix_increment_of_an_element_gives_the_old_element() =>
        // u = 2x², t[0] = x² + 1: f = x³ + 2x² + x.
        NumericAssert.Derivative(Method("ElementPostfix"), x => (3 * x * x) + (4 * x) + 1, -1.5, 0.25, 1.5);

    [Fact]
    public void Compound_assignment_of_an_element_used_as_a_value() =>
        // t[0] = x + x²: f = (x + x²)².
        NumericAssert.Derivative(Method("ElementCompoundAsValue"), x => 2 * (x + (x * x)) * (1 + (2 * x)), -1.5, 0.25, 1.5);

    [Fact]
    public void Increments_in_the_target_index_run_before_those_in_the_value() =>
        // t[0] = 2x², t[1] = 2x, i = 2: f = 2x² + 4x.
        NumericAssert.Derivative(Method("IncrementsInTargetAndValueIndices"), x => (4 * x) + 4, -1.5, 0.25, 1.5);

    [Fact]
    public void Active_write_in_a_condition_with_a_break_in_the_body() =>
        GradientGen.Tests.Infrastructure.GradientAssert.MatchesFiniteDifferences(Method("ActiveConditionWithBreak"), [0], [[0.7, 6], [-1.3, 6], [1.1, 2], [0.4, 0], [1.6, 9]]);

    [Fact]
    public void Store_into_an_inactive_array_used_as_a_value() =>
        NumericAssert.Derivative(Method("InactiveElementStoreAsValue"), _ => 18, -1.5, 0.25, 1.5);

    [Fact]
    public void Switch_expression_on_a_post_increment() =>
        NumericAssert.Gradient(Method("SwitchExpressionOnPostIncrement"), [0], p => [p[1] == 0 ? 1 : 2 * p[0] * (p[1] + 1)], [0.5, 0], [-1.25, 1], [1.7, 4]);

    [Fact]
    public void Element_stores_at_post_incremented_indices_and_a_store_used_as_a_value() =>
        // v = [x, xy, x + xy]: f = (x + xy)² + 2.
        NumericAssert.Gradient(
            Method("IntermediateElementStore"),
            p =>
            {
                double x = p[0], y = p[1], s = x + (x * y);
                return [2 * s * (1 + y), 2 * s * x];
            },
            Points2);
}
