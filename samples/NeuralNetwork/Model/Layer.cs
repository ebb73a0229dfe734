using GradientGen;

namespace NeuralNetwork.Model;

/// <summary>
/// The class's Layer, as the class sketches it: fields <see cref="W"/> and <see cref="b"/>, a
/// <see cref="Forward"/> that keeps X and returns Y = g(W·X + b), and <see cref="Backwards"/>, which turns
/// dY = ∂J/∂Y into db = dY ⊙ g'(z), dW = db·Xᵀ and dX = Wᵀ·db. <see cref="Forward"/> is
/// <c>[Differentiable]</c>: GradientGen generates <c>ForwardBackward(X, dY, dThis, dX)</c>, which adds dW and db
/// into the fields W and b of the shadow layer <c>dThis</c> (<see cref="Gradients"/>). Nothing here
/// differentiates by hand. A batch is a matrix with one sample per column.
/// </summary>
internal sealed partial class Layer
{
    // Named as in the class's formulas. They carry derivatives: arrays of doubles that aren't [NoDerivative].
    public readonly double[,] W;
    public readonly double[] b;

    private readonly Activation _g;
    private readonly IOptimizer? _optimizer;

    // What Forward saw, for Backwards: data, not a weight, so it carries no derivative.
    [NoDerivative]
    private double[,]? _lastX;

    /// <summary>A layer of <paramref name="outputs"/> neurons on <paramref name="inputs"/> inputs, Glorot-initialized.</summary>
    public Layer(int inputs, int outputs, Activation g, IOptimizer optimizer, Random random)
        : this(inputs, outputs, g)
    {
        _optimizer = optimizer;
        Gradients = new Layer(inputs, outputs, g);

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

    /// <summary>A layer of zeros of the same shape: the shadow that collects a layer's gradients.</summary>
    private Layer(int inputs, int outputs, Activation g)
    {
        _g = g;
        W = new double[outputs, inputs];
        b = new double[outputs];
    }

    /// <summary>
    /// The shadow layer: its W is ∂J/∂W and its b is ∂J/∂b, summed over every <see cref="Backwards"/> since the
    /// last <see cref="Step"/>. Null only in a shadow itself.
    /// </summary>
    public Layer? Gradients { get; }

    /// <summary>∂J/∂W: the shadow's W.</summary>
    public double[,] dW => Shadow.W;

    /// <summary>∂J/∂b: the shadow's b.</summary>
    public double[] db => Shadow.b;

    private Layer Shadow => Gradients ?? throw new InvalidOperationException("A shadow layer has no gradients of its own.");

    /// <summary>z = W·X + b, Y = g(z), column by column; keeps X for <see cref="Backwards"/>.</summary>
    [Differentiable]
    public double[,] Forward(double[,] X)
    {
        _lastX = X;
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

                Y[i, j] = ActivationFunction.Apply(z, _g);
            }
        }

        return Y;
    }

    /// <summary>
    /// Adds this batch's dW and db into <see cref="Gradients"/> and returns dX, the dY of the layer before.
    /// Unlike the class's sketch it does not step: the gradient check reads the gradients with the parameters
    /// where it found them.
    /// </summary>
    public double[,] Backwards(double[,] dY)
    {
        var X = _lastX ?? throw new InvalidOperationException("Backwards needs a Forward first.");
        var dX = new double[X.GetLength(0), X.GetLength(1)];
        ForwardBackward(X, dY, Shadow, dX);
        return dX;
    }

    /// <summary>The optimizer moves W and b; the gradients start again from zero.</summary>
    public void Step()
    {
        (_optimizer ?? throw new InvalidOperationException("A shadow layer has no optimizer."))
            .Step(W, b, dW, db);
        ZeroGradients();
    }

    /// <summary>The generated backward adds into the shadow's W and b, so they are cleared before a new sum starts.</summary>
    public void ZeroGradients()
    {
        Array.Clear(dW);
        Array.Clear(db);
    }
}
