using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// A harder saddle for the tests than GradBench's, whose ∇_{(x, y)}f does not depend on (a, b) at all:
/// g(a, b, x, y) = (a² + b²) − ((x − ab)² + (y − a)²), maximal over (x, y) at (ab, a). The same ascent as
/// <see cref="SaddleObjective.MaxOverP2"/> now moves with (a, b), so its derivative needs the cross terms
/// ∂²g/∂(x, y)∂(a, b) of the nested <c>ObjectiveGradient</c>; it returns x·y, which depends on where the
/// ascent stopped (≈ a²b), not only on the maximum's value (a² + b², whatever the ascent does).
/// </summary>
public static partial class CoupledSaddle
{
    [Differentiable]
    public static double Objective(double a, double b, double x, double y) =>
        ((a * a) + (b * b)) - (((x - (a * b)) * (x - (a * b))) + ((y - a) * (y - a)));

    /// <summary>x·y at the argmax over (x, y) from (s₀, s₁), by <see cref="SaddleObjective.MaxOverP2"/>'s ascent.</summary>
    [Differentiable]
    public static double ProductAtArgMax(double a, double b, [NoDerivative] double start0, [NoDerivative] double start1)
    {
        double x = start0, y = start1;
        double fx = Objective(a, b, x, y);
        var (_, _, _, gx, gy) = ObjectiveGradient(a, b, x, y);
        int improvements = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Math.Sqrt((gx * gx) + (gy * gy)) <= 1e-5)
            {
                break;
            }

            if (improvements == 10)
            {
                eta *= 2;
                improvements = 0;
                continue;
            }

            double nextX = x + (eta * gx);
            double nextY = y + (eta * gy);
            if (Math.Sqrt(((x - nextX) * (x - nextX)) + ((y - nextY) * (y - nextY))) <= 1e-5)
            {
                break;
            }

            double fNext = Objective(a, b, nextX, nextY);
            if (fNext > fx)
            {
                x = nextX;
                y = nextY;
                fx = fNext;
                (_, _, _, gx, gy) = ObjectiveGradient(a, b, x, y);
                improvements++;
            }
            else
            {
                eta /= 2;
                improvements = 0;
            }
        }

        return x * y;
    }
}
