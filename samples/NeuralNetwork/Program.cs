// GradientGen sample: the class's Layer, trained on Iris. Every derivative (each layer's db, dW, dX and the loss's
// dJ/dlogits) comes from code the source generator writes at compile time; read it in obj/generated.

using System.Diagnostics;
using System.Globalization;
using NeuralNetwork;
using NeuralNetwork.Data;
using NeuralNetwork.Model;
using NeuralNetwork.Training;
using Spectre.Console;

const int Seed = 7;
int[] sizes = [4, 16, 3];
const int Epochs = 200;
const int BatchSize = 16;
const int CheckedParameters = 12;
const double GradientTolerance = 1e-6;
string plotPath = Path.Combine("artifacts", "neural-network-loss.png");

var total = Stopwatch.StartNew();
var iris = Iris.Load(Iris.DefaultPath);
var (rawTrain, rawTest) = TrainTestSplit.Split(iris, testFraction: 0.2, new Random(Seed));
var standardizer = new Standardizer(rawTrain);
var train = standardizer.Apply(rawTrain);
var test = standardizer.Apply(rawTest);
Print($"Iris: {iris.Count} flowers, {train.Count} to train on and {test.Count} to test (stratified split, seed {Seed})");
Print($"Network: {string.Join('-', sizes)}, tanh hidden layer, softmax cross-entropy output, batches of {BatchSize}");

// Every network starts from the same weights (same seed), so SGD and Adam are compared fairly.
Network NewNetwork(Func<IOptimizer> optimizer) => Network.Perceptron(sizes, optimizer, new Random(Seed));

// The check never steps, so its network's optimizer is never used.
double gradientError = GradientCheck.MaxRelativeError(NewNetwork(() => new Sgd(0)), train, CheckedParameters, new Random(Seed));
Print($"Gradient check: generated backward vs central differences on {CheckedParameters} random parameters,");
Print($"  max relative error {gradientError:0.0e+00} (tolerance {GradientTolerance:0e+00})");
if (!(gradientError <= GradientTolerance))
{
    Print($"The generated gradient disagrees with finite differences: stopping.");
    return 1;
}

(string Name, Func<IOptimizer> Optimizer)[] optimizers =
[
    ("SGD, rate 0.1", () => new Sgd(0.1)),
    ("Adam, rate 0.01", () => new Adam(0.01)),
];

var runs = new List<(string Name, IReadOnlyList<EpochResult> History, TimeSpan Time)>();
AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        var tasks = optimizers.Select(o => context.AddTask(Markup.Escape(o.Name), autoStart: false, maxValue: Epochs)).ToArray();
        for (int o = 0; o < optimizers.Length; o++)
        {
            var (name, optimizer) = optimizers[o];
            var task = tasks[o];
            task.StartTask();
            var clock = Stopwatch.StartNew();
            var history = Trainer.Train(
                NewNetwork(optimizer), train, test, Epochs, BatchSize, new Random(Seed),
                epoch =>
                {
                    task.Description = Markup.Escape(Format(
                        $"{name,-15}  epoch {epoch.Epoch,3}  loss {epoch.TrainLoss:F4}  accuracy {Percent(epoch.TrainAccuracy)}"));
                    task.Increment(1);
                });
            task.StopTask();
            runs.Add((name, history, clock.Elapsed));
        }
    });

var table = new Table().AddColumns("optimizer", "train loss", "train acc.", "test loss", "test acc.", "time");
foreach (var (name, history, time) in runs)
{
    var last = history[^1];
    table.AddRow(name, Format($"{last.TrainLoss:F4}"), Percent(last.TrainAccuracy), Format($"{last.TestLoss:F4}"),
        Percent(last.TestAccuracy), Format($"{time.TotalSeconds:F1} s"));
}

AnsiConsole.Write(table);

LossPlot.Save(plotPath, Format($"Iris, {string.Join('-', sizes)} perceptron: cross-entropy loss"), runs.Select(r => (r.Name, r.History)).ToList());
Print($"Loss curves: {Path.GetFullPath(plotPath)}");
Print($"Done in {total.Elapsed.TotalSeconds:F1} s");
return 0;

static string Percent(double share) => Format($"{100 * share:F1}%");

static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

// Plain lines go straight to the console: Spectre would wrap them at 80 columns when the output is redirected.
static void Print(FormattableString line) => Console.WriteLine(Format(line));
