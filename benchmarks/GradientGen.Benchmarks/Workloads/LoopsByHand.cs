using System.Buffers;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// Reverse-mode gradients of <see cref="Loops"/> written by hand, the way a careful C# developer would:
/// same signatures and semantics as the generated <c>…Backward</c> (return the primal result, add
/// dResult·∂F/∂p into each ref adjoint). Every one returns bit-for-bit the same primal value as F.
/// </summary>
/// <remarks>
/// Storage for values the reverse sweep needs: the trip count is known on entry, so one buffer of the exact
/// size, on the stack when it is small (<see cref="StackLimit"/> doubles, 2 KiB) and rented from
/// <see cref="ArrayPool{T}.Shared"/> otherwise. Heap allocations per call: none.
/// </remarks>
public static class LoopsByHand
{
    private const int StackLimit = 256;

    /// <summary>
    /// Reverse mode needs x_i at step i, last step first. The two alternatives to storing the iterates are
    /// worse: the map cannot be run backwards (each x has two pre-images, and it is chaotic for r &gt; 3.57), and
    /// recomputing x_i from x_0 for every step costs O(n²). So: one pass storing the n iterates, one reverse pass.
    /// </summary>
    public static double LogisticMapBackward(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        double[]? rented = null;
        Span<double> xs = n <= StackLimit ? stackalloc double[Math.Max(n, 0)] : (rented = ArrayPool<double>.Shared.Rent(n));
        for (int i = 0; i < n; i++)
        {
            xs[i] = x;
            x = r * x * (1 - x);
        }

        double dx = dResult;
        double dr = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = xs[i];
            dr += dx * (xi * (1 - xi));
            dx *= r * (1 - 2 * xi);
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        dX += dx;
        dR += dr;
        return x;
    }

    /// <summary>
    /// dF/dx = y Σ i cos(x i) and dF/dy = Σ sin(x i): the adjoint of acc is dResult in every iteration, so
    /// the reverse loop needs nothing from the forward one and fuses with it. <see cref="Math.SinCos"/> gives
    /// the sine and the cosine of the same argument in one call.
    /// </summary>
    public static double SinSumBackward(double x, double y, int n, double dResult, ref double dX, ref double dY)
    {
        double acc = 0;
        double sumSin = 0;
        double sumICos = 0;
        for (int i = 0; i < n; i++)
        {
            (double sin, double cos) = Math.SinCos(x * i);
            acc += sin * y;
            sumSin += sin;
            sumICos += i * cos;
        }

        dX += dResult * y * sumICos;
        dY += dResult * sumSin;
        return acc;
    }

    /// <summary>
    /// Keeps one value per step, the pre-activation z_i: its sign is the branch taken and leaky(z_{i-1})
    /// is the state h_{i-1} that ∂z_i/∂w needs, so nothing else has to be stored.
    /// </summary>
    public static double LeakyRecurrenceBackward(double w, double u, double b, double[] inputs, double dResult, ref double dW, ref double dU, ref double dB)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int n = inputs.Length;
        double[]? rented = null;
        Span<double> zs = n <= StackLimit ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n));
        double h = 0;
        for (int i = 0; i < n; i++)
        {
            double z = w * h + u * inputs[i] + b;
            zs[i] = z;
            h = z > 0 ? z : 0.01 * z;
        }

        double dh = dResult;
        double dw = 0;
        double du = 0;
        double db = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double dz = zs[i] > 0 ? dh : 0.01 * dh;
            double hPrevious = 0;
            if (i > 0)
            {
                double zPrevious = zs[i - 1];
                hPrevious = zPrevious > 0 ? zPrevious : 0.01 * zPrevious;
            }

            dw += dz * hPrevious;
            du += dz * inputs[i];
            db += dz;
            dh = dz * w;
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        dW += dw;
        dU += du;
        dB += db;
        return h;
    }

    /// <summary>
    /// The outer loop is a sum, so its iterations are independent: each point's reverse sweep runs right
    /// after its forward sweep. The inner Horner loop overwrites p, so its 8 values live in a stack buffer.
    /// </summary>
    public static double TaylorExpSumBackward(double x, double y, int n, double dResult, ref double dX, ref double dY)
    {
        const int Degree = 8;
        Span<double> ps = stackalloc double[Degree + 1];
        double sum = 0;
        double dx = 0;
        double dy = 0;
        for (int i = 0; i < n; i++)
        {
            double t = x * i / n;
            double z = y * t;
            double p = 1;
            for (int k = Degree; k >= 1; k--)
            {
                ps[k] = p;
                p = 1 + z * p / k;
            }

            sum += p;

            // Reverse of the Horner loop: p_new = 1 + z·p/k, so ∂/∂p = z/k and ∂/∂z = p/k.
            double dp = dResult;
            double dz = 0;
            for (int k = 1; k <= Degree; k++)
            {
                dz += dp * ps[k] / k;
                dp = dp * z / k;
            }

            dy += dz * t;
            dx += dz * y * i / n;
        }

        dX += dx;
        dY += dy;
        return sum;
    }
}
