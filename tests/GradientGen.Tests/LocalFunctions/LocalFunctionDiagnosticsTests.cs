using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.LocalFunctions;

/// <summary>
/// The local functions and lambdas whose calls can't be inlined soundly stay refused: GG0006 on the call,
/// its message saying why (recursive, generic, a parameter not by value, a captured variable written, a lambda
/// assigned again, several returns, a function declared inside). A delegate that is not a lambda held in a
/// local stays GG0006 too.
/// </summary>
public class LocalFunctionDiagnosticsTests
{
    internal const string Recursive_local_function_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Power(double v, int n) => n == 0 ? 1 : v * Power(v, n - 1);
                return {|GG0006:Power(x, 3)|} + x;
            }
        }
        """;

    [Fact]
    public Task Recursive_local_function_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Recursive_local_function_is_GG0006_on_the_callSource);

    internal const string Mutually_recursive_local_functions_are_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Even(double v, int n) => n == 0 ? v : Odd(v * 2, n - 1);
                double Odd(double v, int n) => n == 0 ? v : Even(v + 1, n - 1);
                return {|GG0006:Even(x, 3)|};
            }
        }
        """;

    [Fact]
    public Task Mutually_recursive_local_functions_are_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Mutually_recursive_local_functions_are_GG0006_on_the_callSource);

    internal const string Local_function_writing_a_captured_variable_is_GG0006Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double total = 0;
                double Add(double v) { total = total + v; return total; }
                return {|GG0006:Add(x * x)|} + total;
            }
        }
        """;

    [Fact]
    public Task Local_function_writing_a_captured_variable_is_GG0006() => AnalyzerVerifier.VerifyAsync(Local_function_writing_a_captured_variable_is_GG0006Source);

    internal const string Local_function_writing_into_a_captured_array_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double[] buffer = new double[2];
                double Keep(double v) { buffer[0] = 1; return v * v; }
                return {|GG0006:Keep(x)|} + buffer[0];
            }
        }
        """;

    [Fact]
    public Task Local_function_writing_into_a_captured_array_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_writing_into_a_captured_array_is_GG0006_on_the_callSource);

    internal const string Local_function_writing_into_its_array_parameter_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] w)
            {
                double Shift(double[] a) { a[0] = a[1]; return a[0] * a[0]; }
                return {|GG0006:Shift(w)|};
            }
        }
        """;

    [Fact]
    public Task Local_function_writing_into_its_array_parameter_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_writing_into_its_array_parameter_is_GG0006_on_the_callSource);

    internal const string Generic_local_function_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Twice<T>(double v, T tag) => 2 * v;
                return {|GG0006:Twice(x, "tag")|};
            }
        }
        """;

    [Fact]
    public Task Generic_local_function_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Generic_local_function_is_GG0006_on_the_callSource);

    internal const string Local_function_with_an_in_parameter_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Square(in double v) => v * v;
                return {|GG0006:Square(x)|};
            }
        }
        """;

    [Fact]
    public Task Local_function_with_an_in_parameter_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_with_an_in_parameter_is_GG0006_on_the_callSource);

    internal const string Lambda_assigned_again_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                Func<double, double> g = v => v;
                if (x > 0)
                {
                    g = v => v * v;
                }

                return {|GG0006:g(x)|};
            }
        }
        """;

    [Fact]
    public Task Lambda_assigned_again_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Lambda_assigned_again_is_GG0006_on_the_callSource);

    internal const string Local_function_returning_from_two_places_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Abs(double v)
                {
                    if (v > 0)
                    {
                        return v;
                    }

                    return -v;
                }

                return {|GG0006:Abs(x)|};
            }
        }
        """;

    [Fact]
    public Task Local_function_returning_from_two_places_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_returning_from_two_places_is_GG0006_on_the_callSource);

    internal const string Local_function_declaring_a_lambda_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double Outer(double v)
                {
                    Func<double, double> inner = t => t * t;
                    return inner(v);
                }

                return {|GG0006:Outer(x)|};
            }
        }
        """;

    [Fact]
    public Task Local_function_declaring_a_lambda_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_declaring_a_lambda_is_GG0006_on_the_callSource);

    internal const string Method_group_held_in_a_local_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                Func<double, double> g = Math.Sin;
                return {|GG0006:g(x)|};
            }
        }
        """;

    [Fact]
    public Task Method_group_held_in_a_local_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Method_group_held_in_a_local_is_GG0006_on_the_callSource);

    internal const string Calls_nesting_into_too_many_inlined_copies_are_GG0006_on_the_outermost_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double F0(double v) => v * v;
                double F1(double v) => F0(v) + F0(v * 0.5);
                double F2(double v) => F1(v) + F1(v * 0.5);
                double F3(double v) => F2(v) + F2(v * 0.5);
                double F4(double v) => F3(v) + F3(v * 0.5);
                double F5(double v) => F4(v) + F4(v * 0.5);
                double F6(double v) => F5(v) + F5(v * 0.5);
                double F7(double v) => F6(v) + F6(v * 0.5);
                double F8(double v) => F7(v) + F7(v * 0.5);
                return {|GG0006:F8(x)|};
            }
        }
        """;

    [Fact]
    public Task Calls_nesting_into_too_many_inlined_copies_are_GG0006_on_the_outermost_call() => AnalyzerVerifier.VerifyAsync(Calls_nesting_into_too_many_inlined_copies_are_GG0006_on_the_outermost_callSource);

    internal const string Local_function_reading_members_of_this_with_derivatives_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public partial class Layer
        {
            public double W = 0.5;

            [Differentiable]
            public double Forward(double x)
            {
                double Scaled(double v) => W * v;
                return {|GG0006:Scaled(x)|};
            }
        }
        """;

    [Fact]
    public Task Local_function_reading_members_of_this_with_derivatives_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_reading_members_of_this_with_derivatives_is_GG0006_on_the_callSource);

    internal const string Local_function_with_a_struct_parameter_is_GG0006_on_the_callSource = """
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static float F(float x)
            {
                float Length(Vector2 v) => v.Length();
                return {|GG0006:Length(new Vector2(x, 1))|};
            }
        }
        """;

    [Fact]
    public Task Local_function_with_a_struct_parameter_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Local_function_with_a_struct_parameter_is_GG0006_on_the_callSource);

    internal const string Capture_whose_value_comes_through_a_list_is_GG0011_on_the_readSource = """
        using System;
        using System.Collections.Generic;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var list = new Dictionary<int, double> { { 0, x } };
                double t = {|GG0011:list[0]|};
                double Twice() => t * 2;
                return Twice();
            }
        }
        """;

    [Fact]
    public Task Capture_whose_value_comes_through_a_list_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Capture_whose_value_comes_through_a_list_is_GG0011_on_the_readSource);

    [Fact]
    public void GG0006_message_says_why_a_local_function_is_not_inlined()
    {
        Assert.Contains("the local function 'Power', which calls itself", AnalyzerVerifier.MessageOf(Recursive_local_function_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Twice', which is generic", AnalyzerVerifier.MessageOf(Generic_local_function_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Square', whose parameter 'v' is not passed by value", AnalyzerVerifier.MessageOf(Local_function_with_an_in_parameter_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the lambda 'g', as 'g' is assigned again", AnalyzerVerifier.MessageOf(Lambda_assigned_again_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Abs', which returns from more than one place", AnalyzerVerifier.MessageOf(Local_function_returning_from_two_places_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Keep', which writes into the captured variable 'buffer'", AnalyzerVerifier.MessageOf(Local_function_writing_into_a_captured_array_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Shift', which writes into its array parameter 'a'", AnalyzerVerifier.MessageOf(Local_function_writing_into_its_array_parameter_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Outer', which declares a lambda inside it", AnalyzerVerifier.MessageOf(Local_function_declaring_a_lambda_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Scaled', which reads members of 'this' (pass them as arguments)", AnalyzerVerifier.MessageOf(Local_function_reading_members_of_this_with_derivatives_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("the local function 'Length', whose parameter 'v' is a struct (pass its members)", AnalyzerVerifier.MessageOf(Local_function_with_a_struct_parameter_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);
        Assert.Contains("called from 'F8(x)', whose calls nest into more than 256 inlined calls", AnalyzerVerifier.MessageOf(Calls_nesting_into_too_many_inlined_copies_are_GG0006_on_the_outermost_callSource, "GG0006"), StringComparison.Ordinal);
    }
}
