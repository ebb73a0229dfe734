using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// A [Differentiable] virtual method gets a non-virtual backward (the derivative of that implementation);
/// an override of it can't be [Differentiable] too, since its backward would hide the base one's.
/// </summary>
public class OverrideDiagnosticsTests
{
    internal const string Override_of_a_differentiable_method_is_GG0004_on_its_nameSource = """
        using GradientGen;

        public partial class Base
        {
            [Differentiable]
            public virtual double F(double x) => x * x;
        }

        public partial class Derived : Base
        {
            [Differentiable]
            public override double {|GG0004:F|}(double x) => x * x * x;
        }
        """;

    [Fact]
    public Task Override_of_a_differentiable_method_is_GG0004_on_its_name() => AnalyzerVerifier.VerifyAsync(Override_of_a_differentiable_method_is_GG0004_on_its_nameSource);

    internal const string Override_of_a_plain_virtual_method_is_differentiableSource = """
        using GradientGen;

        public partial class Base
        {
            public virtual double F(double x) => x;
        }

        public partial class Derived : Base
        {
            [Differentiable]
            public override double F(double x) => x * x * x;
        }
        """;

    [Fact]
    public Task Override_of_a_plain_virtual_method_is_differentiable() => AnalyzerVerifier.VerifyAsync(Override_of_a_plain_virtual_method_is_differentiableSource);
}
