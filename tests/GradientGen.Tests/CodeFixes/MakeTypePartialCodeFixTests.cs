using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace GradientGen.Tests.CodeFixes;

/// <summary>GG0002: "Make 'T' partial" puts 'partial' right before the type keyword.</summary>
public class MakeTypePartialCodeFixTests
{
    [Fact]
    public Task Partial_goes_after_the_other_modifiers() => CodeFixVerifier<MakeTypePartialCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static class {|GG0002:C|}
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task Each_nested_type_is_made_partial_by_its_own_fix() => CodeFixVerifier<MakeTypePartialCodeFix>.VerifyAsync(
        """
        using GradientGen;

        namespace N
        {
            class {|GG0002:Outer|}
            {
                internal struct {|GG0002:Inner|}
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
        }
        """,
        """
        using GradientGen;

        namespace N
        {
            partial class Outer
            {
                internal partial struct Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
        }
        """);

    [Fact]
    public Task A_record_struct_becomes_partial_record_struct() => CodeFixVerifier<MakeTypePartialCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public readonly record struct {|GG0002:P|}(double Scale)
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """,
        """
        using GradientGen;

        public readonly partial record struct P(double Scale)
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }
        """);

    [Fact]
    public Task Two_methods_in_one_type_get_one_GG0002_and_one_partial() => CodeFixVerifier<MakeTypePartialCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public class {|GG0002:C|}
        {
            [Differentiable]
            public static double F(double x) => x * x;

            [Differentiable]
            public static double G(double x) => x * x * x;
        }
        """,
        """
        using GradientGen;

        public partial class C
        {
            [Differentiable]
            public static double F(double x) => x * x;

            [Differentiable]
            public static double G(double x) => x * x * x;
        }
        """);
}
