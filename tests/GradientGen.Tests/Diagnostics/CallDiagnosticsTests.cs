using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Calls that carry an active value but have no derivative: a Math function without a rule (GG0005), a
/// delegate, lambda or local function (GG0006), a call dispatched at run time (GG0007), and an active
/// argument to a [NoDerivative] parameter (GG0013). Each on the call or argument at fault.
/// </summary>
public class CallDiagnosticsTests
{
    internal const string Math_IEEERemainder_on_an_active_value_is_GG0005_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0005:Math.IEEERemainder(x, 2)|} + x;
        }
        """;

    [Fact]
    public Task Math_IEEERemainder_on_an_active_value_is_GG0005_on_the_call() => AnalyzerVerifier.VerifyAsync(Math_IEEERemainder_on_an_active_value_is_GG0005_on_the_callSource);

    internal const string Math_ScaleB_on_an_active_value_is_GG0005_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                double y = {|GG0005:Math.ScaleB(x, 3)|};
                return y * y;
            }
        }
        """;

    [Fact]
    public Task Math_ScaleB_on_an_active_value_is_GG0005_on_the_call() => AnalyzerVerifier.VerifyAsync(Math_ScaleB_on_an_active_value_is_GG0005_on_the_callSource);

    internal const string MathF_IEEERemainder_on_an_active_float_is_GG0005_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static float F(float x) => {|GG0005:MathF.IEEERemainder(x, 2f)|} * x;
        }
        """;

    [Fact]
    public Task MathF_IEEERemainder_on_an_active_float_is_GG0005_on_the_call() => AnalyzerVerifier.VerifyAsync(MathF_IEEERemainder_on_an_active_float_is_GG0005_on_the_callSource);

    internal const string Math_function_without_a_rule_on_inactive_values_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => x * Math.IEEERemainder(k, 2) + Math.ScaleB(k, 3);
        }
        """;

    [Fact]
    public Task Math_function_without_a_rule_on_inactive_values_is_allowed() => AnalyzerVerifier.VerifyAsync(Math_function_without_a_rule_on_inactive_values_is_allowedSource);

    internal const string Delegate_parameter_invoked_with_an_active_value_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Func<double, double> f) => {|GG0006:f(x)|} * 2;
        }
        """;

    [Fact]
    public Task Delegate_parameter_invoked_with_an_active_value_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Delegate_parameter_invoked_with_an_active_value_is_GG0006_on_the_callSource);

    internal const string Lambda_capturing_an_active_value_passed_to_a_method_is_GG0006_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Apply(Func<double, double> f, double v) => f(v);

            [Differentiable]
            public static double F(double x) => {|GG0006:Apply(t => t * x, 2.0)|};
        }
        """;

    [Fact]
    public Task Lambda_capturing_an_active_value_passed_to_a_method_is_GG0006_on_the_call() => AnalyzerVerifier.VerifyAsync(Lambda_capturing_an_active_value_passed_to_a_method_is_GG0006_on_the_callSource);

    internal const string Virtual_call_with_an_active_argument_is_GG0007_on_the_callSource = """
        using System;
        using GradientGen;

        public class Shape
        {
            public virtual double Area(double side) => side * side;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Shape shape) => {|GG0007:shape.Area(x)|} * 2;
        }
        """;

    [Fact]
    public Task Virtual_call_with_an_active_argument_is_GG0007_on_the_call() => AnalyzerVerifier.VerifyAsync(Virtual_call_with_an_active_argument_is_GG0007_on_the_callSource);

    internal const string Interface_call_with_an_active_argument_is_GG0007_on_the_callSource = """
        using System;
        using GradientGen;

        public interface IModel
        {
            double Eval(double v);
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, IModel model) => {|GG0007:model.Eval(x)|} + x;
        }
        """;

    [Fact]
    public Task Interface_call_with_an_active_argument_is_GG0007_on_the_call() => AnalyzerVerifier.VerifyAsync(Interface_call_with_an_active_argument_is_GG0007_on_the_callSource);

    internal const string Abstract_call_with_an_active_argument_is_GG0007_on_the_callSource = """
        using System;
        using GradientGen;

        public abstract class Layer
        {
            public abstract double Apply(double v);
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Layer layer) => {|GG0007:layer.Apply(x)|};
        }
        """;

    [Fact]
    public Task Abstract_call_with_an_active_argument_is_GG0007_on_the_call() => AnalyzerVerifier.VerifyAsync(Abstract_call_with_an_active_argument_is_GG0007_on_the_callSource);

    internal const string Override_in_a_sealed_class_is_not_GG0007_but_GG0003Source = """
        using System;
        using GradientGen;

        public class Scaler
        {
            public virtual double Scale(double v) => v;
        }

        public sealed class Doubler : Scaler
        {
            public override double Scale(double v) => 2 * v;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Doubler doubler) => {|GG0003:doubler.Scale(x)|};
        }
        """;

    [Fact]
    public Task Override_in_a_sealed_class_is_not_GG0007_but_GG0003() => AnalyzerVerifier.VerifyAsync(Override_in_a_sealed_class_is_not_GG0007_but_GG0003Source);

    internal const string Virtual_call_on_inactive_values_is_allowedSource = """
        using System;
        using GradientGen;

        public class Shape
        {
            public virtual double Area(double side) => side * side;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, Shape shape, [NoDerivative] double side) => x * shape.Area(side);
        }
        """;

    [Fact]
    public Task Virtual_call_on_inactive_values_is_allowed() => AnalyzerVerifier.VerifyAsync(Virtual_call_on_inactive_values_is_allowedSource);

    internal const string Active_argument_to_a_NoDerivative_parameter_is_GG0013_on_the_argumentSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            static double Scale(double v, [NoDerivative] double k) => v * k;

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Scale(x, k) + Scale(k, {|GG0013:x * 2|});
        }
        """;

    [Fact]
    public Task Active_argument_to_a_NoDerivative_parameter_is_GG0013_on_the_argument() => AnalyzerVerifier.VerifyAsync(Active_argument_to_a_NoDerivative_parameter_is_GG0013_on_the_argumentSource);

    internal const string Active_argument_to_a_NoDerivative_parameter_of_a_DerivativeOf_rule_is_GG0013Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static double Scale(double v, double k) => v * k;

            [DerivativeOf(nameof(Scale))]
            static double ScaleBackward(double v, [NoDerivative] double k, double dResult, ref double dV)
            {
                dV += k * dResult;
                return v * k;
            }

            [Differentiable]
            public static double F(double x, [NoDerivative] double k) => Scale(x, k) + Scale(k, {|GG0013:x|});
        }
        """;

    [Fact]
    public Task Active_argument_to_a_NoDerivative_parameter_of_a_DerivativeOf_rule_is_GG0013() => AnalyzerVerifier.VerifyAsync(Active_argument_to_a_NoDerivative_parameter_of_a_DerivativeOf_rule_is_GG0013Source);

    [Fact]
    public void GG0005_message_gives_the_DerivativeOf_to_write() =>
        Assert.Contains("[DerivativeOf(typeof(Math), nameof(Math.ScaleB))]", AnalyzerVerifier.MessageOf(Math_ScaleB_on_an_active_value_is_GG0005_on_the_callSource, "GG0005"), StringComparison.Ordinal);

    [Fact]
    public void GG0006_message_names_the_lambda_and_the_captured_value() =>
        Assert.Contains("reads the active value 'x' through the lambda 't => t * x'", AnalyzerVerifier.MessageOf(Lambda_capturing_an_active_value_passed_to_a_method_is_GG0006_on_the_callSource, "GG0006"), StringComparison.Ordinal);

    [Fact]
    public void GG0007_message_says_how_the_call_is_dispatched()
    {
        Assert.Contains("'Shape.Area(double)' is dispatched at run time (virtual)", AnalyzerVerifier.MessageOf(Virtual_call_with_an_active_argument_is_GG0007_on_the_callSource, "GG0007"), StringComparison.Ordinal);
        Assert.Contains("(an interface member)", AnalyzerVerifier.MessageOf(Interface_call_with_an_active_argument_is_GG0007_on_the_callSource, "GG0007"), StringComparison.Ordinal);
    }
}
