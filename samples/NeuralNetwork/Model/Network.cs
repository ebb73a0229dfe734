namespace NeuralNetwork.Model;

/// <summary>Layers in a chain: each layer's Y is the next one's X, and each layer's dX the previous one's dY.</summary>
internal sealed class Network(IReadOnlyList<Layer> layers)
{
    public IReadOnlyList<Layer> Layers { get; } = layers;

    /// <summary>
    /// A multilayer perceptron: tanh hidden layers, then a linear output layer whose logits go to softmax
    /// cross-entropy. Each layer gets its own optimizer from <paramref name="optimizer"/> (Adam keeps per-layer state).
    /// </summary>
    public static Network Perceptron(int[] sizes, Func<IOptimizer> optimizer, Random random)
    {
        var layers = new Layer[sizes.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            var g = l == layers.Length - 1 ? Activation.Identity : Activation.Tanh;
            layers[l] = new Layer(sizes[l], sizes[l + 1], g, optimizer(), random);
        }

        return new Network(layers);
    }

    public double[,] Forward(double[,] X)
    {
        foreach (var layer in Layers)
        {
            X = layer.Forward(X);
        }

        return X;
    }

    public double Loss(double[,] X, int[] labels) => SoftmaxCrossEntropy.Loss(Forward(X), labels);

    /// <summary>Forward, then the loss's generated backward seeds dY, then every layer's Backwards; returns the loss.</summary>
    public double Backpropagate(double[,] X, int[] labels)
    {
        var logits = Forward(X);
        var dY = new double[logits.GetLength(0), logits.GetLength(1)];
        double loss = SoftmaxCrossEntropy.LossBackward(logits, labels, 1.0, dY);
        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            dY = Layers[l].Backwards(dY);
        }

        return loss;
    }

    /// <summary>One optimizer step on one batch; returns the batch's loss before the step.</summary>
    public double TrainStep(double[,] X, int[] labels)
    {
        double loss = Backpropagate(X, labels);
        foreach (var layer in Layers)
        {
            layer.Step();
        }

        return loss;
    }

    /// <summary>The mean loss and the share of columns of X whose largest logit is their label's, from one forward pass.</summary>
    public (double Loss, double Accuracy) Evaluate(double[,] X, int[] labels)
    {
        var logits = Forward(X);
        int correct = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            int predicted = 0;
            for (int c = 1; c < logits.GetLength(0); c++)
            {
                if (logits[c, j] > logits[predicted, j])
                {
                    predicted = c;
                }
            }

            if (predicted == labels[j])
            {
                correct++;
            }
        }

        return (SoftmaxCrossEntropy.Loss(logits, labels), (double)correct / labels.Length);
    }
}
