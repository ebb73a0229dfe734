using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// Loops past int.MaxValue iterations: the generated code counts them in a long (an int count wrapped, and
/// the reverse sweep ran 0 times, or 1,000 times at 2³² + 1,000), and the value stack refuses to grow past
/// the largest array with a message that says so (it once threw "Destination is too short" past 2³⁰ values).
/// Neither is run for real (2³¹ iterations, 8 GB of saved values): the counts' types and closed forms, and
/// the stack's growth rule, are checked instead.
/// </summary>
public class LoopCountTests
{
    private const string Text = """
        using System;
        using GradientGen;

        public static partial class Counts
        {
            // bound − start is 4·10⁹ for the test's arguments: more than an int holds.
            [Differentiable]
            public static double WideUp(double x, int from, int to)
            {
                double y = 1;
                for (int i = from; i < to; i += 1_000_000_000) y *= x;
                return y;
            }

            [Differentiable]
            public static double WideDownInclusive(double x, int from, int to)
            {
                double y = 1;
                for (int i = from; i >= to; i -= 1_000_000_000) y *= x;
                return y;
            }

            // A break: the forward sweep counts the iterations.
            [Differentiable]
            public static double Counted(double x, long n)
            {
                double y = 0;
                long k = 0;
                while (k < n)
                {
                    k++;
                    if (k < 0) break;
                    y += x;
                }

                return y;
            }
        }

        // The generated value stack is a ref struct, which reflection can't call into.
        public static class StackProbe
        {
            public static int GrownCapacity(int capacity, int maxLength) => GradientGen.Internal.ValueStack<double>.GrownCapacity(capacity, maxLength);
        }
        """;

    private static readonly CompiledSource Source = new(Text);

    [Fact]
    public void Counted_loops_whose_bounds_are_more_than_int_MaxValue_apart_run_their_reverse_every_time()
    {
        // -2·10⁹, -10⁹, 0, 10⁹: four iterations, y = x⁴ (an int bound − start wrapped to a negative count).
        NumericAssert.Gradient(Source.Method("Counts", "WideUp"), [0], p => [4 * Math.Pow(p[0], 3)], [0.5, -2_000_000_000, 2_000_000_000], [1.5, -2_000_000_000, 2_000_000_000], [-0.75, -2_000_000_000, 2_000_000_000]);

        // 2·10⁹ down to -10⁹ inclusive: four iterations, y = x⁴ (the index itself never wraps).
        NumericAssert.Gradient(Source.Method("Counts", "WideDownInclusive"), [0], p => [4 * Math.Pow(p[0], 3)], [0.5, 2_000_000_000, -1_000_000_000], [1.5, 2_000_000_000, -1_000_000_000], [-0.75, 2_000_000_000, -1_000_000_000]);
    }

    [Fact]
    public void Trip_counters_and_reverse_indices_are_long()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Text).Run, "Counts.Counted.g.cs");
        Assert.Contains("long trips = 0;", text, StringComparison.Ordinal);
        Assert.Contains("for (long iteration = trips; iteration > 0; iteration--)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("int iteration", text, StringComparison.Ordinal);
        NumericAssert.Gradient(Source.Method("Counts", "Counted"), [0], _ => [1000], [0.5, 1000], [1.5, 1000], [-2.0, 1000]);
    }

    [Theory]
    [InlineData(32, 256)]
    [InlineData(256, 512)]
    [InlineData(1 << 29, 1 << 30)]
    [InlineData(1 << 30, int.MaxValue)] // twice 2³⁰ is past int: the most the array may hold
    public void The_value_stack_doubles_up_to_the_largest_array(int capacity, int expected)
    {
        int max = int.MaxValue;
        Assert.Equal(Math.Min(expected, max), GrownCapacity(capacity, max));
        Assert.Equal(Math.Min(expected, Array.MaxLength), GrownCapacity(capacity, Array.MaxLength));
    }

    [Fact]
    public void A_full_value_stack_says_so()
    {
        Assert.Equal(1500, GrownCapacity(1000, 1500));
        var full = Assert.Throws<InvalidOperationException>(() => GrownCapacity(1500, 1500));
        Assert.Contains("GradientGen value stack ran out of room", full.Message, StringComparison.Ordinal);
        Assert.Contains("1500 values of type Double", full.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => GrownCapacity(Array.MaxLength, Array.MaxLength));
    }

    /// <summary>The generated ValueStack&lt;double&gt;'s growth rule, called from the compiled user assembly.</summary>
    private static int GrownCapacity(int capacity, int maxLength)
    {
        MethodInfo grown = Source.Assembly.GetType("StackProbe", throwOnError: true)!.GetMethod("GrownCapacity")!;
        try
        {
            return (int)grown.Invoke(null, [capacity, maxLength])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
