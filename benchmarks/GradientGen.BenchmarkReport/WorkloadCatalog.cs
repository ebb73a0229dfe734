using System.Globalization;
using System.Text.RegularExpressions;

namespace GradientGen.BenchmarkReport;

/// <summary>
/// The benchmark classes of GradientGen.Benchmarks that the results table reads, in table order, and how a
/// case's [Params] value names its input and gives its parameter count (the length of the gradient).
/// </summary>
internal sealed partial class WorkloadCatalog(Func<string, (int L, int C, int B)> lstmHeader)
{
    /// <summary>The classes run-all.sh runs, with their [Params] column ("" for none).</summary>
    public static readonly IReadOnlyList<(string Class, string ParamsColumn)> Classes =
    [
        ("Rosenbrock2DBenchmarks", ""),
        ("ExtendedRosenbrockBenchmarks", "N"),
        ("ExtendedRosenbrockLargeBenchmarks", "N"),
        ("DenseNetworkBenchmarks", "Batch"),
        ("LstmBenchmarks", "File"),
        ("GmmBenchmarks", "File"),
    ];

    // 784-128-10: W1, b1, W2, b2 (tests/GradientGen.Tests/DenseNetwork).
    private const long DenseParameters = (784 * 128) + 128 + (128 * 10) + 10;

    /// <summary>The case of <paramref name="benchmarkClass"/> whose [Params] value is <paramref name="value"/>.</summary>
    public WorkloadCase Describe(string benchmarkClass, string value) => benchmarkClass switch
    {
        "Rosenbrock2DBenchmarks" => new WorkloadCase(0, "Rosenbrock 2-D", "(x, y)", 2, "Rosenbrock 2-D"),
        "ExtendedRosenbrockBenchmarks" or "ExtendedRosenbrockLargeBenchmarks" =>
            new WorkloadCase(1, "Extended Rosenbrock", "n = " + Grouped(Int(value)), Int(value), "Extended Rosenbrock"),
        "DenseNetworkBenchmarks" => new WorkloadCase(2, "Dense 784-128-10", "batch " + value, DenseParameters, "Dense, batch " + value),
        "LstmBenchmarks" => Lstm(value),
        "GmmBenchmarks" => Gmm(value),
        _ => throw new ArgumentException($"'{benchmarkClass}' is not a benchmark class of the results table.", nameof(benchmarkClass)),
    };

    /// <summary>"gmm/10k/gmm_d2_K200.txt" → GMM 10k d2 K200, K(d+1)(d+2)/2 parameters.</summary>
    private static WorkloadCase Gmm(string file)
    {
        Match m = GmmFile().Match(file);
        if (!m.Success)
        {
            throw new FormatException($"'{file}' is not an ADBench GMM file name (gmm/<points>/gmm_d<d>_K<K>.txt).");
        }

        string points = m.Groups["points"].Value;
        int d = Int(m.Groups["d"].Value), k = Int(m.Groups["k"].Value);
        return new WorkloadCase(4, "GMM", $"{points} d{d} K{k}", (long)k * (d + 1) * (d + 2) / 2, $"GMM {points}", new GmmKey(points, d, k));
    }

    /// <summary>"lstm/lstm_l2_c1024.txt" → LSTM l2 c1024, 8lb + 3b parameters (b from the file's header).</summary>
    private WorkloadCase Lstm(string file)
    {
        (int l, int c, int b) = lstmHeader(file);
        return new WorkloadCase(3, "LSTM", $"l{l} c{c}", (8L * l * b) + (3L * b), $"LSTM c{c}");
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string Grouped(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"gmm/(?<points>\d+k)/gmm_d(?<d>\d+)_K(?<k>\d+)\.txt$")]
    private static partial Regex GmmFile();
}
