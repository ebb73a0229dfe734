using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Methods that end with a loop adding into sums and return one of them or a linear function of them, with factors
/// known before the loop (<c>LoopStmt.Fused</c>): the loop runs once, in the reverse sweep, each iteration followed
/// by its reverse. Checked against central differences at several
/// points, the backward's value against the method's to the bit (the sums are added in the same order), the text
/// for the fused loop and for nothing kept; the shapes that must not fuse (a sum read before the loop, an index
/// declared before it, a return whose reverse needs the final sum) are checked to stay as they were and stay exact.
/// </summary>
public class FusedReductionTests
{
    internal const string Source = """
        using System;
        using System.Numerics;
        using GradientGen;

        public struct Q3
        {
            public Q3(double x, double y, double z) { X = x; Y = y; Z = z; }
            public double X { get; set; }
            public double Y { get; set; }
            public double Z { get; set; }
            public static Q3 operator -(Q3 a, Q3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
            public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
        }

        // A member the loop adds into beside the sum it returns: its shadow's adjoint is the same in every iteration too.
        public sealed partial class Counter
        {
            public double Total;
            public double Scale = 1;

            [Differentiable]
            public double Sum(double[] x)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e += x[i] * x[i] * Scale;
                    Total += x[i] * Scale;
                }

                return e;
            }
        }

        public static partial class Fused
        {
            // The benchmark's sum of sines: a term per index.
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

            // A chain of springs on a user struct with operators.
            [Differentiable]
            public static double Springs(ReadOnlySpan<Q3> p, double k)
            {
                double e = 0;
                for (int i = 0; i + 1 < p.Length; i++)
                {
                    Q3 d = p[i + 1] - p[i];
                    double s = d.Length - 1.0;
                    e += 0.5 * k * s * s;
                }

                return e;
            }

            // A branch in the body, a sum taken from, a sum that starts from a parameter.
            [Differentiable]
            public static double Branches(double[] x, double a)
            {
                double e = a * a;
                for (int i = 0; i < x.Length; i++)
                {
                    double d = x[i] - a;
                    if (d > 0) e += d * d * a;
                    else e -= Math.Sin(d);
                }

                return e;
            }

            // An element at an index the loop doesn't change (its adjoint held in a local).
            [Differentiable]
            public static double Held(double[] x, double a)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e += Math.Exp(x[i] * a) * x[0];
                }

                return e;
            }

            // foreach over a parameter.
            [Differentiable]
            public static double Foreach(double[] x, double a)
            {
                double e = 0;
                foreach (double v in x)
                {
                    e += Math.Exp(v * a) * x[0];
                }

                return e;
            }

            // The sum over a local array an earlier loop filled: its elements read where the loop runs, in the reverse sweep.
            [Differentiable]
            public static double Layer(double[] x, double a)
            {
                var h = new double[x.Length];
                for (int i = 0; i < x.Length; i++) h[i] = Math.Tanh(x[i] * a);
                double e = 0;
                for (int i = 0; i < h.Length; i++) e += h[i] * h[(i + 1) % h.Length];
                return e;
            }

            // Counting down by two.
            [Differentiable]
            public static double Down(double[] x, double[] w)
            {
                double e = 0;
                for (int i = x.Length - 1; i >= 0; i -= 2)
                {
                    e += x[i] * w[i] * x[i];
                }

                return e;
            }

            [Differentiable]
            public static float Floats(float[] x, float a)
            {
                float e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e += MathF.Tanh(x[i] * a);
                }

                return e;
            }

            [Differentiable]
            public static T Generic<T>(T[] x, T a) where T : IFloatingPointIeee754<T>
            {
                T e = T.Zero;
                for (int i = 0; i < x.Length; i++)
                {
                    e += T.Sin(x[i] * a) * a;
                }

                return e;
            }

            // The mean of squared errors: the return divides the sum by a value that carries no derivative.
            [Differentiable]
            public static double Mse(double[] x, [NoDerivative] double[] t, double a)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double d = x[i] * a - t[i];
                    s += d * d;
                }

                return s / x.Length;
            }

            // Two sums in a linear return, beside a parameter's own term (computed before the loop).
            [Differentiable]
            public static double Linear(double[] x, double a, double c)
            {
                double s = 0, q = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += Math.Sin(x[i] * a);
                    q += x[i] * x[i];
                }

                return 0.5 * (s - q) + c * c;
            }

            // Not fused: the return multiplies the sum by a parameter, whose adjoint needs the final sum.
            [Differentiable]
            public static double Scaled(double[] x, double a)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * a;
                return s * a;
            }

            // Not fused: the return assigns what the loop's condition reads.
            [Differentiable]
            public static double AssignedInReturn(double[] x, [NoDerivative] double a)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * x[i] * a;
                return (a = 2.0) * s;
            }

            // Not fused: a value computed from the sum before the loop reads it.
            [Differentiable]
            public static double ReadBefore(double[] x, double a)
            {
                double e = a;
                double w = e * e;
                for (int i = 0; i < x.Length; i++)
                {
                    e += w * Math.Sin(x[i]);
                }

                return e;
            }

            // Not fused: the index is declared before the loop and read there.
            [Differentiable]
            public static double IndexBefore(double[] x)
            {
                int i = 0;
                double e = x[i] * 3;
                for (; i < x.Length; i++)
                {
                    e += x[i] * x[i];
                }

                return e;
            }
        }

        public static class Drivers
        {
            public static double SinSumValue(double[] f) => Fused.SinSum(f[0], f[1], 40);
            public static double[] SinSumGradient(double[] f)
            {
                double dX = 0, dY = 0;
                double value = Fused.SinSumBackward(f[0], f[1], 40, 1.0, ref dX, ref dY);
                Exact(value, SinSumValue(f));
                return [dX, dY];
            }

            // Four points (12), then k.
            private static Q3[] Points(double[] f) => [new(f[0], f[1], f[2]), new(f[3], f[4], f[5]), new(f[6], f[7], f[8]), new(f[9], f[10], f[11])];
            public static double SpringsValue(double[] f) => Fused.Springs(Points(f), f[12]);
            public static double[] SpringsGradient(double[] f)
            {
                var dP = new Q3[4];
                double dK = 0;
                Exact(Fused.SpringsBackward(Points(f), f[12], 1.0, dP, ref dK), SpringsValue(f));
                double[] d = new double[13];
                for (int i = 0; i < 4; i++) (d[3 * i], d[3 * i + 1], d[3 * i + 2]) = (dP[i].X, dP[i].Y, dP[i].Z);
                d[12] = dK;
                return d;
            }

            // x (5), then a.
            public static double BranchesValue(double[] f) => Fused.Branches(f[..5], f[5]);
            public static double[] BranchesGradient(double[] f)
            {
                var d = new double[5];
                double dA = 0;
                Exact(Fused.BranchesBackward(f[..5], f[5], 1.0, d, ref dA), BranchesValue(f));
                return [.. d, dA];
            }

            public static double HeldValue(double[] f) => Fused.Held(f[..4], f[4]);
            public static double[] HeldGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.HeldBackward(f[..4], f[4], 1.0, d, ref dA), HeldValue(f));
                return [.. d, dA];
            }

            public static double LayerValue(double[] f) => Fused.Layer(f[..4], f[4]);
            public static double[] LayerGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.LayerBackward(f[..4], f[4], 1.0, d, ref dA), LayerValue(f));
                return [.. d, dA];
            }

            public static double ForeachValue(double[] f) => Fused.Foreach(f[..4], f[4]);
            public static double[] ForeachGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.ForeachBackward(f[..4], f[4], 1.0, d, ref dA), ForeachValue(f));
                return [.. d, dA];
            }

            // x (5), w (5).
            public static double DownValue(double[] f) => Fused.Down(f[..5], f[5..]);
            public static double[] DownGradient(double[] f)
            {
                var dX = new double[5];
                var dW = new double[5];
                Exact(Fused.DownBackward(f[..5], f[5..], 1.0, dX, dW), DownValue(f));
                return [.. dX, .. dW];
            }

            public static double FloatsValue(double[] f) => Fused.Floats(Array.ConvertAll(f[..4], v => (float)v), (float)f[4]);
            public static double[] FloatsGradient(double[] f)
            {
                var d = new float[4];
                float dA = 0;
                float value = Fused.FloatsBackward(Array.ConvertAll(f[..4], v => (float)v), (float)f[4], 1f, d, ref dA);
                Exact(value, FloatsValue(f));
                return [.. Array.ConvertAll(d, v => (double)v), dA];
            }

            public static double GenericValue(double[] f) => Fused.Generic(f[..4], f[4]);
            public static double[] GenericGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.GenericBackward(f[..4], f[4], 1.0, d, ref dA), GenericValue(f));
                return [.. d, dA];
            }

            public static double MseValue(double[] f) => Fused.Mse(f[..4], [0.5, -1.0, 0.25, 2.0], f[4]);
            public static double[] MseGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.MseBackward(f[..4], [0.5, -1.0, 0.25, 2.0], f[4], 1.0, d, ref dA), MseValue(f));
                return [.. d, dA];
            }

            // x (4), a, c.
            public static double LinearValue(double[] f) => Fused.Linear(f[..4], f[4], f[5]);
            public static double[] LinearGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0, dC = 0;
                Exact(Fused.LinearBackward(f[..4], f[4], f[5], 1.0, d, ref dA, ref dC), LinearValue(f));
                return [.. d, dA, dC];
            }

            public static double ScaledValue(double[] f) => Fused.Scaled(f[..4], f[4]);
            public static double[] ScaledGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.ScaledBackward(f[..4], f[4], 1.0, d, ref dA), ScaledValue(f));
                return [.. d, dA];
            }

            public static double AssignedInReturnValue(double[] f) => Fused.AssignedInReturn(f, 0.7);
            public static double[] AssignedInReturnGradient(double[] f)
            {
                var d = new double[4];
                Exact(Fused.AssignedInReturnBackward(f, 0.7, 1.0, d), AssignedInReturnValue(f));
                return d;
            }

            // x (3), Scale; Total starts at 10 and its adjoint comes in as 0.5 (the caller weighs the final Total by it).
            public static double CounterValue(double[] f)
            {
                var c = new Counter { Total = 10, Scale = f[3] };
                double e = c.Sum(f[..3]);
                return e + 0.5 * c.Total;
            }
            public static double[] CounterGradient(double[] f)
            {
                var c = new Counter { Total = 10, Scale = f[3] };
                var dThis = new Counter { Total = 0.5, Scale = 0 }; // A shadow starts at zero: Scale's initializer is 1.
                var d = new double[3];
                double e = c.SumBackward(f[..3], 1.0, dThis, d);
                Exact(e + 0.5 * c.Total, CounterValue(f)); // The object is left as the method leaves it.
                return [.. d, dThis.Scale];
            }

            public static double ReadBeforeValue(double[] f) => Fused.ReadBefore(f[..4], f[4]);
            public static double[] ReadBeforeGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                Exact(Fused.ReadBeforeBackward(f[..4], f[4], 1.0, d, ref dA), ReadBeforeValue(f));
                return [.. d, dA];
            }

            public static double IndexBeforeValue(double[] f) => Fused.IndexBefore(f);
            public static double[] IndexBeforeGradient(double[] f)
            {
                var d = new double[f.Length];
                Exact(Fused.IndexBeforeBackward(f, 1.0, d), IndexBeforeValue(f));
                return d;
            }

            // The sums are added in the method's order: the same bits.
            private static void Exact(double backward, double primal)
            {
                if (BitConverter.DoubleToInt64Bits(backward) != BitConverter.DoubleToInt64Bits(primal))
                    throw new InvalidOperationException($"the backward's value {backward:R} is not the method's {primal:R}");
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    private const string FusedComment = "// Run here, where the adjoints of its sums are known: each iteration followed by its reverse, nothing kept or computed twice.";

    [Theory]
    [InlineData("SinSum", 2, 1e-6, 1e-6)]
    [InlineData("Springs", 13, 1e-6, 1e-7)]
    [InlineData("Branches", 6, 1e-6, 1e-7)]
    [InlineData("Held", 5, 1e-6, 1e-7)]
    [InlineData("Foreach", 5, 1e-6, 1e-7)]
    [InlineData("Layer", 5, 1e-6, 1e-7)]
    [InlineData("Down", 10, 1e-6, 1e-7)]
    [InlineData("Floats", 5, 1e-2, 2e-3)]
    [InlineData("Generic", 5, 1e-6, 1e-7)]
    [InlineData("Mse", 5, 1e-6, 1e-7)]
    [InlineData("Linear", 6, 1e-6, 1e-7)]
    [InlineData("Counter", 4, 1e-6, 1e-7)]
    [InlineData("Scaled", 5, 1e-6, 1e-7)]
    [InlineData("AssignedInReturn", 4, 1e-6, 1e-7)]
    [InlineData("ReadBefore", 5, 1e-6, 1e-7)]
    [InlineData("IndexBefore", 5, 1e-6, 1e-7)]
    public void Gradients_match_finite_differences_and_the_value_is_the_methods(string name, int size, double h, double tolerance)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(30 + point, size), h, tolerance, $"{name} at point {point}");
        }
    }

    [Fact]
    public void The_mean_squared_error_matches_its_closed_form()
    {
        // (1/n) Σ (a xᵢ − tᵢ)²: ∂/∂xᵢ = 2 a (a xᵢ − tᵢ) / n, ∂/∂a = 2 Σ xᵢ (a xᵢ − tᵢ) / n.
        double[] x = [0.4, -1.2, 0.9, 2.5], t = [0.5, -1.0, 0.25, 2.0];
        double a = 0.7, dA = 0;
        double[] gradient = Drivers.Gradient("Mse", [.. x, a]);
        for (int i = 0; i < 4; i++)
        {
            GradientAssert.Close(2 * a * (a * x[i] - t[i]) / 4, gradient[i], 1e-15, $"dX[{i}]");
            dA += 2 * x[i] * (a * x[i] - t[i]) / 4;
        }

        GradientAssert.Close(dA, gradient[4], 1e-15, "dA");
    }

    [Fact]
    public void The_sum_of_sines_matches_its_closed_form()
    {
        // Σ sin(x i) y: ∂/∂x = Σ i cos(x i) y, ∂/∂y = Σ sin(x i).
        double x = 0.37, y = -1.3;
        double[] gradient = Drivers.Gradient("SinSum", [x, y]);
        double dX = 0, dY = 0;
        for (int i = 0; i < 40; i++)
        {
            dX += i * Math.Cos(x * i) * y;
            dY += Math.Sin(x * i);
        }

        GradientAssert.Close(dX, gradient[0], 1e-13 * Math.Abs(dX), "dX");
        GradientAssert.Close(dY, gradient[1], 1e-14, "dY");
    }

    [Theory]
    [InlineData("SinSum")]
    [InlineData("Springs")]
    [InlineData("Branches")]
    [InlineData("Held")]
    [InlineData("Foreach")]
    [InlineData("Down")]
    [InlineData("Floats")]
    [InlineData("Generic")]
    [InlineData("Mse")]
    [InlineData("Linear")]
    [InlineData("Counter.Sum")]
    public void A_last_loop_whose_sum_is_returned_runs_once_with_its_reverse_and_keeps_nothing(string name)
    {
        string text = Text(name.Contains('.') ? $"{name}.g.cs" : $"Fused.{name}.g.cs");
        Assert.Contains(FusedComment, text);
        Assert.Empty(GeneratorHarness.SavedValues(text));
        Assert.DoesNotContain("Slots", text);
        Assert.DoesNotContain("The iteration again", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^\s*(while|for) \("));
    }

    [Fact]
    public void The_last_of_two_loops_is_fused_and_the_first_keeps_its_reverse_loop()
    {
        string text = Text("Fused.Layer.g.cs");
        Assert.Contains(FusedComment, text);
        // The first loop forward and in reverse, the second once: three loops.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(text, @"(?m)^\s*(while|for) \("));
    }

    [Theory]
    [InlineData("ReadBefore")]
    [InlineData("IndexBefore")]
    [InlineData("Scaled")]
    [InlineData("AssignedInReturn")]
    public void A_sum_or_index_read_before_the_loop_or_a_return_that_needs_the_final_sum_keeps_the_loop_in_the_forward_sweep(string name) =>
        Assert.DoesNotContain(FusedComment, Text($"Fused.{name}.g.cs"));

    // The sine the iteration computes and the cosine its reverse takes come from one Math.SinCos (SinCosPairs).
    [Fact]
    public void The_fused_sum_of_sines_is_the_hand_written_gradient() => Assert.Equal(
        """
                // Reverse sweep: adjoints flow from the result back to the parameters.
                double dXLocal = 0.0;
                double dYLocal = 0.0;
                // return acc;
                double dAcc = dResult;
                // for (int i = 0; i < n; i++)
                // Run here, where the adjoints of its sums are known: each iteration followed by its reverse, nothing kept or computed twice.
                int i = 0;
                while (i < n)
                {
                    // acc += Math.Sin(x * i) * y;
                    double t0 = x * (i);
                    (double t1, double cosT0) = global::System.Math.SinCos(t0);
                    double t2 = t1 * y;
                    acc += t2;
                    // The iteration's reverse.
                    // acc += Math.Sin(x * i) * y;
                    double dT2 = dAcc;
                    double dT1 = dT2 * y;
                    dYLocal += dT2 * t1;
                    double dT0 = dT1 * cosT0;
                    dXLocal += dT0 * (i);
                    i++;
                }
                double result = acc;
                dX += dXLocal;
                dY += dYLocal;
                return result;
        """.Replace("\r\n", "\n"),
        Between(Text("Fused.SinSum.g.cs"), "        // Reverse sweep", "return result;\n"));

    private static string Text(string hintName) => GeneratorHarness.GeneratedText(Run.Value, hintName);

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = text.IndexOf(end, from, StringComparison.Ordinal) + end.Length;
        return text[from..to].TrimEnd('\n');
    }
}
