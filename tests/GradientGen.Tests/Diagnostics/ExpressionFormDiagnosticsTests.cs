using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// What the C-style forms leave refused, each located on its construct: <c>ref readonly</c> parameters
/// (<c>in</c> ones are accepted); assignments used as values that can't be moved into a statement of their
/// own (in a part that runs only sometimes, to a field, of an array, to a captured variable, inside their
/// own update, after another call).
/// </summary>
public class ExpressionFormDiagnosticsTests
{
    private const string Header = """
        using System;
        using GradientGen;

        """;

    [Fact]
    public Task In_parameters_get_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(in double x, in double[] a, in int n) => x * a[n];

            [Differentiable]
            public static double G(double y, double[] b) => F(y, b, 1) + F(in y, b, 0);
        }
        """);

    private const string RefReadonlyParameter = Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x, {|GG0004:ref readonly double y|}) => x * y;
        }
        """;

    [Fact]
    public Task Ref_readonly_parameter_is_GG0004_on_the_parameter() => AnalyzerVerifier.VerifyAsync(RefReadonlyParameter);

    [Fact]
    public void GG0004_names_ref_readonly() =>
        Assert.Equal(
            "'F' cannot be [Differentiable]: its parameter 'y' is 'ref readonly'; pass it by value",
            AnalyzerVerifier.MessageOf(RefReadonlyParameter, "GG0004"));

    [Fact]
    public Task Assignments_used_as_values_that_stay_refused_are_GG0001_or_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Header + """
        public partial class C
        {
            private static double s_last;

            [Differentiable]
            public static double Helper(double v) => v * v;

            [Differentiable]
            public static double Branch(double x, double y)
            {
                double z = 1;
                return x > 0 ? ({|GG0001:z = x * y|}) * z : z;
            }

            [Differentiable]
            public static double RightOfAnd(double x, int n)
            {
                double y = x;
                while (y < 10 && {|GG0001:n--|} > 0) y = y * x;
                return y;
            }

            [Differentiable]
            public double IntoAField(double x) => ({|GG0008:s_last = x|}) * 2;

            [Differentiable]
            public static double ArrayAssigned(double x, [NoDerivative] double[] a)
            {
                double[] b;
                return ({|GG0001:b = a|})[0] * x;
            }

            [Differentiable]
            public static double Captured(double x)
            {
                int k = 1;
                Func<int> read = () => k;
                return x * ({|GG0001:k = 2|}) * read();
            }

            [Differentiable]
            public static double OwnUpdate(double x, double y)
            {
                double r = {|GG0001:y *= (y = x)|};
                return r;
            }

            [Differentiable]
            public static double CallAfterCall(double x, double y)
            {
                return Helper(x) * ({|GG0001:y = Helper(y)|});
            }

            [Differentiable]
            public static double ElementAfterCall(double x)
            {
                double[] t = new double[1];
                double r = Helper(x) * ({|GG0001:t[0] = x|});
                return r + t[0];
            }
        }
        """);

    [Theory]
    [InlineData("x > 0 ? (z = x * y) * z : z", "'z = x * y', an assignment in a part of the expression that runs only sometimes; write it as an if statement, with the assignment as a statement of its own")]
    [InlineData("(k = 2) * read() * x", "'k = 2', an assignment used as a value to a variable a lambda or local function captures; write it as a statement of its own first, then use the variable it assigns")]
    [InlineData("Helper(x) * (y = Helper(y))", "'y = Helper(y)', an assignment used as a value that calls a method after another call in the same expression; write it as a statement of its own first, then use the variable it assigns")]
    [InlineData("(y *= (y = x))", "'y *= (y = x)', which assigns 'y' inside its own update; write the inner assignment as a statement of its own first")]
    public void GG0001_messages_name_the_assignment_and_the_way_out(string returned, string message) =>
        Assert.Equal(
            "GradientGen cannot differentiate " + message,
            AnalyzerVerifier.MessageOf(Header + $$"""
                public static partial class C
                {
                    [Differentiable]
                    public static double Helper(double v) => v * v;

                    [Differentiable]
                    public static double F(double x, double y)
                    {
                        double z = 1;
                        int k = 1;
                        Func<int> read = () => k;
                        return {{returned}} + z + k;
                    }
                }
                """, "GG0001"));

    [Fact]
    public Task Goto_case_before_the_end_of_its_section_and_goto_label_stay_GG0001() => AnalyzerVerifier.VerifyAsync(Header + """
        public static partial class C
        {
            [Differentiable]
            public static double Nested(double x, int k)
            {
                double r = x;
                switch (k)
                {
                    case 0:
                        if (r > 1) {|GG0001:goto case 1;|}
                        r = r * x;
                        break;
                    case 1:
                        r = r * 2;
                        break;
                }

                return r;
            }

            [Differentiable]
            public static double ToLabel(double x)
            {
                double r = x;
                {|GG0001:again: r = r * x;|}
                if (r < 1) {|GG0001:goto again;|}
                return r;
            }
        }
        """);

    [Fact]
    public void GG0001_for_a_goto_case_inside_an_if_says_to_end_the_section_with_it() =>
        Assert.Equal(
            "GradientGen cannot differentiate 'goto case 1;' before the end of its switch section; make it the last statement of the section, outside any if or loop",
            AnalyzerVerifier.MessageOf(Header + """
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, int k)
                    {
                        switch (k)
                        {
                            case 0:
                                if (x > 1) goto case 1;
                                x = x * x;
                                break;
                            case 1:
                                x = x * 2;
                                break;
                        }

                        return x;
                    }
                }
                """, "GG0001"));

    [Fact]
    public void GG0012_for_a_rule_that_takes_an_in_parameter_by_ref_says_by_value_or_in() =>
        Assert.Equal(
            "[DerivativeOf] on 'CubeBackward': its parameter 'ref double v' must be passed by value or 'in', like 'v' of 'Opaque.Cube'; expected 'static double CubeBackward(in double v, double dResult, ref double dV)'",
            AnalyzerVerifier.MessageOf(Header + """
                public static class Opaque
                {
                    public static double Cube(in double v) => v * v * v;
                }

                public static class Rules
                {
                    [DerivativeOf(typeof(Opaque), nameof(Opaque.Cube))]
                    public static double CubeBackward(ref double v, double dResult, ref double dV) => v;
                }
                """, "GG0012"));
}
