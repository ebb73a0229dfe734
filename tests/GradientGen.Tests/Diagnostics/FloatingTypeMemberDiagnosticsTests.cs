using GradientGen.CodeFixes;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Static functions of <c>double</c>/<c>float</c> without a derivative rule are refused like <c>Math</c>'s:
/// GG0005 on the call, with a <c>[DerivativeOf(typeof(double), …)]</c> way out that the code fix writes.
/// </summary>
public class FloatingTypeMemberDiagnosticsTests
{
    internal const string Double_BitIncrement_on_an_active_value_is_GG0005_on_the_callSource = """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0005:double.BitIncrement(x)|} * x;
        }
        """;

    [Fact]
    public Task Double_BitIncrement_on_an_active_value_is_GG0005_on_the_call() => AnalyzerVerifier.VerifyAsync(Double_BitIncrement_on_an_active_value_is_GG0005_on_the_callSource);

    internal const string Float_members_without_a_rule_are_GG0005_each_on_its_callSource = """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static float F(float x, float y)
            {
                float a = {|GG0005:float.ScaleB(x, 3)|};
                float b = {|GG0005:float.MaxNumber(a, y)|};
                return b + {|GG0005:float.ReciprocalEstimate(y)|};
            }
        }
        """;

    [Fact]
    public Task Float_members_without_a_rule_are_GG0005_each_on_its_call() => AnalyzerVerifier.VerifyAsync(Float_members_without_a_rule_are_GG0005_each_on_its_callSource);

    internal const string Double_members_on_inactive_values_are_allowedSource = """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] double s) => x * double.BitIncrement(s) + double.ScaleB(s, 2);
        }
        """;

    [Fact]
    public Task Double_members_on_inactive_values_are_allowed() => AnalyzerVerifier.VerifyAsync(Double_members_on_inactive_values_are_allowedSource);

    [Fact]
    public void The_message_names_the_member_and_its_rule_with_the_keyword()
    {
        Microsoft.CodeAnalysis.Diagnostic d = Assert.Single(GeneratorHarness.AnalyzerDiagnostics(Double_BitIncrement_on_an_active_value_is_GG0005_on_the_callSource.Replace("{|GG0005:", string.Empty).Replace("|}", string.Empty)), x => x.Id == "GG0005");
        Assert.Equal(
            "'double.BitIncrement(double)' has no built-in derivative rule; write one with [DerivativeOf(typeof(double), nameof(double.BitIncrement))], or mark the parameters it depends on [NoDerivative]",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task A_double_member_without_a_rule_gets_a_stub_for_typeof_double() => CodeFixVerifier<DerivativeOfStubCodeFix>.VerifyAsync(
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|GG0005:double.BitIncrement(x)|};
        }
        """,
        """
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => double.BitIncrement(x);

            [DerivativeOf(typeof(double), nameof(double.BitIncrement))]
            internal static double BitIncrementBackward(double x, double dResult, ref double dX)
            {
                throw new System.NotImplementedException("Accumulate dResult * ∂BitIncrement/∂x into dX, and return Double.BitIncrement(x).");
            }
        }
        """);
}
