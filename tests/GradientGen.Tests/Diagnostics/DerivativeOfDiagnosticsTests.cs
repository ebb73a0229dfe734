using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// [DerivativeOf] methods checked against the method they name (GG0012, on the attribute, the rule's name or
/// the parameter that differs), and valid rules that give no diagnostic and are called in the reverse sweep.
/// </summary>
public class DerivativeOfDiagnosticsTests
{
    internal const string Unknown_method_name_is_GG0012_on_the_attributeSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [{|GG0012:DerivativeOf("Opaq")|}]
            static double OpaqueBackward(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }
        }
        """;

    [Fact]
    public Task Unknown_method_name_is_GG0012_on_the_attribute() => AnalyzerVerifier.VerifyAsync(Unknown_method_name_is_GG0012_on_the_attributeSource);

    internal const string Unknown_method_of_another_type_is_GG0012_on_the_attributeSource = """
        using System;
        using GradientGen;

        public static class Rules
        {
            [{|GG0012:DerivativeOf(typeof(Math), "Sine")|}]
            static double SineBackward(double x, double dResult, ref double dX)
            {
                dX += Math.Cos(x) * dResult;
                return Math.Sin(x);
            }
        }
        """;

    [Fact]
    public Task Unknown_method_of_another_type_is_GG0012_on_the_attribute() => AnalyzerVerifier.VerifyAsync(Unknown_method_of_another_type_is_GG0012_on_the_attributeSource);

    internal const string Wrong_dResult_type_is_GG0012_on_the_parameter_and_the_call_is_GG0003Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double OpaqueBackward(double v, float {|GG0012:dResult|}, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }

            [Differentiable]
            public static double F(double x) => {|GG0003:Opaque(x)|} * x;
        }
        """;

    [Fact]
    public Task Wrong_dResult_type_is_GG0012_on_the_parameter_and_the_call_is_GG0003() => AnalyzerVerifier.VerifyAsync(Wrong_dResult_type_is_GG0012_on_the_parameter_and_the_call_is_GG0003Source);

    internal const string Missing_adjoint_parameter_is_GG0012_on_the_rule_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double {|GG0012:OpaqueBackward|}(double v, double dResult) => Opaque(v);
        }
        """;

    [Fact]
    public Task Missing_adjoint_parameter_is_GG0012_on_the_rule_name() => AnalyzerVerifier.VerifyAsync(Missing_adjoint_parameter_is_GG0012_on_the_rule_nameSource);

    internal const string Adjoint_not_passed_by_ref_is_GG0012_on_the_parameterSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double OpaqueBackward(double v, double dResult, double {|GG0012:dV|}) => Opaque(v);
        }
        """;

    [Fact]
    public Task Adjoint_not_passed_by_ref_is_GG0012_on_the_parameter() => AnalyzerVerifier.VerifyAsync(Adjoint_not_passed_by_ref_is_GG0012_on_the_parameterSource);

    internal const string Extra_parameter_is_GG0012_on_the_parameterSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double OpaqueBackward(double v, double dResult, ref double dV, double {|GG0012:scale|})
            {
                dV += scale * dResult;
                return Opaque(v);
            }
        }
        """;

    [Fact]
    public Task Extra_parameter_is_GG0012_on_the_parameter() => AnalyzerVerifier.VerifyAsync(Extra_parameter_is_GG0012_on_the_parameterSource);

    internal const string Rule_without_the_primal_parameters_is_GG0012_on_the_rule_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double {|GG0012:OpaqueBackward|}(float v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return v * 2;
            }
        }
        """;

    [Fact]
    public Task Rule_without_the_primal_parameters_is_GG0012_on_the_rule_name() => AnalyzerVerifier.VerifyAsync(Rule_without_the_primal_parameters_is_GG0012_on_the_rule_nameSource);

    internal const string Wrong_return_type_is_GG0012_on_the_rule_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static void {|GG0012:OpaqueBackward|}(double v, double dResult, ref double dV) => dV += 2 * dResult;
        }
        """;

    [Fact]
    public Task Wrong_return_type_is_GG0012_on_the_rule_name() => AnalyzerVerifier.VerifyAsync(Wrong_return_type_is_GG0012_on_the_rule_nameSource);

    internal const string Instance_rule_for_a_static_method_is_GG0012_on_the_rule_nameSource = """
        using System;
        using GradientGen;

        public partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            double {|GG0012:OpaqueBackward|}(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }
        }
        """;

    [Fact]
    public Task Instance_rule_for_a_static_method_is_GG0012_on_the_rule_name() => AnalyzerVerifier.VerifyAsync(Instance_rule_for_a_static_method_is_GG0012_on_the_rule_nameSource);

    internal const string Static_rule_for_an_instance_method_is_GG0012_on_the_rule_nameSource = """
        using System;
        using GradientGen;

        public partial class Model
        {
            public double Eval(double v) => v * 2;

            [DerivativeOf(nameof(Eval))]
            static double {|GG0012:EvalBackward|}(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return v * 2;
            }
        }
        """;

    [Fact]
    public Task Static_rule_for_an_instance_method_is_GG0012_on_the_rule_name() => AnalyzerVerifier.VerifyAsync(Static_rule_for_an_instance_method_is_GG0012_on_the_rule_nameSource);

    internal const string Second_rule_for_the_same_method_is_GG0012_on_its_nameSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double OpaqueBackward(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }

            [DerivativeOf(nameof(Opaque))]
            static double {|GG0012:OpaqueBackwardAgain|}(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }

            [Differentiable]
            public static double F(double x) => Opaque(x) * x;
        }
        """;

    [Fact]
    public Task Second_rule_for_the_same_method_is_GG0012_on_its_name() => AnalyzerVerifier.VerifyAsync(Second_rule_for_the_same_method_is_GG0012_on_its_nameSource);

    internal const string Rule_in_the_same_type_has_no_diagnosticSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Opaque(double v) => v * 2;

            [DerivativeOf(nameof(Opaque))]
            static double OpaqueBackward(double v, double dResult, ref double dV)
            {
                dV += 2 * dResult;
                return Opaque(v);
            }

            [Differentiable]
            public static double F(double x) => Opaque(x) * x;
        }
        """;

    [Fact]
    public Task Rule_in_the_same_type_has_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Rule_in_the_same_type_has_no_diagnosticSource);

    internal const string Rule_for_a_Math_function_has_no_diagnosticSource = """
        using System;
        using GradientGen;

        public static class MathRules
        {
            // d/dx IEEERemainder(x, y) = 1, d/dy = -round(x / y), away from the jumps.
            [DerivativeOf(typeof(Math), nameof(Math.IEEERemainder))]
            internal static double IEEERemainderBackward(double x, double y, double dResult, ref double dX, ref double dY)
            {
                dX += dResult;
                dY -= Math.Round(x / y) * dResult;
                return Math.IEEERemainder(x, y);
            }
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => Math.IEEERemainder(x, y) * x;
        }
        """;

    [Fact]
    public Task Rule_for_a_Math_function_has_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Rule_for_a_Math_function_has_no_diagnosticSource);

    internal const string Rule_with_a_NoDerivative_parameter_has_no_diagnosticSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Scale(double v, double k) => v * k;

            [DerivativeOf(nameof(Scale))]
            static double ScaleBackward(double v, [NoDerivative] double k, double dResult, ref double dV)
            {
                dV += k * dResult;
                return Scale(v, k);
            }

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Scale(x, k) * x;
        }
        """;

    [Fact]
    public Task Rule_with_a_NoDerivative_parameter_has_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Rule_with_a_NoDerivative_parameter_has_no_diagnosticSource);

    // The valid rules are really called: the gradients match finite differences (the rules are exact).
    private static readonly CompiledSource SameType = new(Rule_in_the_same_type_has_no_diagnosticSource);
    private static readonly CompiledSource MathRule = new(Rule_for_a_Math_function_has_no_diagnosticSource);
    private static readonly CompiledSource NoDerivativeParameter = new(Rule_with_a_NoDerivative_parameter_has_no_diagnosticSource);

    [Fact]
    public void Rule_in_the_same_type_gives_the_gradient()
    {
        Differentiated f = SameType.Method("C", "F");
        double[] args = [1.5];
        (double value, double[] adjoints) = f.Backprop(args);
        Assert.Equal(f.Value(args), value);
        Assert.Equal(4 * 1.5, adjoints[0], 1e-12);
    }

    [Fact]
    public void Rule_for_a_Math_function_gives_the_gradient()
    {
        Differentiated f = MathRule.Method("C", "F");
        double[] args = [2.3, 1.7];
        (double value, double[] adjoints) = f.Backprop(args);
        Assert.Equal(f.Value(args), value);
        Assert.Equal(f.FiniteDifference(args, 0), adjoints[0], 1e-6);
        Assert.Equal(f.FiniteDifference(args, 1), adjoints[1], 1e-6);
    }

    [Fact]
    public void Rule_with_a_NoDerivative_parameter_gives_the_gradient()
    {
        Differentiated f = NoDerivativeParameter.Method("C", "F");
        double[] args = [1.5, 3.0];
        (double value, double[] adjoints) = f.Backprop(args);
        Assert.Equal(f.Value(args), value);
        Assert.Equal(2 * 3.0 * 1.5, Assert.Single(adjoints), 1e-12);
    }

    [Fact]
    public void GG0012_message_gives_the_expected_signature() =>
        Assert.Contains(
            "its parameter 'float dResult' must be 'double dResult' (the adjoint of the result); expected 'static double OpaqueBackward(double v, double dResult, ref double dV)'",
            AnalyzerVerifier.MessageOf(Wrong_dResult_type_is_GG0012_on_the_parameter_and_the_call_is_GG0003Source, "GG0012"),
            StringComparison.Ordinal);

    [Fact]
    public void GG0012_message_names_the_rule_already_in_use() =>
        Assert.Contains("'Opaque' already has the derivative 'C.OpaqueBackward'", AnalyzerVerifier.MessageOf(Second_rule_for_the_same_method_is_GG0012_on_its_nameSource, "GG0012"), StringComparison.Ordinal);

    [Fact]
    public void Call_to_a_method_whose_rule_is_invalid_says_why() =>
        Assert.Contains("its [DerivativeOf] method 'C.OpaqueBackward' can't be used", AnalyzerVerifier.MessageOf(Wrong_dResult_type_is_GG0012_on_the_parameter_and_the_call_is_GG0003Source, "GG0003"), StringComparison.Ordinal);
}
