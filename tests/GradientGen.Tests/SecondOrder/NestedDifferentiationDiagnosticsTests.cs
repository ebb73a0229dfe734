using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.SecondOrder;

/// <summary>
/// What nested differentiation refuses, each a located error with the reason (never a silent zero): generated
/// derivatives other than <c>…Gradient</c>, <c>…Tangent</c> and <c>…Backward</c>, a method whose second order isn't generated,
/// <c>…Tangent</c> of a method with array parameters, gradients whose tuple mixes float and double or is of a
/// generic T; and out arguments that write an active variable from an inactive declaration.
/// </summary>
public class NestedDifferentiationDiagnosticsTests
{
    private const string Methods = """
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => x * x * y;

            [Differentiable]
            public static double Calls(double x) => F(x, x) * x;

            [Differentiable]
            public static double Sum(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }

            [Differentiable]
            public static double Mixed(float a, double b) => a * Math.Sin(b) * a;

            [Differentiable]
            public static T Generic<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Sin(x * y) + x * x * y;

            private static double Helper(double x, out double y) { y = x * x; return 1; }

        """;

    /// <summary>Each error of <paramref name="uses"/> (members added to C): its id, the text it spans, and its message.</summary>
    private static (string Id, string At, string Message)[] Errors(string uses)
    {
        string source = Methods + uses + "\n}\n";
        return GeneratorHarness.AnalyzerDiagnostics(source)
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    [Fact]
    public void A_generated_derivative_other_than_Gradient_and_Tangent_is_refused_where_it_is_called() => Assert.Equal(
        [
            ("GG0003", "FHessianVectorProduct(x, x, 1.0, 0.0, out _, out _)", "The call to 'C.FHessianVectorProduct(double, double, double, double, out double, out double)' carries an active value into the result, but it has no derivative: it is the generated HessianVectorProduct of 'F', and differentiating through generated code follows 'FGradient', 'FTangent' and 'FBackward' only so far; call one of them instead"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesHessianProduct(double x) => FHessianVectorProduct(x, x, 1.0, 0.0, out _, out _);
            """));

    [Fact]
    public void The_gradient_of_a_method_without_second_order_is_refused_with_the_reason() => Assert.Equal(
        [
            ("GG0003", "CallsGradient(x)", "The call to 'C.CallsGradient(double)' carries an active value into the result, but it has no derivative: differentiating it takes the second order of 'Calls', which is not generated: it calls 'F'; second order doesn't follow calls to other [Differentiable] methods yet"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesCallsGradient(double x) { var g = CallsGradient(x); return g.dX; }
            """));

    [Fact]
    public void The_tangent_of_a_method_with_array_parameters_is_refused_with_the_reason() => Assert.Equal(
        [
            ("GG0003", "SumTangent(x, x, out double t)", "The call to 'C.SumTangent(double[], ReadOnlySpan<double>, out double)' carries an active value into the result, but it has no derivative: differentiating it takes 'SumGradient', which is generated for methods whose active parameters are all scalars"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesSumTangent(double[] x) => SumTangent(x, x, out double t) * t;
            """));

    [Fact]
    public void Gradient_tuples_of_mixed_float_kinds_or_of_a_generic_T_are_GG0011() => Assert.Equal(
        [
            ("GG0011", "g.dA * g.dB", "GradientGen cannot differentiate 'g.dA * g.dB': its value depends on the differentiated parameters through 'g' of type '(double Value, float dA, double dB)', which carries no derivative; keep the computation in float or double locals and arrays"),
            ("GG0011", "g.dX * g.dY", "GradientGen cannot differentiate 'g.dX * g.dY': its value depends on the differentiated parameters through 'g' of type '(T Value, T dX, T dY)', which carries no derivative; keep the computation in float or double locals and arrays"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesMixedGradient(float a, double b) { var g = MixedGradient(a, b); return g.dA * g.dB; }

                [Differentiable]
                public static T UsesGenericGradient<T>(T x, T y) where T : IFloatingPointIeee754<T> { var g = GenericGradient(x, y); return g.dX * g.dY; }
            """).OrderBy(e => e.At, StringComparer.Ordinal));

    [Fact]
    public void An_out_argument_writing_an_active_variable_from_an_inactive_declaration_is_GG0008() => Assert.Equal(
        [
            ("GG0008", "out double y", "GradientGen cannot follow passing the active variable 'y' as an out argument to 'Helper': derivatives are tracked through locals, parameters, arrays and the float and array members of this and of object parameters; keep the value in a local and return it"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesHelper(double x) { double unused = Helper(x, out double y); return y * x; }
            """));

    [Fact]
    public void A_method_that_nests_has_no_second_order_and_GG0017_names_what_it_calls() => Assert.Equal(
        [
            ("GG0017", "UsesGradientHessian", "'UsesGradientHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'UsesGradient' (its backward is), because it calls 'FGradient'; second order doesn't follow calls to other [Differentiable] methods yet"),
            ("GG0017", "UsesTangentHessian", "'UsesTangentHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'UsesTangent' (its backward is), because it calls 'FTangent'; second order doesn't follow calls to other [Differentiable] methods yet"),
        ],
        Errors("""
                [Differentiable]
                public static double UsesGradient(double x) { var (v, gx, _) = FGradient(x, x); return v * gx; }

                [Differentiable]
                public static double UsesTangent(double x) { FTangent(x, x, 1.0, 0.0, out double t); return t * x; }

                public static double[,] Hessians(double x) => UsesGradientHessian(x) ?? UsesTangentHessian(x);
            """).OrderBy(e => e.At, StringComparer.Ordinal));

    [Fact]
    public Task In_the_IDE_a_call_of_a_generated_gradient_binds_only_after_generation_and_is_not_reported() => AnalyzerVerifier.VerifyAsync(Methods + """
            [Differentiable]
            public static double UsesGradient(double x) { var g = {|CS0103:FGradient|}(x, x); return g.Value * x; }

            [Differentiable]
            public static double UsesTangent(double x) => {|CS0103:FTangent|}(x, x, 1.0, 0.0, out double t) * t;
        }
        """);
}
