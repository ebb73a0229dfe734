using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.DenseNetwork;

/// <summary>
/// The generated backward of the 784-128-10 network equals hand-written backpropagation (the class's
/// formulas) on random data, and both match central differences on sampled parameters.
/// </summary>
public class DenseNetworkTests
{
    private static (double[] P, double[] X, double[] T) RandomProblem(int batch, int seed)
    {
        var random = new Random(seed);
        double[] p = new double[DenseNetworkObjective.ParameterCount];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (random.NextDouble() - 0.5) * 0.1;
        }

        double[] x = Enumerable.Range(0, batch * DenseNetworkObjective.Inputs).Select(_ => random.NextDouble()).ToArray();
        double[] t = Enumerable.Range(0, batch * DenseNetworkObjective.Outputs).Select(_ => random.NextDouble()).ToArray();
        return (p, x, t);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void Generated_gradient_equals_hand_written_backpropagation(int batch, int seed)
    {
        (double[] p, double[] x, double[] t) = RandomProblem(batch, seed);
        double[] generated = new double[p.Length];
        double[] hand = new double[p.Length];
        double value = DenseNetworkObjective.LossBackward(p, x, t, batch, 1.0, generated);
        double handValue = DenseNetworkHandGradient.Gradient(p, x, t, batch, hand);

        Assert.Equal(DenseNetworkObjective.Loss(p, x, t, batch), value);
        Assert.Equal(handValue, value, 1e-9);
        for (int i = 0; i < p.Length; i++)
        {
            GradientAssert.Close(hand[i], generated[i], 1e-12, $"∂L/∂p[{i}]");
        }
    }

    [Fact]
    public void Generated_gradient_matches_central_differences_on_sampled_parameters()
    {
        (double[] p, double[] x, double[] t) = RandomProblem(batch: 2, seed: 3);
        double[] generated = new double[p.Length];
        DenseNetworkObjective.LossBackward(p, x, t, 2, 1.0, generated);
        var random = new Random(4);
        int[] sampled = [0, DenseNetworkObjective.B1 - 1, DenseNetworkObjective.B1 + 5, DenseNetworkObjective.W2 + 17, DenseNetworkObjective.B2 + 9, .. Enumerable.Range(0, 5).Select(_ => random.Next(p.Length))];
        foreach (int i in sampled)
        {
            double saved = p[i];
            const double h = 1e-6;
            p[i] = saved + h;
            double plus = DenseNetworkObjective.Loss(p, x, t, 2);
            p[i] = saved - h;
            double minus = DenseNetworkObjective.Loss(p, x, t, 2);
            p[i] = saved;
            GradientAssert.Close((plus - minus) / (2 * h), generated[i], 1e-6, $"∂L/∂p[{i}] vs central difference");
        }
    }
}
