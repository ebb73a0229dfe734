using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.CodeFixes;

/// <summary>
/// GG0004 on a 'ref readonly' parameter: "Pass 'x' by value" drops 'ref readonly' there and 'in'/'ref' at the
/// calls that write it. ('in' parameters are differentiated as they are: no GG0004, nothing to fix.)
/// </summary>
public class PassByValueCodeFixTests
{
    [Fact]
    public Task Ref_readonly_is_dropped_from_the_parameter_and_the_calls() => CodeFixVerifier<PassByValueCodeFix>.VerifyAsync(
        [
            """
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, {|GG0004:ref readonly double y|}) => x * y;
            }
            """,
            """
            public static class Callers
            {
                public static double Twice(double a, double b) => C.F(a, in b) + C.F(a, ref b) + C.F(y: in a, x: b);
            }
            """,
        ],
        [
            """
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * y;
            }
            """,
            """
            public static class Callers
            {
                public static double Twice(double a, double b) => C.F(a, b) + C.F(a, b) + C.F(y: a, x: b);
            }
            """,
        ]);

    [Fact]
    public Task A_ref_parameter_gets_no_fix() => CodeFixVerifier<PassByValueCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F({|GG0004:ref double x|}) => x * x;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F({|GG0004:ref double x|}) => x * x;
        }
        """);
}
