using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Active values written where GradientGen cannot follow them: fields, properties and by-reference
/// arguments (GG0008, on the assignment or argument), and pointers (GG0010, on the pointer operation).
/// </summary>
public class WriteDiagnosticsTests
{
    internal const string Writing_an_active_value_into_a_property_is_GG0008_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            // A property with a body of its own (not an auto-property): GradientGen can't see where the value goes.
            [NoDerivative] private double _last;
            public double Last { get => _last; set => _last = value; }

            [Differentiable]
            public double F(double x)
            {
                {|GG0008:Last = x * 2|};
                return x;
            }
        }
        """;

    [Fact]
    public Task Writing_an_active_value_into_a_property_is_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Writing_an_active_value_into_a_property_is_GG0008_on_the_assignmentSource);

    internal const string Adding_an_active_value_into_a_property_is_GG0008_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            [NoDerivative] private readonly double[] _total = new double[1];
            public double Total { get => _total[0]; set => _total[0] = value; }

            [Differentiable]
            public double F(double x)
            {
                {|GG0008:Total += x|};
                return x * x;
            }
        }
        """;

    [Fact]
    public Task Adding_an_active_value_into_a_property_is_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Adding_an_active_value_into_a_property_is_GG0008_on_the_assignmentSource);

    internal const string Writing_an_active_value_into_a_static_field_is_GG0008_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            private static double s_last;

            [Differentiable]
            public static double F(double x)
            {
                {|GG0008:s_last = x|};
                return x * x;
            }

            public static double Last => s_last;
        }
        """;

    [Fact]
    public Task Writing_an_active_value_into_a_static_field_is_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Writing_an_active_value_into_a_static_field_is_GG0008_on_the_assignmentSource);

    internal const string Active_local_passed_by_ref_is_GG0008_on_the_argumentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static void Twice(ref double v) => v *= 2;

            [Differentiable]
            public static double F(double x)
            {
                double y = x;
                Twice({|GG0008:ref y|});
                return y;
            }
        }
        """;

    [Fact]
    public Task Active_local_passed_by_ref_is_GG0008_on_the_argument() => AnalyzerVerifier.VerifyAsync(Active_local_passed_by_ref_is_GG0008_on_the_argumentSource);

    internal const string Active_parameter_passed_by_ref_is_GG0008_on_the_argumentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static void Twice(ref double v) => v *= 2;

            [Differentiable]
            public static double F(double x)
            {
                Twice({|GG0008:ref x|});
                return x;
            }
        }
        """;

    [Fact]
    public Task Active_parameter_passed_by_ref_is_GG0008_on_the_argument() => AnalyzerVerifier.VerifyAsync(Active_parameter_passed_by_ref_is_GG0008_on_the_argumentSource);

    internal const string Active_local_passed_by_out_is_GG0008_on_the_argumentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static void Make(double v, out double r) => r = 2 * v;

            [Differentiable]
            public static double F(double x)
            {
                double y;
                Make(x, {|GG0008:out y|});
                return y * x;
            }
        }
        """;

    [Fact]
    public Task Active_local_passed_by_out_is_GG0008_on_the_argument() => AnalyzerVerifier.VerifyAsync(Active_local_passed_by_out_is_GG0008_on_the_argumentSource);

    // An 'out' variable declared in the call is written by the call like any other (it used to give dX = 2x
    // instead of 4x, with no diagnostic).
    internal const string Active_value_returned_through_an_out_variable_declaration_is_GG0008Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static void Make(double v, out double r) => r = 2 * v;

            [Differentiable]
            public static double F(double x)
            {
                Make(x, {|GG0008:out double y|});
                return y * x;
            }
        }
        """;

    [Fact]
    public Task Active_value_returned_through_an_out_variable_declaration_is_GG0008() => AnalyzerVerifier.VerifyAsync(Active_value_returned_through_an_out_variable_declaration_is_GG0008Source);

    internal const string Inactive_value_written_into_a_field_is_allowedSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            private int _calls;
            private double _lastK;

            [Differentiable]
            public double F(double x, [NoDerivative] double k)
            {
                _calls++;
                _lastK = k;
                return x * k;
            }

            public string Describe() => $"{_calls} {_lastK}";
        }
        """;

    [Fact]
    public Task Inactive_value_written_into_a_field_is_allowed() => AnalyzerVerifier.VerifyAsync(Inactive_value_written_into_a_field_is_allowedSource);

    internal const string Pointer_to_an_active_value_in_an_unsafe_block_is_GG0010_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = 0;
                unsafe
                {
                    double* p = &x;
                    y = {|GG0010:*p * 2|};
                }

                return y + x;
            }
        }
        """;

    [Fact]
    public Task Pointer_to_an_active_value_in_an_unsafe_block_is_GG0010_on_the_read() => AnalyzerVerifier.VerifyAsync(Pointer_to_an_active_value_in_an_unsafe_block_is_GG0010_on_the_readSource, allowUnsafe: true);

    internal const string Writing_an_active_value_through_a_pointer_is_GG0010_on_the_assignmentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
                unsafe
                {
                    double* p = &y;
                    {|GG0010:*p = x * 3|};
                }

                return y;
            }
        }
        """;

    [Fact]
    public Task Writing_an_active_value_through_a_pointer_is_GG0010_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Writing_an_active_value_through_a_pointer_is_GG0010_on_the_assignmentSource, allowUnsafe: true);

    internal const string Fixed_over_an_active_array_is_GG0010_on_the_keywordSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double[] a)
            {
                double y = 0;
                unsafe
                {
                    {|GG0010:fixed|} (double* p = a)
                    {
                        y = p[0] * 2;
                    }
                }

                return y + a[1];
            }
        }
        """;

    [Fact]
    public Task Fixed_over_an_active_array_is_GG0010_on_the_keyword() => AnalyzerVerifier.VerifyAsync(Fixed_over_an_active_array_is_GG0010_on_the_keywordSource, allowUnsafe: true);

    // No diagnostic, and the unsafe block is copied whole into the backward, braces included (unwrapped, its
    // pointer code was outside an unsafe context: CS0214).
    internal const string Unsafe_block_over_inactive_values_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k)
            {
                double scale = 0;
                unsafe
                {
                    double* p = &k;
                    scale = *p * 2;
                }

                return x * scale;
            }
        }
        """;

    [Fact]
    public Task Unsafe_block_over_inactive_values_is_allowed() => AnalyzerVerifier.VerifyAsync(Unsafe_block_over_inactive_values_is_allowedSource, allowUnsafe: true);

    [Fact]
    public void Unsafe_block_over_inactive_values_gets_a_compiling_backward() => GeneratorHarness.CompileAndLoad(Unsafe_block_over_inactive_values_is_allowedSource);

    [Fact]
    public void GG0008_message_names_the_target()
    {
        Assert.Contains("into the property 'Last'", AnalyzerVerifier.MessageOf(Writing_an_active_value_into_a_property_is_GG0008_on_the_assignmentSource, "GG0008"), StringComparison.Ordinal);
        Assert.Contains("into the static field 's_last'", AnalyzerVerifier.MessageOf(Writing_an_active_value_into_a_static_field_is_GG0008_on_the_assignmentSource, "GG0008"), StringComparison.Ordinal);
        Assert.Contains("passing the active variable 'y' as an out argument to 'Make'", AnalyzerVerifier.MessageOf(Active_local_passed_by_out_is_GG0008_on_the_argumentSource, "GG0008"), StringComparison.Ordinal);
    }

    internal const string Writing_an_active_value_through_a_pointer_into_a_useful_local_is_GG0010Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = 1;
                unsafe
                {
                    double* p = &y;
                    {|GG0010:*p = x|};
                }

                return y;
            }
        }
        """;

    /// <summary>Activity analysis can't see the write (x seemed not to reach the result): once a silent zero gradient.</summary>
    [Fact]
    public Task Writing_an_active_value_through_a_pointer_into_a_useful_local_is_GG0010() => AnalyzerVerifier.VerifyAsync(Writing_an_active_value_through_a_pointer_into_a_useful_local_is_GG0010Source, allowUnsafe: true);

    internal const string Pointer_code_in_an_unsafe_block_that_computes_active_values_is_GG0010Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = 0;
                double z = 0;
                unsafe
                {
                    double* p = {|GG0010:&z|};
                    *p = 3;
                    y = x * 2;
                }

                return y;
            }
        }
        """;

    /// <summary>The block is unwrapped to lower 'y = x * 2': its pointer code, copied out of the unsafe context, once gave CS0214.</summary>
    [Fact]
    public Task Pointer_code_in_an_unsafe_block_that_computes_active_values_is_GG0010() => AnalyzerVerifier.VerifyAsync(Pointer_code_in_an_unsafe_block_that_computes_active_values_is_GG0010Source, allowUnsafe: true);

    internal const string Pointer_code_on_inactive_values_in_its_own_unsafe_block_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double z = 0;
                unsafe
                {
                    double* p = &z;
                    *p = 3;
                }

                return x * z;
            }
        }
        """;

    [Fact]
    public Task Pointer_code_on_inactive_values_in_its_own_unsafe_block_is_allowed() => AnalyzerVerifier.VerifyAsync(Pointer_code_on_inactive_values_in_its_own_unsafe_block_is_allowedSource, allowUnsafe: true);
}
