namespace GradientGen.Tests.Rosenbrock;

/// <summary>
/// Central finite differences of the Rosenbrock objectives: the gradient a user gets without AD, 2n
/// objective calls, with step h = 1e-6·max(1, |x_i|) (about the cube root of machine epsilon, scaled, which
/// balances truncation and rounding error for a central difference).
/// </summary>
public static class RosenbrockFiniteDifferences
{
    private const double RelativeStep = 1e-6;

    /// <summary>Central-difference gradient of <see cref="RosenbrockObjective.Value"/> (4 calls).</summary>
    public static void Gradient(double x, double y, out double dX, out double dY)
    {
        double hx = Step(x), hy = Step(y);
        dX = (RosenbrockObjective.Value(x + hx, y) - RosenbrockObjective.Value(x - hx, y)) / (2 * hx);
        dY = (RosenbrockObjective.Value(x, y + hy) - RosenbrockObjective.Value(x, y - hy)) / (2 * hy);
    }

    /// <summary>
    /// Central-difference gradient of <see cref="RosenbrockObjective.Extended"/> (2n calls, O(n²) work),
    /// written into <paramref name="gradient"/>. It perturbs <paramref name="x"/> in place, one coordinate at
    /// a time, and restores it bit for bit, so it allocates nothing; <paramref name="x"/> must not be read by
    /// another thread meanwhile.
    /// </summary>
    public static void Gradient(double[] x, Span<double> gradient)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            double h = Step(saved);
            x[i] = saved + h;
            double plus = RosenbrockObjective.Extended(x);
            x[i] = saved - h;
            double minus = RosenbrockObjective.Extended(x);
            x[i] = saved;

            // Divide by the step actually taken ((x+h) − (x−h) in floating point), not by 2h.
            gradient[i] = (plus - minus) / ((saved + h) - (saved - h));
        }
    }

    private static double Step(double v) => RelativeStep * Math.Max(1.0, Math.Abs(v));
}
