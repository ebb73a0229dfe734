namespace NeuralNetwork.Data;

/// <summary>A stratified random split: each class keeps its share in both parts, so a small test set stays fair.</summary>
internal static class TrainTestSplit
{
    public static (Dataset Train, Dataset Test) Split(Dataset data, double testFraction, Random random)
    {
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, data.Count).GroupBy(j => data.Labels[j]).OrderBy(g => g.Key))
        {
            int[] indices = group.ToArray();
            random.Shuffle(indices);
            int testCount = (int)Math.Round(indices.Length * testFraction);
            test.AddRange(indices[..testCount]);
            train.AddRange(indices[testCount..]);
        }

        // Interleave the classes, so that the training loop's first batches are not all one species.
        int[] trainOrder = train.ToArray();
        random.Shuffle(trainOrder);
        return (data.Take(trainOrder), data.Take(test.ToArray()));
    }
}
