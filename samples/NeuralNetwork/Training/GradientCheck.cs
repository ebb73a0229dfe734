using NeuralNetwork.Data;
using NeuralNetwork.Model;

namespace NeuralNetwork.Training;

/// <summary>
/// Compares the gradient that the layers' generated backwards produce with central finite differences of the
/// loss, (J(p + h) − J(p − h)) / 2h, on randomly chosen parameters. Finite differences only run the plain
/// forward code, so they are an independent check of the generated code.
/// </summary>
internal static class GradientCheck
{
    /// <summary>The largest |generated − finite difference| / max(|generated|, |finite difference|) over the parameters checked.</summary>
    public static double MaxRelativeError(Network network, Dataset data, int parameters, Random random, double h = 1e-5)
    {
        ZeroGradients(network);
        network.Backpropagate(data.X, data.Labels);

        double worst = 0;
        for (int p = 0; p < parameters; p++)
        {
            var parameter = Parameter.Pick(network, random);
            double saved = parameter.Value;
            parameter.Value = saved + h;
            double above = network.Loss(data.X, data.Labels);
            parameter.Value = saved - h;
            double below = network.Loss(data.X, data.Labels);
            parameter.Value = saved;

            double numeric = (above - below) / (2 * h);
            double scale = Math.Max(Math.Max(Math.Abs(parameter.Gradient), Math.Abs(numeric)), 1e-10);
            worst = Math.Max(worst, Math.Abs(parameter.Gradient - numeric) / scale);
        }

        // Leave the network as it was given: no gradient waiting for the next step.
        ZeroGradients(network);
        return worst;
    }

    private static void ZeroGradients(Network network)
    {
        foreach (var layer in network.Layers)
        {
            layer.ZeroGradients();
        }
    }

    /// <summary>One entry of a layer's W (<paramref name="Column"/> ≥ 0) or of its b (<paramref name="Column"/> = −1).</summary>
    private readonly record struct Parameter(Layer Layer, int Row, int Column)
    {
        public ref double Value => ref Column < 0 ? ref Layer.b[Row] : ref Layer.W[Row, Column];

        public double Gradient => Column < 0 ? Layer.db[Row] : Layer.dW[Row, Column];

        /// <summary>A layer at random, then one of its k·n + k parameters at random.</summary>
        public static Parameter Pick(Network network, Random random)
        {
            var layer = network.Layers[random.Next(network.Layers.Count)];
            int k = layer.W.GetLength(0), n = layer.W.GetLength(1);
            int index = random.Next(k * (n + 1));
            return new Parameter(layer, index / (n + 1), index % (n + 1) - 1);
        }
    }
}
