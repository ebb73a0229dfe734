using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>Each refusal is an error with its exact id, on the exact offending syntax.</summary>
public class AnalyzerTests
{
    internal const string Supported_method_has_no_diagnosticSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k)
            {
                double y = Math.Sin(x) * k;
                Console.WriteLine(y);
                return y * y;
            }
        }
        """;

    [Fact]
    public Task Supported_method_has_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Supported_method_has_no_diagnosticSource);

    internal const string Containing_type_not_partial_is_GG0002_on_its_nameSource = """
        using System;
        using GradientGen;

        public static partial class Outer
        {
            public static class {|GG0002:Inner|}
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
        }
        """;

    [Fact]
    public Task Containing_type_not_partial_is_GG0002_on_its_name() => AnalyzerVerifier.VerifyAsync(Containing_type_not_partial_is_GG0002_on_its_nameSource);

    internal const string Call_without_derivative_is_GG0003_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [Differentiable]
            public static double F(double x) => {|GG0003:Opaque(x)|} + x;
        }
        """;

    [Fact]
    public Task Call_without_derivative_is_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync(Call_without_derivative_is_GG0003_on_the_callSource);

    internal const string Call_to_a_differentiable_method_that_cannot_be_differentiated_is_GG0003Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [Differentiable]
            public static double G(double x) => {|GG0003:Opaque(x)|};

            [Differentiable]
            public static double F(double x) => {|GG0003:G(x)|} * 3;
        }
        """;

    [Fact]
    public Task Call_to_a_differentiable_method_that_cannot_be_differentiated_is_GG0003() => AnalyzerVerifier.VerifyAsync(Call_to_a_differentiable_method_that_cannot_be_differentiated_is_GG0003Source);

    internal const string Call_without_derivative_on_inactive_values_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [Differentiable]
            public static double F(double x, [NoDerivative] double k, int n)
            {
                double unused = Opaque(x);
                return x * Opaque(k) + {|GG1004:Math.Floor(x)|} + n.GetHashCode();
            }
        }
        """;

    [Fact]
    public Task Call_without_derivative_on_inactive_values_is_allowed() => AnalyzerVerifier.VerifyAsync(Call_without_derivative_on_inactive_values_is_allowedSource);

    internal const string Inactive_guard_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int n)
            {
                if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
                return x * n;
            }
        }
        """;

    [Fact]
    public Task Inactive_guard_is_allowed() => AnalyzerVerifier.VerifyAsync(Inactive_guard_is_allowedSource);

    internal const string Unsupported_operator_is_GG0001_on_the_expressionSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0001:x % 2.0|} + x;
        }
        """;

    [Fact]
    public Task Unsupported_operator_is_GG0001_on_the_expression() => AnalyzerVerifier.VerifyAsync(Unsupported_operator_is_GG0001_on_the_expressionSource);

    internal const string Writing_an_active_value_into_a_field_is_GG0008_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            // A member that carries no derivative: an active value stored there would be lost.
            [NoDerivative] private double _last;

            [Differentiable]
            public double F(double x)
            {
                {|GG0008:_last = x * 2|};
                return x;
            }
        }
        """;

    [Fact]
    public Task Writing_an_active_value_into_a_field_is_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Writing_an_active_value_into_a_field_is_GG0008_on_the_assignmentSource);

    internal const string Ref_parameter_is_GG0004_on_the_parameterSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F({|GG0004:ref double x|}) => x * x;
        }
        """;

    [Fact]
    public Task Ref_parameter_is_GG0004_on_the_parameter() => AnalyzerVerifier.VerifyAsync(Ref_parameter_is_GG0004_on_the_parameterSource);

    internal const string Generic_method_is_GG0004_on_its_type_parametersSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F{|GG0004:<T>|}(double x) => x * x;
        }
        """;

    [Fact]
    public Task Generic_method_is_GG0004_on_its_type_parameters() => AnalyzerVerifier.VerifyAsync(Generic_method_is_GG0004_on_its_type_parametersSource);

    internal const string Non_floating_result_is_GG0004_on_the_return_typeSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static {|GG0004:int|} F(double x) => (int)x;
        }
        """;

    [Fact]
    public Task Non_floating_result_is_GG0004_on_the_return_type() => AnalyzerVerifier.VerifyAsync(Non_floating_result_is_GG0004_on_the_return_typeSource);

    internal const string Async_method_is_GG0004_on_the_modifierSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static {|GG0004:async|} {|GG0004:System.Threading.Tasks.Task<double>|} F(double x) { await System.Threading.Tasks.Task.Yield(); return x; }
        }
        """;

    [Fact]
    public Task Async_method_is_GG0004_on_the_modifier() => AnalyzerVerifier.VerifyAsync(Async_method_is_GG0004_on_the_modifierSource);

    internal const string Existing_backward_member_is_GG0004_on_the_method_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double {|GG0004:F|}(double x) => x * x;

            public static double FBackward(double x) => 2 * x;
        }
        """;

    [Fact]
    public Task Existing_backward_member_is_GG0004_on_the_method_name() => AnalyzerVerifier.VerifyAsync(Existing_backward_member_is_GG0004_on_the_method_nameSource);

    internal const string Try_around_active_values_is_GG0001_on_the_keywordSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
                {|GG0001:try|} { y = x * x; } catch (InvalidOperationException) { y = 0; }
                return y;
            }
        }
        """;

    [Fact]
    public Task Try_around_active_values_is_GG0001_on_the_keyword() => AnalyzerVerifier.VerifyAsync(Try_around_active_values_is_GG0001_on_the_keywordSource);

    internal const string Goto_is_GG0001_on_the_statementSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int n)
            {
                {|GG0001:start:
                n--;|}
                if (n > 0) {|GG0001:goto start;|}
                return x * n;
            }
        }
        """;

    [Fact]
    public Task Goto_is_GG0001_on_the_statement() => AnalyzerVerifier.VerifyAsync(Goto_is_GG0001_on_the_statementSource);

    internal const string Lock_around_active_values_is_GG0001_on_the_keywordSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            private readonly object _gate = new();

            [Differentiable]
            public double F(double x)
            {
                double y = x;
                {|GG0001:lock|} (_gate) { y = Math.Sin(x); }
                return y;
            }
        }
        """;

    [Fact]
    public Task Lock_around_active_values_is_GG0001_on_the_keyword() => AnalyzerVerifier.VerifyAsync(Lock_around_active_values_is_GG0001_on_the_keywordSource);

    internal const string Break_inside_a_switch_section_before_its_end_is_GG0001Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int k)
            {
                double y = x;
                switch (k)
                {
                    case 1:
                        if (x > 0) {|GG0001:break;|}
                        y = x * x;
                        break;
                    default:
                        y = -x;
                        break;
                }

                return y;
            }
        }
        """;

    [Fact]
    public Task Break_inside_a_switch_section_before_its_end_is_GG0001() => AnalyzerVerifier.VerifyAsync(Break_inside_a_switch_section_before_its_end_is_GG0001Source);

    internal const string Foreach_over_a_list_with_active_values_is_GG0001_on_the_collectionSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] System.Collections.Generic.HashSet<double> items)
            {
                double y = 0;
                foreach (double v in {|GG0001:items|}) { y += v * x; }
                return y;
            }
        }
        """;

    [Fact]
    public Task Foreach_over_a_list_with_active_values_is_GG0001_on_the_collection() => AnalyzerVerifier.VerifyAsync(Foreach_over_a_list_with_active_values_is_GG0001_on_the_collectionSource);

    internal const string Assignment_inside_a_condition_is_GG0001_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, int n)
            {
                double y = x;
                while (y < 10 && {|GG0001:n--|} > 0) { y = y * x; }
                return y;
            }
        }
        """;

    [Fact]
    public Task Assignment_inside_a_condition_is_GG0001_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Assignment_inside_a_condition_is_GG0001_on_the_assignmentSource);

    internal const string Writing_into_a_parameter_array_is_GG0001_on_the_storeSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] x)
            {
                {|GG0001:x[0] = x[1] * 2|};
                return x[0];
            }
        }
        """;

    [Fact]
    public Task Writing_into_a_parameter_array_is_GG0001_on_the_store() => AnalyzerVerifier.VerifyAsync(Writing_into_a_parameter_array_is_GG0001_on_the_storeSource);

    internal const string Aliasing_an_active_array_is_GG0001_on_the_initializerSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] x)
            {
                double[] y = {|GG0001:x|};
                y[0] = 1;
                return x[0] * x[1];
            }
        }
        """;

    [Fact]
    public Task Aliasing_an_active_array_is_GG0001_on_the_initializer() => AnalyzerVerifier.VerifyAsync(Aliasing_an_active_array_is_GG0001_on_the_initializerSource);

    internal const string Passing_an_active_array_to_an_opaque_method_is_GG0003_on_the_argumentSource = """
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
        """;

    [Fact]
    public Task Passing_an_active_array_to_an_opaque_method_is_GG0003_on_the_argument() => AnalyzerVerifier.VerifyAsync(Passing_an_active_array_to_an_opaque_method_is_GG0003_on_the_argumentSource);

    internal const string Changing_data_after_passing_it_to_a_differentiable_call_is_GG0001_on_the_storeSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double Dot(double[] a, [NoDerivative] double[] b) => a[0] * b[0] + a[1] * b[1];

            [Differentiable]
            public static double F(double[] w, int n)
            {
                double[] buffer = new double[2];
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    {|GG0001:buffer[0] = i|};
                    s += Dot(w, buffer);
                }

                return s;
            }
        }
        """;

    [Fact]
    public Task Changing_data_after_passing_it_to_a_differentiable_call_is_GG0001_on_the_store() => AnalyzerVerifier.VerifyAsync(Changing_data_after_passing_it_to_a_differentiable_call_is_GG0001_on_the_storeSource);

    internal const string Ref_local_to_an_active_array_element_is_GG0001_on_the_declaratorSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] x)
            {
                double[] y = new double[2];
                y[0] = x[0];
                ref double {|GG0001:r = ref y[0]|};
                r = r * 2;
                return y[0];
            }
        }
        """;

    [Fact]
    public Task Ref_local_to_an_active_array_element_is_GG0001_on_the_declarator() => AnalyzerVerifier.VerifyAsync(Ref_local_to_an_active_array_element_is_GG0001_on_the_declaratorSource);

    internal const string Value_stored_in_a_list_and_read_back_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var list = new System.Collections.Generic.Dictionary<int, double>();
                list.Add(0, x * x);
                return {|GG0011:list[0]|};
            }
        }
        """;

    [Fact]
    public Task Value_stored_in_a_list_and_read_back_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Value_stored_in_a_list_and_read_back_is_GG0011_on_the_readSource);

    // A local jagged array only read for a row's length: its values never reach the result, so an active value may
    // go in (it was refused before local jagged arrays were differentiated). One read for its values is GG0001 where
    // the row comes from a call.
    [Fact]
    public Task An_active_value_stored_in_a_local_jagged_array_is_followed_or_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double[] Row(double x)
            {
                var r = new double[1];
                r[0] = x;
                return r;
            }

            [Differentiable]
            public static double F(double x)
            {
                double[][] rows = new double[1][];
                rows[0] = new double[1];
                rows[0][0] = x * 2;
                return x + rows[0].Length;
            }

            [Differentiable]
            public static double G(double x)
            {
                double[][] rows = new double[1][];
                rows[0] = Row(x);
                {|GG0001:rows[0] = x > 0 ? Row(x) : Row(-x)|};
                return rows[0][0];
            }
        }
        """);
}
