using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>ode</c> eval (evals/ode/README.md, from cmpad's an_ode): s steps of classic fourth-order
/// Runge–Kutta from y(0) = 0 to t = 2 on y₀' = x₀, yᵢ' = xᵢ yᵢ₋₁ (i &gt; 0). The primal is y(2); the
/// differentiated function is its last entry, y_{n−1}(2), with respect to every xᵢ. The right-hand side
/// z = y'(t), z₀ = x₀, zᵢ = xᵢ yᵢ₋₁, is written out at each of the four stages: a helper
/// <c>void Derivative(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; y, Span&lt;double&gt; z)</c> filling
/// the caller's k1…k4 is refused (GG0001: what a callee writes into the caller's array is not followed yet).
/// </summary>
public static partial class OdeObjective
{
    [Differentiable]
    public static double[] Solve(double[] x, int steps)
    {
        int n = x.Length;
        double h = 2.0 / steps;
        double[] y = new double[n];
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] k3 = new double[n];
        double[] k4 = new double[n];
        double[] yMid = new double[n];
        for (int step = 0; step < steps; step++)
        {
            k1[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k1[i] = x[i] * y[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yMid[i] = y[i] + (h * k1[i] / 2);
            }

            k2[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k2[i] = x[i] * yMid[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yMid[i] = y[i] + (h * k2[i] / 2);
            }

            k3[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k3[i] = x[i] * yMid[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                yMid[i] = y[i] + (h * k3[i]);
            }

            k4[0] = x[0];
            for (int i = 1; i < n; i++)
            {
                k4[i] = x[i] * yMid[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += h * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]) / 6;
            }
        }

        return y;
    }
}
