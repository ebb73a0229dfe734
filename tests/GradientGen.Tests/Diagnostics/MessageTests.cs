using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Messages that name the right thing and say what to write instead: the variable a derivative is lost
/// through and its type, a generic callee, an assignment that runs only sometimes; and no GG1001 on library members
/// or on members of a [NoDerivative] parameter.
/// </summary>
public class MessageTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Numerics;
        using GradientGen;

        """;

    private const string ListLocal = Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x)
            {
                var list = new Dictionary<int, double>();
                list.Add(0, x);
                double y = {|GG0011:list[0]|};
                return y * 2;
            }
        }
        """;

    [Fact]
    public Task List_local_is_one_GG0011_at_the_read_from_the_list() => AnalyzerVerifier.VerifyAsync(ListLocal);

    [Fact]
    public void GG0011_names_the_list_and_its_type_without_a_nullable_annotation() =>
        Assert.Equal(
            "GradientGen cannot differentiate 'list[0]': its value depends on the differentiated parameters through 'list' of type 'Dictionary<int, double>', which carries no derivative; keep the computation in float or double locals and arrays",
            AnalyzerVerifier.MessageOf(ListLocal, "GG0011"));

    [Fact]
    public void GG0011_through_a_foreach_over_a_list_names_the_list() =>
        Assert.Equal(
            "GradientGen cannot differentiate 's': its value depends on the differentiated parameters through 'list' of type 'HashSet<double>', which carries no derivative; keep the computation in float or double locals and arrays",
            AnalyzerVerifier.MessageOf(Header + """
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x)
                    {
                        HashSet<double> list = [x, 2 * x];
                        double s = 0;
                        foreach (var v in list) s += v;
                        return s;
                    }
                }
                """, "GG0011"));

    [Fact]
    public void GG0003_for_a_generic_callee_says_how_to_make_it_differentiable() =>
        Assert.Equal(
            "The call to 'C.Identity<double>(double)' carries an active value into the result, but it has no derivative: it is generic and has no derivative; mark it [Differentiable] with its one type parameter T constrained to IFloatingPointIeee754<T>, or call a non-generic version of it marked [Differentiable]",
            AnalyzerVerifier.MessageOf(Header + """
                public static partial class C
                {
                    public static T Identity<T>(T value) => value;

                    [Differentiable]
                    public static double F(double x) => Identity(x) * 2;
                }
                """, "GG0003"));

    [Fact]
    public void GG0001_for_an_assignment_that_runs_only_sometimes_says_to_write_an_if_statement() =>
        Assert.Equal(
            "GradientGen cannot differentiate 'z = x * y', an assignment in a part of the expression that runs only sometimes; write it as an if statement, with the assignment as a statement of its own",
            AnalyzerVerifier.MessageOf(Header + """
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, double y)
                    {
                        double z = 1;
                        return x > 0 ? (z = x * y) * z : z;
                    }
                }
                """, "GG0001"));

    [Fact]
    public Task Library_members_and_members_of_NoDerivative_parameters_are_no_GG1001() => AnalyzerVerifier.VerifyAsync(Header + """
        public static partial class C
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] Vector3 v)
            {
                Complex c = new Complex(3, 4);
                return x * c.Magnitude + x * v.X + x * Vector3.UnitX.Y;
            }
        }
        """);
}
