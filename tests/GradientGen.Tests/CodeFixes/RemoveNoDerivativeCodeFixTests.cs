using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.CodeFixes;

/// <summary>
/// GG1002: a [NoDerivative] with no effect is removed. GG0013: the [NoDerivative] on the callee's parameter
/// that an active argument is passed to is removed, so the derivative flows through the call.
/// </summary>
public class RemoveNoDerivativeCodeFixTests
{
    [Fact]
    public Task An_attribute_without_effect_is_removed_with_its_list() => CodeFixVerifier<RemoveNoDerivativeCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [{|GG1002:NoDerivative|}] int n) => x * n;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int n) => x * n;
        }
        """);

    [Fact]
    public Task An_attribute_sharing_its_list_is_removed_alone() => CodeFixVerifier<RemoveNoDerivativeCodeFix>.VerifyAsync(
        """
        using System.Diagnostics.CodeAnalysis;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [{|GG1002:NoDerivative|}, NotNull] string label) => x * label.Length;
        }
        """,
        """
        using System.Diagnostics.CodeAnalysis;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NotNull] string label) => x * label.Length;
        }
        """);

    [Fact]
    public Task The_callees_NoDerivative_is_removed_for_an_active_argument() => CodeFixVerifier<RemoveNoDerivativeCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double Scale(double x, [NoDerivative] double k) => x * k;

            [Differentiable]
            public static double F(double x, double y) => Scale(x, {|GG0013:y|});
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double Scale(double x, double k) => x * k;

            [Differentiable]
            public static double F(double x, double y) => Scale(x, y);
        }
        """);

    [Fact]
    public Task The_callee_may_be_in_another_file() => CodeFixVerifier<RemoveNoDerivativeCodeFix>.VerifyAsync(
        [
            """
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => Library.Scale(x, {|GG0013:y * y|});
            }
            """,
            """
            using GradientGen;

            public static partial class Library
            {
                [Differentiable]
                public static double Scale(double x, [NoDerivative] double k) => x * k;
            }
            """,
        ],
        [
            """
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => Library.Scale(x, y * y);
            }
            """,
            """
            using GradientGen;

            public static partial class Library
            {
                [Differentiable]
                public static double Scale(double x, double k) => x * k;
            }
            """,
        ]);

    private const string RuleWithNoDerivative = """
        using GradientGen;

        public static partial class C
        {
            static double Scale(double x, double k) => x * k;

            [DerivativeOf(nameof(Scale))]
            static double ScaleBackward(double x, [NoDerivative] double k, double dResult, ref double dX)
            {
                dX += dResult * k;
                return Scale(x, k);
            }

            [Differentiable]
            public static double F(double x, double y) => Scale(x, {|GG0013:y|});
        }
        """;

    [Fact]
    public Task A_NoDerivative_that_a_DerivativeOf_rule_relies_on_is_left_alone() =>
        CodeFixVerifier<RemoveNoDerivativeCodeFix>.VerifyAsync(RuleWithNoDerivative, RuleWithNoDerivative);
}
