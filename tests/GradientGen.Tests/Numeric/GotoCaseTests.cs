namespace GradientGen.Tests.Numeric;

/// <summary>
/// <c>goto case</c> and <c>goto default</c> ending switch sections: the sections run as C# runs them (a
/// chain of jumps, jumps back inside a loop, a continue before a jump), checked against closed forms and
/// central finite differences.
/// </summary>
public class GotoCaseTests
{
    private const string Type = "Numeric.GotoCases";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class GotoCases
        {
            [Differentiable]
            public static double Chain(double x, int k)
            {
                double r = x;
                switch (k)
                {
                    case 0:
                        r = r * x;
                        goto case 2;
                    case 1:
                        r = Math.Sin(r);
                        goto default;
                    case 2:
                        r = r * 3;
                        break;
                    default:
                        r = r + x * x;
                        break;
                }

                return r;
            }

            // Sections that jump back and forth inside a loop, and a continue that leaves before the goto runs.
            [Differentiable]
            public static double InLoop(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    switch (i % 3)
                    {
                        case 0:
                            s += x;
                            goto case 1;
                        case 1:
                            if (i == 4) continue;
                            s = s * x;
                            break;
                        default:
                            s -= 1;
                            goto case 0;
                    }
                }

                return s;
            }

            // A goto to the section itself, counted down: r·x per round.
            [Differentiable]
            public static double Repeat(double x, int n)
            {
                double r = 1;
                switch (n > 0 ? 1 : 0)
                {
                    case 1:
                        r = r * x;
                        if (--n > 0) r = r + 0;
                        else return r;
                        goto case 1;
                    default:
                        return r;
                }
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void A_chain_of_goto_case_and_goto_default() =>
        NumericAssert.Gradient(
            Method("Chain"),
            [0],
            p => [(int)p[1] switch { 0 => 6 * p[0], 1 => Math.Cos(p[0]) + (2 * p[0]), 2 => 3, _ => 1 + (2 * p[0]) }],
            [0.7, 0],
            [-1.2, 0],
            [0.7, 1],
            [1.3, 1],
            [0.7, 2],
            [0.7, 3],
            [-2.5, 7]);

    [Fact]
    public void Goto_case_inside_a_loop_jumping_back_and_a_continue_before_it() =>
        // The backward against the same recurrence, run forward in the test (the derivative of s carried along).
        NumericAssert.Gradient(
            Method("InLoop"),
            [0],
            p =>
            {
                double x = p[0], s = 0, ds = 0;
                for (int i = 0; i < (int)p[1]; i++)
                {
                    int section = i % 3;
                    if (section == 2) { s -= 1; section = 0; }
                    if (section == 0) { s += x; ds += 1; }
                    if (i == 4) continue;
                    ds = (ds * x) + s;
                    s *= x;
                }

                return [ds];
            },
            [0.7, 1],
            [0.7, 3],
            [-1.1, 5],
            [1.3, 6],
            [0.9, 8]);

    [Fact]
    public void Goto_case_to_its_own_section_repeats_it() =>
        NumericAssert.Gradient(Method("Repeat"), [0], p => [p[1] <= 0 ? 0 : p[1] * Math.Pow(p[0], p[1] - 1)], [0.7, 0], [0.7, 1], [-1.1, 3], [1.3, 5]);
}
