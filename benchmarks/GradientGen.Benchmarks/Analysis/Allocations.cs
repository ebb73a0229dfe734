using System.Globalization;
using GradientGen.Benchmarks.Workloads;

namespace GradientGen.Benchmarks.Analysis;

/// <summary>
/// <c>--allocations</c>: bytes allocated on the calling thread per steady-state call of each generated
/// backward, exactly (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around many calls after a warm-up).
/// MemoryDiagnoser reports the same thing but counts every thread of the process, so a few bytes that the
/// runtime allocates in the background (tiering, timers) can show up as "1 B" for the slowest calls.
/// </summary>
internal static class Allocations
{
    public static int Run(TextWriter output)
    {
        var random = new Random(42);
        int failures = 0;
        output.WriteLine("| Generated backward | n | bytes allocated per call (calling thread) |");
        output.WriteLine("|---|---:|---:|");
        foreach (int n in (int[])[10, 1000, 100_000])
        {
            double[] inputs = new double[n];
            for (int i = 0; i < n; i++)
            {
                inputs[i] = (2 * random.NextDouble()) - 1;
            }

            (string Name, Action Call)[] calls =
            [
                ("LogisticMapBackward", () => { double a = 0, b = 0; Loops.LogisticMapBackward(0.3, 3.2, n, 1, ref a, ref b); }),
                ("SinSumBackward", () => { double a = 0, b = 0; Loops.SinSumBackward(0.7, 1.3, n, 1, ref a, ref b); }),
                ("LeakyRecurrenceBackward", () => { double a = 0, b = 0, c = 0; Loops.LeakyRecurrenceBackward(0.9, 0.5, 0.1, inputs, 1, ref a, ref b, ref c); }),
                ("TaylorExpSumBackward", () => { double a = 0, b = 0; Loops.TaylorExpSumBackward(1.0, 0.5, n, 1, ref a, ref b); }),
            ];
            foreach ((string name, Action call) in calls)
            {
                int count = Math.Max(20, 2_000_000 / n);
                for (int k = 0; k < count; k++)
                {
                    call(); // warm-up: tiering, and the pool's arrays
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int k = 0; k < count; k++)
                {
                    call();
                }

                double perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
                failures += perCall > 0 ? 1 : 0;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {n} | {perCall:0.###} (over {count} calls) |"));
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
