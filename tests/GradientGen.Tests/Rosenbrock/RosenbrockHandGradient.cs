namespace GradientGen.Tests.Rosenbrock;

/// <summary>
/// The Rosenbrock gradients written by hand, the way a careful C# developer would: value and gradient in
/// one pass, each shared subexpression computed once, nothing allocated.
/// </summary>
public static class RosenbrockHandGradient
{
    /// <summary>f(x, y) of <see cref="RosenbrockObjective.Value"/> and its gradient, as the generated <c>ValueGradient</c> returns them.</summary>
    public static (double Value, double DX, double DY) Gradient(double x, double y)
    {
        double u = 1 - x;
        double v = y - (x * x);
        double v200 = 200 * v;
        return ((u * u) + (100 * v * v), (-2 * u) - (2 * x * v200), v200);
    }

    /// <summary>
    /// Returns f(x) of <see cref="RosenbrockObjective.Extended"/> and overwrites <paramref name="gradient"/>
    /// (length n) with its gradient.
    /// </summary>
    public static double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (gradient.Length != x.Length)
        {
            throw new ArgumentException($"The gradient has {gradient.Length} entries; x has {x.Length}.", nameof(gradient));
        }

        double sum = 0;
        int i = 0;
        for (; i + 1 < x.Length; i += 2)
        {
            double a = x[i];
            double v = (a * a) - x[i + 1];
            double u = a - 1;
            sum += (100 * v * v) + (u * u);
            gradient[i] = (400 * a * v) + (2 * u);
            gradient[i + 1] = -200 * v;
        }

        // An odd length leaves the last coordinate out of every term, as the objective does.
        if (i < x.Length)
        {
            gradient[i] = 0;
        }

        return sum;
    }

    /// <summary>
    /// <see cref="Gradient(ReadOnlySpan{double}, Span{double})"/> under a backward's contract: adds
    /// <paramref name="dResult"/> times the gradient into <paramref name="dX"/> instead of storing it (the caller zeroes
    /// it first). The benchmarks time it to separate what the contract costs (a load and an add per entry, the
    /// caller's clear) from what the generated code does beyond it.
    /// </summary>
    public static double AccumulateGradient(ReadOnlySpan<double> x, double dResult, Span<double> dX)
    {
        if (dX.Length != x.Length)
        {
            throw new ArgumentException($"The adjoint has {dX.Length} entries; x has {x.Length}.", nameof(dX));
        }

        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i];
            double v = (a * a) - x[i + 1];
            double u = a - 1;
            sum += (100 * v * v) + (u * u);
            dX[i] += dResult * ((400 * a * v) + (2 * u));
            dX[i + 1] -= dResult * 200 * v;
        }

        return sum;
    }
}
