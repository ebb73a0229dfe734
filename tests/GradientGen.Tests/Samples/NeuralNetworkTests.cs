using NeuralNetwork.Data;
using NeuralNetwork.Model;
using NeuralNetwork.Training;

namespace GradientGen.Tests.Samples;

/// <summary>
/// The NeuralNetwork sample's own code (linked into this project): the layer gradients that GradientGen generates
/// are the class's hand-derived formulas, the loss gradient is softmax minus one-hot, and training with them learns.
/// </summary>
public class NeuralNetworkTests
{
    private const int Inputs = 4, Outputs = 6, Batch = 5;

    [Fact]
    public void Tanh_layer_gradients_are_the_class_formulas()
    {
        AssertClassFormulas(Activation.Tanh, z => Math.Tanh(z), z => 1 - Math.Tanh(z) * Math.Tanh(z));
    }

    [Fact]
    public void Identity_layer_gradients_are_the_class_formulas()
    {
        AssertClassFormulas(Activation.Identity, z => z, _ => 1);
    }

    [Fact]
    public void Backwards_accumulates_until_Step_moves_W_and_b_and_clears_the_gradients()
    {
        var random = new Random(3);
        const double rate = 0.5;
        var layer = new Layer(Inputs, Outputs, Activation.Tanh, new Sgd(rate), random);
        var X = RandomMatrix(Inputs, Batch, random);
        var dY = RandomMatrix(Outputs, Batch, random);

        layer.Forward(X);
        layer.Backwards(dY);
        var dW = (double[,])layer.dW.Clone();
        var db = (double[])layer.db.Clone();
        layer.Backwards(dY);
        var W = (double[,])layer.W.Clone();
        var b = (double[])layer.b.Clone();
        layer.Step();

        for (int i = 0; i < Outputs; i++)
        {
            Assert.Equal(b[i] - rate * 2 * db[i], layer.b[i], 1e-12);
            Assert.Equal(0, layer.db[i]);
            for (int l = 0; l < Inputs; l++)
            {
                Assert.Equal(W[i, l] - rate * 2 * dW[i, l], layer.W[i, l], 1e-12);
                Assert.Equal(0, layer.dW[i, l]);
            }
        }
    }

    [Fact]
    public void Loss_gradient_is_softmax_minus_one_hot_over_the_batch()
    {
        var random = new Random(4);
        const int classes = 3, m = 7;
        var logits = RandomMatrix(classes, m, random);
        int[] labels = Enumerable.Range(0, m).Select(_ => random.Next(classes)).ToArray();
        var dLogits = new double[classes, m];

        double loss = SoftmaxCrossEntropy.LossBackward(logits, labels, 1.0, dLogits);

        double expectedLoss = 0;
        for (int j = 0; j < m; j++)
        {
            double sum = Enumerable.Range(0, classes).Sum(c => Math.Exp(logits[c, j]));
            expectedLoss -= Math.Log(Math.Exp(logits[labels[j], j]) / sum) / m;
            for (int c = 0; c < classes; c++)
            {
                double expected = (Math.Exp(logits[c, j]) / sum - (c == labels[j] ? 1 : 0)) / m;
                Assert.Equal(expected, dLogits[c, j], 1e-12);
            }
        }

        Assert.Equal(expectedLoss, loss, 1e-12);
    }

    [Fact]
    public void Split_is_stratified_and_reproducible()
    {
        var iris = Iris.Load(Iris.DefaultPath);
        var (train, test) = TrainTestSplit.Split(iris, 0.2, new Random(5));
        var (again, _) = TrainTestSplit.Split(iris, 0.2, new Random(5));

        Assert.Equal(150, iris.Count);
        Assert.Equal([40, 40, 40], Enumerable.Range(0, 3).Select(c => train.Labels.Count(l => l == c)));
        Assert.Equal([10, 10, 10], Enumerable.Range(0, 3).Select(c => test.Labels.Count(l => l == c)));
        Assert.Equal(train.Labels, again.Labels);
        Assert.Equal(train.X, again.X);
    }

    [Fact]
    public void Network_gradient_matches_central_differences_on_Iris()
    {
        var (train, _) = StandardizedIris();
        var network = Network.Perceptron([4, 16, 3], () => new Sgd(0.1), new Random(6));

        Assert.InRange(GradientCheck.MaxRelativeError(network, train, parameters: 40, new Random(7)), 0, 1e-6);
    }

    [Fact]
    public void A_short_training_run_reduces_the_loss_with_SGD_and_with_Adam()
    {
        var (train, test) = StandardizedIris();
        foreach (Func<IOptimizer> optimizer in new Func<IOptimizer>[] { () => new Sgd(0.1), () => new Adam(0.01) })
        {
            var network = Network.Perceptron([4, 16, 3], optimizer, new Random(8));
            var history = Trainer.Train(network, train, test, epochs: 20, batchSize: 16, new Random(9));

            Assert.InRange(history[^1].TrainLoss, 0, history[0].TrainLoss / 3);
            Assert.InRange(history[^1].TestAccuracy, 0.85, 1);
        }
    }

    /// <summary>
    /// The class's formulas for one layer, written out sample by sample: z = W·x + b, db = dY ⊙ g'(z),
    /// dW = db·xᵀ, dX = Wᵀ·db. A batch's dW and db are the sums over its samples (its columns).
    /// </summary>
    private static void AssertClassFormulas(Activation activation, Func<double, double> g, Func<double, double> gPrime)
    {
        var random = new Random(1);
        var layer = new Layer(Inputs, Outputs, activation, new Sgd(0), random);
        for (int i = 0; i < Outputs; i++)
        {
            layer.b[i] = 2 * random.NextDouble() - 1;
        }

        var X = RandomMatrix(Inputs, Batch, random);
        var dY = RandomMatrix(Outputs, Batch, random);

        var Y = layer.Forward(X);
        var dX = layer.Backwards(dY);

        var expectedDb = new double[Outputs];
        var expectedDW = new double[Outputs, Inputs];
        for (int j = 0; j < Batch; j++)
        {
            var db = new double[Outputs];
            for (int i = 0; i < Outputs; i++)
            {
                double z = layer.b[i];
                for (int l = 0; l < Inputs; l++)
                {
                    z += layer.W[i, l] * X[l, j];
                }

                Assert.Equal(g(z), Y[i, j], 1e-12);
                db[i] = dY[i, j] * gPrime(z);
                expectedDb[i] += db[i];
                for (int l = 0; l < Inputs; l++)
                {
                    expectedDW[i, l] += db[i] * X[l, j];
                }
            }

            for (int l = 0; l < Inputs; l++)
            {
                double expectedDX = 0;
                for (int i = 0; i < Outputs; i++)
                {
                    expectedDX += layer.W[i, l] * db[i];
                }

                Assert.Equal(expectedDX, dX[l, j], 1e-12);
            }
        }

        for (int i = 0; i < Outputs; i++)
        {
            Assert.Equal(expectedDb[i], layer.db[i], 1e-12);
            for (int l = 0; l < Inputs; l++)
            {
                Assert.Equal(expectedDW[i, l], layer.dW[i, l], 1e-12);
            }
        }
    }

    private static (Dataset Train, Dataset Test) StandardizedIris()
    {
        var (train, test) = TrainTestSplit.Split(Iris.Load(Iris.DefaultPath), 0.2, new Random(10));
        var standardizer = new Standardizer(train);
        return (standardizer.Apply(train), standardizer.Apply(test));
    }

    private static double[,] RandomMatrix(int rows, int columns, Random random)
    {
        var matrix = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                matrix[i, j] = 2 * random.NextDouble() - 1;
            }
        }

        return matrix;
    }
}
