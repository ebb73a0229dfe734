using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Code GradientGen copies must not change an active array where the derivative can't follow: a method run on
/// it (<c>y.Fill(0)</c>, <c>x.SetValue(…)</c>), or the array passed through a conversion (<c>Array.Clear(x)</c>
/// takes an <c>Array</c>) or as a jagged array's row (<c>Array.Sort(w[0])</c>), an element passed by <c>ref</c>, or a <c>ref</c>
/// foreach variable writing into it. Each of these used to get a backward whose derivative ignored the change; each is now
/// GG0003 on the call or the argument (GG0001 on the foreach variable).
/// </summary>
public class HiddenArrayChangeTests
{
    [Fact]
    public Task Methods_run_on_or_given_an_active_array_are_GG0003() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Hidden
        {
            [Differentiable]
            public static double SetValue(double[] x)
            {
                {|GG0003:x.SetValue(2.0, 0)|};
                return x[0] * x[1];
            }

            [Differentiable]
            public static double Cleared(double[] x)
            {
                Array.Clear({|GG0003:x|});
                return x[0] * x[1];
            }

            [Differentiable]
            public static double SortedRow(double[][] w)
            {
                Array.Sort({|GG0003:w[0]|});
                return w[0][0] * 2;
            }

            [Differentiable]
            public static void Filled(ReadOnlySpan<double> x, Span<double> y)
            {
                y[1] = x[0];
                {|GG0003:y.Fill(0)|};
                y[0] = x[1];
            }

            [Differentiable]
            public static void ByReference(ReadOnlySpan<double> x, Span<double> y)
            {
                foreach ({|GG0001:ref double v|} in y) v = x[0];
            }

            private static void Set(ref double d) => d = 2;

            [Differentiable]
            public static double ElementByReference(double[] x)
            {
                Set({|GG0003:ref x[0]|});
                return x[0] * x[1];
            }

            [Differentiable]
            public static void OutputByReference(ReadOnlySpan<double> x, Span<double> y)
            {
                Set({|GG0003:ref y[0]|});
                y[1] = x[0] * y[0];
            }

            [Differentiable]
            public static double Shape(double[,] m) => m[0, 0] * m.GetLength(1);
        }
        """);
}
