using System.Collections.Concurrent;
using System.Globalization;

namespace GradientGen.Tests.AdBench;

/// <summary>A GMM instance as ADBench's <c>read_gmm_instance</c> reads it (data README, section 2).</summary>
/// <param name="Alphas">k log mixture weights.</param>
/// <param name="Means">k·d means, component-major (<c>means[ik*d + j]</c>).</param>
/// <param name="Icf">k·d(d+1)/2 inverse-covariance factors: per component, d log-diagonal entries, then the strictly lower part column by column.</param>
/// <param name="X">n·d data points, point-major.</param>
internal sealed record GmmInput(int D, int K, int N, double[] Alphas, double[] Means, double[] Icf, double[] X, double WishartGamma, int WishartM)
{
    /// <summary>Length of the gradient: k(d+1)(d+2)/2, laid out [∂α | ∂μ | ∂icf].</summary>
    public int ParameterCount => Alphas.Length + Means.Length + Icf.Length;
}

/// <summary>An LSTM instance as ADBench's <c>read_lstm_instance</c> reads it (data README, section 2).</summary>
/// <param name="MainParams">2l rows of 4b: per layer, weights then biases, each [forget | ingate | outgate | change].</param>
/// <param name="ExtraParams">3b: in_weight, out_weight, out_bias.</param>
/// <param name="State">2l rows of b: per layer, hidden then cell.</param>
/// <param name="Sequence">c rows of b bits.</param>
internal sealed record LstmInput(int L, int C, int B, double[] MainParams, double[] ExtraParams, double[] State, double[] Sequence)
{
    /// <summary>Length of the gradient: 8lb + 3b, laid out [∂main_params | ∂extra_params].</summary>
    public int ParameterCount => MainParams.Length + ExtraParams.Length;
}

/// <summary>
/// Finds ADBench's data (inputs and golden outputs) and reads it. The data is in the repository, in
/// <c>data/adbench</c> under the repository root (the folder holding <c>GradientGen.sln</c>), so a plain
/// clone runs the tests and benchmarks with nothing beside it. A missing folder or file fails the test
/// with a message naming the path looked for. Parsed inputs are cached per process.
/// </summary>
internal static class AdBenchData
{
    private static readonly Lazy<string> RootDirectory = new(() => FindDataFolder(AppContext.BaseDirectory));
    private static readonly ConcurrentDictionary<string, Lazy<GmmInput>> GmmCache = new();
    private static readonly ConcurrentDictionary<string, Lazy<LstmInput>> LstmCache = new();

    /// <summary>The absolute path of the <c>adbench</c> data folder.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The absolute path of a file given relative to the data folder (with '/' separators); fails if it is missing.</summary>
    public static string PathOf(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ADBench data file '{relativePath}' is missing: expected it at '{path}'.", path);
        }

        return path;
    }

    /// <summary>The GMM instance in <paramref name="relativePath"/> (e.g. <c>gmm/1k/gmm_d2_K5.txt</c>), parsed once per process.</summary>
    public static GmmInput Gmm(string relativePath) =>
        GmmCache.GetOrAdd(relativePath, p => new Lazy<GmmInput>(() => ReadGmm(PathOf(p)))).Value;

    /// <summary>The LSTM instance in <paramref name="relativePath"/> (e.g. <c>lstm/lstm_l2_c1024.txt</c>), parsed once per process.</summary>
    public static LstmInput Lstm(string relativePath) =>
        LstmCache.GetOrAdd(relativePath, p => new Lazy<LstmInput>(() => ReadLstm(PathOf(p)))).Value;

    /// <summary>A golden objective file (<c>_F_</c>): one number.</summary>
    public static double ReadObjective(string relativePath)
    {
        string[] tokens = Tokens(PathOf(relativePath));
        if (tokens.Length != 1)
        {
            throw new InvalidDataException($"ADBench objective file '{relativePath}' should hold one number, but holds {tokens.Length} tokens.");
        }

        return ParseDouble(tokens[0]);
    }

    /// <summary>A golden gradient file (<c>_J_</c>): one number per line.</summary>
    public static double[] ReadGradient(string relativePath) =>
        Array.ConvertAll(Tokens(PathOf(relativePath)), ParseDouble);

    /// <summary>
    /// <c>d K n</c>; K alphas; K·d means; K·d(d+1)/2 icf; n·d points (or a single point, replicated, in
    /// ADBench's "replicate point" files); <c>γ m</c>.
    /// </summary>
    public static GmmInput ReadGmm(string path)
    {
        var reader = new TokenReader(path);
        int d = reader.NextInt(), k = reader.NextInt(), n = reader.NextInt();
        double[] alphas = reader.NextDoubles(k);
        double[] means = reader.NextDoubles(d * k);
        double[] icf = reader.NextDoubles(d * (d + 1) / 2 * k);
        double[] x;
        if (n > 1 && reader.Remaining == d + 2)
        {
            double[] point = reader.NextDoubles(d);
            x = new double[n * d];
            for (int i = 0; i < n; i++)
            {
                point.CopyTo(x, i * d);
            }
        }
        else
        {
            x = reader.NextDoubles(n * d);
        }

        double gamma = reader.NextDouble();
        int m = reader.NextInt();
        reader.EnsureEnd();
        return new GmmInput(d, k, n, alphas, means, icf, x, gamma, m);
    }

    /// <summary><c>l c b</c>; main_params (2l·4b); extra_params (3b); state (2l·b); sequence (c·b).</summary>
    public static LstmInput ReadLstm(string path)
    {
        var reader = new TokenReader(path);
        int l = reader.NextInt(), c = reader.NextInt(), b = reader.NextInt();
        double[] mainParams = reader.NextDoubles(2 * l * 4 * b);
        double[] extraParams = reader.NextDoubles(3 * b);
        double[] state = reader.NextDoubles(2 * l * b);
        double[] sequence = reader.NextDoubles(c * b);
        reader.EnsureEnd();
        return new LstmInput(l, c, b, mainParams, extraParams, state, sequence);
    }

    /// <summary>The data folder relative to the repository root.</summary>
    internal static readonly string RelativeFolder = Path.Combine("data", "adbench");

    /// <summary>
    /// Walks up from <paramref name="startDirectory"/> to the first folder holding <c>GradientGen.sln</c>
    /// and returns its <c>data/adbench</c>; throws, naming the paths, if either is missing.
    /// </summary>
    internal static string FindDataFolder(string startDirectory)
    {
        for (DirectoryInfo? dir = new(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradientGen.sln")))
            {
                string data = Path.Combine(dir.FullName, RelativeFolder);
                if (!Directory.Exists(data))
                {
                    throw new DirectoryNotFoundException(
                        $"ADBench data folder not found at '{data}'. The AdBench tests and benchmarks read it from data/adbench " +
                        $"under the repository root ('{dir.FullName}'), where the repository keeps it: restore it from git.");
                }

                return data;
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find the repository root (a folder holding GradientGen.sln) above '{startDirectory}', " +
            "so the ADBench data folder (data/adbench under the root) cannot be located.");
    }

    private static string[] Tokens(string path) =>
        File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static double ParseDouble(string token) =>
        double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Whitespace-separated tokens, like the C++ readers' <c>fscanf</c>: line breaks carry no meaning.</summary>
    private sealed class TokenReader(string path)
    {
        private readonly string[] tokens = Tokens(path);
        private int next;

        public int Remaining => tokens.Length - next;

        public int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);

        public double NextDouble() => ParseDouble(Next());

        public double[] NextDoubles(int count)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = NextDouble();
            }

            return values;
        }

        public void EnsureEnd()
        {
            if (next != tokens.Length)
            {
                throw new InvalidDataException($"'{path}' has {tokens.Length - next} tokens beyond the expected end.");
            }
        }

        private string Next() =>
            next < tokens.Length ? tokens[next++] : throw new InvalidDataException($"'{path}' ends early, after {tokens.Length} tokens.");
    }
}
