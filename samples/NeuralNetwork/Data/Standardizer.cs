namespace NeuralNetwork.Data;

/// <summary>
/// Shifts and scales each feature to mean 0 and standard deviation 1 on the training set, and applies the same
/// shift and scale to the test set (which must not leak into them).
/// </summary>
internal sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _deviation;

    public Standardizer(Dataset train)
    {
        _mean = new double[train.Features];
        _deviation = new double[train.Features];
        for (int f = 0; f < train.Features; f++)
        {
            double sum = 0, squares = 0;
            for (int j = 0; j < train.Count; j++)
            {
                sum += train.X[f, j];
                squares += train.X[f, j] * train.X[f, j];
            }

            _mean[f] = sum / train.Count;
            _deviation[f] = Math.Sqrt(squares / train.Count - _mean[f] * _mean[f]);
        }
    }

    public Dataset Apply(Dataset data)
    {
        var x = new double[data.Features, data.Count];
        for (int f = 0; f < data.Features; f++)
        {
            for (int j = 0; j < data.Count; j++)
            {
                x[f, j] = (data.X[f, j] - _mean[f]) / _deviation[f];
            }
        }

        return data with { X = x };
    }
}
