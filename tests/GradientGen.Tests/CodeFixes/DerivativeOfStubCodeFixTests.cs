using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.CodeFixes;

/// <summary>
/// GG0003 and GG0005: "Write a [DerivativeOf] for 'Foo'" adds a stub with exactly the signature SPEC §2
/// requires to the caller's type. The fixed source is analyzed again: no GG0012 (the signature is right)
/// and no GG0003/GG0005 (the call now has a derivative), and it compiles.
/// </summary>
public class DerivativeOfStubCodeFixTests
{
    [Fact]
    public Task A_method_of_the_same_type_is_named_with_nameof_alone() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double a, double b) => a * b;

            [Differentiable]
            public static double F(double x) => {|GG0003:Opaque(x, 2.0)|} + x;

            public static int Other() => 0;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double a, double b) => a * b;

            [Differentiable]
            public static double F(double x) => Opaque(x, 2.0) + x;

            [DerivativeOf(nameof(Opaque))]
            internal static double OpaqueBackward(double a, double b, double dResult, ref double dA, ref double dB)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂Opaque/∂a into dA, dResult * ∂Opaque/∂b into dB, and return Opaque(a, b).");
            }

            public static int Other() => 0;
        }
        """);

    [Fact]
    public Task A_method_of_another_type_is_named_with_typeof_and_nameof() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using GradientGen;

        namespace App
        {
            public static partial class C
            {
                [Differentiable]
                public static float F(float x, float y) => {|GG0003:Lib.Library.Foo(x, y)|} * x;
            }
        }

        namespace Lib
        {
            public static class Library
            {
                public static float Foo(float a, float b) => a * b;
            }
        }
        """,
        """
        using GradientGen;

        namespace App
        {
            public static partial class C
            {
                [Differentiable]
                public static float F(float x, float y) => Lib.Library.Foo(x, y) * x;

                [DerivativeOf(typeof(Lib.Library), nameof(Lib.Library.Foo))]
                internal static float FooBackward(float a, float b, float dResult, ref float dA, ref float dB)
                {
                    throw new System.NotImplementedException("Accumulate dResult * ∂Foo/∂a into dA, dResult * ∂Foo/∂b into dB, and return Library.Foo(a, b).");
                }
            }
        }

        namespace Lib
        {
            public static class Library
            {
                public static float Foo(float a, float b) => a * b;
            }
        }
        """);

    [Fact]
    public Task A_Math_function_without_a_rule_gets_a_stub_for_typeof_Math() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => {|GG0005:Math.IEEERemainder(x, y)|};
        }
        """,
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => Math.IEEERemainder(x, y);

            [DerivativeOf(typeof(Math), nameof(Math.IEEERemainder))]
            internal static double IEEERemainderBackward(double x, double y, double dResult, ref double dX, ref double dY)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂IEEERemainder/∂x into dX, dResult * ∂IEEERemainder/∂y into dY, and return Math.IEEERemainder(x, y).");
            }
        }
        """);

    [Fact]
    public Task An_array_gets_a_span_adjoint_and_NoDerivative_and_integer_parameters_none() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            static double Weighted(double[] w, [NoDerivative] double s, int n) => w[n] * s;

            [Differentiable]
            public static double F(double[] w, [NoDerivative] double s) => {|GG0003:Weighted(w, s, 0)|};
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            static double Weighted(double[] w, [NoDerivative] double s, int n) => w[n] * s;

            [Differentiable]
            public static double F(double[] w, [NoDerivative] double s) => Weighted(w, s, 0);

            [DerivativeOf(nameof(Weighted))]
            internal static double WeightedBackward(double[] w, double s, int n, double dResult, System.Span<double> dW)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂Weighted/∂w[i] into dW[i], and return Weighted(w, s, n).");
            }
        }
        """);

    [Fact]
    public Task A_taken_name_gets_a_number_and_a_missing_using_is_added() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using System;

        public partial class C
        {
            private readonly double _k = 3;

            double Opaque(double a) => a * _k;

            void OpaqueBackward() { }

            [GradientGen.Differentiable]
            public double F(double x, double[,] m) => {|GG0003:Opaque(x)|} + {|GG0003:Trace(m)|};

            static double Trace(double[,] m) => m[0, 0] + m[1, 1];
        }
        """,
        """
        using System;
        using GradientGen;

        public partial class C
        {
            private readonly double _k = 3;

            double Opaque(double a) => a * _k;

            void OpaqueBackward() { }

            [GradientGen.Differentiable]
            public double F(double x, double[,] m) => Opaque(x) + Trace(m);

            [DerivativeOf(nameof(Trace))]
            internal static double TraceBackward(double[,] m, double dResult, double[,] dM)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂Trace/∂m[i, j] into dM[i, j], and return Trace(m).");
            }

            [DerivativeOf(nameof(Opaque))]
            internal double OpaqueBackward1(double a, double dResult, ref double dA)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂Opaque/∂a into dA, and return Opaque(a).");
            }

            static double Trace(double[,] m) => m[0, 0] + m[1, 1];
        }
        """);

    [Fact]
    public Task A_method_that_may_write_into_an_active_array_gets_no_stub() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] x)
            {
                Array.Sort({|GG0003:x|});
                return x[0];
            }
        }
        """,
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] x)
            {
                Array.Sort({|GG0003:x|});
                return x[0];
            }
        }
        """);
}
