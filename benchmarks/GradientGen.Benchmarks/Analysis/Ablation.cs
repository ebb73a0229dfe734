using System.Diagnostics;
using System.Globalization;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks.Analysis;

/// <summary>
/// <c>--ablation</c>: times the <see cref="LogisticMapVariants"/> against the generated and the hand-written
/// logistic-map gradients. Not BenchmarkDotNet: on a shared machine, the variants run interleaved,
/// round after round, in one process, and each keeps its fastest round, so load from other processes
/// hits all of them alike and drops out of the minimum. A diagnostic, not the reported figures.
/// </summary>
internal static class Ablation
{
    private delegate double Gradient(double x, double r, int n, double dResult, ref double dX, ref double dR);

    private const double X = 0.3;
    private const double R = 3.2;

    public static int Run(TextWriter output)
    {
        (string Name, Gradient Gradient)[] variants =
        [
            ("F (the primal)", LogisticMapVariants.Primal),
            ("generated LogisticMapBackward", Loops.LogisticMapBackward),
            ("generated, dR in a local", LogisticMapVariants.GeneratedLocalAdjoint),
            ("generated, saving only x", LogisticMapVariants.GeneratedSavingOnlyX),
            ("by hand, on ValueStack (pop)", LogisticMapVariants.ByHandOnValueStack),
            ("by hand, on an array (pop: items[--top])", LogisticMapVariants.ByHandOnArrayPopped),
            ("by hand, on an array (items[i])", LogisticMapVariants.ByHandOnArrayIndexed),
            ("by hand (LoopsByHand: span, items[i])", LoopsByHand.LogisticMapBackward),
        ];

        foreach (int n in (int[])[10, 1000, 100_000])
        {
            Check(variants, n);
            double[] best = Time(variants, n, rounds: 300);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"n = {n}: fastest of 300 interleaved rounds, ns per call"));
            for (int v = 0; v < variants.Length; v++)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {variants[v].Name,-42} {best[v],12:F1}   / generated {best[v] / best[1],5:F2}   / F {best[v] / best[0],6:F2}"));
            }

            output.WriteLine();
        }

        return 0;
    }

    private static double[] Time((string Name, Gradient Gradient)[] variants, int n, int rounds)
    {
        var best = new double[variants.Length];
        Array.Fill(best, double.MaxValue);
        int calls = Math.Max(1, 200_000 / n);
        double sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                Gradient gradient = variants[v].Gradient;
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < calls; k++)
                {
                    double dX = 0, dR = 0;
                    sink += gradient(X, R, n, 1.0, ref dX, ref dR) + dX + dR;
                }

                // The first rounds warm up the JIT's tiers.
                if (round >= 30)
                {
                    best[v] = Math.Min(best[v], Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
                }
            }
        }

        GC.KeepAlive(sink);
        return best;
    }

    private static void Check((string Name, Gradient Gradient)[] variants, int n)
    {
        double gX = 0, gR = 0;
        double value = Loops.LogisticMapBackward(X, R, n, 1.0, ref gX, ref gR);
        foreach ((string name, Gradient gradient) in variants.Skip(1))
        {
            double dX = 0, dR = 0;
            double v = gradient(X, R, n, 1.0, ref dX, ref dR);
            if (v != value || Math.Abs(dX - gX) > (1e-9 * Math.Abs(gX)) + 1e-300 || Math.Abs(dR - gR) > (1e-9 * Math.Abs(gR)) + 1e-300)
            {
                throw new InvalidOperationException($"{name} disagrees with the generated backward at n = {n}.");
            }
        }
    }
}
