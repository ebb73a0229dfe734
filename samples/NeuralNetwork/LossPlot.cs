using System.Globalization;
using NeuralNetwork.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NeuralNetwork;

/// <summary>
/// The loss curves of the training runs, training (solid) and test (dashed), one colour per optimizer, on a
/// logarithmic loss axis: the first epochs drop the loss by a factor of ten, the later ones refine it.
/// </summary>
internal static class LossPlot
{
    public static void Save(string path, string title, IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs)
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

        // ScottPlot draws log scales as log10 of the data with ticks labelled by their power of ten.
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", CultureInfo.InvariantCulture),
        };
        plot.Axes.SetLimitsX(0, runs.Max(r => r.History[^1].Epoch));
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 540);

        void Line(double[] xs, double[] losses, string label, Color color, LinePattern pattern)
        {
            var line = plot.Add.ScatterLine(xs, losses.Select(Math.Log10).ToArray(), color);
            line.LegendText = label;
            line.LinePattern = pattern;
            line.LineWidth = 2;
        }
    }
}
