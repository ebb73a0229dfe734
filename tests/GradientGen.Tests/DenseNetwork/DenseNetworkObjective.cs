using GradientGen;

namespace GradientGen.Tests.DenseNetwork;

/// <summary>
/// The class's dense layers as one [Differentiable] loss: 784-128-10, a tanh hidden layer, a linear output,
/// squared error summed over a batch. All parameters live in one flat vector (W1 row by row, b1, W2, b2),
/// so one <c>Span&lt;double&gt;</c> collects the whole gradient.
/// </summary>
public static partial class DenseNetworkObjective
{
    public const int Inputs = 784;
    public const int Hidden = 128;
    public const int Outputs = 10;
    public const int B1 = Hidden * Inputs;
    public const int W2 = B1 + Hidden;
    public const int B2 = W2 + (Outputs * Hidden);
    public const int ParameterCount = B2 + Outputs;

    /// <param name="p">The parameters: W1 (Hidden × Inputs), b1, W2 (Outputs × Hidden), b2.</param>
    /// <param name="x">The batch's inputs, sample by sample (batch × Inputs).</param>
    /// <param name="t">The batch's targets, sample by sample (batch × Outputs).</param>
    [Differentiable]
    public static double Loss(double[] p, [NoDerivative] double[] x, [NoDerivative] double[] t, int batch)
    {
        double loss = 0;
        double[] h = new double[Hidden];
        for (int s = 0; s < batch; s++)
        {
            // z = W1·x + b1, h = tanh(z)
            for (int j = 0; j < Hidden; j++)
            {
                double z = p[B1 + j];
                for (int i = 0; i < Inputs; i++)
                {
                    z += p[(j * Inputs) + i] * x[(s * Inputs) + i];
                }

                h[j] = Math.Tanh(z);
            }

            // y = W2·h + b2, loss += ‖y − t‖²
            for (int k = 0; k < Outputs; k++)
            {
                double y = p[B2 + k];
                for (int j = 0; j < Hidden; j++)
                {
                    y += p[W2 + (k * Hidden) + j] * h[j];
                }

                double e = y - t[(s * Outputs) + k];
                loss += e * e;
            }
        }

        return loss;
    }
}
