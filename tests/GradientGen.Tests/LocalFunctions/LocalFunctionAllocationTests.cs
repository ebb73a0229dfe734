using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.LocalFunctions;

/// <summary>
/// Inlined calls add no allocation: the backward of a method calling local functions (capturing or static)
/// and non-capturing lambdas allocates nothing per call in steady state, as its primal doesn't; a lambda that
/// captures allocates its closure in the primal, and the backward allocates no more than that.
/// </summary>
public class LocalFunctionAllocationTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace LocalFunctions;

        public static partial class Allocations
        {
            [Differentiable]
            public static double WithoutClosures(double x, double c, int n)
            {
                double Wave(double v) => Math.Sin(v * c);
                static double Square(double v) => v * v;
                Func<double, double> cube = static v => v * v * v;
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += Wave(x * i) + Square(s * 0.1) + cube(x);
                }

                return s;
            }

            [Differentiable]
            public static double WithAClosure(double x, double c)
            {
                Func<double, double> scaled = v => v * c;
                return scaled(x) * scaled(c);
            }

            /// <summary>Bytes allocated by 100 calls of <paramref name="call"/> after a warm-up, the fewest of three measures (see ExpressionFormAllocationTests).</summary>
            public static long AllocatedBytes(Action call)
            {
                for (int i = 0; i < 5; i++) call();
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 100; i++) call();
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            public static long[] Measures()
            {
                double dX = 0, dC = 0;
                return
                [
                    AllocatedBytes(() => WithoutClosures(0.4, 1.3, 100)),
                    AllocatedBytes(() => WithoutClosuresBackward(0.4, 1.3, 100, 1.0, ref dX, ref dC)),
                    AllocatedBytes(() => WithAClosure(0.4, 1.3)),
                    AllocatedBytes(() => WithAClosureBackward(0.4, 1.3, 1.0, ref dX, ref dC)),
                ];
            }
        }
        """);

    private static long[] Measures() => (long[])Source.Assembly.GetType("LocalFunctions.Allocations", throwOnError: true)!.GetMethod("Measures")!.Invoke(null, [])!;

    [Fact]
    public void Local_functions_and_non_capturing_lambdas_allocate_nothing_per_call()
    {
        long[] bytes = Measures();
        Assert.Equal(0L, bytes[0]);
        Assert.Equal(0L, bytes[1]);
    }

    [Fact]
    public void A_capturing_lambda_allocates_in_the_backward_what_it_allocates_in_the_primal()
    {
        long[] bytes = Measures();
        Assert.True(bytes[2] > 0, "the primal's closure should allocate");
        Assert.Equal(bytes[2], bytes[3]);
    }
}
