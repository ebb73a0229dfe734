namespace GradientGen.Tests.Numeric;

/// <summary>
/// The backwards of the C-style forms allocate nothing per call in steady state, as their primals don't:
/// loops whose conditions assign (values kept past the value stack's first 32 slots come from the shared
/// pool and go back to it), goto case rounds, assignments used as values, 'in' parameters.
/// </summary>
public class ExpressionFormAllocationTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class FormsWithoutAllocation
        {
            [Differentiable]
            public static double Countdown(double x, int n)
            {
                double s = 1;
                while (n-- > 0 & (s = s * 0.5 + Math.Sin(x * n)) < 100.0) s += x * n;
                return s;
            }

            [Differentiable]
            public static double Jumps(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    switch (i % 3)
                    {
                        case 0: s += x; goto case 1;
                        case 1: s = s * 0.9 + Math.Cos(s); break;
                        default: s -= 1; goto case 0;
                    }
                }

                return s;
            }

            [Differentiable]
            public static double Values(in double x, in double[] w)
            {
                double a, b;
                a = b = x * w[0];
                double r = a * (a = b * w[1]);
                return (b = r) * b + a;
            }

            /// <summary>
            /// Bytes allocated by <paramref name="calls"/> rounds of backwards after a warm-up, the fewest of three
            /// measures: an allocation per call shows in every measure, while the shared pool refilling once after a
            /// garbage collection trimmed it (other tests run beside this one) shows in one.
            /// </summary>
            public static long AllocatedBytes(int calls)
            {
                double[] w = [0.3, -0.7];
                Span<double> dW = stackalloc double[2];
                Run(5, w, dW);
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Run(calls, w, dW);
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            private static void Run(int calls, double[] w, Span<double> dW)
            {
                for (int i = 0; i < calls; i++)
                {
                    double dX = 0;
                    CountdownBackward(0.4, 200, 1.0, ref dX);
                    JumpsBackward(0.4, 200, 1.0, ref dX);
                    ValuesBackward(0.4, w, 1.0, ref dX, dW);
                }
            }
        }
        """);

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var measure = Source.Assembly.GetType("Numeric.FormsWithoutAllocation", throwOnError: true)!.GetMethod("AllocatedBytes")!;
        Assert.Equal(0L, (long)measure.Invoke(null, [100])!);
    }
}
