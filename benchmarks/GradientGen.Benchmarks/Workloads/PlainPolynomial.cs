using GradientGen;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// A least-squares polynomial fit written the plain way (issue #14): Horner's rule in a loop counting down,
/// the data read per point. Beside it, the hand-written reverse-mode gradient a C# developer would write.
/// </summary>
public static partial class PlainPolynomial
{
    /// <summary>Σₚ (Σₖ cₖ xₚᵏ − yₚ)², the polynomial evaluated by Horner's rule.</summary>
    [Differentiable]
    public static double FitLoss(double[] coefficients, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double loss = 0;
        for (int p = 0; p < xs.Length; p++)
        {
            double x = xs[p];
            double value = 0;
            for (int k = coefficients.Length - 1; k >= 0; k--)
            {
                value = value * x + coefficients[k];
            }

            double r = value - ys[p];
            loss += r * r;
        }

        return loss;
    }

    /// <summary>The loss and its gradient by hand: ∂/∂cₖ = Σₚ 2rₚ·xₚᵏ, powers built up as k rises.</summary>
    public static double FitLossByHand(double[] coefficients, double[] xs, double[] ys, Span<double> dCoefficients)
    {
        double loss = 0;
        for (int p = 0; p < xs.Length; p++)
        {
            double x = xs[p];
            double value = 0;
            for (int k = coefficients.Length - 1; k >= 0; k--)
            {
                value = value * x + coefficients[k];
            }

            double r = value - ys[p];
            loss += r * r;
            double dValue = 2 * r, power = 1;
            for (int k = 0; k < coefficients.Length; k++)
            {
                dCoefficients[k] += dValue * power;
                power *= x;
            }
        }

        return loss;
    }
}
