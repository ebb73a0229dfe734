using GradientGen;

namespace GradientGen.Tests.Rosenbrock;

/// <summary>
/// The Rosenbrock function as ordinary [Differentiable] C#: the 2-D form (a scalar workload: what one call
/// of a generated backward costs) and the extended form over a <c>double[]</c> (a loop over n coordinates).
/// </summary>
public static partial class RosenbrockObjective
{
    /// <summary>f(x, y) = (1 − x)² + 100 (y − x²)², minimal (f = 0) at (1, 1).</summary>
    [Differentiable]
    public static double Value(double x, double y)
    {
        double u = 1 - x;
        double v = y - (x * x);
        return (u * u) + (100 * v * v);
    }

    /// <summary>
    /// The extended Rosenbrock function (Moré, Garbow and Hillstrom's pairwise form, n even):
    /// f(x) = Σ_{i=0}^{n/2−1} [100 (x_{2i}² − x_{2i+1})² + (x_{2i} − 1)²], minimal (f = 0) at x = (1, …, 1).
    /// </summary>
    [Differentiable]
    public static double Extended(double[] x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i];
            double v = (a * a) - x[i + 1];
            double u = a - 1;
            sum += (100 * v * v) + (u * u);
        }

        return sum;
    }
}
