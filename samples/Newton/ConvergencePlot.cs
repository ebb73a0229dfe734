using System.Globalization;
using Newton.Model;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Newton;

/// <summary>f(x_k) against the step k for each run, both axes logarithmic (f* = 0 at the minimum; Newton's run is 1000 times shorter).</summary>
internal static class ConvergencePlot
{
    public static void Save(string path, IReadOnlyList<Run> runs, int dimension)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int r = 0; r < runs.Count; r++)
        {
            // log10 of f, floored where it reaches 0 exactly or rounding noise.
            double[] steps = Enumerable.Range(0, runs[r].Values.Count).Select(k => Math.Log10(k + 1)).ToArray();
            double[] logs = runs[r].Values.Select(v => Math.Log10(Math.Max(v, 1e-30))).ToArray();
            var line = plot.Add.ScatterLine(steps, logs, palette.GetColor(r));
            line.LegendText = $"{runs[r].Name} ({runs[r].Values.Count - 1} steps)";
            line.LineWidth = 2;
        }

        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => "1e" + y.ToString("0", CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = x => Math.Pow(10, x).ToString("0", CultureInfo.InvariantCulture),
        };
        plot.Title($"Extended Rosenbrock, n = {dimension}, from the origin");
        plot.XLabel("step + 1 (log scale)");
        plot.YLabel("f(x) (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 540);
    }
}
