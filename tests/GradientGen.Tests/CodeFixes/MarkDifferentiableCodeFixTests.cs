using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.CodeFixes;

/// <summary>
/// GG0003: "Mark 'Foo' [Differentiable]" on a called method whose source is in the solution; its containing
/// types become partial too, so no GG0002 follows.
/// </summary>
public class MarkDifferentiableCodeFixTests
{
    [Fact]
    public Task The_callee_gets_the_attribute_after_its_doc_comment_and_its_type_becomes_partial() => CodeFixVerifier<MarkDifferentiableCodeFix>.VerifyAsync(
        """
        public static class Library
        {
            /// <summary>The product.</summary>
            public static double Foo(double a, double b) => a * b;
        }

        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, double y) => {|GG0003:Library.Foo(x, y)|} + x;
        }
        """,
        """
        using GradientGen;

        public static partial class Library
        {
            /// <summary>The product.</summary>
            [Differentiable]
            public static double Foo(double a, double b) => a * b;
        }

        public static partial class C
        {
            [GradientGen.Differentiable]
            public static double F(double x, double y) => Library.Foo(x, y) + x;
        }
        """);

    [Fact]
    public Task A_callee_in_another_file_and_nested_types_is_marked_there() => CodeFixVerifier<MarkDifferentiableCodeFix>.VerifyAsync(
        [
            """
            using System;
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => Math.Sin({|GG0003:Outer.Inner.Square(x)|});
            }
            """,
            """
            using System.Runtime.CompilerServices;

            public static class Outer
            {
                internal static class Inner
                {
                    [MethodImpl(MethodImplOptions.AggressiveInlining)]
                    internal static double Square(double a) => a * a;
                }
            }
            """,
        ],
        [
            """
            using System;
            using GradientGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => Math.Sin(Outer.Inner.Square(x));
            }
            """,
            """
            using System.Runtime.CompilerServices;
            using GradientGen;

            public static partial class Outer
            {
                internal static partial class Inner
                {
                    [Differentiable]
                    [MethodImpl(MethodImplOptions.AggressiveInlining)]
                    internal static double Square(double a) => a * a;
                }
            }
            """,
        ]);

    [Fact]
    public Task A_library_method_is_not_offered() => CodeFixVerifier<MarkDifferentiableCodeFix>.VerifyAsync(
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0003:Convert.ToDouble(x)|};
        }
        """,
        """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0003:Convert.ToDouble(x)|};
        }
        """);
}
