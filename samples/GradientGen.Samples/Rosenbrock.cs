using GradientGen;

namespace GradientGen.Samples;

/// <summary>The Rosenbrock function, the classic hard case for gradient descent.</summary>
public static partial class Rosenbrock
{
    /// <summary>
    /// f(x, y) = (a - x)^2 + b (y - x^2)^2, minimal (f = 0) at (a, a^2).
    /// <paramref name="a"/> and <paramref name="b"/> only shape the function, so they are <c>[NoDerivative]</c>:
    /// the generated <c>ValueBackward</c> and <c>ValueGradient</c> carry adjoints for x and y only.
    /// </summary>
    [Differentiable]
    public static double Value(double x, double y, [NoDerivative] double a, [NoDerivative] double b)
    {
        double u = a - x;
        double v = y - x * x;
        return u * u + b * v * v;
    }
}
