using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// What stays refused about structs that carry derivatives, each where it happens: a user's operator that is more than one expression (one that is one is inlined), a
/// constructor that computes, a constant struct passed where a callee takes its derivative, a write into a
/// struct parameter, a member passed by ref, a compound assignment of an inner struct, a result of a struct with hidden state, a struct-valued conditional,
/// a value whose non-floating member would be lost when it is stored member by member, a Complex function without a rule (GG0001, GG0004).
/// </summary>
public class StructDiagnosticsTests
{
    private const string Types = """
        public struct V
        {
            public double X, Y;
            public static V operator +(V a, V b) => new V { X = a.X + b.X, Y = a.Y + b.Y };
            public static V operator -(V a, V b) { V d = a; d.X -= b.X; d.Y -= b.Y; return d; }
        }

        public struct Polar
        {
            public double X, Y;
            public Polar(double r) { X = r * 0.5; Y = r; }
        }

        public readonly record struct Tagged(double Value, int Id);

        public struct Hidden
        {
            private double _a;
            public Hidden(double a) { _a = a; }
            public double A => _a;
        }
        """;

    private static string Source(string body) => $$"""
        using System;
        using System.Numerics;
        using GradientGen;

        {{Types}}

        public static partial class C
        {
            {{body}}
        }
        """;

    [Fact]
    public Task A_user_operator_whose_body_is_more_than_one_expression_is_GG0001_on_the_operation() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static double F(V a, V b)
        {
            V c = {|GG0001:a - b|} + a;
            return c.X;
        }
        """));

    [Fact]
    public Task A_constructor_that_computes_is_GG0001_on_the_creation() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static double F(double r)
        {
            var p = {|GG0001:new Polar(r)|};
            return p.X * p.Y;
        }
        """));

    [Fact]
    public Task A_constant_struct_passed_where_the_callee_takes_a_derivative_is_GG0001_on_the_argument() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static double Scaled(V v, double s) => s * (v.X * v.X + v.Y * v.Y);

        [Differentiable]
        public static double F(double x) => Scaled({|GG0001:new V { X = 1, Y = 2 }|}, x);
        """));

    [Fact]
    public Task Writing_into_a_struct_parameter_is_GG0001_on_the_store() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static double F(V v, double x)
        {
            {|GG0001:v.X = x|};
            return v.X * v.Y;
        }
        """));

    [Fact]
    public Task A_result_of_a_struct_with_hidden_state_is_GG0004_on_the_return_type() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static {|GG0004:Hidden|} F(double x) => new Hidden(2 * x);
        """));

    [Fact]
    public Task A_member_of_an_active_struct_passed_by_ref_is_GG0001_on_the_argument() => AnalyzerVerifier.VerifyAsync(Source("""
        static void Bump(ref double v) => v += 1;

        [Differentiable]
        public static double F(V p)
        {
            V q = p;
            Bump({|GG0001:ref q.X|});
            return q.X * q.Y;
        }
        """));

    [Fact]
    public Task A_compound_assignment_of_an_inner_struct_is_GG0001_on_the_assignment() => AnalyzerVerifier.VerifyAsync(Source("""
        public struct Ball { public Vector3 Pos; public float M; }

        [Differentiable]
        public static float F(Vector3 p)
        {
            var b = new Ball();
            {|GG0001:b.Pos += p|};
            return b.Pos.X;
        }
        """));

    [Fact]
    public Task A_struct_valued_conditional_is_GG0001_on_the_expression() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static float F(Vector3 a, Vector3 b, bool first)
        {
            Vector3 c = {|GG0001:first ? a : b|};
            return c.X;
        }
        """));

    [Fact]
    public Task A_struct_whose_int_member_would_be_lost_is_GG0001_on_the_value() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static Tagged Twice(Tagged t) => {|GG0001:t with { Value = 2 * t.Value }|};

        [Differentiable]
        public static double Sum(Tagged[] ts)
        {
            double s = 0;
            foreach (Tagged t in {|GG0001:ts|}) s += t.Value * t.Id;
            return s;
        }

        [Differentiable]
        public static double Made(double x)
        {
            var t = {|GG0001:new Tagged(x, 3)|};
            var u = new Tagged(x, 0);
            return t.Value * u.Value;
        }
        """));

    [Fact]
    public void The_lost_member_is_named_with_the_way_out() =>
        Assert.Equal(
            "GradientGen cannot differentiate 'new Tagged(x, 3)', a value of 'Tagged' whose member 'Id' isn't floating; GradientGen builds struct values member by member and would lose it: keep integers and other values without a derivative out of the structs it differentiates, or build this one with 'new' without them",
            AnalyzerVerifier.MessageOf(Source("""
                [Differentiable]
                public static double Made(double x)
                {
                    var t = new Tagged(x, 3);
                    return t.Value;
                }
                """), "GG0001"));

    [Fact]
    public Task A_Complex_function_without_a_rule_is_GG0001_on_the_call() => AnalyzerVerifier.VerifyAsync(Source("""
        [Differentiable]
        public static double F(Complex z)
        {
            Complex r = {|GG0001:Complex.Asin(z)|} + Complex.Exp(z);
            return r.Real;
        }
        """));
}
