using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>An invalid [DerivativeOf] is reported on itself and blocks only the method it names, not a namesake in another type.</summary>
public class DerivativeOfScopeTests
{
    internal const string Invalid_rule_does_not_block_a_namesake_in_another_typeSource = """
        using GradientGen;

        public static class Lib
        {
            public static double Scale(double x) => x % 3;
        }

        public static partial class Rules
        {
            [DerivativeOf(typeof(Lib), nameof(Lib.Scale))]
            public static double ScaleBackward(double x, float {|GG0012:dResult|}, ref double dX) => Lib.Scale(x);
        }

        public static partial class Other
        {
            [Differentiable]
            public static double Scale(double x) => 3 * x;

            [Differentiable]
            public static double F(double x) => Scale(x) * x;

            [Differentiable]
            public static double G(double x) => {|GG0003:Lib.Scale(x)|} * x;
        }
        """;

    [Fact]
    public Task Invalid_rule_does_not_block_a_namesake_in_another_type() => AnalyzerVerifier.VerifyAsync(Invalid_rule_does_not_block_a_namesake_in_another_typeSource);
}
