namespace NeuralNetwork.Model;

/// <summary>Moves a layer's parameters W, b against their gradients dW, db (the class's <c>optimizer.step</c>).</summary>
internal interface IOptimizer
{
    void Step(double[,] W, double[] b, double[,] dW, double[] db);
}
