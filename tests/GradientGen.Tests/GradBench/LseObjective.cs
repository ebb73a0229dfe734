using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>lse</c> eval (evals/lse/README.md): LSE(x) = a + log Σᵢ exp(xᵢ − a) with a = max x, the
/// LogSumExp trick written from its primitives (a running maximum, a sum), as GradBench asks, not a library call.
/// Its gradient is softmax(x).
/// </summary>
public static partial class LseObjective
{
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double a = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            a = Math.Max(a, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - a);
        }

        return Math.Log(sum) + a;
    }
}
