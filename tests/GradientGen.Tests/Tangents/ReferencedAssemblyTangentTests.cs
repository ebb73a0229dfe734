using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// A consumer's tangent calls the compiled <c>…Tangent</c> of a [Differentiable] method in a referenced assembly
/// (compiled on its own with the generator, as a project or package reference), scalars and arrays.
/// </summary>
public class ReferencedAssemblyTangentTests
{
    private const string Library = """
        using System;
        using GradientGen;

        namespace Lib;

        public static partial class Activations
        {
            [Differentiable] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable] public static double Dot2(double[] w, [NoDerivative] double k) => k * ((w[0] * w[1]) + (w[1] * w[1]));
        }
        """;

    private const string Consumer = """
        using System;
        using GradientGen;
        using Lib;

        namespace App;

        public static partial class Consumer
        {
            [Differentiable]
            public static double Uses(double a, double b)
            {
                double[] w = new double[2];
                w[0] = Activations.Softplus(a * b);
                w[1] = a - b;
                return Activations.Dot2(w, 1.5) + Activations.Softplus(b);
            }
        }
        """;

    [Fact]
    public void A_callee_in_a_referenced_assembly_is_followed_through_its_compiled_tangent()
    {
        Assembly consumer = GeneratorHarness.CompileAndLoadWithLibrary(Library, Consumer);
        Tangented f = new(consumer, "App.Consumer", "Uses");
        TangentAssert.MatchesFiniteDifferences(f, [0, 1], [[0.5, -0.3], [1.2, 0.7], [-0.8, 2.0]]);
    }
}
