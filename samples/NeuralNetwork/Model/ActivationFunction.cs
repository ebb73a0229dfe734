using GradientGen;

namespace NeuralNetwork.Model;

/// <summary>g itself. Its derivative g' is generated (<c>ApplyBackward</c>), never written by hand.</summary>
internal static partial class ActivationFunction
{
    [Differentiable]
    public static double Apply(double z, Activation g) => g == Activation.Tanh ? Math.Tanh(z) : z;
}
