using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// What stays refused around span slices, each located on the slice, the write or the call: writing through a
/// slice of an input, slices of a written output span, of a local or of another slice, slices in a branch or in a
/// loop whose reverse can't take them again, starts the reverse sweep can't evaluate again (a call, an effect, a
/// Range variable), a slice assigned again or returned, and copied calls that write into span outputs.
/// </summary>
public class SpanSliceDiagnosticsTests
{
    [Fact]
    public Task Refused_slices_are_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Refused
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> a)
            {
                double s = 0;
                foreach (double v in a) s += v;
                return s;
            }

            [Differentiable]
            public static double Written(double[] x)
            {
                Span<double> t = x.AsSpan(1);
                {|GG0001:t[0] = 2|};
                return t[1] * x[0];
            }

            [Differentiable]
            public static void OfOutput(ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = x[0];
                ReadOnlySpan<double> t = {|GG0001:y[1..]|};
                y[1] = t[0] * x[1];
            }

            [Differentiable]
            public static double OfSlice(double[] x)
            {
                ReadOnlySpan<double> t = x[1..];
                ReadOnlySpan<double> u = {|GG0001:t[1..]|};
                return u[0];
            }

            [Differentiable]
            public static double InBranch(double[] x, bool c)
            {
                double s = 0;
                if (c)
                {
                    ReadOnlySpan<double> t = {|GG0001:x[1..]|};
                    s = t[0];
                }

                return s;
            }

            [Differentiable]
            public static double InWhile(double[] x)
            {
                double s = 0;
                int k = 0;
                while (k < 2)
                {
                    ReadOnlySpan<double> t = {|GG0001:x[k..]|};
                    s += t[0];
                    k++;
                }

                return s;
            }

            [Differentiable]
            public static double PassedInBranch(double[] x, bool c) => c ? Sum({|GG0001:x.AsSpan(1)|}) : x[0];

            [Differentiable]
            public static double RangeVariable(double[] x, Range r)
            {
                ReadOnlySpan<double> t = {|GG0001:x[r]|};
                return t[0];
            }

            [Differentiable]
            public static double EffectInStart(double[] x, int k) => Sum({|GG0001:x.AsSpan(k++)|}) + k;

            [Differentiable]
            public static double Reassigned(double[] x)
            {
                ReadOnlySpan<double> t = x[1..];
                t = {|GG0001:x[2..]|};
                return t[0];
            }

            [Differentiable]
            public static double[] Returned(double[] x)
            {
                double[] t = x[1..];
                return {|GG0001:t|};
            }

            [Differentiable]
            public static double PassedToUnknown(double[] x)
            {
                ReadOnlySpan<double> t = x[1..];
                return {|GG0003:Total(t)|} * t[0];
            }

            private static double Total(ReadOnlySpan<double> v) => v[0];

        }
        """);
}
