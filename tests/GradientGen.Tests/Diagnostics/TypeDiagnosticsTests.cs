using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Active values that pass through a type that carries no derivative: <c>dynamic</c> (GG0009), and
/// decimal, structs with hidden state, user structs, tuples and objects (GG0011). The error sits on the value that brings
/// the lost derivative back into the result, and names what it passed through.
/// </summary>
public class TypeDiagnosticsTests
{
    internal const string Dynamic_local_holding_an_active_value_is_GG0009_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                dynamic d = x;
                return {|GG0009:d * 2|};
            }
        }
        """;

    [Fact]
    public Task Dynamic_local_holding_an_active_value_is_GG0009_on_the_read() => AnalyzerVerifier.VerifyAsync(Dynamic_local_holding_an_active_value_is_GG0009_on_the_readSource);

    internal const string Dynamic_operation_on_an_active_value_is_GG0009_on_the_operationSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                dynamic scale = 2.0;
                return {|GG0009:scale * x|};
            }
        }
        """;

    [Fact]
    public Task Dynamic_operation_on_an_active_value_is_GG0009_on_the_operation() => AnalyzerVerifier.VerifyAsync(Dynamic_operation_on_an_active_value_is_GG0009_on_the_operationSource);

    internal const string Decimal_local_holding_an_active_value_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                decimal d = (decimal)x;
                return {|GG0011:(double)d * 2|};
            }
        }
        """;

    [Fact]
    public Task Decimal_local_holding_an_active_value_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Decimal_local_holding_an_active_value_is_GG0011_on_the_readSource);

    internal const string Round_trip_through_decimal_is_GG0011_on_the_expressionSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0011:(double)(decimal)x|} * x;
        }
        """;

    [Fact]
    public Task Round_trip_through_decimal_is_GG0011_on_the_expression() => AnalyzerVerifier.VerifyAsync(Round_trip_through_decimal_is_GG0011_on_the_expressionSource);

    internal const string Struct_with_hidden_state_holding_an_active_value_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        // Its state is a private field: not a struct GradientGen differentiates (StructShapes).
        public struct Hidden
        {
            private double _a;
            public Hidden(double a) { _a = a; }
            public double A => _a;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var z = new Hidden(x);
                return {|GG0011:z.A|} * x;
            }
        }
        """;

    [Fact]
    public Task Struct_with_hidden_state_holding_an_active_value_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Struct_with_hidden_state_holding_an_active_value_is_GG0011_on_the_readSource);

    internal const string User_struct_holding_an_active_value_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        // Mixed float and double members: not a struct GradientGen differentiates (StructShapes).
        public struct Pair
        {
            public double A;
            public float B;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var p = new Pair { A = x, B = 2 };
                return {|GG0011:p.A * p.B|};
            }
        }
        """;

    [Fact]
    public Task User_struct_holding_an_active_value_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(User_struct_holding_an_active_value_is_GG0011_on_the_readSource);

    // The store makes 'p' depend on 'x', and 'p.A' is read back: the derivative would be lost, so the store
    // and the read are refused (it used to give a silent zero gradient with only warnings).
    internal const string Active_value_stored_into_a_field_of_a_local_struct_is_refusedSource = """
        using System;
        using GradientGen;

        // Mixed float and double members: not a struct GradientGen differentiates (StructShapes).
        public struct Pair
        {
            public double A;
            public float B;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var p = new Pair();
                {|GG0008:p.A = x|};
                return {|GG0011:p.A * 2|};
            }
        }
        """;

    [Fact]
    public Task Active_value_stored_into_a_field_of_a_local_struct_is_refused() => AnalyzerVerifier.VerifyAsync(Active_value_stored_into_a_field_of_a_local_struct_is_refusedSource);

    internal const string Tuple_carrying_an_active_value_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var t = (x * 2, 3f);
                return {|GG0011:t.Item1 * t.Item2|};
            }
        }
        """;

    [Fact]
    public Task Tuple_carrying_an_active_value_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Tuple_carrying_an_active_value_is_GG0011_on_the_readSource);

    // No backward returns a tuple yet: the call that makes one from an active value is refused.
    internal const string Tuple_returned_by_a_method_is_GG0003_on_the_callSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            static (double Low, double High) Split(double v) => (v, 2 * v);

            [Differentiable]
            public static double F(double x)
            {
                var parts = {|GG0003:Split(x)|};
                return parts.Low + parts.High;
            }
        }
        """;

    [Fact]
    public Task Tuple_returned_by_a_method_is_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync(Tuple_returned_by_a_method_is_GG0003_on_the_callSource);

    internal const string Deconstructed_tuple_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                (double a, float b) = (x, 2f);
                return {|GG0011:a * b|};
            }
        }
        """;

    [Fact]
    public Task Deconstructed_tuple_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Deconstructed_tuple_is_GG0011_on_the_readSource);

    internal const string Boxed_active_value_is_GG0011_on_the_readSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                object boxed = x;
                return {|GG0011:(double)boxed * 2|};
            }
        }
        """;

    [Fact]
    public Task Boxed_active_value_is_GG0011_on_the_read() => AnalyzerVerifier.VerifyAsync(Boxed_active_value_is_GG0011_on_the_readSource);

    internal const string Tuple_of_inactive_values_is_allowedSource = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double k)
            {
                var t = (k, 2.0);
                decimal d = (decimal)k;
                return x * t.Item1 + x * t.Item2 + (double)d;
            }
        }
        """;

    [Fact]
    public Task Tuple_of_inactive_values_is_allowed() => AnalyzerVerifier.VerifyAsync(Tuple_of_inactive_values_is_allowedSource);

    // The messages name what lost the derivative, not the float variable it came from.
    [Fact]
    public void Round_trip_through_decimal_names_the_decimal_cast() =>
        Assert.Contains("through '(decimal)x' of type 'decimal'", AnalyzerVerifier.MessageOf(Round_trip_through_decimal_is_GG0011_on_the_expressionSource, "GG0011"), StringComparison.Ordinal);

    [Fact]
    public void Deconstructed_tuple_names_the_tuple() =>
        Assert.Contains("through '(x, 2f)' of type '(double, float)'", AnalyzerVerifier.MessageOf(Deconstructed_tuple_is_GG0011_on_the_readSource, "GG0011"), StringComparison.Ordinal);

    [Fact]
    public void User_struct_names_the_local_and_its_type() =>
        Assert.Contains("through 'p' of type 'Pair'", AnalyzerVerifier.MessageOf(User_struct_holding_an_active_value_is_GG0011_on_the_readSource, "GG0011"), StringComparison.Ordinal);
}
