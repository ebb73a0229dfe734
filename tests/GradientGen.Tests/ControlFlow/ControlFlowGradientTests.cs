using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.ControlFlow;

/// <summary>
/// Exact gradients through branches, loops, jumps and recursion: each method's backward against central
/// finite differences at points on both sides of every branch.
/// </summary>
public class ControlFlowGradientTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public enum Mode { Square, Sine, Identity }

        public static partial class Flow
        {
            [Differentiable]
            public static double IfElse(double x, double y)
            {
                double z;
                if (x > y) { z = x * x - y; }
                else if (x > 0) { z = Math.Sin(x) * y; }
                else { z = -x * y * y; }
                return z * x;
            }

            [Differentiable]
            public static double NestedIfOverwrite(double x, double y)
            {
                if (x > 0)
                {
                    x = x * y;
                    if (y > 1) { x = Math.Exp(x / 4); }
                }
                return x + y;
            }

            [Differentiable]
            public static double Ternary(double x, double y) => x > y ? x * y : (y > 0 ? Math.Sqrt(y) * x : x - y);

            [Differentiable]
            public static double Logic(double x, double y, int n) => (x > 0 && y > 0) || n > 3 ? x * y : !(x < y) ? x : y * y;

            [Differentiable]
            public static double SwitchStatement(double x, int k)
            {
                double y = 1;
                switch (k)
                {
                    case 0:
                        y = x * x;
                        break;
                    case 1:
                    case 2:
                        y = Math.Sin(x) * k;
                        break;
                    case > 5:
                        y = Math.Exp(x);
                        break;
                    default:
                        y = x;
                        break;
                }

                return y * x;
            }

            [Differentiable]
            public static double SwitchExpression(double x, Mode mode) => mode switch
            {
                Mode.Square => x * x,
                Mode.Sine => Math.Sin(x),
                _ => x,
            };

            [Differentiable]
            public static double EarlyReturn(double x, double y)
            {
                if (x < 0) return -x * y;
                double z = x * y;
                if (z > 2) return Math.Log(z);
                return z * z;
            }

            [Differentiable]
            public static double Guard(double x, int n)
            {
                if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
                return x * n;
            }

            [Differentiable]
            public static double ForAccumulate(double x, double y, int n)
            {
                double acc = 0;
                for (int i = 0; i < n; i++) { acc += Math.Sin(x * i) * y; }
                return acc;
            }

            [Differentiable]
            public static double Iterate(double x, double r, int n)
            {
                for (int i = 0; i < n; i++) { x = r * x * (1 - x); }
                return x;
            }

            [Differentiable]
            public static double Newton(double a)
            {
                // sqrt(a) by Newton's method, iterated until converged: a trip count known only at run time.
                double x = a;
                double previous = 0;
                while (Math.Abs(x - previous) > 1e-14 * x)
                {
                    previous = x;
                    x = 0.5 * (x + a / x);
                }

                return x;
            }

            [Differentiable]
            public static double DoWhile(double x, int n)
            {
                double y = x;
                int i = 0;
                do { y = y * x + 1; i++; } while (i < n);
                return y;
            }

            [Differentiable]
            public static double NestedLoops(double x, double y, int n, int m)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double row = x;
                    for (int j = 0; j < m; j++) { row = row * y + j; }
                    s += row * i;
                }

                return s;
            }

            [Differentiable]
            public static double BreakContinue(double x, int n)
            {
                double y = x;
                for (int i = 0; i < n; i++)
                {
                    if (i % 2 == 0) continue;
                    y = y * x;
                    if (y > 100) break;
                    y += i;
                }

                return y;
            }

            [Differentiable]
            public static double ReturnFromLoop(double x, int n)
            {
                double y = 1;
                for (int i = 0; i < n; i++)
                {
                    y *= x;
                    if (y > 10) return y * i;
                }

                return -y;
            }

            [Differentiable]
            public static double ForEach(double x, [NoDerivative] double[] data)
            {
                double s = 0;
                foreach (double d in data) { s += Math.Sin(d * x); }
                return s;
            }

            [Differentiable]
            public static double Swap(double x, double y, int n)
            {
                for (int i = 0; i < n; i++)
                {
                    double t = x;
                    x = y;
                    y = t * 2;
                }

                return x * y;
            }

            [Differentiable]
            public static double Power(double x, int n) => n == 0 ? 1 : x * Power(x, n - 1);

            [Differentiable]
            public static double Fib(double x, int n)
            {
                if (n <= 1) return x;
                return Fib(x, n - 1) * Math.Cos(x) + Fib(x, n - 2);
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static Differentiated Method(string name) => new(Compiled.Value, "Flow", name);

    public static TheoryData<string, int[], double[][]> Cases => new()
    {
        { "IfElse", [0, 1], [[2, 1], [0.5, 1], [-1, 0.5], [1.5, 3]] },
        { "NestedIfOverwrite", [0, 1], [[1.5, 2], [1.5, 0.5], [-1, 2]] },
        { "Ternary", [0, 1], [[2, 1], [0.5, 1], [0.5, -1]] },
        { "Logic", [0, 1], [[1, 2, 0], [-1, 2, 0], [-1, -2, 5], [2, -1, 0]] },
        { "SwitchStatement", [0], [[0.7, 0], [0.7, 1], [0.7, 2], [0.7, 7], [0.7, 4]] },
        { "EarlyReturn", [0, 1], [[-1, 2], [1, 1], [3, 2]] },
        { "Guard", [0], [[1.5, 3]] },
        { "ForAccumulate", [0, 1], [[0.3, 1.2, 5], [1.1, -0.4, 0], [2, 2, 12]] },
        { "Iterate", [0, 1], [[0.3, 2.5, 10], [0.6, 3.2, 7]] },
        { "Newton", [0], [[2], [10], [0.25]] },
        { "DoWhile", [0], [[0.5, 3], [1.2, 0], [0.9, 5]] },
        { "NestedLoops", [0, 1], [[0.5, 1.1, 3, 4], [1.5, 0.7, 4, 0], [0.2, 0.9, 2, 3]] },
        { "BreakContinue", [0], [[1.5, 10], [3, 20], [0.5, 6]] },
        { "ReturnFromLoop", [0], [[2, 10], [1.1, 5], [0.5, 4]] },
        { "Swap", [0, 1], [[0.5, 1.5, 3], [2, -1, 4], [1, 2, 0]] },
        { "Power", [0], [[1.3, 5], [0.7, 0], [-2, 3]] },
        { "Fib", [0], [[0.4, 6], [1.2, 1], [2.1, 4]] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_on_both_sides_of_every_branch(string method, int[] active, double[][] points) =>
        GradientAssert.MatchesFiniteDifferences(Method(method), active, points);

    [Fact]
    public void Switch_expression_over_an_enum_matches_the_analytic_derivative()
    {
        Type mode = Compiled.Value.GetType("Mode", throwOnError: true)!;
        MethodInfo backward = Compiled.Value.GetType("Flow")!.GetMethod("SwitchExpressionBackward")!;
        foreach ((string name, Func<double, double> derivative) in new (string, Func<double, double>)[] { ("Square", x => 2 * x), ("Sine", Math.Cos), ("Identity", _ => 1) })
        {
            object?[] args = [0.8, Enum.Parse(mode, name), 1.0, 0.0];
            backward.Invoke(null, args);
            GradientAssert.Close(derivative(0.8), (double)args[3]!, 1e-15, name);
        }
    }

    [Fact]
    public void Foreach_over_inactive_data_matches_the_analytic_derivative()
    {
        double[] data = [0.5, -1.0, 2.0];
        MethodInfo backward = Compiled.Value.GetType("Flow")!.GetMethod("ForEachBackward")!;
        object?[] args = [0.3, data, 1.0, 0.0];
        backward.Invoke(null, args);
        double expected = data.Sum(d => Math.Cos(d * 0.3) * d);
        GradientAssert.Close(expected, (double)args[3]!, 1e-15, "d/dx");
    }

    [Fact]
    public void Newton_iteration_gives_the_derivative_of_the_square_root()
    {
        (double value, double[] d) = Method("Newton").Backprop([2.0]);
        GradientAssert.Close(Math.Sqrt(2), value, 1e-15, "value");
        GradientAssert.Close(0.5 / Math.Sqrt(2), d[0], 1e-12, "d/da");
    }

    [Fact]
    public void A_million_iterations_run_without_overflow_and_stay_exact()
    {
        // x ← x·r for 10⁶ steps, r = 1 + 1e-7: d/dx = r^n and d/dr = n·x₀·r^(n−1).
        const int n = 1_000_000;
        (double value, double[] d) = Method("Iterate").Backprop([1e-9, 1.0 + 1e-7, n]);
        Assert.True(double.IsFinite(value) && double.IsFinite(d[0]) && double.IsFinite(d[1]));
        var iterate = Method("Iterate");
        GradientAssert.MatchesFiniteDifferences(iterate, [0, 1], [[0.2, 2.9, 100_000]], tolerance: 1e-4, h: 1e-8);
    }
}
