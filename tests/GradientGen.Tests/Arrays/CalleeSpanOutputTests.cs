using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A [Differentiable] method that writes its output into a <c>Span&lt;T&gt;</c> parameter, called from differentiable
/// code with arguments that depend on the active parameters (GradBench's ode written with a helper for the right-hand
/// side, an RK4 step filling k1…k4): given the caller's own local arrays, the call is followed. The caller keeps the
/// arrays whole on a value stack before the call and gives them back around the callee's backward, whose output
/// span's adjoint is the array's. Given anything else (a parameter, a slice), it stays refused on the array (GG0001),
/// never a derivative dropped. Central differences check the gradients; the text pins the keep and the give-back.
/// </summary>
public class CalleeSpanOutputTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public static partial class Ode
        {
            [Differentiable]
            public static void Derivative(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
            {
                z[0] = x[0];
                for (int i = 1; i < x.Length; i++) z[i] = x[i] * y[i - 1];
            }

            // Adds into its output: its backward reads the output's entry values.
            [Differentiable]
            public static void Pendulum(ReadOnlySpan<double> x, double k, Span<double> dxdt)
            {
                dxdt[0] += x[1];
                dxdt[1] += -k * Math.Sin(x[0]);
            }

            // Scales its output in place: its backward reads the output's entry values.
            [Differentiable]
            public static void Damp(ReadOnlySpan<double> x, Span<double> v)
            {
                for (int i = 0; i < v.Length; i++) v[i] = v[i] * Math.Cos(x[i]) + x[i];
            }

            // The array read before each call and changed only by the calls: its reverse reads it as it was then.
            [Differentiable]
            public static double Chain(double[] x)
            {
                var v = new double[x.Length];
                for (int i = 0; i < v.Length; i++) v[i] = x[i] * x[i];
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    s += v[0] * v[1];
                    Damp(x, v);
                }

                return s + v[1];
            }

            // The array the calls fill carries no derivative (it only picks the branch): the calls are copied as they
            // are. They were dropped, without a word, and the backward took the other branch.
            [Differentiable]
            public static double Steer(double[] x, double w)
            {
                var o = new double[2];
                o[0] = x[0];
                Damp(x, o);
                for (int r = 0; r < 2; r++) Damp(x, o);
                return o[0] + o[1] > w ? x[0] * x[1] : x[1] - x[0] * w;
            }

            // The only path from x to the result goes through k (was refused: "always zero").
            [Differentiable]
            public static double OnlyThroughTheCallee(double[] x)
            {
                double[] y = new double[x.Length];
                double[] k = new double[x.Length];
                Derivative(x, y, k);
                return k[x.Length - 1] + k[0] * k[0];
            }

            // x also reaches the result directly (was refused: the path through k would have been dropped).
            [Differentiable]
            public static double AlsoDirectly(double[] x)
            {
                double[] k = new double[x.Length];
                Derivative(x, x, k);
                return k[1] * k[2] + x[0];
            }

            // Explicit Euler in a loop: the output array overwritten every step and read after each call.
            [Differentiable]
            public static double Euler(double[] x0, double k, int n)
            {
                var x = new double[2];
                x[0] = x0[0];
                x[1] = x0[1];
                var d = new double[2];
                for (int i = 0; i < n; i++)
                {
                    d[0] = 0;
                    d[1] = 0;
                    Pendulum(x, k, d);
                    x[0] += 0.1 * d[0];
                    x[1] += 0.1 * d[1];
                }

                return x[0] * x[0] + x[1];
            }

            // The same on spans over stackalloc, the output never cleared (Pendulum adds into it).
            [Differentiable]
            public static double EulerOnTheStack(double x0, double v0, double k)
            {
                Span<double> x = stackalloc double[2];
                x[0] = x0;
                x[1] = v0;
                Span<double> d = stackalloc double[2];
                for (int i = 0; i < 5; i++)
                {
                    Pendulum(x, k, d);
                    x[0] += 0.1 * d[0];
                    x[1] += 0.1 * d[1];
                }

                return x[0] * x[0] + x[1];
            }

            // Runge–Kutta 4: four calls, each filling its own local array from the one before.
            [Differentiable]
            public static double Rk4(double[] x0, double k, double h)
            {
                var x = new double[2];
                x[0] = x0[0];
                x[1] = x0[1];
                double[] k1 = new double[2], k2 = new double[2], k3 = new double[2], k4 = new double[2], t = new double[2];
                for (int step = 0; step < 3; step++)
                {
                    k1[0] = 0; k1[1] = 0; k2[0] = 0; k2[1] = 0; k3[0] = 0; k3[1] = 0; k4[0] = 0; k4[1] = 0;
                    Pendulum(x, k, k1);
                    for (int j = 0; j < 2; j++) t[j] = x[j] + 0.5 * h * k1[j];
                    Pendulum(t, k, k2);
                    for (int j = 0; j < 2; j++) t[j] = x[j] + 0.5 * h * k2[j];
                    Pendulum(t, k, k3);
                    for (int j = 0; j < 2; j++) t[j] = x[j] + h * k3[j];
                    Pendulum(t, k, k4);
                    for (int j = 0; j < 2; j++) x[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                }

                return x[0] * x[1] + Math.Cos(x[0]);
            }
        }

        public static class Drivers
        {
            public static double OnlyThroughTheCalleeValue(double[] f) => Ode.OnlyThroughTheCallee(f);

            public static double[] OnlyThroughTheCalleeGradient(double[] f)
            {
                var g = new double[f.Length];
                Ode.OnlyThroughTheCalleeBackward(f, 1.0, g);
                return g;
            }

            public static double ChainValue(double[] f) => Ode.Chain(f);

            public static double[] ChainGradient(double[] f)
            {
                var g = new double[f.Length];
                Ode.ChainBackward(f, 1.0, g);
                return g;
            }

            public static double AlsoDirectlyValue(double[] f) => Ode.AlsoDirectly(f);

            public static double[] AlsoDirectlyGradient(double[] f)
            {
                var g = new double[f.Length];
                Ode.AlsoDirectlyBackward(f, 1.0, g);
                return g;
            }

            // x0, k.
            public static double EulerValue(double[] f) => Ode.Euler(f[..2], f[2], 6);

            public static double[] EulerGradient(double[] f)
            {
                var dX0 = new double[2];
                double dK = 0;
                Ode.EulerBackward(f[..2], f[2], 6, 1.0, dX0, ref dK);
                return [.. dX0, dK];
            }

            public static double EulerOnTheStackValue(double[] f) => Ode.EulerOnTheStack(f[0], f[1], f[2]);

            public static double[] EulerOnTheStackGradient(double[] f)
            {
                double dX0 = 0, dV0 = 0, dK = 0;
                Ode.EulerOnTheStackBackward(f[0], f[1], f[2], 1.0, ref dX0, ref dV0, ref dK);
                return [dX0, dV0, dK];
            }

            // x, w.
            public static double SteerValue(double[] f) => Ode.Steer(f[..2], f[2]);

            public static double[] SteerGradient(double[] f)
            {
                var dX = new double[2];
                double dW = 0;
                Ode.SteerBackward(f[..2], f[2], 1.0, dX, ref dW);
                return [.. dX, dW];
            }

            public static double SteerBackwardValue(double[] f) => Ode.SteerBackward(f[..2], f[2], 1.0, new double[2], ref f[2]);

            // x0, k, h.
            public static double Rk4Value(double[] f) => Ode.Rk4(f[..2], f[2], f[3]);

            public static double[] Rk4Gradient(double[] f)
            {
                var dX0 = new double[2];
                double dK = 0, dH = 0;
                Ode.Rk4Backward(f[..2], f[2], f[3], 1.0, dX0, ref dK, ref dH);
                return [.. dX0, dK, dH];
            }

            public static double[] Rk4Tangent(double[] f, double[] t)
            {
                double value = Ode.Rk4Tangent(f[..2], f[2], f[3], t[..2], t[2], t[3], out double tResult);
                return [value, tResult];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("OnlyThroughTheCallee", 4)]
    [InlineData("AlsoDirectly", 4)]
    [InlineData("Chain", 3)]
    [InlineData("Euler", 3)]
    [InlineData("EulerOnTheStack", 3)]
    [InlineData("Rk4", 4)]
    public void Arrays_filled_by_a_callee_carry_their_derivative_as_central_differences_say(string name, int size)
    {
        var random = new Random(71);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void A_call_filling_an_array_that_carries_no_derivative_runs_in_the_backward_too()
    {
        // w below and above what the calls leave in the array: both branches, each at three points.
        var random = new Random(79);
        foreach (double w in new[] { -20.0, 20.0 })
        {
            for (int point = 0; point < 3; point++)
            {
                double[] f = [Math.Round(random.NextDouble() * 2 - 1, 3), Math.Round(random.NextDouble() * 2 - 1, 3), w];
                Assert.Equal(Drivers.Value("Steer", f), (double)Drivers.Call("SteerBackwardValue", f.Clone())!);
                Drivers.GradientMatchesFiniteDifferences("Steer", f, 1e-6, 1e-6, $"w = {w}, point {point}");
            }
        }

        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "Ode.Steer.g.cs");
        // Once at the top and once in the loop, in the forward sweep.
        Assert.Contains("\n        Damp(x, o);\n", text.Replace("\r\n", "\n"));
        Assert.Contains("\n            Damp(x, o);\n", text.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Forward_mode_passes_the_arrays_tangents_to_the_callees_tangent()
    {
        var random = new Random(73);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, 4).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            double[] direction = Enumerable.Range(0, 4).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            var tangent = (double[])Drivers.Call("Rk4Tangent", f, direction)!;
            double expected = Drivers.Gradient("Rk4", f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value("Rk4", f), tangent[0], 1e-14, $"value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"tangent at point {point}");
        }
    }

    [Fact]
    public void The_array_is_kept_whole_and_given_back_around_the_backward()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "Ode.Euler.g.cs");
        Assert.Contains("""
                        doubleStack.PushAll(d);
                        Pendulum(x, k, d);
            """, text);
        Assert.Contains("""
                        // Pendulum(x, k, d);
                        doubleStack.PopAll(d);
                        doubleStack.PushAll(d);
                        PendulumBackward(x, k, d, dX, ref dKLocal, dD);
                        doubleStack.PopAll(d);
            """, text);
    }

    [Fact]
    public Task What_stays_refused_is_located_on_the_array() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public static partial class Ode
        {
            [Differentiable]
            public static void Derivative(ReadOnlySpan<double> x, Span<double> z)
            {
                for (int i = 0; i < x.Length; i++) z[i] = x[i] * x[i];
            }

            // A parameter's array: an input of the derivative.
            [Differentiable]
            public static double IntoAParameter(double[] x, [NoDerivative] double[] scratch)
            {
                Derivative(x, {|GG0001:scratch|});
                return scratch[0];
            }

            // A slice of a local array.
            [Differentiable]
            public static double IntoASlice(double[] x)
            {
                double[] k = new double[x.Length + 1];
                Derivative(x, {|GG0001:k.AsSpan(1)|});
                return k[1];
            }

            // Only constants go in: the callee's output is a constant, nothing to follow.
            [Differentiable]
            public static double ConstantsIn(double[] x, [NoDerivative] double[] c)
            {
                double[] k = new double[c.Length];
                Derivative(c, k);
                return k[0] * x[0];
            }
        }
        """);
}
