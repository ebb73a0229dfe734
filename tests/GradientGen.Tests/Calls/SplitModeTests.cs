using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Calls;

/// <summary>
/// Split mode: a [Differentiable] method with a loop gets <c>…ForwardSweep</c> and <c>…ReverseSweep</c>, and a caller's
/// backward runs them where it would call the method and its backward, so the callee's forward runs once. Checked
/// against central differences at several points: an array result called per layer, a scalar callee with a branch in
/// its loop called in a branch, in a loop fused with its reverse and with its result thrown away, split sweeps calling
/// split sweeps three deep (one of them assigning a variable the value of a call given it, <c>y = Step(v, y)</c>), a
/// method run on an object (its reverse sweep takes the caller's shadow), mutually recursive methods (split from
/// their caller, calling each other's backwards); the texts of the calls and of the sweeps; what gets split sweeps and what doesn't; and a
/// caller with a thousand calls pending at once allocating nothing per call.
/// </summary>
public class SplitModeTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Split
        {
            [Differentiable]
            public static double[] Dense(double[] W, double[] b, double[] x)
            {
                var z = new double[b.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    double s = b[i];
                    for (int j = 0; j < x.Length; j++) s += W[i * x.Length + j] * x[j];
                    z[i] = Math.Tanh(s);
                }

                return z;
            }

            [Differentiable]
            public static double Network(double[][] W, double[][] b, double[] x, [NoDerivative] double[] t)
            {
                double[] a = x;
                for (int l = 0; l < W.Length; l++) a = Dense(W[l], b[l], a);
                double loss = 0;
                for (int i = 0; i < t.Length; i++)
                {
                    double e = a[i] - t[i];
                    loss += e * e;
                }

                return loss;
            }

            // A branch in its loop (a flag kept per iteration), an int parameter, a sum of exponentials.
            [Differentiable]
            public static double LogSumExp(double[] v, int offset, int count)
            {
                double mx = v[offset];
                for (int i = 1; i < count; i++) if (v[offset + i] > mx) mx = v[offset + i];
                double s = 0;
                for (int i = 0; i < count; i++) s += Math.Exp(v[offset + i] - mx);
                return Math.Log(s) + mx;
            }

            // Called in both arms of a branch, one of which reads the running value.
            [Differentiable]
            public static double Mixture(double[] v, double k, int rounds)
            {
                double s = 0;
                for (int r = 0; r < rounds; r++)
                {
                    if (r % 2 == 0) s += k * LogSumExp(v, r % 2, 2);
                    else s = s * LogSumExp(v, 0, v.Length) - k;
                }

                return s * s;
            }

            // The last loop only adds into the returned sum, its iterations independent (an inner loop of their own): it
            // runs fused with its reverse, each call's reverse sweep right after its forward sweep.
            [Differentiable]
            public static double Fused(double[] v, double k)
            {
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    double w = 0;
                    for (int j = 0; j < 2; j++) w += v[j] * (r + 1);
                    s += k * LogSumExp(v, r % 2, 3) * w;
                }

                return s;
            }

            // Split sweeps calling split sweeps: Outer → Mixture → LogSumExp.
            [Differentiable]
            public static double Outer(double[] v, double k)
            {
                double s = 0;
                for (int r = 0; r < 2; r++) s += Mixture(v, k * (r + 1), 3) * s + k;
                return s * k;
            }

            // A result nothing active reads: its reverse never runs, so its forward must leave nothing on the tape.
            [Differentiable]
            public static double Ignored(double[] v, double k)
            {
                double s = k;
                for (int r = 0; r < 2; r++)
                {
                    double unused = LogSumExp(v, 0, 2);
                    s = s * k + LogSumExp(v, 1, 2);
                }

                return s;
            }

            // y = Step(v, y): the statement gives y its old value back before its reverse runs Step's reverse sweep.
            [Differentiable]
            public static double Step(double[] v, double y)
            {
                double s = y;
                for (int i = 0; i < v.Length; i++) s = s * 0.5 + Math.Sin(v[i] * s);
                return s;
            }

            [Differentiable]
            public static double Iterate(double[] v, double x)
            {
                double y = x;
                for (int r = 0; r < 3; r++) y = Step(v, y);
                return y * y;
            }

            [Differentiable]
            public static double Repeat(double[] v, double k)
            {
                double s = 0;
                for (int r = 0; r < 2; r++) s = Iterate(v, s + k) * k;
                return s * s;
            }

            // Mutually recursive: their calls to each other go through their backwards, a caller's through their split sweeps.
            [Differentiable]
            public static double Ping(double[] v, double x, int n)
            {
                double s = x;
                for (int i = 0; i < v.Length; i++) s = s * 0.5 + v[i] * s;
                if (n <= 0) return s;
                return Pong(v, s, n - 1) * x;
            }

            [Differentiable]
            public static double Pong(double[] v, double x, int n)
            {
                double s = 0;
                for (int i = 0; i < 2; i++) s += Math.Sin(x * v[i]) + Ping(v, x * 0.3, n - 1);
                return s * s;
            }

            [Differentiable]
            public static double Rally(double[] v, double k)
            {
                double s = 0;
                for (int r = 0; r < 2; r++) s += Ping(v, k + r, 3) * Pong(v, k, 2);
                return s * s;
            }

            // No loop: recomputing it costs little, so it has no split sweeps and callers call its backward.
            [Differentiable]
            public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

            [Differentiable]
            public static double Gate(double[] v, double k)
            {
                double s = 0;
                for (int r = 0; r < v.Length; r++) s = s * Sigmoid(v[r] * k) + LogSumExp(v, r / 2, 2);
                return s * s;
            }

            [Differentiable]
            private static double Hidden(double[] v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                return s * s;
            }

            [Differentiable]
            public static double UsesHidden(double[] v) => Hidden(v) * Hidden(v);

            /// <summary>Bytes the fewest of three rounds of <paramref name="calls"/> backwards allocate, after a warm-up.</summary>
            public static long AllocatedBytes(int calls)
            {
                double[] v = new double[1000];
                for (int i = 0; i < v.Length; i++) v[i] = Math.Sin(i);
                double[] dV = new double[v.Length];
                double dK = 0;
                GateBackward(v, 0.3, 1.0, dV, ref dK);
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int call = 0; call < calls; call++) GateBackward(v, 0.3, 1.0, dV, ref dK);
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }
        }

        public static class Drivers
        {
            private static readonly int[] Sizes = [3, 4, 2];

            private static (double[][] W, double[][] b, double[] x) Unflatten(double[] f)
            {
                var W = new double[2][];
                var b = new double[2][];
                int at = 0;
                for (int l = 0; l < 2; l++)
                {
                    W[l] = f[at..(at += Sizes[l] * Sizes[l + 1])];
                    b[l] = f[at..(at += Sizes[l + 1])];
                }

                return (W, b, f[at..(at + Sizes[0])]);
            }

            // W0 (12), b0 (4), W1 (8), b1 (2), x (3) → 29.
            public static double NetworkValue(double[] f)
            {
                (double[][] W, double[][] b, double[] x) = Unflatten(f);
                return Split.Network(W, b, x, [0.3, -0.2]);
            }

            public static double[] NetworkGradient(double[] f)
            {
                (double[][] W, double[][] b, double[] x) = Unflatten(f);
                double[][] dW = [new double[12], new double[8]], dB = [new double[4], new double[2]];
                double[] dX = new double[3];
                Split.NetworkBackward(W, b, x, [0.3, -0.2], 1.0, dW, dB, dX);
                return [.. dW[0], .. dB[0], .. dW[1], .. dB[1], .. dX];
            }

            // v (4), k → 5.
            public static double MixtureValue(double[] f) => Split.Mixture(f[..4], f[4], 5);

            public static double[] MixtureGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.MixtureBackward(v, k, 5, 1.0, dV, ref dK); return dK; });

            public static double FusedValue(double[] f) => Split.Fused(f[..4], f[4]);

            public static double[] FusedGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.FusedBackward(v, k, 1.0, dV, ref dK); return dK; });

            public static double OuterValue(double[] f) => Split.Outer(f[..4], f[4]);

            public static double[] OuterGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.OuterBackward(v, k, 1.0, dV, ref dK); return dK; });

            public static double IgnoredValue(double[] f) => Split.Ignored(f[..4], f[4]);

            public static double[] IgnoredGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.IgnoredBackward(v, k, 1.0, dV, ref dK); return dK; });

            public static double RepeatValue(double[] f) => Split.Repeat(f[..4], f[4]);

            public static double[] RepeatGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.RepeatBackward(v, k, 1.0, dV, ref dK); return dK; });

            public static double RallyValue(double[] f) => Split.Rally(f[..4], f[4]);

            public static double[] RallyGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.RallyBackward(v, k, 1.0, dV, ref dK); return dK; });

            public static double GateValue(double[] f) => Split.Gate(f[..4], f[4]);

            public static double[] GateGradient(double[] f) => WithK(f, (v, dV, k) => { double dK = 0; Split.GateBackward(v, k, 1.0, dV, ref dK); return dK; });

            // v (4) → 4.
            public static double UsesHiddenValue(double[] f) => Split.UsesHidden(f);

            public static double[] UsesHiddenGradient(double[] f)
            {
                double[] dV = new double[4];
                Split.UsesHiddenBackward(f, 1.0, dV);
                return dV;
            }

            private static double[] WithK(double[] f, Func<double[], double[], double, double> backward)
            {
                double[] dV = new double[4];
                double dK = backward(f[..4], dV, f[4]);
                return [.. dV, dK];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    public static TheoryData<string, int> Cases => new()
    {
        { "Network", 29 },
        { "Mixture", 5 },
        { "Fused", 5 },
        { "Outer", 5 },
        { "Ignored", 5 },
        { "Gate", 5 },
        { "Repeat", 5 },
        { "Rally", 5 },
        { "UsesHidden", 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_gradient_through_split_sweeps_matches_finite_differences(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            double[] f = FlatDrivers.RandomPoint(31 + point, size);
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void A_caller_runs_the_callees_split_sweeps_on_its_tape_instead_of_the_callees_backward()
    {
        string network = Text("Split.Network.g.cs");
        Assert.Contains("var tape = new global::GradientGen.Internal.Tape();", network);
        Assert.Contains("t0 = valueStack.Replace(t0, DenseForwardSweep(t1, t2, a, ref tape));", network);
        Assert.Contains("DenseReverseSweep(t1, t2, a, ref tape, dT0, dT1, dT2, dA);", network);
        Assert.Contains("tape.Dispose();", network);
        Assert.DoesNotContain("DenseBackward", network);

        // In a loop fused with its reverse: each iteration's forward sweep, then its reverse sweep.
        Assert.Matches(@"t\d+ = LogSumExpForwardSweep\(v, \(r % 2\), 3, ref tape\);[^}]*The iteration's reverse\.[^}]*LogSumExpReverseSweep\(", Text("Split.Fused.g.cs"));

        // Mutually recursive methods call each other's backwards; their caller runs their split sweeps.
        Assert.Contains("PongBackward(", Text("Split.Ping.g.cs"));
        Assert.Contains("PingForwardSweep(", Text("Split.Rally.g.cs"));
        Assert.Contains("PongReverseSweep(", Text("Split.Rally.g.cs"));

        // Split sweeps call split sweeps on the tape they are given.
        string mixture = GeneratorHarness.GeneratedText(Run.Value, "Split.Mixture.g.cs");
        Assert.Contains("internal static double MixtureForwardSweep(double[] v, double k, int rounds, ref global::GradientGen.Internal.Tape tape)", mixture);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(mixture, @"LogSumExpForwardSweep\(v, [^;]*, ref tape\)"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(mixture, @"LogSumExpReverseSweep\(v, [^;]*, ref tape, "));
    }

    [Fact]
    public void A_split_forward_sweep_keeps_its_loops_values_on_the_tape_and_hands_over_what_its_reverse_reads()
    {
        string dense = GeneratorHarness.GeneratedText(Run.Value, "Split.Dense.g.cs");
        string forward = Between(dense, "internal static double[] DenseForwardSweep(", "internal static void DenseReverseSweep(");
        Assert.Contains("t3 = tape.Replace(t3, global::System.Math.Tanh(s));", forward);
        Assert.Contains("tape.Push(z);", forward);
        Assert.Contains("return z;", forward);
        Assert.DoesNotContain("Slots", forward);
        string reverse = dense.Substring(dense.IndexOf("internal static void DenseReverseSweep(", StringComparison.Ordinal));
        Assert.Contains("double[]? z = tape.PopObject<double[]>();", reverse);
        Assert.Contains("t3 = tape.PopDouble();", reverse);
        Assert.DoesNotMatch(@"(?m)^\s*return\b", reverse.Substring(0, reverse.IndexOf("\n    }", StringComparison.Ordinal)));
    }

    [Fact]
    public void Methods_without_a_loop_keep_their_backward_and_the_sweeps_are_hidden_and_internal()
    {
        Assert.DoesNotContain("ForwardSweep", GeneratorHarness.GeneratedText(Run.Value, "Split.Sigmoid.g.cs"));
        Assert.Contains("SigmoidBackward(", Text("Split.Gate.g.cs"));
        Assert.Contains("LogSumExpReverseSweep(", Text("Split.Gate.g.cs"));

        Type split = Drivers.Assembly.GetType("Split", throwOnError: true)!;
        MethodInfo dense = split.GetMethod("DenseForwardSweep", BindingFlags.Static | BindingFlags.NonPublic)!;
        Assert.True(dense.IsAssembly);
        Assert.Equal(System.ComponentModel.EditorBrowsableState.Never, dense.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()!.State);
        Assert.True(split.GetMethod("HiddenReverseSweep", BindingFlags.Static | BindingFlags.NonPublic)!.IsPrivate);
        Assert.Null(split.GetMethod("SigmoidForwardSweep", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public));
    }

    [Fact]
    public void A_method_run_on_an_object_runs_split_with_the_callers_shadow()
    {
        // ObjectCallTests checks these gradients against central differences.
        var run = GeneratorHarness.Generate(Objects.ObjectCallTests.Source).Run;
        string loss = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(run, "Layer.Loss.g.cs"));
        Assert.Contains("double[] y = ForwardForwardSweep(x, ref tape);", loss);
        Assert.Contains("ForwardReverseSweep(x, ref tape, dY, dThis, dX);", loss);
        string forward = GeneratorHarness.GeneratedText(run, "Layer.Forward.g.cs");
        Assert.Contains("internal double[] ForwardForwardSweep(double[] x, ref global::GradientGen.Internal.Tape tape)", forward);
        Assert.Contains("internal void ForwardReverseSweep(double[] x, ref global::GradientGen.Internal.Tape tape, global::System.ReadOnlySpan<double> dResult, global::Layer dThis, global::System.Span<double> dX)", forward);
    }

    [Fact]
    public void A_thousand_calls_pending_on_the_tape_allocate_nothing_per_call()
    {
        // Gate calls LogSumExp once per element of a 1,000-element array: every call's forward sweep waits for its
        // reverse on the tape, whose storage comes from the shared pool and goes back to it.
        var measure = Drivers.Assembly.GetType("Split", throwOnError: true)!.GetMethod("AllocatedBytes")!;
        Assert.Equal(0L, (long)measure.Invoke(null, [20])!);
    }

    private static string Text(string hintName) => GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Run.Value, hintName));

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        return text.Substring(from, text.IndexOf(end, from, StringComparison.Ordinal) - from);
    }
}
