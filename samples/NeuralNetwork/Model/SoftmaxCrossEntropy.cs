using GradientGen;

namespace NeuralNetwork.Model;

/// <summary>The loss J: softmax of each column of logits, then the mean cross-entropy against the labels.</summary>
internal static partial class SoftmaxCrossEntropy
{
    [Differentiable]
    public static double Loss(double[,] logits, int[] labels)
    {
        int classes = logits.GetLength(0);
        int m = logits.GetLength(1);
        double total = 0;
        for (int j = 0; j < m; j++)
        {
            // log Σ exp(z_c) computed as max + log Σ exp(z_c - max), so large logits don't overflow.
            double max = logits[0, j];
            for (int c = 1; c < classes; c++)
            {
                max = Math.Max(max, logits[c, j]);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(logits[c, j] - max);
            }

            total += max + Math.Log(sum) - logits[labels[j], j];
        }

        return total / m;
    }
}
