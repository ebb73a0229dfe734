namespace GradientGen.Tests.DenseNetwork;

/// <summary>
/// Hand-written backpropagation for <see cref="DenseNetworkObjective.Loss"/> with the class's formulas, per
/// layer z = W·x + b, y = g(z): db = dY ⊙ g'(z), dW = db·xᵀ, dX = Wᵀ·db. The hand-written baseline for
/// the benchmarks; it adds into <paramref name="gradient"/> like a generated backward.
/// </summary>
public static class DenseNetworkHandGradient
{
    public static double Gradient(double[] p, double[] x, double[] t, int batch, Span<double> gradient)
    {
        const int inputs = DenseNetworkObjective.Inputs, hidden = DenseNetworkObjective.Hidden, outputs = DenseNetworkObjective.Outputs;
        Span<double> h = stackalloc double[hidden];
        Span<double> dH = stackalloc double[hidden];
        Span<double> dY = stackalloc double[outputs];
        double loss = 0;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<double> xs = x.AsSpan(s * inputs, inputs);
            for (int j = 0; j < hidden; j++)
            {
                double z = p[DenseNetworkObjective.B1 + j];
                ReadOnlySpan<double> row = p.AsSpan(j * inputs, inputs);
                for (int i = 0; i < inputs; i++)
                {
                    z += row[i] * xs[i];
                }

                h[j] = Math.Tanh(z);
            }

            // Output layer (g = identity): db2 = dY = 2(y − t), dW2 = db2·hᵀ, dH = W2ᵀ·db2.
            dH.Clear();
            for (int k = 0; k < outputs; k++)
            {
                ReadOnlySpan<double> row = p.AsSpan(DenseNetworkObjective.W2 + (k * hidden), hidden);
                double y = p[DenseNetworkObjective.B2 + k];
                for (int j = 0; j < hidden; j++)
                {
                    y += row[j] * h[j];
                }

                double e = y - t[(s * outputs) + k];
                loss += e * e;
                dY[k] = 2 * e;
                gradient[DenseNetworkObjective.B2 + k] += dY[k];
                Span<double> dRow = gradient.Slice(DenseNetworkObjective.W2 + (k * hidden), hidden);
                for (int j = 0; j < hidden; j++)
                {
                    dRow[j] += dY[k] * h[j];
                    dH[j] += row[j] * dY[k];
                }
            }

            // Hidden layer (g = tanh, g' = 1 − h²): db1 = dH ⊙ (1 − h²), dW1 = db1·xᵀ.
            for (int j = 0; j < hidden; j++)
            {
                double db = dH[j] * (1 - (h[j] * h[j]));
                gradient[DenseNetworkObjective.B1 + j] += db;
                Span<double> dRow = gradient.Slice(j * inputs, inputs);
                for (int i = 0; i < inputs; i++)
                {
                    dRow[i] += db * xs[i];
                }
            }
        }

        return loss;
    }
}
