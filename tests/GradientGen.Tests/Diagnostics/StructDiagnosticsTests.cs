using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// What stays refused about structs that carry derivatives, each where it happens: a user's operator that is more than one expression (one that is one is inlined), a
/// constructor that computes, a constant struct passed where a callee takes its derivative, a write into a
/// struct parameter, a member passed by ref, a compound assignment of an inner struct, a result of a struct with hidden state, a struct-valued conditional (GG0001, GG0004).
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
        public static {|GG0004:Complex|} F(double x) => new Complex(x, 2 * x);
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
}
