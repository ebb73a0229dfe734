using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// [Differentiable] targets methods, and so C# also lets it stand on operators, conversions, accessors,
/// local functions, lambdas and finalizers, which get no backward: GG0014 on the attribute, where it was
/// once ignored without a word. (C# 14 extension members are refused the same way; the tests' Roslyn 4.14
/// can't parse them.)
/// </summary>
public class MisplacedAttributeTests
{
    internal const string Differentiable_on_operators_conversions_and_accessors_is_GG0014Source = """
        using System;
        using GradientGen;

        public partial struct V
        {
            public double X;

            [{|GG0014:Differentiable|}]
            public static V operator +(V a, V b) => new V { X = a.X + b.X };

            [{|GG0014:Differentiable|}]
            public static explicit operator double(V v) => v.X;

            public double Square { [{|GG0014:Differentiable|}] get => X * X; }

            public double this[double k] { [{|GG0014:GradientGen.Differentiable|}] get => X * k; }
        }

        public partial class Holder
        {
            [{|GG0014:Differentiable|}]
            ~Holder() { }
        }
        """;

    [Fact]
    public Task Differentiable_on_operators_conversions_and_accessors_is_GG0014() => AnalyzerVerifier.VerifyAsync(Differentiable_on_operators_conversions_and_accessors_is_GG0014Source);

    internal const string Differentiable_on_local_functions_and_lambdas_is_GG0014Source = """
        using System;
        using GradientGen;

        public static partial class C
        {
            public static double F(double x)
            {
                [{|GG0014:Differentiable|}]
                static double Square(double y) => y * y;

                Func<double, double> cube = [{|GG0014:Differentiable|}] (double y) => y * y * y;
                return Square(x) + cube(x);
            }

            [Differentiable]
            public static double G(double x) => x * x;
        }
        """;

    [Fact]
    public Task Differentiable_on_local_functions_and_lambdas_is_GG0014() => AnalyzerVerifier.VerifyAsync(Differentiable_on_local_functions_and_lambdas_is_GG0014Source);

    [Fact]
    public void The_message_names_what_the_attribute_stands_on()
    {
        string messages = Messages(Differentiable_on_operators_conversions_and_accessors_is_GG0014Source) + "\n" + Messages(Differentiable_on_local_functions_and_lambdas_is_GG0014Source);
        Assert.All(
            ["the operator '+'", "the explicit conversion to 'double'", "the 'get' accessor of 'Square'", "the indexer's 'get' accessor", "a finalizer", "the local function 'Square'", "a lambda"],
            what => Assert.Contains("[Differentiable] can't be applied to " + what + ":", messages, StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_generated_for_them_and_the_generator_does_not_fail()
    {
        string source = Differentiable_on_local_functions_and_lambdas_is_GG0014Source.Replace("{|GG0014:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal);
        (_, GeneratorDriverRunResult run) = GeneratorHarness.Generate(source);
        Assert.Equal(["C.G.g.cs", "C.G.Tangent.g.cs", "C.G.Hessian.g.cs"], run.Results.Single().GeneratedSources.Select(s => s.HintName).Where(h => h.StartsWith("C.", StringComparison.Ordinal)));
    }

    private static string Messages(string markup) => string.Join("\n", GeneratorHarness.AnalyzerDiagnostics(markup.Replace("{|GG0014:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal))
        .Where(d => d.Id == "GG0014").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
}
