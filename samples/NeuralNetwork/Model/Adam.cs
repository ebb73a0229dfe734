namespace NeuralNetwork.Model;

/// <summary>
/// Adam (Kingma and Ba, 2015): each parameter steps by rate·m̂/(√v̂ + ε), with m and v running averages of its
/// gradient and squared gradient, bias-corrected for their zero start. One instance per layer: it keeps that
/// layer's moments.
/// </summary>
internal sealed class Adam(double rate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : IOptimizer
{
    private double[,]? _mW, _vW;
    private double[]? _mB, _vB;
    private int _steps;

    public void Step(double[,] W, double[] b, double[,] dW, double[] db)
    {
        // The moments take the layer's shapes at its first step.
        _mW ??= new double[W.GetLength(0), W.GetLength(1)];
        _vW ??= new double[W.GetLength(0), W.GetLength(1)];
        _mB ??= new double[b.Length];
        _vB ??= new double[b.Length];

        _steps++;
        double correction1 = 1 - Math.Pow(beta1, _steps);
        double correction2 = 1 - Math.Pow(beta2, _steps);

        for (int i = 0; i < W.GetLength(0); i++)
        {
            for (int j = 0; j < W.GetLength(1); j++)
            {
                W[i, j] -= Update(dW[i, j], ref _mW[i, j], ref _vW[i, j]);
            }
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] -= Update(db[i], ref _mB[i], ref _vB[i]);
        }

        double Update(double gradient, ref double m, ref double v)
        {
            m = beta1 * m + (1 - beta1) * gradient;
            v = beta2 * v + (1 - beta2) * gradient * gradient;
            return rate * (m / correction1) / (Math.Sqrt(v / correction2) + epsilon);
        }
    }
}
