using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// What the C-style forms leave refused, each located on its construct: <c>ref readonly</c> parameters
/// (<c>in</c> ones are accepted).
/// </summary>
public class ExpressionFormDiagnosticsTests
{
    private const string Header = """
        using System;
        using GradientGen;

        """;

    [Fact]
    public Task In_parameters_get_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(in double x, in double[] a, in int n) => x * a[n];

            [Differentiable]
            public static double G(double y, double[] b) => F(y, b, 1) + F(in y, b, 0);
        }
        """);

    private const string RefReadonlyParameter = Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x, {|GG0004:ref readonly double y|}) => x * y;
        }
        """;

    [Fact]
    public Task Ref_readonly_parameter_is_GG0004_on_the_parameter() => AnalyzerVerifier.VerifyAsync(RefReadonlyParameter);

    [Fact]
    public void GG0004_names_ref_readonly() =>
        Assert.Equal(
            "'F' cannot be [Differentiable]: its parameter 'y' is 'ref readonly'; pass it by value",
            AnalyzerVerifier.MessageOf(RefReadonlyParameter, "GG0004"));
}
