namespace GradientGen.Tests.GradBench;

/// <summary>
/// The gradient-descent solver GradBench's C++ tools share for particle and saddle (cpp/gradbench/gd.hpp):
/// the step η starts at 1e-5, is halved when a step does not decrease the objective and doubled after ten steps
/// in a row that do; it stops when the gradient's norm or a step's length is at most 1e-5. Deliberately
/// unsophisticated: the evals time this solver, not a better one. The <c>[Differentiable]</c> inner solvers
/// (<see cref="SaddleObjective.MaxOverP2"/>) write the same loop out, since delegates are not differentiated.
/// </summary>
internal static class GradientDescent
{
    /// <summary>Where the descent from <paramref name="start"/> stops, minimizing <paramref name="objective"/>.</summary>
    /// <param name="gradient">Writes ∇objective at its first argument into its second.</param>
    public static double[] ArgMin(Func<double[], double> objective, Action<double[], double[]> gradient, ReadOnlySpan<double> start)
    {
        int n = start.Length;
        double[] x = start.ToArray();
        double[] g = new double[n];
        double[] next = new double[n];
        double fx = objective(x);
        gradient(x, g);
        int improvements = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Norm(g) <= 1e-5)
            {
                return x;
            }

            if (improvements == 10)
            {
                eta *= 2;
                improvements = 0;
                continue;
            }

            double stepSquared = 0;
            for (int j = 0; j < n; j++)
            {
                next[j] = x[j] - (eta * g[j]);
                stepSquared += (x[j] - next[j]) * (x[j] - next[j]);
            }

            if (Math.Sqrt(stepSquared) <= 1e-5)
            {
                return x;
            }

            double fNext = objective(next);
            if (fNext < fx)
            {
                (x, next) = (next, x);
                fx = fNext;
                gradient(x, g);
                improvements++;
            }
            else
            {
                eta /= 2;
                improvements = 0;
            }
        }
    }

    /// <summary>Where the ascent from <paramref name="start"/> stops: <see cref="ArgMin"/> of −objective.</summary>
    public static double[] ArgMax(Func<double[], double> objective, Action<double[], double[]> gradient, ReadOnlySpan<double> start) =>
        ArgMin(
            x => -objective(x),
            (x, g) =>
            {
                gradient(x, g);
                for (int j = 0; j < g.Length; j++)
                {
                    g[j] = -g[j];
                }
            },
            start);

    private static double Norm(double[] v)
    {
        double sum = 0;
        foreach (double e in v)
        {
            sum += e * e;
        }

        return Math.Sqrt(sum);
    }
}
