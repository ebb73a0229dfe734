using GradientGen;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>Loop-shaped <c>[Differentiable]</c> methods: the primal F; GradientGen writes <c>FBackward</c>.</summary>
public static partial class Loops
{
    /// <summary>
    /// The logistic map iterated n times. Every iteration overwrites x, and the reverse sweep needs each
    /// iterate, so this is the worst case for saving: one value per iteration must be kept.
    /// </summary>
    [Differentiable]
    public static double LogisticMap(double x, double r, int n)
    {
        for (int i = 0; i < n; i++)
        {
            x = r * x * (1 - x);
        }

        return x;
    }

    /// <summary>
    /// A sum of sines: only the accumulator is written, and the reverse of <c>acc += …</c> reads nothing
    /// the loop overwrites except the counter, so almost nothing needs saving.
    /// </summary>
    [Differentiable]
    public static double SinSum(double x, double y, int n)
    {
        double acc = 0;
        for (int i = 0; i < n; i++)
        {
            acc += Math.Sin(x * i) * y;
        }

        return acc;
    }

    /// <summary>
    /// A one-unit recurrent network with a leaky ReLU over an input sequence: a branch inside the loop
    /// (a piecewise update of the state h) and a state overwritten every step.
    /// </summary>
    [Differentiable]
    public static double LeakyRecurrence(double w, double u, double b, [NoDerivative] double[] inputs)
    {
        double h = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            double z = w * h + u * inputs[i] + b;
            if (z > 0)
            {
                h = z;
            }
            else
            {
                h = 0.01 * z;
            }
        }

        return h;
    }

    /// <summary>
    /// Nested loops: the sum over n points t = x·i/n of exp(y·t), each exponential evaluated from its
    /// degree-8 Taylor polynomial by Horner's rule (an inner loop of 8 steps that overwrites p).
    /// </summary>
    [Differentiable]
    public static double TaylorExpSum(double x, double y, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double z = y * (x * i / n);
            double p = 1;
            for (int k = 8; k >= 1; k--)
            {
                p = 1 + z * p / k;
            }

            sum += p;
        }

        return sum;
    }
}
