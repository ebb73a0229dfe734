using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// GG0016: forward mode refused for a method that has a backward (a [DerivativeOf] callee, mutual recursion, a
/// user member named like the tangent), reported on a call of the missing <c>…Tangent</c> and nowhere else.
/// </summary>
public class TangentDiagnosticsTests
{
    private const string Rule = """
        using System;
        using GradientGen;

        public static partial class C
        {
            public static double Cubic(double x) => x * x * x;

            [DerivativeOf(nameof(Cubic))]
            public static double CubicBackward(double x, double dResult, ref double dX)
            {
                dX += dResult * 3 * x * x;
                return Cubic(x);
            }

            [Differentiable]
            public static double F(double x) => Cubic(x) + x;

        """;

    [Fact]
    public Task A_call_of_the_tangent_of_a_method_that_calls_a_DerivativeOf_rule_is_GG0016_on_its_name() => AnalyzerVerifier.VerifyAsync(Rule + """
            public static double Use() => {|GG0016:{|CS0103:FTangent|}|}(2.0, 1.0, out double _);

            public static double UseQualified() => C.{|GG0016:{|CS0117:FTangent|}|}(2.0, 1.0, out double _);
        }
        """);

    [Fact]
    public Task Without_a_call_of_the_tangent_there_is_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Rule + """
            public static double Use() => F(2.0) + Cubic(1.0);
        }
        """);

    [Fact]
    public void The_message_names_the_callee_and_the_way_out()
    {
        string message = AnalyzerVerifier.MessageOf(Rule + "    public static double Use() => {|GG0016:FTangent|}(2.0, 1.0, out double _);\n}\n", "GG0016");
        Assert.Equal("'FTangent' does not exist: forward mode is not generated for 'F' (its backward is), because it calls 'Cubic', whose derivative has no forward mode (a [DerivativeOf] backward, a backward compiled without 'CubicTangent', or a method in a cycle of mutually recursive calls); use 'FBackward' (one reverse sweep per output), or make 'Cubic' a [Differentiable] method GradientGen sees", message);
    }

    [Fact]
    public Task Mutual_recursion_and_a_user_member_named_like_the_tangent_are_GG0016() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class R
        {
            [Differentiable]
            public static double Even(double x, int n) => n == 0 ? x : Odd(x * 0.5, n - 1);

            [Differentiable]
            public static double Odd(double x, int n) => n == 0 ? x * x : Even(x + 1.0, n - 1);

            [Differentiable]
            public static double G(double x) => x * x;

            public static int GTangent;

            public static double Use() => {|GG0016:{|CS0103:EvenTangent|}|}(1.0, 3, 1.0, out double _);
        }
        """);

    [Fact]
    public void A_refused_tangent_leaves_the_backward_and_the_other_tangents_generated()
    {
        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(Rule + "    [Differentiable]\n    public static double G(double x) => Math.Sin(x);\n}\n");
        string[] hints = run.Results.Single().GeneratedSources.Select(s => s.HintName).Where(h => h.StartsWith("C.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["C.F.g.cs", "C.G.g.cs", "C.G.Tangent.g.cs", "C.G.Hessian.g.cs"], hints);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning);
    }
}
