using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// Nothing silent (GG0015): a parameter the method reads whose type can hold floating-point values but gets
/// no adjoint (a struct with hidden state, or whose constructor computes, a list, an object whose floating
/// state the method can't name) is an error at its name, unless it is marked [NoDerivative]. Before, it got no
/// adjoint and no error. Structs whose floating state is all in public members of one kind, assigned in place or
/// rebuilt (Vector3, tuples of doubles, a record struct, a readonly record struct, Complex), jagged arrays,
/// arrays of such structs and objects with such fields get an adjoint now and are no error.
/// </summary>
public class ParameterTypeDiagnosticsTests
{
    private const string Types = """
        public record struct Point(double X, double Y);
        public struct Pair { public double A; public float B; }
        public struct Nested { public Pair Inner; public int Count; }
        public class Layer { public double[] W = new double[2]; public double Bias; }
        public class Derived : Layer { }
        public class Opaque { private double _a = 1; public double A => _a; }
        public struct Counts { public int A; public long B; }
        public readonly record struct Frozen(double X, double Y);
        public struct Hidden { private double _a; public double A => _a; }
        public readonly struct Scaled { public readonly double A; public Scaled(double a) { A = 2 * a; } }
        """;

    private static string Source(string parameter, string name, string body, string markup) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Numerics;
        using GradientGen;

        {{Types}}

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, {{parameter}} {{markup}}) => {{body}};
        }
        """;

    [Theory]
    [InlineData("Pair", "v", "v.A * x")]
    [InlineData("Nested", "v", "v.Inner.A * x")]
    [InlineData("Hidden", "v", "v.A * x")]
    [InlineData("Scaled", "v", "v.A * x")]
    [InlineData("(double, float)", "v", "v.Item1 * x")]
    [InlineData("double[,,]", "v", "v[0, 0, 0] * x")]
    [InlineData("IReadOnlyList<double>", "v", "v[0] * x")]
    [InlineData("Dictionary<string, double>", "v", "v[\"a\"] * x")]
    [InlineData("Memory<double>", "v", "v.Span[0] * x")]
    [InlineData("double?", "v", "(v ?? 0) * x")]
    [InlineData("Opaque", "v", "v.A * x")]
    [InlineData("Half", "v", "(double)v * x")]
    public Task Parameter_holding_floating_values_without_an_adjoint_is_GG0015_on_its_name(string type, string name, string body) =>
        AnalyzerVerifier.VerifyAsync(Source(type, name, body, $"{{|GG0015:{name}|}}"));

    [Theory]
    [InlineData("[NoDerivative] Vector3", "v", "v.X * x")]
    [InlineData("[NoDerivative] double[][]", "v", "v[0][0] * x")]
    [InlineData("[NoDerivative] List<double>", "v", "v[0] * x")]
    [InlineData("List<double>", "v", "v[0] * x")]
    [InlineData("[NoDerivative] Layer", "v", "v.W[0] * x")]
    [InlineData("Vector3", "v", "v.X * x")]
    [InlineData("double[][]", "v", "v[0][0] * x")]
    [InlineData("float[][]", "v", "v[0][0] * x")]
    [InlineData("Vector3[]", "v", "v[0].X * x")]
    [InlineData("Layer", "v", "v.W[0] * x")]
    [InlineData("Derived", "v", "v.Bias * x")]
    [InlineData("Vector2", "v", "v.Length() * x")]
    [InlineData("Quaternion", "v", "v.W * x")]
    [InlineData("Point", "v", "v.X * x")]
    [InlineData("Frozen", "v", "v.X * x")]
    [InlineData("Complex", "v", "v.Real * x")]
    [InlineData("(double, double)", "v", "v.Item1 * x")]
    [InlineData("Counts", "v", "v.A * x")]
    [InlineData("TimeSpan", "v", "v.Ticks * x")]
    [InlineData("string", "v", "v.Length * x")]
    [InlineData("int[]", "v", "v[0] * x")]
    [InlineData("Func<double, double>", "v", "v(2.0) * x")]
    public Task Parameter_marked_NoDerivative_with_an_adjoint_or_without_floating_values_is_no_error(string type, string name, string body) =>
        AnalyzerVerifier.VerifyAsync(Source(type, name, body, name));

    [Fact]
    public void Message_names_the_parameter_its_type_and_the_way_out() =>
        Assert.Equal(
            "Parameter 'v' of type 'Hidden' holds floating-point values, but GradientGen cannot differentiate with respect to a 'Hidden' yet, so its derivative would be lost; mark it [NoDerivative] to use it as a constant, or pass its values as float or double parameters or arrays",
            AnalyzerVerifier.MessageOf(Source("Hidden", "v", "v.A * x", "v"), "GG0015"));

    [Fact]
    public void No_backward_is_generated_for_a_method_with_a_GG0015_parameter()
    {
        (_, Microsoft.CodeAnalysis.GeneratorDriverRunResult run) = GeneratorHarness.Generate(Source("IReadOnlyList<double>", "v", "v[0] * x", "v"));
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".F.g.cs", StringComparison.Ordinal));
    }
}
