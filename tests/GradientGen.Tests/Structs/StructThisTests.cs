using System.Reflection;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Structs;

/// <summary>
/// A <c>[Differentiable]</c> instance method of a struct that carries derivatives: <c>this</c> is an input like a
/// struct parameter, and the backward takes its adjoint as <c>ref S dThis</c> right after <c>dResult</c>, for a
/// <c>readonly record struct</c> (members rebuilt) and a mutable struct with a <c>Vector3</c> inside, in a loop.
/// Its uses of the struct's other members, [Differentiable] ones included, are inlined; so are calls to it from
/// other methods when its body is local declarations and a return. Its tangent takes <c>tThis</c>, a value of the
/// struct. Checked against closed forms and central differences, the tangent against the gradient; a call it
/// can't be inlined into is refused where it is written.
/// </summary>
public class StructThisTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using GradientGen;

        public readonly partial record struct Spring(double K, double Rest)
        {
            // ½K(x − Rest)².
            [Differentiable]
            public double Energy(double x)
            {
                double s = x - Rest;
                return 0.5 * K * s * s;
            }

            public double Stretch(double x) => x - Rest;

            // A [Differentiable] member and a plain one of the same struct, both inlined.
            [Differentiable]
            public double Twice(double x) => 2 * Energy(x) + Stretch(x) * K;
        }

        public partial struct Particle
        {
            public Vector3 Pos;
            public float Mass;

            [Differentiable]
            public float Potential(Vector3 center)
            {
                float total = 0;
                for (int i = 0; i < 3; i++)
                {
                    Vector3 d = Pos - center * i;
                    total += Mass / (1 + d.LengthSquared());
                }

                return total;
            }
        }

        public static partial class Chains
        {
            // The struct's [Differentiable] method called on a parameter: inlined, its derivative reaches dSpring.
            [Differentiable]
            public static double Stored(Spring spring, double x) => spring.Energy(x) + spring.Energy(2 * x);
        }

        public static class Drivers
        {
            // K, Rest, x → 3.
            public static double TwiceValue(double[] f) => new Spring(f[0], f[1]).Twice(f[2]);

            public static double[] TwiceGradient(double[] f)
            {
                Spring dThis = default; double dx = 0;
                new Spring(f[0], f[1]).TwiceBackward(f[2], 1.0, ref dThis, ref dx);
                return [dThis.K, dThis.Rest, dx];
            }

            public static double EnergyValue(double[] f) => new Spring(f[0], f[1]).Energy(f[2]);

            // The tangent along (tK, tRest, tx): tThis is a Spring of tangents.
            public static double EnergyJvp(double[] f, double[] t)
            {
                new Spring(f[0], f[1]).EnergyTangent(f[2], new Spring(t[0], t[1]), t[2], out double tResult);
                return tResult;
            }

            public static double TwiceJvp(double[] f, double[] t)
            {
                new Spring(f[0], f[1]).TwiceTangent(f[2], new Spring(t[0], t[1]), t[2], out double tResult);
                return tResult;
            }

            public static double[] EnergyGradient(double[] f)
            {
                Spring dThis = default; double dx = 0;
                new Spring(f[0], f[1]).EnergyBackward(f[2], 1.0, ref dThis, ref dx);
                return [dThis.K, dThis.Rest, dx];
            }

            public static double StoredValue(double[] f) => Chains.Stored(new Spring(f[0], f[1]), f[2]);

            public static double[] StoredGradient(double[] f)
            {
                Spring ds = default; double dx = 0;
                Chains.StoredBackward(new Spring(f[0], f[1]), f[2], 1.0, ref ds, ref dx);
                return [ds.K, ds.Rest, dx];
            }

            // Pos 3, Mass, center 3 → 7.
            private static Particle P(double[] f) => new() { Pos = new Vector3((float)f[0], (float)f[1], (float)f[2]), Mass = (float)f[3] };

            public static double PotentialValue(double[] f) => P(f).Potential(new Vector3((float)f[4], (float)f[5], (float)f[6]));

            public static double[] PotentialGradient(double[] f)
            {
                Particle dThis = default; Vector3 dc = default;
                P(f).PotentialBackward(new Vector3((float)f[4], (float)f[5], (float)f[6]), 1f, ref dThis, ref dc);
                return [dThis.Pos.X, dThis.Pos.Y, dThis.Pos.Z, dThis.Mass, dc.X, dc.Y, dc.Z];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, size, step, tolerance (Particle is float).</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Energy", 3, 1e-6, 1e-7 },
        { "Twice", 3, 1e-6, 1e-7 },
        { "Stored", 3, 1e-6, 1e-7 },
        { "Potential", 7, 1e-2, 2e-3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Struct_this_gradients_match_finite_differences_at_several_points(string name, int size, double h, double tolerance)
    {
        var random = new Random(5);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, h, tolerance, $"{name} at point {point}");
        }
    }

    [Fact]
    public void The_spring_energy_adjoint_of_this_is_the_closed_form()
    {
        // E = ½K s², s = x − Rest: ∂E/∂K = ½s², ∂E/∂Rest = −K s, ∂E/∂x = K s.
        double[] f = [3.0, 0.5, 1.25];
        double s = f[2] - f[1];
        double[] energy = Drivers.Gradient("Energy", f);
        Assert.Equal([0.5 * s * s, -f[0] * s, f[0] * s], energy);
        // Twice = 2E + s·K: ∂/∂K = s² + s, ∂/∂Rest = −2K s − K, ∂/∂x = 2K s + K.
        double[] twice = Drivers.Gradient("Twice", f);
        Assert.Equal([s * s + s, -2 * f[0] * s - f[0], 2 * f[0] * s + f[0]], twice);
    }

    [Fact]
    public void The_backward_takes_ref_dThis_after_dResult_the_tangent_tThis_and_there_is_no_gradient()
    {
        Type spring = Drivers.Assembly.GetType("Spring")!;
        MethodInfo backward = spring.GetMethod("EnergyBackward")!;
        Assert.False(backward.IsStatic);
        Assert.Equal(["x", "dResult", "dThis", "dX"], backward.GetParameters().Select(p => p.Name!).ToArray());
        Assert.Equal([typeof(double), typeof(double), spring.MakeByRefType(), typeof(double).MakeByRefType()], backward.GetParameters().Select(p => p.ParameterType).ToArray());
        Assert.Null(spring.GetMethod("EnergyGradient"));
        MethodInfo tangent = spring.GetMethod("EnergyTangent")!;
        Assert.Equal(["x", "tThis", "tX", "tResult"], tangent.GetParameters().Select(p => p.Name!).ToArray());
        Assert.Equal([typeof(double), spring, typeof(double), typeof(double).MakeByRefType()], tangent.GetParameters().Select(p => p.ParameterType).ToArray());
    }

    [Theory]
    [InlineData("Energy")]
    [InlineData("Twice")]
    public void The_tangent_gives_the_gradient_along_the_direction(string name)
    {
        var random = new Random(3);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] t = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double expected = Drivers.Gradient(name, f).Zip(t, (g, d) => g * d).Sum();
            GradientAssert.Close(expected, (double)Drivers.Call(name + "Jvp", f, t)!, 1e-12, $"{name} at point {point}");
        }
    }

    [Fact]
    public void A_call_it_cannot_inline_calls_its_backward_with_the_receivers_adjoint()
    {
        const string source = """
            using GradientGen;

            public readonly partial record struct Chain(double K)
            {
                [Differentiable]
                public double Sum(double x)
                {
                    double s = 0;
                    for (int i = 0; i < 3; i++) s += K * x;
                    return s;
                }
            }

            public static partial class Uses
            {
                [Differentiable]
                public static double Call(Chain c, double x) => c.Sum(x) * x;
            }

            public static class Drivers
            {
                // Call(c, x) = 3K·x²: ∂/∂K = 3x², ∂/∂x = 6K·x.
                public static double[] Gradient(double k, double x)
                {
                    Chain dC = default; double dX = 0;
                    Uses.CallBackward(new Chain(k), x, 1.0, ref dC, ref dX);
                    return [dC.K, dX];
                }
            }
            """;
        Assert.DoesNotContain(GeneratorHarness.AnalyzerDiagnostics(source), d => d.Severity == DiagnosticSeverity.Error);
        var gradient = (double[])GeneratorHarness.CompileAndLoad(source).GetType("Drivers")!.GetMethod("Gradient")!.Invoke(null, [1.5, -0.7])!;
        GradientAssert.Close(3 * 0.7 * 0.7, gradient[0], 1e-13, "dK");
        GradientAssert.Close(6 * 1.5 * -0.7, gradient[1], 1e-13, "dX");
    }

    [Fact]
    public void A_struct_changed_by_a_method_it_runs_is_read_as_it_was_at_each_read()
    {
        // s = X·a; Bump() adds 1 to X; s + X·a: ∂/∂a = X + (X + 1), ∂/∂X = 2a. The reads of X around the call
        // differ, so neither may be read again at the end: this, a parameter, an element of a parameter array.
        const string source = """
            using GradientGen;

            public partial struct M
            {
                public double X, Y;
                public void Bump() { X += 1; }

                [Differentiable]
                public double F(double a)
                {
                    double s = X * a;
                    Bump();
                    return s + X * a;
                }
            }

            public static partial class Uses
            {
                [Differentiable]
                public static double G(M m, double a)
                {
                    double s = m.X * a;
                    m.Bump();
                    return s + m.X * a;
                }

                [Differentiable]
                public static double H(M[] q, double a)
                {
                    double s = q[0].X * a;
                    q[0].Bump();
                    return s + q[0].X * a;
                }

                public static double[] Run()
                {
                    M dThis = default, dM = default;
                    var dQ = new M[1];
                    double da = 0, db = 0, dc = 0;
                    new M { X = 2 }.FBackward(3, 1.0, ref dThis, ref da);
                    GBackward(new M { X = 2 }, 3, 1.0, ref dM, ref db);
                    HBackward([new M { X = 2 }], 3, 1.0, dQ, ref dc);
                    return [da, dThis.X, db, dM.X, dc, dQ[0].X];
                }
            }
            """;
        var assembly = GeneratorHarness.CompileAndLoad(source);
        double[] result = (double[])assembly.GetType("Uses")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal([5.0, 6.0, 5.0, 6.0, 5.0, 6.0], result);
    }
}
