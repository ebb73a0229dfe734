using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.CodeFixes;

/// <summary>
/// GG1003: "Mark 'x' [NoDerivative]" says that a gradient which is always zero is intended; GG0015: it says
/// that a parameter holding floating values GradientGen can't differentiate yet is a constant.
/// </summary>
public class AddNoDerivativeCodeFixTests
{
    [Fact]
    public Task The_attribute_goes_before_the_parameter_type() => CodeFixVerifier<AddNoDerivativeCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double {|GG1003:unused|}) => x * x;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double unused) => x * x;
        }
        """);

    [Fact]
    public Task A_missing_using_is_added() => CodeFixVerifier<AddNoDerivativeCodeFix>.VerifyAsync(
        """
        using System;

        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, double {|GG1003:threshold|}) => x > threshold ? Math.Sin(x) : x;
        }
        """,
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, [NoDerivative] double threshold) => x > threshold ? Math.Sin(x) : x;
        }
        """);

    [Fact]
    public Task Every_such_parameter_is_marked_and_keeps_its_line() => CodeFixVerifier<AddNoDerivativeCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(
                double x,
                double {|GG1003:a|},
                double[] {|GG1003:b|}) => x * x;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(
                double x,
                [NoDerivative] double a,
                [NoDerivative] double[] b) => x * x;
        }
        """);

    [Fact]
    public Task Fixing_all_adds_one_using() => CodeFixVerifier<AddNoDerivativeCodeFix>.VerifyAsync(
        """
        // A header comment stays at the top.
        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, double {|GG1003:a|}, double {|GG1003:b|}) => x * x;
        }
        """,
        """
        // A header comment stays at the top.
        using GradientGen;

        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, [NoDerivative] double a, [NoDerivative] double b) => x * x;
        }
        """);

    [Fact]
    public Task A_struct_parameter_refused_with_GG0015_is_marked_as_a_constant() => CodeFixVerifier<AddNoDerivativeCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public struct Hidden { private double _a; public double A => _a; }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Hidden {|GG0015:v|}) => x * v.A;
        }
        """,
        """
        using GradientGen;

        public struct Hidden { private double _a; public double A => _a; }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] Hidden v) => x * v.A;
        }
        """);
}
