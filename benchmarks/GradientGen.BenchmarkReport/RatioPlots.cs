using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace GradientGen.BenchmarkReport;

/// <summary>
/// The PNG plots of docs/benchmarks.md: J/F against parameter count, both axes logarithmic (the sizes span
/// 2 to 10⁵ parameters, the ratios 1 to several hundred).
/// </summary>
internal static class RatioPlots
{
    public const string GmmFile = "gmm-jf-vs-params.png";
    public const string OtherWorkloadsFile = "workloads-jf-vs-params.png";

    /// <summary>
    /// GMM: generated and hand-written J/F per data set (1k, 10k points), with ADBench's 2015 tools on the 1k
    /// set, all its (d, K), as context.
    /// </summary>
    public static void SaveGmm(string path, IReadOnlyList<ResultRow> rows, IReadOnlyList<AdBench2015Timing> adBench)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (string points in rows.Where(r => r.Case.Gmm is not null).Select(r => r.Case.Gmm!.Points).Distinct())
        {
            List<ResultRow> set = rows.Where(r => r.Case.Gmm?.Points == points).OrderBy(r => r.Case.ParameterCount).ToList();
            Series(plot, $"GradientGen generated, {points} points", set, r => r.GeneratedOverObjective, palette.GetColor(colour), LinePattern.Solid, MarkerShape.FilledCircle, 2);
            Series(plot, $"hand-written C#, {points} points", set, r => r.ByHandOverObjective, palette.GetColor(colour), LinePattern.Dashed, MarkerShape.FilledSquare, 2);
            colour++;
        }

        foreach ((string tool, string label) in ResultsMarkdown.AdBenchTools)
        {
            List<AdBench2015Timing> series = adBench.Where(a => a.Points == "1k" && a.Tool == tool && double.IsFinite(a.RatioJOverF) && a.RatioJOverF > 0)
                .OrderBy(a => a.ParameterCount).ToList();
            if (series.Count > 0)
            {
                Color c = palette.GetColor(2 + colour++).WithAlpha(0.55);
                // Markers only: ADBench's (d, K) grid does not order into one curve by parameter count.
                Add(plot, $"{label} (ADBench 2015, Xeon E5-1620, 1k)", series.Select(a => (double)a.ParameterCount), series.Select(a => a.RatioJOverF), c, LinePattern.Solid, MarkerShape.OpenCircle, 0);
            }
        }

        Finish(plot, "ADBench GMM: gradient time / objective time", path);
    }

    /// <summary>
    /// The other workloads: one colour per series (a workload at one batch size or sequence length, varying in
    /// size only), solid generated, dashed hand-written, dotted central differences.
    /// </summary>
    public static void SaveOtherWorkloads(string path, IReadOnlyList<ResultRow> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var workload in rows.Where(r => r.Case.Gmm is null).GroupBy(r => r.Case.Series))
        {
            List<ResultRow> set = workload.OrderBy(r => r.Case.ParameterCount).ToList();
            Color c = palette.GetColor(colour++);
            Series(plot, $"{workload.Key}, generated", set, r => r.GeneratedOverObjective, c, LinePattern.Solid, MarkerShape.FilledCircle, 2);
            Series(plot, $"{workload.Key}, hand-written", set, r => r.ByHandOverObjective, c, LinePattern.Dashed, MarkerShape.FilledSquare, 2);
            if (set.Any(r => r.FiniteDifferences is not null))
            {
                Series(plot, $"{workload.Key}, central differences", set, r => r.FiniteDifferencesOverObjective, c, LinePattern.Dotted, MarkerShape.FilledTriangleUp, 2);
            }
        }

        Finish(plot, "Gradient time / objective time (Rosenbrock, dense network, LSTM)", path);
    }

    private static void Series(Plot plot, string label, IEnumerable<ResultRow> rows, Func<ResultRow, double?> ratio, Color colour, LinePattern pattern, MarkerShape marker, float width)
    {
        var points = rows.Select(r => (X: (double)r.Case.ParameterCount, Y: ratio(r))).Where(p => p.Y is > 0).ToList();
        if (points.Count > 0)
        {
            Add(plot, label, points.Select(p => p.X), points.Select(p => p.Y!.Value), colour, pattern, marker, width);
        }
    }

    private static void Add(Plot plot, string label, IEnumerable<double> xs, IEnumerable<double> ys, Color colour, LinePattern pattern, MarkerShape marker, float width)
    {
        // ScottPlot draws a log scale as log10 of the data, with ticks labelled by their power of ten.
        var scatter = plot.Add.Scatter(xs.Select(Math.Log10).ToArray(), ys.Select(Math.Log10).ToArray(), colour);
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = width;
        scatter.MarkerShape = marker;
        scatter.MarkerSize = 7;
    }

    private static void Finish(Plot plot, string title, string path)
    {
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Title(title);
        plot.XLabel("parameters (length of the gradient, log scale)");
        plot.YLabel("J / F (log scale)");
        plot.ShowLegend(Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1200, 620);
    }

    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("#,0.###", CultureInfo.InvariantCulture),
    };
}
