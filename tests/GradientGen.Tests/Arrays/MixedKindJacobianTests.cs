using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// <c>…Jacobian</c> of a vector-valued method whose parameters are of another float kind than its result: the
/// adjoints (and, in forward mode, the directions) take the parameters' kind and the entries are converted to
/// the result's. It used to declare them in the result's kind, which didn't compile (CS1503).
/// </summary>
public class MixedKindJacobianTests
{
    private static readonly CompiledSource Source = new("""
        using GradientGen;

        public static partial class S
        {
            // Two outputs, three inputs: reverse sweeps.
            [Differentiable]
            public static double[] FloatInputs(float[] xs, float w)
            {
                var r = new double[xs.Length];
                for (int i = 0; i < xs.Length; i++) r[i] = xs[i] * w * 2.0;
                return r;
            }

            // Three outputs, two inputs: tangent sweeps.
            [Differentiable]
            public static float[] DoubleInputs(double a, double b)
            {
                var r = new float[3];
                r[0] = (float)(a * b);
                r[1] = (float)(a + b);
                r[2] = (float)(a * a);
                return r;
            }
        }
        """);

    [Fact]
    public void Float_parameters_of_a_double_result()
    {
        float[] xs = [1.5f, -2f];
        var j = (double[,])Source.Assembly.GetType("S")!.GetMethod("FloatInputsJacobian")!.Invoke(null, [xs, 0.25f])!;
        Assert.Equal(new double[,] { { 0.5, 0, 3.0 }, { 0, 0.5, -4.0 } }, j);
    }

    [Fact]
    public void Double_parameters_of_a_float_result()
    {
        var j = (float[,])Source.Assembly.GetType("S")!.GetMethod("DoubleInputsJacobian")!.Invoke(null, [1.5, -0.5])!;
        Assert.Equal(new float[,] { { -0.5f, 1.5f }, { 1f, 1f }, { 3f, 0f } }, j);
    }
}
