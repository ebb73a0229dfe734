namespace GradientGen.Tests.GradBench;

/// <summary>A bundle-adjustment problem as ADBench lays it out (<see cref="BaObjective.Objective"/>).</summary>
/// <param name="Cameras">n·11 camera parameters.</param>
/// <param name="Points">m·3 point coordinates.</param>
/// <param name="Weights">p weights.</param>
/// <param name="Observations">p (camera, point) index pairs.</param>
/// <param name="Features">p·2 observed image coordinates.</param>
internal sealed record BaInput(int N, int M, int P, double[] Cameras, double[] Points, double[] Weights, int[] Observations, double[] Features)
{
    /// <summary>Columns of the Jacobian: 11n camera parameters, 3m point coordinates, p weights.</summary>
    public int ParameterCount => (BaObjective.CameraParameters * N) + (3 * M) + P;
}

/// <summary>
/// Small deterministic inputs shaped the way GradBench's evals make theirs (python/gradbench/gradbench/evals/
/// &lt;eval&gt;/run.py): uniform values in [0, 1) where GradBench draws <c>np.random.rand</c>, from a seeded
/// <see cref="Random"/> (not NumPy's generator, so the values differ from GradBench's, the distribution and
/// shapes do not).
/// </summary>
internal static class GradBenchInputs
{
    /// <summary>n values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double[] Uniform(int n, int seed, double low = 0, double high = 1)
    {
        var random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    /// <summary>kmeans: n points of dimension d uniform in the unit cube; the centroids are the last k points, so none is without points.</summary>
    public static (double[,] Points, double[,] Centroids) KMeans(int n, int k, int d, int seed)
    {
        double[] flat = Uniform(n * d, seed);
        var points = new double[n, d];
        var centroids = new double[k, d];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < d; l++)
            {
                points[i, l] = flat[(i * d) + l];
                if (i >= n - k)
                {
                    centroids[i - (n - k), l] = points[i, l];
                }
            }
        }

        return (points, centroids);
    }

    /// <summary>
    /// One camera, point, weight and feature as GradBench sends them (one each, repeated): values made up here
    /// in the ranges of ADBench's BA data (a small rotation, focal length ~400 px, tiny radial distortion, the
    /// point ~2 units in front of the camera and the feature near where it projects), not copied from a file.
    /// </summary>
    public static readonly double[] OneCamera = [-0.0170, 0.0120, -0.0047, -0.0330, 0.0196, 0.0079, 399.8, 0, 0, -3.2e-7, 9.4e-13];

    public static readonly double[] OnePoint = [-0.6126, 0.5718, -1.8470];

    public const double OneWeight = 1.0;

    public static readonly double[] OneFeature = [130.0, -120.0];

    /// <summary>
    /// GradBench's BA input (cpp/gradbench/evals/ba.hpp, from_json): one camera, point, weight and feature
    /// repeated n, m, p and p times, observation i seeing camera i mod n and point i mod m.
    /// </summary>
    public static BaInput BaRepeated(int n, int m, int p, double[] camera, double[] point, double weight, double[] feature)
    {
        double[] cameras = new double[BaObjective.CameraParameters * n];
        double[] points = new double[3 * m];
        double[] weights = new double[p];
        int[] observations = new int[2 * p];
        double[] features = new double[2 * p];
        for (int i = 0; i < n; i++)
        {
            camera.CopyTo(cameras, i * BaObjective.CameraParameters);
        }

        for (int i = 0; i < m; i++)
        {
            point.CopyTo(points, i * 3);
        }

        for (int i = 0; i < p; i++)
        {
            weights[i] = weight;
            observations[2 * i] = i % n;
            observations[(2 * i) + 1] = i % m;
            feature.CopyTo(features, 2 * i);
        }

        return new BaInput(n, m, p, cameras, points, weights, observations, features);
    }

    /// <summary>
    /// A BA problem whose cameras, points, weights and features all differ (a stricter test than GradBench's
    /// repeated one): <see cref="OneCamera"/> and friends perturbed by up to ±<paramref name="spread"/> of
    /// their size (the rotation by up to ±0.5 rad), features where the cameras roughly see the points.
    /// </summary>
    public static BaInput BaVaried(int n, int m, int p, int seed, double spread = 0.2)
    {
        var random = new Random(seed);
        double Jitter(double value, double scale) => value + (scale * spread * ((2 * random.NextDouble()) - 1));
        BaInput input = BaRepeated(n, m, p, OneCamera, OnePoint, OneWeight, OneFeature);
        for (int i = 0; i < n; i++)
        {
            double[] c = input.Cameras;
            int at = i * BaObjective.CameraParameters;
            for (int j = 0; j < 3; j++)
            {
                c[at + j] = Jitter(0, 2.5);
            }

            for (int j = 3; j < 6; j++)
            {
                c[at + j] = Jitter(c[at + j], 0.1);
            }

            c[at + 6] = Jitter(c[at + 6], 100);
            c[at + 7] = Jitter(0, 5);
            c[at + 8] = Jitter(0, 5);
            c[at + 9] = Jitter(0, 1e-6);
            c[at + 10] = Jitter(0, 1e-12);
        }

        for (int i = 0; i < 3 * m; i++)
        {
            input.Points[i] = Jitter(input.Points[i], 0.3);
        }

        for (int i = 0; i < p; i++)
        {
            input.Weights[i] = Jitter(1, 0.5);
            input.Features[2 * i] = Jitter(input.Features[2 * i], 100);
            input.Features[(2 * i) + 1] = Jitter(input.Features[(2 * i) + 1], 100);
        }

        return input;
    }
}
