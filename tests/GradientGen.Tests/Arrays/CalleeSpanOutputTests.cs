using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A [Differentiable] method that writes its output into a <c>Span&lt;T&gt;</c> parameter, called from
/// differentiable code with arguments that depend on the active parameters: what the callee writes into the
/// caller's array is not followed, so the call is refused on the array passed (GG0001) instead of the
/// derivative through it being dropped (GradBench's ode, written with a helper for the right-hand side, met it).
/// </summary>
public class CalleeSpanOutputTests
{
    [Fact]
    public Task An_array_filled_by_a_callee_from_active_values_is_refused_on_the_argument() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Ode
        {
            [Differentiable]
            public static void Derivative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
            {
                z[0] = x[0];
                for (int i = 1; i < x.Length; i++) z[i] = x[i] * y[i - 1];
            }

            // The only path from x to the result goes through k: once reported as "always zero".
            [Differentiable]
            public static double OnlyThroughTheCallee(double[] x)
            {
                double[] y = new double[x.Length];
                double[] k = new double[x.Length];
                Derivative(x, y, {|GG0001:k|});
                return k[x.Length - 1];
            }

            // x also reaches the result directly: the path through k was dropped without a word.
            [Differentiable]
            public static double AlsoDirectly(double[] x)
            {
                double[] k = new double[x.Length];
                Derivative(x, x, {|GG0001:k|});
                return k[0] + x[0];
            }

            // Only constants go in: the callee's output is a constant, nothing to follow.
            [Differentiable]
            public static double ConstantsIn(double[] x, [NoDerivative] double[] c)
            {
                double[] k = new double[c.Length];
                Derivative(c, c, k);
                return k[0] * x[0];
            }
        }
        """);
}
