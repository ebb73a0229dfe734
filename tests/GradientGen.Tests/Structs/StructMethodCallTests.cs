using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// A struct's own [Differentiable] instance method whose body can't be inlined (a loop in it), called from another
/// method: the caller calls its backward on the same struct variable, passing that variable's adjoint as
/// <c>ref dThis</c> right after dResult, and its tangent with the variable's tangent. Called on a foreach element
/// of an array of structs, on a parameter twice, on a struct built in the caller; checked against central
/// differences at several points in reverse and forward mode. A call on a struct that carries no derivative is
/// refused on the call.
/// </summary>
public class StructMethodCallTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public partial struct Body
        {
            public double X, V;

            // A loop: not inlined into callers.
            [Differentiable]
            public double Energy(double g)
            {
                double e = 0.5 * V * V;
                for (int i = 0; i < 3; i++) e += g * X * (i + 1) + Math.Sin(X * V);
                return e;
            }
        }

        public static partial class World
        {
            [Differentiable]
            public static double Total(Body[] bodies, double g)
            {
                double s = 0;
                foreach (Body b in bodies) s += b.Energy(g) * b.X;
                return s * s;
            }

            [Differentiable]
            public static double Twice(Body b, double g) => b.Energy(g) + b.Energy(2 * g) * b.V;

            [Differentiable]
            public static double Built(double x, double v, double g)
            {
                var b = new Body { X = x * v, V = v - x };
                return b.Energy(g) * x;
            }
        }

        public static class Drivers
        {
            private static Body[] Bodies(double[] f) => [new Body { X = f[0], V = f[1] }, new Body { X = f[2], V = f[3] }];

            // bodies 2 × (X, V), g → 5.
            public static double TotalValue(double[] f) => World.Total(Bodies(f), f[4]);

            public static double[] TotalGradient(double[] f)
            {
                var dB = new Body[2]; double dG = 0;
                World.TotalBackward(Bodies(f), f[4], 1.0, dB, ref dG);
                return [dB[0].X, dB[0].V, dB[1].X, dB[1].V, dG];
            }

            // b (X, V), g → 3.
            public static double TwiceValue(double[] f) => World.Twice(new Body { X = f[0], V = f[1] }, f[2]);

            public static double[] TwiceGradient(double[] f)
            {
                Body dB = default; double dG = 0;
                World.TwiceBackward(new Body { X = f[0], V = f[1] }, f[2], 1.0, ref dB, ref dG);
                return [dB.X, dB.V, dG];
            }

            public static double TwiceTangent(double[] f, double[] direction)
            {
                World.TwiceTangent(new Body { X = f[0], V = f[1] }, f[2], new Body { X = direction[0], V = direction[1] }, direction[2], out double tangent);
                return tangent;
            }

            // x, v, g → 3.
            public static double BuiltValue(double[] f) => World.Built(f[0], f[1], f[2]);

            public static double[] BuiltGradient(double[] f)
            {
                double dx = 0, dv = 0, dg = 0;
                World.BuiltBackward(f[0], f[1], f[2], 1.0, ref dx, ref dv, ref dg);
                return [dx, dv, dg];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    public static TheoryData<string, int> Cases => new()
    {
        { "Total", 5 },
        { "Twice", 3 },
        { "Built", 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_gradient_through_a_struct_method_call_matches_finite_differences(string name, int size)
    {
        var random = new Random(5);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void The_tangent_through_a_struct_method_call_is_the_gradient_along_the_direction()
    {
        var random = new Random(8);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] direction = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] gradient = Drivers.Gradient("Twice", f);
            double expected = gradient.Zip(direction, (g, d) => g * d).Sum();
            var tangent = (double)Drivers.Assembly.GetType("Drivers")!.GetMethod("TwiceTangent")!.Invoke(null, [f, direction])!;
            GradientAssert.Close(expected, tangent, 1e-12, $"tangent at point {point}");
        }
    }

    [Fact]
    public void The_call_passes_the_receivers_adjoint_as_ref_dThis()
    {
        var run = GeneratorHarness.Generate(Source).Run;
        string text = GeneratorHarness.GeneratedText(run, "World.Twice.g.cs");
        Assert.Contains("b.EnergyBackward(t1, dT2, ref dB, ref dT1);", text);
        Assert.Contains("b.EnergyBackward(g, dT0, ref dB, ref dG);", text);
        Assert.Contains("double t2 = b.EnergyTangent(t1, tB, tT1, out tT2);", GeneratorHarness.GeneratedText(run, "World.Twice.Tangent.g.cs"));
    }

    private const string StillSource = """
        using GradientGen;

        public partial struct Body
        {
            public double X, V;

            [Differentiable]
            public double Energy(double g)
            {
                double e = 0;
                for (int i = 0; i < 2; i++) e += g * X;
                return e;
            }
        }

        public static partial class World
        {
            [Differentiable]
            public static double Still(double g) => {|GG0001:default(Body).Energy(g)|} * g;
        }
        """;

    [Fact]
    public async Task A_call_on_a_struct_that_carries_no_derivative_is_refused_on_the_call()
    {
        await AnalyzerVerifier.VerifyAsync(StillSource);
        Assert.Contains("'default(Body).Energy(g)', a [Differentiable] method of the struct 'Body' called on a value that carries no derivative", AnalyzerVerifier.MessageOf(StillSource, "GG0001"));
    }
}
