using NeuralNetwork.Training;
using ScottPlot;

namespace NeuralNetwork;

/// <summary>The loss curves of the training runs, training (solid) and test (dashed), one colour per optimizer.</summary>
internal static class LossPlot
{
    public static void Save(string path, IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int r = 0; r < runs.Count; r++)
        {
            var (name, history) = runs[r];
            double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
            var color = palette.GetColor(r);
            Line(epochs, history.Select(e => e.TrainLoss).ToArray(), $"{name}, training", color, LinePattern.Solid);
            Line(epochs, history.Select(e => e.TestLoss).ToArray(), $"{name}, test", color, LinePattern.Dashed);
        }

        plot.Title("Iris, 4-16-3 perceptron: cross-entropy loss");
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 540);

        void Line(double[] xs, double[] ys, string label, Color color, LinePattern pattern)
        {
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LegendText = label;
            line.LinePattern = pattern;
            line.LineWidth = 2;
        }
    }
}
