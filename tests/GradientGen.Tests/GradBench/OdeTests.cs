namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's ode: the generated derivative of the last entry of <see cref="OdeObjective.Solve"/> (s RK4
/// steps) against finite differences of the whole solve, and against the exact solution where RK4 is exact.
/// </summary>
public class OdeTests
{
    /// <summary>∂y_{n−1}(2)/∂x: the backward seeded with the last unit vector.</summary>
    private static double[] LastEntryGradient(double[] x, int steps, out double[] y)
    {
        double[] seed = new double[x.Length];
        seed[^1] = 1;
        double[] gradient = new double[x.Length];
        y = OdeObjective.SolveBackward(x, steps, seed, gradient);
        return gradient;
    }

    [Theory]
    // GradBench: n = 1,000 … 100,000 entries uniform in [0, 1), s = 1, 10, 100 steps.
    [InlineData(10, 1, 1)]
    [InlineData(10, 10, 2)]
    [InlineData(25, 100, 3)]
    [InlineData(1, 3, 4)]
    public void Last_entry_gradient_matches_central_differences_of_the_solve(int n, int steps, int seed)
    {
        double[] x = GradBenchInputs.Uniform(n, seed, 0.5, 1.5);
        double[] gradient = LastEntryGradient(x, steps, out double[] y);
        Assert.Equal(OdeObjective.Solve(x, steps), y);
        GradBenchCheck.MatchesCentralDifferences(p => OdeObjective.Solve(p, steps)[^1], x, gradient, 1e-6, 1e-8, $"ode n={n} s={steps}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Where_RK4_is_exact_the_gradient_is_the_exact_solutions(int steps)
    {
        // y₀ = x₀t, yᵢ = xᵢ ∫ yᵢ₋₁: yᵢ(t) = x₀⋯xᵢ tⁱ⁺¹/(i+1)!, polynomials of degree ≤ 4 for n = 4, which
        // fourth-order Runge–Kutta follows exactly at any step: y₃(2) = x₀x₁x₂x₃·16/24, ∂y₃/∂xⱼ = y₃/xⱼ.
        double[] x = [0.7, 1.3, 0.9, 1.1];
        double[] gradient = LastEntryGradient(x, steps, out double[] y);
        double exact = x[0] * x[1] * x[2] * x[3] * 16 / 24;
        Infrastructure.GradientAssert.Close(exact, y[3], 1e-14, "y₃(2)");
        Infrastructure.GradientAssert.Close(x[0] * 2, y[0], 1e-14, "y₀(2)");
        for (int j = 0; j < 4; j++)
        {
            Infrastructure.GradientAssert.Close(exact / x[j], gradient[j], 1e-14, $"∂y₃/∂x{j}");
        }
    }

    [Fact]
    public void The_whole_Jacobian_matches_central_differences()
    {
        // Lower triangular: yᵢ depends on x₀ … xᵢ only.
        int n = 6, steps = 4;
        double[] x = GradBenchInputs.Uniform(n, 5, 0.5, 1.5);
        double[,] jacobian = OdeObjective.SolveJacobian(x, steps);
        for (int i = 0; i < n; i++)
        {
            double[] row = new double[n];
            for (int j = 0; j < n; j++)
            {
                row[j] = jacobian[i, j];
                if (j > i)
                {
                    Assert.Equal(0, row[j]);
                }
            }

            int output = i;
            GradBenchCheck.MatchesCentralDifferences(p => OdeObjective.Solve(p, steps)[output], x, row, 1e-6, 1e-8, $"∂y{i}/∂x");
        }
    }
}
