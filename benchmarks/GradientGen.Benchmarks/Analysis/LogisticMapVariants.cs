using System.Buffers;
using GradientGen.Benchmarks.Workloads;
using GradientGen.Internal;

namespace GradientGen.Benchmarks.Analysis;

/// <summary>
/// Variants of the logistic map's gradient between the generated <c>LogisticMapBackward</c> and the
/// hand-written one, each changing one thing, to attribute the gap (see <see cref="Ablation"/>). They are
/// copies of the generated code edited by hand; they are checked against it before they are timed.
/// </summary>
internal static class LogisticMapVariants
{
    /// <summary>
    /// The generated code with only x saved: the temporaries t0 = r·x and t1 = 1 − x are recomputed in
    /// the reverse sweep from the restored x instead of being pushed and popped.
    /// </summary>
    public static double GeneratedSavingOnlyX(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        double t0 = 0.0;
        double t1 = 0.0;
        var doubleStack = new ValueStack<double>();
        int i = 0;
        int trips = 0;
        while (i < n)
        {
            trips++;
            t0 = r * x;
            t1 = 1.0 - x;
            doubleStack.Push(x);
            x = t0 * t1;
            i++;
        }

        double result = x;
        double dT0 = 0.0;
        double dT1 = 0.0;
        double dXLocal = dResult;
        for (int iteration = trips; iteration > 0; iteration--)
        {
            x = doubleStack.Pop();
            t0 = r * x;
            t1 = 1.0 - x;
            dT0 += dXLocal * t1;
            dT1 += dXLocal * t0;
            dXLocal = 0.0;
            dXLocal -= dT1;
            dT1 = 0.0;
            dR += dT0 * x;
            dXLocal += dT0 * r;
            dT0 = 0.0;
        }

        dX += dXLocal;
        doubleStack.Dispose();
        return result;
    }

    /// <summary>The generated code with dR accumulated in a local and added to the caller's once, at the end.</summary>
    public static double GeneratedLocalAdjoint(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        double t0 = 0.0;
        double t1 = 0.0;
        var doubleStack = new ValueStack<double>();
        int i = 0;
        int trips = 0;
        while (i < n)
        {
            trips++;
            doubleStack.Push(t0);
            t0 = r * x;
            doubleStack.Push(t1);
            t1 = 1.0 - x;
            doubleStack.Push(x);
            x = t0 * t1;
            i++;
        }

        double result = x;
        double dT0 = 0.0;
        double dT1 = 0.0;
        double dRLocal = 0.0;
        double dXLocal = dResult;
        for (int iteration = trips; iteration > 0; iteration--)
        {
            dT0 += dXLocal * t1;
            dT1 += dXLocal * t0;
            dXLocal = 0.0;
            x = doubleStack.Pop();
            dXLocal -= dT1;
            dT1 = 0.0;
            t1 = doubleStack.Pop();
            dRLocal += dT0 * x;
            dXLocal += dT0 * r;
            dT0 = 0.0;
            t0 = doubleStack.Pop();
        }

        dX += dXLocal;
        dR += dRLocal;
        doubleStack.Dispose();
        return result;
    }

    /// <summary>The hand-written algorithm, keeping the iterates on the generated <see cref="ValueStack{T}"/> (push, then pop).</summary>
    public static double ByHandOnValueStack(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        var stack = new ValueStack<double>();
        for (int i = 0; i < n; i++)
        {
            stack.Push(x);
            x = r * x * (1 - x);
        }

        double dx = dResult;
        double dr = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = stack.Pop();
            dr += dx * (xi * (1 - xi));
            dx *= r * (1 - 2 * xi);
        }

        stack.Dispose();
        dX += dx;
        dR += dr;
        return x;
    }

    /// <summary>
    /// The same, with the stack as two locals (a pooled array grown like <see cref="ValueStack{T}"/>, and its
    /// top), popped with <c>items[--top]</c>.
    /// </summary>
    public static double ByHandOnArrayPopped(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        double[] items = [];
        int top = 0;
        for (int i = 0; i < n; i++)
        {
            if (top == items.Length)
            {
                items = Grow(items, top);
            }

            items[top++] = x;
            x = r * x * (1 - x);
        }

        double dx = dResult;
        double dr = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = items[--top];
            dr += dx * (xi * (1 - xi));
            dx *= r * (1 - 2 * xi);
        }

        Release(items);
        dX += dx;
        dR += dr;
        return x;
    }

    /// <summary>The same array, read back as <c>items[i]</c> with the reverse loop's own index instead of a separate top.</summary>
    public static double ByHandOnArrayIndexed(double x, double r, int n, double dResult, ref double dX, ref double dR)
    {
        double[] items = [];
        int top = 0;
        for (int i = 0; i < n; i++)
        {
            if (top == items.Length)
            {
                items = Grow(items, top);
            }

            items[top++] = x;
            x = r * x * (1 - x);
        }

        double dx = dResult;
        double dr = 0;
        for (int i = top - 1; i >= 0; i--)
        {
            double xi = items[i];
            dr += dx * (xi * (1 - xi));
            dx *= r * (1 - 2 * xi);
        }

        Release(items);
        dX += dx;
        dR += dr;
        return x;
    }

    private static double[] Grow(double[] items, int count)
    {
        double[] next = ArrayPool<double>.Shared.Rent(items.Length == 0 ? 256 : items.Length * 2);
        if (items.Length != 0)
        {
            Array.Copy(items, next, count);
            ArrayPool<double>.Shared.Return(items);
        }

        return next;
    }

    private static void Release(double[] items)
    {
        if (items.Length != 0)
        {
            ArrayPool<double>.Shared.Return(items);
        }
    }

    /// <summary>F itself, in the backward's shape, for the ratio to the primal.</summary>
    public static double Primal(double x, double r, int n, double dResult, ref double dX, ref double dR) => Loops.LogisticMap(x, r, n);
}
