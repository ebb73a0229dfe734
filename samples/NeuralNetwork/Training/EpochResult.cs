namespace NeuralNetwork.Training;

/// <summary>Where training stands after an epoch: loss and accuracy on the whole training and test sets.</summary>
internal sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy);
