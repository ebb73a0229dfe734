using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// The warnings: the backward is generated, but part of it is probably not what was meant. A field or
/// property read as a constant (GG1001), a [NoDerivative] that does nothing (GG1002), a gradient that is
/// always zero (GG1003), a derivative cut by rounding (GG1004); and the look-alikes that are meant.
/// </summary>
public class WarningTests
{
    internal const string Read_only_instance_field_read_is_GG1001_on_the_readSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            // Read-only: dThis can't add into it, so it stays a constant (a writable one is an input: InstanceMemberTests).
            private readonly double _scale = 2;

            [Differentiable]
            public double F(double x) => x * {|GG1001:_scale|};
        }
        """;

    [Fact]
    public Task Read_only_instance_field_read_is_GG1001_on_the_read() => AnalyzerVerifier.VerifyAsync(Read_only_instance_field_read_is_GG1001_on_the_readSource);

    internal const string Get_only_property_read_is_GG1001_on_the_readSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            public double Rate { get; } = 0.5;

            [Differentiable]
            public double F(double x) => {|GG1001:Rate|} * x * x;
        }
        """;

    [Fact]
    public Task Get_only_property_read_is_GG1001_on_the_read() => AnalyzerVerifier.VerifyAsync(Get_only_property_read_is_GG1001_on_the_readSource);

    internal const string Mutable_static_field_read_is_GG1001_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            public static double Bias = 1;

            [Differentiable]
            public static double F(double x) => x * x + {|GG1001:Bias|};
        }
        """;

    [Fact]
    public Task Mutable_static_field_read_is_GG1001_on_the_read() => AnalyzerVerifier.VerifyAsync(Mutable_static_field_read_is_GG1001_on_the_readSource);

    internal const string Const_static_readonly_and_NoDerivative_members_are_not_GG1001Source = """
        using System;
        using GradientGen;

        public partial class C
        {
            private const double K = 2;
            private static readonly double S = 3;
            [NoDerivative] private double _fixed = 4;
            [NoDerivative] public double Fixed { get; set; } = 5;

            [Differentiable]
            public double F(double x) => x * K + S * x + _fixed * x + Fixed + Math.PI * x;

            public void Reset() => _fixed = 0;
        }
        """;

    [Fact]
    public Task Const_static_readonly_and_NoDerivative_members_are_not_GG1001() => AnalyzerVerifier.VerifyAsync(Const_static_readonly_and_NoDerivative_members_are_not_GG1001Source);

    internal const string Writing_an_inactive_value_into_a_field_is_not_GG1001Source = """
        using System;
        using GradientGen;

        public partial class C
        {
            private double _lastK;

            [Differentiable]
            public double F(double x, [NoDerivative] double k)
            {
                _lastK = k;
                return x * k;
            }

            public double LastK => _lastK;
        }
        """;

    [Fact]
    public Task Writing_an_inactive_value_into_a_field_is_not_GG1001() => AnalyzerVerifier.VerifyAsync(Writing_an_inactive_value_into_a_field_is_not_GG1001Source);

    internal const string NoDerivative_on_an_int_parameter_is_GG1002_on_the_attributeSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [{|GG1002:NoDerivative|}] int n) => x * n;
        }
        """;

    [Fact]
    public Task NoDerivative_on_an_int_parameter_is_GG1002_on_the_attribute() => AnalyzerVerifier.VerifyAsync(NoDerivative_on_an_int_parameter_is_GG1002_on_the_attributeSource);

    internal const string NoDerivative_on_a_double_parameter_is_not_GG1002Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k, [NoDerivative] double[] w) => x * k * w[0];
        }
        """;

    [Fact]
    public Task NoDerivative_on_a_double_parameter_is_not_GG1002() => AnalyzerVerifier.VerifyAsync(NoDerivative_on_a_double_parameter_is_not_GG1002Source);

    internal const string Parameter_never_read_is_GG1003_on_its_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double {|GG1003:unused|}) => x * x;
        }
        """;

    [Fact]
    public Task Parameter_never_read_is_GG1003_on_its_name() => AnalyzerVerifier.VerifyAsync(Parameter_never_read_is_GG1003_on_its_nameSource);

    internal const string Parameter_used_only_in_a_comparison_is_GG1003_on_its_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double {|GG1003:threshold|}) => x > threshold ? x * x : 0.0;
        }
        """;

    [Fact]
    public Task Parameter_used_only_in_a_comparison_is_GG1003_on_its_name() => AnalyzerVerifier.VerifyAsync(Parameter_used_only_in_a_comparison_is_GG1003_on_its_nameSource);

    internal const string Parameter_only_rounded_is_GG1003_and_GG1004Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double {|GG1003:x|}) => {|GG1004:Math.Round(x)|} * 2;
        }
        """;

    [Fact]
    public Task Parameter_only_rounded_is_GG1003_and_GG1004() => AnalyzerVerifier.VerifyAsync(Parameter_only_rounded_is_GG1003_and_GG1004Source);

    internal const string Parameter_marked_NoDerivative_is_not_GG1003Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double threshold, [NoDerivative] double unused) => x > threshold ? x * x : 0.0;
        }
        """;

    [Fact]
    public Task Parameter_marked_NoDerivative_is_not_GG1003() => AnalyzerVerifier.VerifyAsync(Parameter_marked_NoDerivative_is_not_GG1003Source);

    internal const string Rounded_active_value_in_arithmetic_is_GG1004_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG1004:Math.Round(x)|} * 2 + x;
        }
        """;

    [Fact]
    public Task Rounded_active_value_in_arithmetic_is_GG1004_on_the_call() => AnalyzerVerifier.VerifyAsync(Rounded_active_value_in_arithmetic_is_GG1004_on_the_callSource);

    internal const string Cast_to_int_and_back_is_GG1004_on_the_int_castSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => (double){|GG1004:(int)x|} * x;
        }
        """;

    [Fact]
    public Task Cast_to_int_and_back_is_GG1004_on_the_int_cast() => AnalyzerVerifier.VerifyAsync(Cast_to_int_and_back_is_GG1004_on_the_int_castSource);

    internal const string Cast_to_int_used_as_an_index_is_not_GG1004Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double[] table) => table[(int)x] * x;
        }
        """;

    [Fact]
    public Task Cast_to_int_used_as_an_index_is_not_GG1004() => AnalyzerVerifier.VerifyAsync(Cast_to_int_used_as_an_index_is_not_GG1004Source);

    internal const string Rounding_an_inactive_value_is_not_GG1004Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Math.Floor(k) * x + (int)k;
        }
        """;

    [Fact]
    public Task Rounding_an_inactive_value_is_not_GG1004() => AnalyzerVerifier.VerifyAsync(Rounding_an_inactive_value_is_not_GG1004Source);

    internal const string Warnings_are_dropped_when_the_method_has_an_errorSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double unused, [NoDerivative] int n) => {|GG0005:Math.IEEERemainder(x, 2)|} + Math.Round(x) * n;
        }
        """;

    [Fact]
    public Task Warnings_are_dropped_when_the_method_has_an_error() => AnalyzerVerifier.VerifyAsync(Warnings_are_dropped_when_the_method_has_an_errorSource);
}
