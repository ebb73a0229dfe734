using GradientGen;

namespace Newton.Model;

/// <summary>
/// The extended Rosenbrock function of the course, f(x) = Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])², minimal (f = 0) at
/// (1, …, 1) at the bottom of a long curved valley where gradient descent crawls. GradientGen generates
/// <c>ValueBackward</c> (the gradient), <c>ValueHessianVectorProduct</c> and <c>ValueHessian</c> from this method.
/// </summary>
public static partial class ExtendedRosenbrock
{
    [Differentiable]
    public static double Value(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }

        return s;
    }

    /// <summary>The gradient, from the generated backward (seeded with dResult = 1 into zeroed adjoints).</summary>
    public static double Gradient(double[] x, double[] gradient)
    {
        Array.Clear(gradient);
        return ValueBackward(x, 1.0, gradient);
    }
}
