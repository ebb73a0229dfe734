using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// Tangents allocate nothing per call in steady state where their primals allocate nothing: scalars in loops with
/// calls, Vector3 values and a struct-returning callee, an instance method with a tangent object, spans in and a
/// span result out, and a stackalloc local (its tangent comes from the shared pool).
/// </summary>
public class TangentAllocationTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        public sealed partial class Neuron
        {
            public double[] w = new double[3];
            public double b;

            [Differentiable]
            public double Output(ReadOnlySpan<double> x)
            {
                double z = b;
                for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
                return Math.Tanh(z);
            }
        }

        public static partial class WithoutAllocation
        {
            [Differentiable]
            public static double Step(double x, double k) => Math.Sin(x) * k + x;

            [Differentiable]
            public static double Iterate(double x, double k, int n)
            {
                for (int i = 0; i < n; i++) x = Step(x, k) * 0.5;
                return x;
            }

            [Differentiable]
            public static Vector3 Force(Vector3 p, float k) => -k * p * p.Length();

            [Differentiable]
            public static float Orbit(Vector3 x0, Vector3 v0, int n, float dt)
            {
                Vector3 x = x0, v = v0;
                for (int i = 0; i < n; i++)
                {
                    v += Force(x, 1f) * dt;
                    x += v * dt;
                }

                return Vector3.Dot(x, v);
            }

            [Differentiable]
            public static double Smooth(ReadOnlySpan<double> a)
            {
                Span<double> s = stackalloc double[4];
                for (int i = 0; i < 4; i++) s[i] = a[i] * a[(i + 1) % a.Length];
                return s[0] + s[1] * s[2] - s[3];
            }

            /// <summary>Bytes allocated by <paramref name="calls"/> rounds of tangents after a warm-up, the fewest of three measures (see StructAndObjectAllocationTests).</summary>
            public static long AllocatedBytes(int calls)
            {
                var neuron = new Neuron { b = 0.2 };
                var tangent = new Neuron { b = 1.0 };
                double[] x = [0.3, -0.7, 1.1, 0.4];
                double[] tX = [1.0, 0.0, -1.0, 0.5];
                Run(5, neuron, tangent, x, tX);
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Run(calls, neuron, tangent, x, tX);
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            private static void Run(int calls, Neuron neuron, Neuron tangent, double[] x, double[] tX)
            {
                for (int i = 0; i < calls; i++)
                {
                    IterateTangent(0.3, 1.5, 50, 1.0, 0.0, out _);
                    OrbitTangent(new Vector3(1, 0, 0.5f), new Vector3(0, 1, 0), 200, 0.01f, Vector3.UnitX, Vector3.Zero, 0f, out _);
                    neuron.OutputTangent(x.AsSpan(0, 3), tangent, tX.AsSpan(0, 3), out _);
                    SmoothTangent(x, tX, out _);
                }
            }
        }
        """);

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var measure = Source.Assembly.GetType("WithoutAllocation", throwOnError: true)!.GetMethod("AllocatedBytes")!;
        Assert.Equal(0L, (long)measure.Invoke(null, [100])!);
    }
}
