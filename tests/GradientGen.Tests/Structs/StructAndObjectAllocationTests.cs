using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Structs;

/// <summary>
/// The backwards of struct and object code allocate nothing per call in steady state, as their primals don't
/// (Complex numbers and a readonly record struct's own method included):
/// Vector3 parameters, locals and results in a loop (their adjoints are struct locals), a struct-returning
/// callee, a user struct's inlined operators and property in a loop, an instance method whose members'
/// adjoints go into a shadow object, outputs written into a span of structs (backward and tangent), an object
/// parameter's tangent object, and calls to methods that write the object's members (in loops, backward and tangent;
/// a member array kept whole), or fill a local span through an output span.
/// </summary>
public class StructAndObjectAllocationTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        namespace Structs;

        public struct V2
        {
            public double X, Y;
            public V2(double x, double y) { X = x; Y = y; }
            public static V2 operator +(V2 a, V2 b) => new V2(a.X + b.X, a.Y + b.Y);
            public static V2 operator *(double s, V2 a) => new V2(s * a.X, s * a.Y);
            public double Length => Math.Sqrt(X * X + Y * Y);
        }

        public sealed partial class Neuron
        {
            public double[] w = new double[3];
            public double b;

            [Differentiable]
            public double Output(double[] x)
            {
                double z = b;
                for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
                return Math.Tanh(z);
            }
        }

        public readonly partial record struct Spring(double K, double Rest)
        {
            [Differentiable]
            public double Energy(double x)
            {
                double s = x - Rest;
                return 0.5 * K * s * s;
            }
        }

        public sealed partial class Walker
        {
            public double X = 0.5, V = 0.1;

            [Differentiable]
            public void Step(double dt)
            {
                V -= X * dt;
                X += V * dt;
            }

            [Differentiable]
            public double Advance(double dt)
            {
                Step(dt);
                return V * V;
            }

            // Calls writing members in a counted loop (their members kept in slots) and in a while loop (a value stack).
            [Differentiable]
            public double Run(double dt, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    Step(dt);
                    double a = Advance(dt);
                    e += a * X;
                }

                int k = 0;
                while (X > -10 && k < n)
                {
                    Step(dt);
                    k++;
                }

                return e + X;
            }
        }

        public sealed partial class Cached
        {
            public double[] W = [0.3, -0.2, 0.5];
            public double[] Y = new double[3];

            [Differentiable]
            public void Forward(double[] x)
            {
                for (int i = 0; i < Y.Length; i++) Y[i] = Math.Tanh(W[i] * x[i]);
            }

            // A callee keeping its outputs in a member array: kept whole, and given its final contents back.
            [Differentiable]
            public double Loss(double[] x)
            {
                Forward(x);
                double s = 0;
                for (int i = 0; i < Y.Length; i++) s += Y[i] * Y[i];
                return s;
            }
        }

        public struct Body
        {
            public double X, V;
            [NoDerivative] public double Mass;
        }

        public static partial class WithoutAllocation
        {
            private static readonly Walker AWalker = new(), WalkerShadow = new();
            private static readonly Cached ACached = new(), CachedShadow = new();
            private static readonly Body[] Bodies = [new() { X = 1, V = 0.5, Mass = 2 }, new() { X = -0.3, V = 0.1, Mass = 1 }];
            private static readonly Body[] Next = new Body[2], DBodies = new Body[2], DNext = new Body[2], TNext = new Body[2];

            // Outputs written into a span of structs, with a [NoDerivative] member.
            [Differentiable]
            public static void Step(ReadOnlySpan<Body> p, Span<Body> next, double dt)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    next[i].X = p[i].X + dt * p[i].V;
                    next[i].V = p[i].V - dt * p[i].X / p[i].Mass;
                    next[i].Mass = p[i].Mass;
                }
            }

            // A local span filled by a callee's output span, in a loop: kept whole on the value stack.
            [Differentiable]
            public static void Rate(ReadOnlySpan<double> x, double k, Span<double> d)
            {
                d[0] = x[1];
                d[1] = -k * Math.Sin(x[0]);
            }

            [Differentiable]
            public static double Euler(double x0, double v0, double k, int n)
            {
                Span<double> x = stackalloc double[2];
                x[0] = x0;
                x[1] = v0;
                Span<double> d = stackalloc double[2];
                for (int i = 0; i < n; i++)
                {
                    Rate(x, k, d);
                    x[0] += 0.01 * d[0];
                    x[1] += 0.01 * d[1];
                }

                return x[0] * x[1];
            }

            // An object parameter, in forward mode.
            [Differentiable]
            public static double Loss(Neuron n, double[] x)
            {
                double z = n.b;
                for (int i = 0; i < x.Length; i++) z += n.w[i] * x[i];
                return z * z;
            }

            // Complex numbers overwritten in a loop: their members rebuilt, saved and restored.
            [Differentiable]
            public static double Horner(Complex z, int n)
            {
                Complex s = Complex.One;
                for (int k = 0; k < n; k++) s = s * z + Complex.Exp(z * 0.1);
                return s.Magnitude;
            }

            [Differentiable]
            public static Vector3 Force(Vector3 p, float k) => -k * p * p.Length();

            // A user struct's own operators and property, inlined, in a loop.
            [Differentiable]
            public static double Walk(V2 p, V2 step, int n)
            {
                double length = 0;
                V2 q = p;
                for (int i = 0; i < n; i++)
                {
                    q = q + 0.5 * step;
                    length += q.Length;
                }

                return length;
            }

            [Differentiable]
            public static float Orbit(Vector3 x0, Vector3 v0, int n, float dt)
            {
                Vector3 x = x0, v = v0;
                for (int i = 0; i < n; i++)
                {
                    v += Force(x, 1f) * dt;
                    x += v * dt;
                }

                return Vector3.Dot(x, v) + x.LengthSquared();
            }

            /// <summary>
            /// Bytes allocated by <paramref name="calls"/> rounds of backwards after a warm-up, the fewest of three
            /// measures: an allocation per call shows in every measure, while the shared pool refilling once after a
            /// garbage collection trimmed it (other tests run beside this one) shows in one.
            /// </summary>
            public static long AllocatedBytes(int calls)
            {
                var neuron = new Neuron { b = 0.2 };
                var shadow = new Neuron();
                double[] x = [0.3, -0.7, 1.1];
                Span<double> dX = stackalloc double[3];
                Run(5, neuron, shadow, x, dX);
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Run(calls, neuron, shadow, x, dX);
                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }

            private static void Run(int calls, Neuron neuron, Neuron shadow, double[] x, Span<double> dX)
            {
                for (int i = 0; i < calls; i++)
                {
                    Vector3 dx0 = default, dv0 = default;
                    float ddt = 0;
                    OrbitBackward(new Vector3(1, 0, 0.5f), new Vector3(0, 1, 0), 200, 0.01f, 1f, ref dx0, ref dv0, ref ddt);
                    neuron.OutputBackward(x, 1.0, shadow, dX);
                    V2 dP = default, dStep = default;
                    WalkBackward(new V2(0.3, -0.2), new V2(0.1, 0.4), 200, 1.0, ref dP, ref dStep);
                    Complex dZ = default;
                    HornerBackward(new Complex(0.3, 0.4), 200, 1.0, ref dZ);
                    Spring dSpring = default;
                    double dx = 0;
                    new Spring(2.0, 0.5).EnergyBackward(1.25, 1.0, ref dSpring, ref dx);
                    double dDt = 0;
                    StepBackward(Bodies, Next, 0.1, DBodies, DNext, ref dDt);
                    StepTangent(Bodies, Next, 0.1, Bodies, TNext, 1.0);
                    LossTangent(neuron, x, shadow, x, out _);
                    (AWalker.X, AWalker.V) = (0.5, 0.1);
                    double dWalkDt = 0;
                    AWalker.RunBackward(0.01, 200, 1.0, WalkerShadow, ref dWalkDt);
                    AWalker.RunTangent(0.01, 200, WalkerShadow, 1.0, out _);
                    ACached.LossBackward(x, 1.0, CachedShadow, dX);
                    double dX0 = 0, dV0 = 0, dRate = 0;
                    EulerBackward(0.3, 0.1, 2.0, 200, 1.0, ref dX0, ref dV0, ref dRate);
                }
            }
        }
        """);

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var measure = Source.Assembly.GetType("Structs.WithoutAllocation", throwOnError: true)!.GetMethod("AllocatedBytes")!;
        Assert.Equal(0L, (long)measure.Invoke(null, [100])!);
    }
}
