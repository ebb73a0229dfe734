using NeuralNetwork.Data;
using NeuralNetwork.Model;

namespace NeuralNetwork.Training;

/// <summary>
/// Mini-batch training: each epoch visits the training set once, in a new random order. The history starts with
/// epoch 0, the untrained network; <c>onEpoch</c> hears of each epoch as it ends.
/// </summary>
internal static class Trainer
{
    public static IReadOnlyList<EpochResult> Train(
        Network network, Dataset train, Dataset test, int epochs, int batchSize, Random random, Action<EpochResult>? onEpoch = null)
    {
        var history = new List<EpochResult> { Evaluate(network, 0, train, test) };
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                var batch = train.Take(order.AsSpan(start, Math.Min(batchSize, order.Length - start)));
                network.TrainStep(batch.X, batch.Labels);
            }

            var result = Evaluate(network, epoch, train, test);
            history.Add(result);
            onEpoch?.Invoke(result);
        }

        return history;
    }

    private static EpochResult Evaluate(Network network, int epoch, Dataset train, Dataset test)
    {
        var (trainLoss, trainAccuracy) = network.Evaluate(train.X, train.Labels);
        var (testLoss, testAccuracy) = network.Evaluate(test.X, test.Labels);
        return new EpochResult(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy);
    }
}
