using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Loops whose trip counts the top of the method can compute keep their values in slots whose room is taken there
/// once, at a cursor, instead of on value stacks (<c>LoopSlotAssignment</c>). Checked: gradients against central
/// finite differences across the sizes where the slots move from the method's stack to a pooled array (0, 1, 32,
/// 33, 300 iterations), branches, several loops and a nest in one method, a loop after an early return, the loops that
/// keep their stacks (a count from an enclosing index or a local, a loop in a branch inside a loop), the exception a
/// null array throws, and steady-state allocation.
/// </summary>
public class LoopSlotTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Slotted
        {
            // The leaky recurrence: each arm of the branch overwrites h, and both keep it in the same place.
            [Differentiable]
            public static double Leaky(double w, double u, double b, double[] inputs)
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

            // Two loops, the second over an int parameter with a nested loop of constant count (slots too) and one whose
            // count depends on the enclosing index (a stack), and a state overwritten in all. The guard clause still throws its own exception (taking
            // the slots reads no length of a null array), and the generated code doesn't warn about it (the lowering
            // moves its null test into a local).
            [Differentiable]
            public static double TwoLoops(double[] x, int n)
            {
                if (x is null)
                {
                    throw new ArgumentNullException(nameof(x));
                }

                double s = 0.5;
                for (int i = 0; i < x.Length; i++)
                {
                    s = Math.Sin(s * x[i]) + s;
                }

                for (int k = n - 1; k >= 0; k--)
                {
                    s = s * 0.75 + Math.Tanh(s);
                    for (int m = 0; m < 2; m++)
                    {
                        s = Math.Cos(s) * 0.5 + s;
                    }

                    for (int j = 0; j < k % 3; j++)
                    {
                        s = s * s * 0.5 + x[j % x.Length];
                    }
                }

                return s;
            }

            // Counts from a local: the count isn't known at the top of the method, so the loop keeps a stack.
            [Differentiable]
            public static double LocalBound(double[] x)
            {
                int half = x.Length / 2;
                double s = 1;
                for (int i = 0; i < half; i++)
                {
                    s = s * x[i] + x[half + i];
                }

                return s;
            }

            // In a branch inside a loop: it may run far fewer times than the room would count, so it keeps a stack.
            [Differentiable]
            public static double InBranch(double[] x, bool twice)
            {
                double s = 1;
                for (int k = 0; k < 2; k++)
                {
                    if (twice || k == 0)
                    {
                        for (int i = 0; i < x.Length; i++)
                        {
                            s = s * x[i] + 0.5;
                        }
                    }
                }

                return s * s;
            }

            // After an early return: the rest of the method is a branch of its own, and its loop runs once at most.
            [Differentiable]
            public static double Guarded(double[] x)
            {
                if (x.Length == 0)
                {
                    return 0;
                }

                double s = 0.25;
                for (int i = 0; i < x.Length; i++)
                {
                    s = Math.Sin(s + x[i]) * 1.5;
                }

                return s;
            }
        }

        public static class Drivers
        {
            public static double LeakyValue(double[] f) => Slotted.Leaky(f[0], f[1], f[2], f[3..]);

            public static double[] LeakyGradient(double[] f)
            {
                double dW = 0, dU = 0, dB = 0;
                var dInputs = new double[f.Length - 3];
                Slotted.LeakyBackward(f[0], f[1], f[2], f[3..], 1.0, ref dW, ref dU, ref dB, dInputs);
                return [dW, dU, dB, .. dInputs];
            }

            public static double TwoLoopsValue(double[] f, int n) => Slotted.TwoLoops(f, n);

            public static double[] TwoLoopsGradient(double[] f, int n) { var d = new double[f.Length]; Slotted.TwoLoopsBackward(f, n, 1.0, d); return d; }

            public static double LocalBoundValue(double[] f) => Slotted.LocalBound(f);

            public static double[] LocalBoundGradient(double[] f) { var d = new double[f.Length]; Slotted.LocalBoundBackward(f, 1.0, d); return d; }

            public static double InBranchValue(double[] f, bool twice) => Slotted.InBranch(f, twice);

            public static double[] InBranchGradient(double[] f, bool twice) { var d = new double[f.Length]; Slotted.InBranchBackward(f, twice, 1.0, d); return d; }

            public static double GuardedValue(double[] f) => Slotted.Guarded(f);

            public static double[] GuardedGradient(double[] f) { var d = new double[f.Length]; Slotted.GuardedBackward(f, 1.0, d); return d; }

            public static void TwoLoopsOfNull() { double[] d = []; Slotted.TwoLoopsBackward(null!, 3, 1.0, d); }

            /// <summary>
            /// Bytes allocated by <paramref name="calls"/> backwards after a warm-up, the fewest of three measures (the
            /// shared pool refilling once after a garbage collection shows in one measure, an allocation per call in all).
            /// </summary>
            public static long AllocatedBytes(int calls)
            {
                double[] inputs = new double[300];
                for (int i = 0; i < inputs.Length; i++)
                {
                    inputs[i] = Math.Sin(i);
                }

                double[] dX = new double[inputs.Length];
                Run(5, inputs, dX);
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Run(calls, inputs, dX);
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            private static void Run(int calls, double[] inputs, double[] dX)
            {
                for (int call = 0; call < calls; call++)
                {
                    double dW = 0, dU = 0, dB = 0;
                    Slotted.LeakyBackward(0.9, 0.5, 0.1, inputs, 1.0, ref dW, ref dU, ref dB, dX);
                    Slotted.TwoLoopsBackward(inputs, 40, 1.0, dX);
                }
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    /// <summary>Method, parameter count, and the arguments after the flat parameter vector.</summary>
    public static TheoryData<string, int, object[]> Cases => new()
    {
        { "Leaky", 3, [] },
        { "Leaky", 3 + 1, [] },
        { "Leaky", 3 + 32, [] },
        { "Leaky", 3 + 33, [] },
        { "Leaky", 3 + 300, [] },
        { "TwoLoops", 3, [0] },
        { "TwoLoops", 1, [5] },
        { "TwoLoops", 4, [33] },
        { "TwoLoops", 40, [40] },
        { "LocalBound", 8, [] },
        { "LocalBound", 70, [] },
        { "InBranch", 5, [true] },
        { "InBranch", 40, [true] },
        { "InBranch", 5, [false] },
        { "Guarded", 0, [] },
        { "Guarded", 5, [] },
        { "Guarded", 40, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_at_several_points(string name, int size, object[] args)
    {
        var random = new Random(41);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            GradientAssert.MatchesFiniteDifferences(p => Call<double>(name + "Value", p, args), Call<double[]>(name + "Gradient", f, args), f, 1e-6, 1e-6, $"{name}({string.Join(", ", args)}) with {size} parameters at point {point}");
        }
    }

    [Fact]
    public void Both_arms_of_a_branch_keep_the_state_in_slots_and_no_stack_is_left()
    {
        string text = Text("Slotted.Leaky.g.cs");
        Assert.Equal(["c0", "h", "h"], GeneratorHarness.SavedValues(text));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, @"doubleSlots\[doubleCursor\+\+\] = h;"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, @"h = doubleSlots\[--doubleCursor\];"));
        Assert.Contains("global::System.Span<double> doubleSlots = global::GradientGen.Internal.LoopSlots.Rent(stackalloc double[32], checked(1L * (global::System.Math.Max(global::GradientGen.Internal.LoopSlots.LengthOf(inputs), 0))), out double[]? doubleSlotsRented);", text);
        Assert.DoesNotContain("ValueStack", text);
    }

    [Fact]
    public void The_room_adds_up_every_loop_with_a_count_known_at_the_top_and_the_others_keep_their_stack()
    {
        string text = Text("Slotted.TwoLoops.g.cs");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "LoopSlots.Rent"));

        // Per k: Math.Tanh(s), and s in each of the 2 rounds of the inner loop; per i: x[i], s * x[i] and s.
        Assert.Contains("checked(1L * ((n - 1) >= 0 ? (long)(n - 1) + 1 : 0) + 1L * ((n - 1) >= 0 ? (long)(n - 1) + 1 : 0) * (2) + 3L * (global::System.Math.Max(global::GradientGen.Internal.LoopSlots.LengthOf(x), 0)))", text);
        Assert.Contains("doubleSlots[doubleCursor++] = s;", text);
        Assert.Matches(@"s = doubleStack\.Replace\(s, ", text); // The nested loop counting to k % 3.
    }

    [Fact]
    public void A_loop_after_an_early_return_has_room()
    {
        string text = Text("Slotted.Guarded.g.cs");
        Assert.Contains("checked(1L * (global::System.Math.Max(global::GradientGen.Internal.LoopSlots.LengthOf(x), 0)))", text);
        Assert.Contains("doubleSlots[doubleCursor++] = t1;", text); // s + x[i], which Math.Sin's derivative reads.
        Assert.DoesNotContain("ValueStack", text);
    }

    [Theory]
    [InlineData("LocalBound")]
    [InlineData("InBranch")]
    public void Loops_whose_runs_the_top_of_the_method_cannot_bound_keep_a_stack(string name)
    {
        string text = Text($"Slotted.{name}.g.cs");
        Assert.DoesNotContain("doubleSlots", text);
        Assert.Contains("doubleStack.Replace(s, ", text);
    }

    [Fact]
    public void A_null_array_throws_what_the_primal_throws()
    {
        var call = Compiled.Value.GetType("Drivers")!.GetMethod("TwoLoopsOfNull")!;
        var thrown = Assert.Throws<TargetInvocationException>(() => call.Invoke(null, null));
        Assert.IsType<ArgumentNullException>(thrown.InnerException);
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var measure = Compiled.Value.GetType("Drivers")!.GetMethod("AllocatedBytes")!;
        Assert.Equal(0L, (long)measure.Invoke(null, [50])!);
    }

    private static string Text(string hintName) => GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, hintName));

    private static T Call<T>(string name, double[] f, object[] args) =>
        (T)Compiled.Value.GetType("Drivers")!.GetMethod(name)!.Invoke(null, [f, .. args])!;
}
