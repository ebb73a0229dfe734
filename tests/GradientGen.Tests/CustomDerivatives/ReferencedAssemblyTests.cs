using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradientGen.Tests.CustomDerivatives;

/// <summary>
/// Another assembly, compiled on its own with the generator (a project or package reference): calls to its
/// [Differentiable] methods use its compiled <c>…Backward</c>, found by attribute and signature, and a
/// [DerivativeOf] in the consumer differentiates its plain methods.
/// </summary>
public class ReferencedAssemblyTests
{
    private const string Library = """
        using System;
        using GradientGen;

        namespace Lib;

        public static partial class Activations
        {
            [Differentiable] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable] public static double Dot2(double[] w) => (w[0] * w[1]) + (w[1] * w[1]);

            [Differentiable] public static double Damped(double x, [NoDerivative] double k) => k * Math.Sin(x);

            public static double Cubic(double x) => x * x * x;
        }

        public partial class Shape
        {
            [Differentiable] public virtual double Area(double s) => s * s;
        }
        """;

    private const string Consumer = """
        using System;
        using GradientGen;
        using Lib;

        namespace App;

        public static partial class Consumer
        {
            [Differentiable] public static double CompiledBackward(double x) => Activations.Softplus(x * 2) + x;

            [Differentiable]
            public static double CompiledBackwardWithAnArray(double a, double b)
            {
                double[] w = new double[2];
                w[0] = a;
                w[1] = a * b;
                return Activations.Dot2(w);
            }

            [Differentiable] public static double CompiledNoDerivativeParameter(double x) => Activations.Damped(x * x, 3.0);

            [DerivativeOf(typeof(Activations), nameof(Activations.Cubic))]
            public static double CubicBackward(double x, double dResult, ref double dX)
            {
                dX += dResult * 3 * x * x;
                return Activations.Cubic(x);
            }

            [Differentiable] public static double RuleForAPlainLibraryMethod(double x) => Activations.Cubic(x) * 2;
        }

        // Overrides a compiled [Differentiable] method: its backward hides the compiled one ('new').
        public partial class Hexagon : Shape
        {
            [Differentiable] public override double Area(double s) => 1.5 * Math.Sqrt(3) * s * s;
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoadWithLibrary(Library, Consumer));

    private static Differentiated Method(string name) => new(Compiled.Value, "App.Consumer", name);

    private static readonly double[][] Points = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    [Fact]
    public void Differentiable_method_of_a_referenced_assembly_uses_its_compiled_backward() =>
        NumericAssert.Derivative(Method("CompiledBackward"), x => (2 / (1 + Math.Exp(-2 * x))) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Compiled_backward_with_an_array_parameter() =>
        NumericAssert.Gradient(Method("CompiledBackwardWithAnArray"), p => [(2 * p[0] * p[1]) + (2 * p[0] * p[1] * p[1]), (p[0] * p[0]) + (2 * p[0] * p[0] * p[1])], Points);

    [Fact]
    public void Compiled_backward_without_an_adjoint_for_a_NoDerivative_parameter() =>
        NumericAssert.Derivative(Method("CompiledNoDerivativeParameter"), x => 3 * Math.Cos(x * x) * 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void DerivativeOf_for_a_method_of_a_referenced_assembly() =>
        NumericAssert.Derivative(Method("RuleForAPlainLibraryMethod"), x => 6 * x * x, -1.5, 0.25, 2);

    [Fact]
    public void Override_of_a_compiled_differentiable_method_hides_its_backward() =>
        NumericAssert.Derivative(new Differentiated(Compiled.Value.GetType("App.Hexagon", throwOnError: true)!, "Area"), s => 3 * Math.Sqrt(3) * s, 0.5, 1, 2);

    [Fact]
    public async Task The_consumer_has_no_GradientGen_diagnostics()
    {
        (Compilation library, _) = GeneratorHarness.Generate(GeneratorHarness.Compile("UserLibrary", [], Library));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        (Compilation consumer, _) = GeneratorHarness.Generate(GeneratorHarness.Compile("UserAssembly", [MetadataReference.CreateFromImage(image.ToArray())], Consumer));
        Assert.Empty(await consumer.WithAnalyzers([new DifferentiabilityAnalyzer()]).GetAnalyzerDiagnosticsAsync());
    }
}
