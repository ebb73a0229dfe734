namespace NeuralNetwork.Model;

/// <summary>The nonlinearity g that a layer applies to each entry of z = W·X + b.</summary>
internal enum Activation
{
    /// <summary>g(z) = z: the output layer, whose logits go to softmax cross-entropy.</summary>
    Identity,

    /// <summary>g(z) = tanh z: the hidden layer.</summary>
    Tanh,
}
