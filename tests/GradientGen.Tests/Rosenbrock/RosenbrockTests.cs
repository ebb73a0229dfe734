using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Rosenbrock;

/// <summary>
/// The Rosenbrock workloads of the benchmarks: the generated backwards and the hand-written gradients
/// against the analytic gradient (written here coordinate by coordinate, independently of both) and against
/// central finite differences, at several points.
/// </summary>
public class RosenbrockTests
{
    public static TheoryData<double, double> Points2D => new()
    {
        { -1.2, 1.0 },   // the classic start
        { 1.0, 1.0 },    // the minimum: gradient 0
        { 0.0, 0.0 },
        { 2.5, -3.0 },
        { 0.3, 0.7 },
    };

    public static TheoryData<int, int> ExtendedCases => new()
    {
        { 2, 1 },
        { 10, 2 },
        { 7, 3 },       // odd n: the last coordinate is in no term
        { 1000, 4 },
    };

    [Theory]
    [MemberData(nameof(Points2D))]
    public void Generated_2d_gradient_matches_the_analytic_gradient_and_central_differences(double x, double y)
    {
        double dX = 0, dY = 0;
        double value = RosenbrockObjective.ValueBackward(x, y, 1.0, ref dX, ref dY);
        (double ax, double ay) = Analytic2D(x, y);

        Assert.Equal(RosenbrockObjective.Value(x, y), value);
        GradientAssert.Close(ax, dX, 1e-13, "∂f/∂x");
        GradientAssert.Close(ay, dY, 1e-13, "∂f/∂y");
        RosenbrockFiniteDifferences.Gradient(x, y, out double fx, out double fy);
        GradientAssert.Close(fx, dX, 1e-6, "∂f/∂x against central differences");
        GradientAssert.Close(fy, dY, 1e-6, "∂f/∂y against central differences");

        var gradient = RosenbrockObjective.ValueGradient(x, y);
        Assert.Equal((value, dX, dY), (gradient.Value, gradient.dX, gradient.dY));
    }

    [Theory]
    [MemberData(nameof(Points2D))]
    public void Hand_written_2d_gradient_matches_the_analytic_gradient(double x, double y)
    {
        (double value, double dX, double dY) = RosenbrockHandGradient.Gradient(x, y);
        (double ax, double ay) = Analytic2D(x, y);

        Assert.Equal(RosenbrockObjective.Value(x, y), value, 1e-12);
        GradientAssert.Close(ax, dX, 1e-13, "∂f/∂x");
        GradientAssert.Close(ay, dY, 1e-13, "∂f/∂y");
    }

    [Theory]
    [MemberData(nameof(ExtendedCases))]
    public void Generated_extended_gradient_matches_the_analytic_gradient_and_central_differences(int n, int seed)
    {
        foreach (double[] x in ExtendedPoints(n, seed))
        {
            double[] generated = new double[n];
            double value = RosenbrockObjective.ExtendedBackward(x, 1.0, generated);
            double[] analytic = AnalyticExtended(x);
            double[] fd = new double[n];
            double[] before = (double[])x.Clone();
            RosenbrockFiniteDifferences.Gradient(x, fd);

            Assert.Equal(before, x);
            Assert.Equal(RosenbrockObjective.Extended(x), value);

            // A central difference of a sum loses about ε·|f|/h to cancellation: the tolerance grows with |f|.
            double fdTolerance = 1e-6 + (1e-9 * Math.Abs(value));
            for (int i = 0; i < n; i++)
            {
                GradientAssert.Close(analytic[i], generated[i], 1e-13, $"∂f/∂x[{i}] (n = {n})");
                GradientAssert.Close(fd[i], generated[i], fdTolerance, $"∂f/∂x[{i}] against central differences (n = {n})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExtendedCases))]
    public void Hand_written_extended_gradient_matches_the_analytic_gradient(int n, int seed)
    {
        foreach (double[] x in ExtendedPoints(n, seed))
        {
            double[] hand = new double[n];
            Array.Fill(hand, 123.0);   // overwritten, not accumulated
            double value = RosenbrockHandGradient.Gradient(x, hand);
            double[] analytic = AnalyticExtended(x);

            Assert.Equal(RosenbrockObjective.Extended(x), value);
            for (int i = 0; i < n; i++)
            {
                GradientAssert.Close(analytic[i], hand[i], 1e-13, $"∂f/∂x[{i}] (n = {n})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExtendedCases))]
    public void Hand_written_accumulating_gradient_adds_dResult_times_the_analytic_gradient(int n, int seed)
    {
        foreach (double[] x in ExtendedPoints(n, seed))
        {
            double[] hand = new double[n];
            Array.Fill(hand, 1.5);   // added into, not overwritten
            double value = RosenbrockHandGradient.AccumulateGradient(x, -0.5, hand);
            double[] analytic = AnalyticExtended(x);

            Assert.Equal(RosenbrockObjective.Extended(x), value);
            for (int i = 0; i < n; i++)
            {
                GradientAssert.Close(1.5 - (0.5 * analytic[i]), hand[i], 1e-13, $"∂f/∂x[{i}] (n = {n})");
            }
        }
    }

    [Fact]
    public void Generated_extended_backward_accumulates_dResult_times_the_gradient()
    {
        double[] x = ExtendedPoints(10, 5)[2];
        double[] dX = new double[10];
        Array.Fill(dX, 1.0);
        RosenbrockObjective.ExtendedBackward(x, 0.5, dX);
        double[] analytic = AnalyticExtended(x);
        for (int i = 0; i < x.Length; i++)
        {
            GradientAssert.Close(1.0 + (0.5 * analytic[i]), dX[i], 1e-13, $"dX[{i}]");
        }
    }

    /// <summary>∂/∂x = −2(1 − x) − 400 x (y − x²), ∂/∂y = 200 (y − x²).</summary>
    private static (double DX, double DY) Analytic2D(double x, double y) =>
        ((-2 * (1 - x)) - (400 * x * (y - (x * x))), 200 * (y - (x * x)));

    /// <summary>
    /// ∂/∂x_{2i} = 400 x_{2i} (x_{2i}² − x_{2i+1}) + 2 (x_{2i} − 1), ∂/∂x_{2i+1} = −200 (x_{2i}² − x_{2i+1});
    /// a trailing odd coordinate has derivative 0.
    /// </summary>
    private static double[] AnalyticExtended(double[] x)
    {
        double[] g = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            if (k % 2 == 0 && k + 1 < x.Length)
            {
                g[k] = (400 * x[k] * ((x[k] * x[k]) - x[k + 1])) + (2 * (x[k] - 1));
            }
            else if (k % 2 == 1)
            {
                g[k] = -200 * ((x[k - 1] * x[k - 1]) - x[k]);
            }
        }

        return g;
    }

    /// <summary>The classic start (−1.2, 1, −1.2, 1, …), the minimum (all ones) and a random point in [−2, 2]ⁿ.</summary>
    private static double[][] ExtendedPoints(int n, int seed)
    {
        var random = new Random(seed);
        return
        [
            Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray(),
            Enumerable.Repeat(1.0, n).ToArray(),
            Enumerable.Range(0, n).Select(_ => (4 * random.NextDouble()) - 2).ToArray(),
        ];
    }
}
