namespace GradientGen.Tests.GradBench;

/// <summary>
/// Central differences as GradBench's <c>finite</c> tool takes them (tools/finite/finite.h, from ADBench): the
/// step is ∛ε relative to |x| where |x| ≥ 1 and ∛ε absolute below, rounded so that x ± step/2 are exactly a
/// step apart. The particle and saddle benchmarks time this tool's whole computation beside the generated one.
/// </summary>
internal static class GradBenchFiniteDifferences
{
    // C++'s numeric_limits<double>::epsilon(), 2⁻⁵² (C#'s double.Epsilon is the smallest subnormal).
    private static readonly double Epsilon = Math.Cbrt(Math.BitIncrement(1.0) - 1.0);

    /// <summary>∂f/∂x at <paramref name="x"/> by one central difference.</summary>
    public static double Derivative(Func<double, double> f, double x)
    {
        double step = Step(x);
        return (f(x + (step / 2)) - f(x - (step / 2))) / step;
    }

    /// <summary>
    /// The distance between the two points of the central difference at <paramref name="x"/>, x ± step/2
    /// (for the hot inner loops, which write the difference out rather than allocate a closure per point).
    /// </summary>
    public static double Step(double x)
    {
        double delta = Math.Abs(x) >= 1 ? Math.Abs(x) * Epsilon : Epsilon;
        double below = x - delta;
        return (below + (2 * delta)) - below;
    }
}
