using GradientGen;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// A dense tanh network written the plain way, layer by layer: <c>a = Dense(W[l], b[l], a)</c> in a loop (a local
/// that names each layer's array in turn), then the squared error. GradientGen writes <c>LossBackward</c>;
/// <see cref="LayeredNetworkByHand"/> is the backpropagation a C# developer would write for it.
/// </summary>
public static partial class LayeredNetwork
{
    /// <summary>tanh(W·x + b), W row-major (b.Length × x.Length).</summary>
    [Differentiable]
    public static double[] Dense(double[] W, double[] b, double[] x)
    {
        var z = new double[b.Length];
        for (int i = 0; i < b.Length; i++)
        {
            double s = b[i];
            for (int j = 0; j < x.Length; j++)
            {
                s += W[i * x.Length + j] * x[j];
            }

            z[i] = Math.Tanh(s);
        }

        return z;
    }

    [Differentiable]
    public static double Loss(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
    {
        double[] a = x;
        for (int l = 0; l < W.Length; l++)
        {
            a = Dense(W[l], b[l], a);
        }

        double loss = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double e = a[i] - t[i];
            loss += e * e;
        }

        return loss;
    }
}

/// <summary>Backpropagation by hand: each layer's activations kept, then db = da ⊙ (1 − a²), dW = db·xᵀ, dx = Wᵀ·db.</summary>
public static class LayeredNetworkByHand
{
    public static double LossBackward(double[][] W, double[][] b, double[] x, double[] t, double[][] dW, double[][] dB, double[] dX)
    {
        int layers = W.Length;
        var activations = new double[layers + 1][];
        activations[0] = x;
        for (int l = 0; l < layers; l++)
        {
            activations[l + 1] = LayeredNetwork.Dense(W[l], b[l], activations[l]);
        }

        double[] output = activations[layers];
        double loss = 0;
        var da = new double[output.Length];
        for (int i = 0; i < t.Length; i++)
        {
            double e = output[i] - t[i];
            loss += e * e;
            da[i] = 2 * e;
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            double[] input = activations[l], a = activations[l + 1], w = W[l], dw = dW[l], db = dB[l];
            int n = input.Length;
            var dInput = new double[n];
            for (int i = 0; i < a.Length; i++)
            {
                double dz = da[i] * (1 - a[i] * a[i]);
                db[i] += dz;
                for (int j = 0; j < n; j++)
                {
                    dw[i * n + j] += dz * input[j];
                    dInput[j] += dz * w[i * n + j];
                }
            }

            da = dInput;
        }

        for (int j = 0; j < dX.Length; j++)
        {
            dX[j] += da[j];
        }

        return loss;
    }
}
