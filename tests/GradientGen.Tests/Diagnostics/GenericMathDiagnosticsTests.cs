using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Generic math that stays refused, each on the syntax at fault: a type parameter that isn't floating (GG0004 on
/// the type parameter list), two floating type parameters in one scope (GG0004 on the name), a function of T
/// without a rule and conversions of active values between T and double (GG0003/GG0005 on the call).
/// </summary>
public class GenericMathDiagnosticsTests
{
    internal const string A_type_parameter_constrained_only_to_INumber_is_GG0004_on_the_type_parametersSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static {|GG0004:T|} Square{|GG0004:<T>|}(T x) where T : INumber<T> => x * x;
        }
        """;

    [Fact]
    public Task A_type_parameter_constrained_only_to_INumber_is_GG0004_on_the_type_parameters() =>
        AnalyzerVerifier.VerifyAsync(A_type_parameter_constrained_only_to_INumber_is_GG0004_on_the_type_parametersSource);

    internal const string Two_type_parameters_are_GG0004_on_the_type_parametersSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static T F{|GG0004:<T, U>|}(T x, U u) where T : IFloatingPointIeee754<T> where U : IFloatingPointIeee754<U> => x * x;
        }
        """;

    [Fact]
    public Task Two_type_parameters_are_GG0004_on_the_type_parameters() => AnalyzerVerifier.VerifyAsync(Two_type_parameters_are_GG0004_on_the_type_parametersSource);

    internal const string A_floating_type_parameter_in_a_floating_generic_type_is_GG0004_on_the_nameSource = """
        using System.Numerics;
        using GradientGen;

        public partial class Model<U> where U : IFloatingPointIeee754<U>
        {
            [Differentiable]
            public static T {|GG0004:F|}<T>(T x) where T : IFloatingPointIeee754<T> => x * x;
        }
        """;

    [Fact]
    public Task A_floating_type_parameter_in_a_floating_generic_type_is_GG0004_on_the_name() =>
        AnalyzerVerifier.VerifyAsync(A_floating_type_parameter_in_a_floating_generic_type_is_GG0004_on_the_nameSource);

    internal const string A_function_of_T_without_a_rule_is_GG0003_on_the_callSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static T F<T>(T x) where T : IFloatingPointIeee754<T> => {|GG0003:T.BitIncrement(x)|} * T.Sin(x);
        }
        """;

    [Fact]
    public Task A_function_of_T_without_a_rule_is_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync(A_function_of_T_without_a_rule_is_GG0003_on_the_callSource);

    [Fact]
    public void The_message_for_a_function_of_T_says_rules_cannot_be_generic() =>
        Assert.Equal(
            "The call to 'IFloatingPointIeee754<T>.BitIncrement(T)' carries an active value into the result, but it has no derivative: 'BitIncrement' of a generic-math type has no built-in derivative rule, and [DerivativeOf] rules can't be generic; write it with functions that have one, or mark the parameters it depends on [NoDerivative]",
            AnalyzerVerifier.MessageOf(A_function_of_T_without_a_rule_is_GG0003_on_the_callSource.Replace("{|GG0003:", string.Empty).Replace("|}", string.Empty), "GG0003"));

    internal const string Converting_an_active_double_to_T_is_GG0003_on_the_callSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static T F<T>(T x, double d) where T : IFloatingPointIeee754<T> => x * {|GG0003:T.CreateChecked(d)|};
        }
        """;

    [Fact]
    public Task Converting_an_active_double_to_T_is_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync(Converting_an_active_double_to_T_is_GG0003_on_the_callSource);

    internal const string Converting_an_active_T_to_double_and_back_is_GG0005_and_GG0003_on_each_callSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static T F<T>(T x) where T : IFloatingPointIeee754<T>
            {
                double d = {|GG0005:double.CreateChecked(x)|} * 2.0;
                return x * {|GG0003:T.CreateChecked(d)|};
            }
        }
        """;

    [Fact]
    public Task Converting_an_active_T_to_double_and_back_is_GG0005_and_GG0003_on_each_call() =>
        AnalyzerVerifier.VerifyAsync(Converting_an_active_T_to_double_and_back_is_GG0005_and_GG0003_on_each_callSource);

    internal const string Constants_of_T_and_converted_literals_are_allowedSource = """
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static T F<T>(T x) where T : IFloatingPointIeee754<T> => x * T.Pi + T.CreateChecked(0.5) * T.Exp(x) - T.One;
        }
        """;

    [Fact]
    public Task Constants_of_T_and_converted_literals_are_allowed() => AnalyzerVerifier.VerifyAsync(Constants_of_T_and_converted_literals_are_allowedSource);

    internal const string A_T_of_a_type_constrained_only_to_INumber_is_GG0015_on_the_parameterSource = """
        using System.Numerics;
        using GradientGen;

        public partial class Model<T> where T : INumber<T>
        {
            [Differentiable]
            public static double F(double x, T {|GG0015:t|}) => x * double.CreateChecked(t);
        }
        """;

    [Fact]
    public Task A_T_of_a_type_constrained_only_to_INumber_is_GG0015_on_the_parameter() =>
        AnalyzerVerifier.VerifyAsync(A_T_of_a_type_constrained_only_to_INumber_is_GG0015_on_the_parameterSource);
}
