namespace GradientGen.Tests.GradBench;

/// <summary>GradBench's llsq: the generated gradient of <see cref="LlsqObjective.Objective"/> is Aᵀ(A x − s).</summary>
public class LlsqTests
{
    public static TheoryData<int, int, int> Inputs => new()
    {
        // GradBench: m = 128 coefficients uniform in [0, 1), n = 16, 32, 64, … sample points.
        { 128, 16, 1 },
        { 128, 64, 2 },
        { 128, 256, 3 },
        { 8, 16, 4 },
        { 1, 2, 5 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Gradient_is_the_normal_equations_gradient(int m, int n, int seed)
    {
        double[] x = GradBenchInputs.Uniform(m, seed);
        double[] generated = new double[m];
        double value = LlsqObjective.ObjectiveBackward(x, n, 1.0, generated);

        // Aᵀ(A x − s) with A built as a matrix, Aᵢⱼ = tᵢʲ: the normal equations' gradient.
        var a = new double[n, m];
        double[] s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = -1.0 + (i * 2.0 / (n - 1));
            s[i] = Math.Sign(t);
            for (int j = 0; j < m; j++)
            {
                a[i, j] = Math.Pow(t, j);
            }
        }

        double[] residual = new double[n];
        double objective = 0;
        for (int i = 0; i < n; i++)
        {
            double ax = 0;
            for (int j = 0; j < m; j++)
            {
                ax += a[i, j] * x[j];
            }

            residual[i] = ax - s[i];
            objective += residual[i] * residual[i] / 2;
        }

        double[] normal = new double[m];
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < n; i++)
            {
                normal[j] += a[i, j] * residual[i];
            }
        }

        Assert.Equal(LlsqObjective.Objective(x, n), value);
        Infrastructure.GradientAssert.Close(objective, value, 1e-12, "y(x)");
        GradBenchCheck.AllClose(normal, generated, 1e-11, "Aᵀ(Ax − s)");

        double[] hand = new double[m];
        Infrastructure.GradientAssert.Close(value, GradBenchHandGradients.LlsqGradient(x, n, hand), 1e-12, "y(x) by hand");
        GradBenchCheck.AllClose(hand, generated, 1e-11, "by hand");
    }

    [Theory]
    [InlineData(8, 16, 6)]
    [InlineData(128, 32, 7)]
    public void Gradient_matches_central_differences(int m, int n, int seed)
    {
        double[] x = GradBenchInputs.Uniform(m, seed, -1, 1);
        double[] gradient = new double[m];
        LlsqObjective.ObjectiveBackward(x, n, 1.0, gradient);
        GradBenchCheck.MatchesCentralDifferences(p => LlsqObjective.Objective(p, n), x, gradient, 1e-6, 1e-7, "llsq");
    }

    [Fact]
    public void The_least_squares_solution_has_a_zero_gradient()
    {
        // A line fitted to sign(t) at 4 points: solve the 2×2 normal equations, the gradient there vanishes.
        int n = 4;
        double st = 0, stt = 0, ss = 0, sts = 0;
        for (int i = 0; i < n; i++)
        {
            double t = -1.0 + (i * 2.0 / (n - 1));
            st += t;
            stt += t * t;
            ss += Math.Sign(t);
            sts += t * Math.Sign(t);
        }

        double det = (n * stt) - (st * st);
        double[] x = [((stt * ss) - (st * sts)) / det, ((n * sts) - (st * ss)) / det];
        double[] gradient = new double[2];
        LlsqObjective.ObjectiveBackward(x, n, 1.0, gradient);
        Assert.Equal(0, gradient[0], 14);
        Assert.Equal(0, gradient[1], 14);
    }
}
