using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>llsq</c> eval (evals/llsq/README.md, from cmpad's llsq_obj): fit a polynomial of m
/// coefficients x to the sign function sampled at n points tᵢ = −1 + 2i/(n − 1) of [−1, 1],
/// y(x) = ½ Σᵢ (sign(tᵢ) − Σⱼ xⱼ tᵢʲ)². Only x is differentiated; n is a size.
/// </summary>
public static partial class LlsqObjective
{
    [Differentiable]
    public static double Objective(double[] x, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double t = -1.0 + (i * 2.0 / (n - 1));
            double residual = Math.Sign(t);
            for (int j = 0; j < x.Length; j++)
            {
                residual -= x[j] * Math.Pow(t, j);
            }

            sum += residual * residual;
        }

        return sum / 2;
    }
}
