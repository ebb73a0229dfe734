using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.SecondOrder;

/// <summary>
/// GG0017: second order refused for a method that has a backward, reported on a call of the missing
/// <c>…Hessian</c>, <c>…HessianVectorProduct</c> or <c>…TangentBackward</c> and nowhere else, with the reason.
/// </summary>
public class SecondOrderDiagnosticsTests
{
    private const string Methods = """
        using System;
        using GradientGen;

        public static partial class C
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double F(double x, double y) => Square(x) * y;

            [Differentiable]
            public static double P(double x, double y)
            {
                x = x * y;
                return Math.Sin(x);
            }

            [Differentiable]
            public static double[] V(double x) { var r = new double[2]; r[0] = x; r[1] = x * x; return r; }

        """;

    [Fact]
    public Task A_call_of_a_refused_second_order_method_is_GG0017_on_its_name() => AnalyzerVerifier.VerifyAsync(Methods + """
            public static double[,] UseF() => {|GG0017:{|CS0103:FHessian|}|}(1.0, 2.0);

            public static double UseP(out double hX, out double hY) => C.{|GG0017:{|CS0117:PHessianVectorProduct|}|}(1.0, 2.0, 1.0, 0.0, out hX, out hY);

            public static double UseV() => {|GG0017:{|CS0103:VTangentBackward|}|}(1.0, 1.0, 1.0, out double _);
        }
        """);

    [Fact]
    public Task Without_a_call_there_is_no_diagnostic() => AnalyzerVerifier.VerifyAsync(Methods + """
            public static double Use() => F(1.0, 2.0) + P(2.0, 0.5) + V(1.0)[1];
        }
        """);

    [Fact]
    public void The_message_says_why()
    {
        string source = Methods + """
                public static object Use() => (FHessian(1.0, 2.0), PHessian(1.0, 2.0), VHessian(1.0));
            }
            """;
        string[] messages = GeneratorHarness.AnalyzerDiagnostics(source).Where(d => d.Id == "GG0017").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(
            [
                "'FHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'F' (its backward is), because it calls 'Square'; second order doesn't follow calls to other [Differentiable] methods yet",
                "'PHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'P' (its backward is), because it assigns its parameter 'x'; second order doesn't follow that yet",
                "'VHessian' does not exist: second order (Hessian-vector products and Hessians) is not generated for 'V' (its backward is), because it doesn't return a single floating-point value (a Hessian is of a scalar function)",
            ],
            messages);
    }
}
