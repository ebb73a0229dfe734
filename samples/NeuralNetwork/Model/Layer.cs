using GradientGen;

namespace NeuralNetwork.Model;

/// <summary>
/// The class's Layer. <see cref="Forward"/> keeps X and returns Y = g(W·X + b); <see cref="Backwards"/> turns
/// dY = ∂J/∂Y into db = dY ⊙ g'(z), dW = db·Xᵀ and dX = Wᵀ·db, and <see cref="Step"/> lets the optimizer move
/// W and b. The three derivatives come from <c>OutputBackward</c>, which GradientGen generates from
/// <see cref="Output"/>: nothing here differentiates by hand. A batch is a matrix with one sample per column.
/// </summary>
internal sealed partial class Layer
{
    private readonly Activation _g;
    private readonly IOptimizer _optimizer;
    private double[,]? _lastX;

    /// <summary>A layer of <paramref name="outputs"/> neurons on <paramref name="inputs"/> inputs, Glorot-initialized.</summary>
    public Layer(int inputs, int outputs, Activation g, IOptimizer optimizer, Random random)
    {
        _g = g;
        _optimizer = optimizer;
        W = new double[outputs, inputs];
        b = new double[outputs];
        dW = new double[outputs, inputs];
        db = new double[outputs];

        // Uniform in ±√(6 / (n + k)) keeps tanh out of saturation at the start (Glorot and Bengio, 2010).
        double limit = Math.Sqrt(6.0 / (inputs + outputs));
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < inputs; j++)
            {
                W[i, j] = (2 * random.NextDouble() - 1) * limit;
            }
        }
    }

    // Named as in the class's formulas.
    public double[,] W { get; }

    public double[] b { get; }

    /// <summary>∂J/∂W summed over every <see cref="Backwards"/> since the last <see cref="Step"/>.</summary>
    public double[,] dW { get; }

    /// <summary>∂J/∂b summed over every <see cref="Backwards"/> since the last <see cref="Step"/>.</summary>
    public double[] db { get; }

    /// <summary>z = W·X + b, Y = g(z), column by column: the method GradientGen differentiates.</summary>
    [Differentiable]
    public static double[,] Output(double[,] W, double[] b, double[,] X, Activation g)
    {
        int k = W.GetLength(0);
        int n = W.GetLength(1);
        int m = X.GetLength(1);
        var Y = new double[k, m];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double z = b[i];
                for (int l = 0; l < n; l++)
                {
                    z += W[i, l] * X[l, j];
                }

                Y[i, j] = ActivationFunction.Apply(z, g);
            }
        }

        return Y;
    }

    public double[,] Forward(double[,] X)
    {
        _lastX = X;
        return Output(W, b, X, _g);
    }

    /// <summary>
    /// Adds this batch's db and dW into <see cref="db"/> and <see cref="dW"/> and returns dX, the dY of the layer
    /// before. Unlike the class's sketch it does not step: the gradient check reads the gradients with the
    /// parameters where it found them.
    /// </summary>
    public double[,] Backwards(double[,] dY)
    {
        var X = _lastX ?? throw new InvalidOperationException("Backwards needs a Forward first.");
        var dX = new double[X.GetLength(0), X.GetLength(1)];
        OutputBackward(W, b, X, _g, dY, dW, db, dX);
        return dX;
    }

    /// <summary>The optimizer moves W and b; the gradients start again from zero.</summary>
    public void Step()
    {
        _optimizer.Step(W, b, dW, db);
        ZeroGradients();
    }

    /// <summary>The generated backward adds into dW and db, so they are cleared before a new sum starts.</summary>
    public void ZeroGradients()
    {
        Array.Clear(dW);
        Array.Clear(db);
    }
}
