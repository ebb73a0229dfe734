namespace NeuralNetwork.Model;

/// <summary>Plain (mini-batch) stochastic gradient descent: p ← p − rate·dp.</summary>
internal sealed class Sgd(double rate) : IOptimizer
{
    public void Step(double[,] W, double[] b, double[,] dW, double[] db)
    {
        for (int i = 0; i < W.GetLength(0); i++)
        {
            for (int j = 0; j < W.GetLength(1); j++)
            {
                W[i, j] -= rate * dW[i, j];
            }
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] -= rate * db[i];
        }
    }
}
