namespace NeuralNetwork.Data;

/// <summary>Labeled samples laid out as the class's X: one sample per column, one feature per row.</summary>
internal sealed record Dataset(double[,] X, int[] Labels)
{
    public int Count => Labels.Length;

    public int Features => X.GetLength(0);

    /// <summary>The samples at <paramref name="indices"/>, in that order (a batch, or one side of a split).</summary>
    public Dataset Take(ReadOnlySpan<int> indices)
    {
        var x = new double[Features, indices.Length];
        var labels = new int[indices.Length];
        for (int j = 0; j < indices.Length; j++)
        {
            for (int f = 0; f < Features; f++)
            {
                x[f, j] = X[f, indices[j]];
            }

            labels[j] = Labels[indices[j]];
        }

        return new Dataset(x, labels);
    }
}
