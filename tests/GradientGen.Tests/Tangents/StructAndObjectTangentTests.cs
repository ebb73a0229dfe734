using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// <c>…Tangent</c> of methods over structs (Vector3 and Vector2 parameters, locals, loops, a struct result, a
/// struct-returning callee) and of an instance method whose class has fields that carry derivatives (arrays, a
/// jagged array, an array of structs), whose tangent takes a tangent object <c>tThis</c>; of an object parameter
/// (tangent object <c>tNeuron</c>); of methods that write members (their tangents go both ways in <c>tThis</c>); and of
/// calls that pass a tangent object on (to another instance method, or an object parameter to another method). Each method has flat drivers (<c>…Flat</c>: the value at a vector of
/// numbers; <c>…Jvp</c>: the tangent along a vector of directions), checked against central finite differences.
/// </summary>
public class StructAndObjectTangentTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        public static partial class V
        {
            [Differentiable]
            public static float Spring(Vector3 a, Vector3 b, float k)
            {
                Vector3 d = a - b;
                float s = d.Length() - 1.5f;
                return 0.5f * k * s * s;
            }

            public static double SpringFlat(double[] p) => Spring(new((float)p[0], (float)p[1], (float)p[2]), new((float)p[3], (float)p[4], (float)p[5]), (float)p[6]);

            public static double SpringJvp(double[] p, double[] v)
            {
                SpringTangent(new((float)p[0], (float)p[1], (float)p[2]), new((float)p[3], (float)p[4], (float)p[5]), (float)p[6],
                    new((float)v[0], (float)v[1], (float)v[2]), new((float)v[3], (float)v[4], (float)v[5]), (float)v[6], out float t);
                return t;
            }

            [Differentiable]
            public static float Orbit(Vector2 x0, Vector2 v0, int n, float dt)
            {
                Vector2 x = x0, v = v0;
                for (int i = 0; i < n; i++)
                {
                    Vector2 f = -x * x.Length() - 0.1f * v;
                    v += f * dt;
                    x += v * dt;
                }

                return x.X * 2 + x.Y;
            }

            public static double OrbitFlat(double[] p) => Orbit(new((float)p[0], (float)p[1]), new((float)p[2], (float)p[3]), 5, 0.1f);

            public static double OrbitJvp(double[] p, double[] v)
            {
                OrbitTangent(new((float)p[0], (float)p[1]), new((float)p[2], (float)p[3]), 5, 0.1f, new((float)v[0], (float)v[1]), new((float)v[2], (float)v[3]), 0f, out float t);
                return t;
            }

            [Differentiable]
            public static Vector3 Blend(Vector3 a, Vector3 b, float t) => a * (1 - t) + b * t * t;

            [Differentiable]
            public static float UsesBlend(Vector3 a, float t)
            {
                Vector3 m = Blend(a, a * 2, t);
                return m.X * m.Y + m.Z;
            }

            public static double UsesBlendFlat(double[] p) => UsesBlend(new((float)p[0], (float)p[1], (float)p[2]), (float)p[3]);

            public static double UsesBlendJvp(double[] p, double[] v)
            {
                UsesBlendTangent(new((float)p[0], (float)p[1], (float)p[2]), (float)p[3], new((float)v[0], (float)v[1], (float)v[2]), (float)v[3], out float t);
                return t;
            }

            /// <summary>The struct result's tangent, component 0..2, as a number.</summary>
            public static double BlendJvp(double[] p, double[] v, int component)
            {
                BlendTangent(new((float)p[0], (float)p[1], (float)p[2]), new((float)p[3], (float)p[4], (float)p[5]), (float)p[6],
                    new((float)v[0], (float)v[1], (float)v[2]), new((float)v[3], (float)v[4], (float)v[5]), (float)v[6], out Vector3 t);
                return component == 0 ? t.X : component == 1 ? t.Y : t.Z;
            }

            public static double BlendFlat(double[] p, int component)
            {
                Vector3 r = Blend(new((float)p[0], (float)p[1], (float)p[2]), new((float)p[3], (float)p[4], (float)p[5]), (float)p[6]);
                return component == 0 ? r.X : component == 1 ? r.Y : r.Z;
            }
        }

        public sealed partial class Neuron
        {
            public double[] W = new double[3];
            public double Bias;

            [Differentiable]
            public double Activate(double[] x)
            {
                double z = Bias;
                for (int i = 0; i < x.Length; i++) z += W[i] * x[i];
                return Math.Tanh(z);
            }

            // p = (W0, W1, W2, Bias, x0, x1, x2).
            public static double ActivateFlat(double[] p) => new Neuron { W = [p[0], p[1], p[2]], Bias = p[3] }.Activate([p[4], p[5], p[6]]);

            public static double ActivateJvp(double[] p, double[] v)
            {
                var neuron = new Neuron { W = [p[0], p[1], p[2]], Bias = p[3] };
                var tangent = new Neuron { W = [v[0], v[1], v[2]], Bias = v[3] };
                neuron.ActivateTangent([p[4], p[5], p[6]], tangent, [v[4], v[5], v[6]], out double t);
                return t;
            }

            public static void MissingTangentObject() => new Neuron().ActivateTangent([1.0, 2.0, 3.0], null!, [0.0, 0.0, 0.0], out _);

            public static void ShortTangentMember() => new Neuron().ActivateTangent([1.0, 2.0, 3.0], new Neuron { W = new double[2] }, [0.0, 0.0, 0.0], out _);
        }

        public static partial class Losses
        {
            // An object parameter: its members' tangents are the same members of tNeuron.
            [Differentiable]
            public static double Loss(Neuron neuron, double[] x, double target)
            {
                double z = neuron.Bias;
                for (int i = 0; i < x.Length; i++) z += neuron.W[i] * x[i];
                double e = Math.Tanh(z) - target;
                return e * e;
            }

            // p = (W0, W1, W2, Bias, x0, x1, x2, target).
            public static double LossFlat(double[] p) => Loss(new Neuron { W = [p[0], p[1], p[2]], Bias = p[3] }, [p[4], p[5], p[6]], p[7]);

            public static double LossJvp(double[] p, double[] v)
            {
                LossTangent(new Neuron { W = [p[0], p[1], p[2]], Bias = p[3] }, [p[4], p[5], p[6]], p[7], new Neuron { W = [v[0], v[1], v[2]], Bias = v[3] }, [v[4], v[5], v[6]], v[7], out double t);
                return t;
            }
        }

        // Members the methods write: their tangents go both ways in tThis.
        public sealed partial class Cell
        {
            public double State;
            public double[] H = new double[2];
            public double Gain = 1.5;

            [Differentiable]
            public double Step(double x)
            {
                State = Math.Tanh(Gain * State + x);
                for (int i = 0; i < H.Length; i++) H[i] = H[i] * State + x;
                return State * H[0];
            }

            [Differentiable]
            public void Decay(double rate)
            {
                State *= Math.Exp(-rate);
                H[1] += State * rate;
            }

            // p = (State, H0, H1, Gain, x): the result plus a weighted sum of the members it leaves.
            private static Cell Of(double[] p) => new() { State = p[0], H = [p[1], p[2]], Gain = p[3] };

            private static double Left(Cell c) => 0.7 * c.State - 1.3 * c.H[0] + 0.4 * c.H[1] + 2.1 * c.Gain;

            public static double StepFlat(double[] p)
            {
                Cell c = Of(p);
                return c.Step(p[4]) + Left(c);
            }

            public static double StepJvp(double[] p, double[] v)
            {
                Cell c = Of(p), t = Of(v);
                c.StepTangent(p[4], t, v[4], out double tResult);
                return tResult + Left(t);
            }

            public static double DecayFlat(double[] p)
            {
                Cell c = Of(p);
                c.Decay(p[4]);
                return Left(c);
            }

            public static double DecayJvp(double[] p, double[] v)
            {
                Cell c = Of(p), t = Of(v);
                c.DecayTangent(p[4], t, v[4]);
                return Left(t);
            }

            public static void SameObject()
            {
                Cell c = Of([0.1, 0.2, 0.3, 0.4]);
                c.StepTangent(1.0, c, 0.0, out _);
            }

            public static void SharedArray()
            {
                Cell c = Of([0.1, 0.2, 0.3, 0.4]);
                c.DecayTangent(1.0, new Cell { H = c.H }, 0.0);
            }
        }

        // Calls that pass the tangent object on: an instance method calling another, a static method calling one
        // on its object parameter and passing that object to another method.
        public sealed partial class Cell2
        {
            public double State;
            public double[] W = new double[2];

            [Differentiable]
            public double Read(double x) => State * x + W[0] * W[1];

            [Differentiable]
            public double Twice(double x) => Read(x) + Read(2 * x) * Math.Sin(State);

            // p = (State, W0, W1, x).
            private static Cell2 Of(double[] p) => new() { State = p[0], W = [p[1], p[2]] };

            public static double TwiceFlat(double[] p) => Of(p).Twice(p[3]);

            public static double TwiceJvp(double[] p, double[] v)
            {
                Of(p).TwiceTangent(p[3], Of(v), v[3], out double t);
                return t;
            }

            public static double OutsideFlat(double[] p) => Calls.Outside(Of(p), p[3]);

            public static double OutsideJvp(double[] p, double[] v)
            {
                Calls.OutsideTangent(Of(p), p[3], Of(v), v[3], out double t);
                return t;
            }
        }

        public static partial class Calls
        {
            [Differentiable]
            public static double Outside(Cell2 c, double x) => c.Read(x) * x + Inside(c, x);

            [Differentiable]
            public static double Inside(Cell2 c, double x) => c.State * c.W[1] * x;
        }

        public record struct Charge(double Q, double X);

        public sealed partial class Field
        {
            public double[][] J = [[0.0, 0.0], [0.0]];
            public Charge[] C = new Charge[2];

            // A jagged member and a member array of structs: their tangents are the same members of tThis.
            [Differentiable]
            public double Sum(double x)
            {
                double s = 0;
                for (int i = 0; i < J.Length; i++)
                    for (int j = 0; j < J[i].Length; j++)
                        s += J[i][j] * x * C[i].Q + C[j].X * J[i][j];
                return s * x;
            }

            // p = (J00, J01, J10, C0.Q, C0.X, C1.Q, C1.X, x).
            private static Field Of(double[] p) => new() { J = [[p[0], p[1]], [p[2]]], C = [new(p[3], p[4]), new(p[5], p[6])] };

            public static double SumFlat(double[] p) => Of(p).Sum(p[7]);

            public static double SumJvp(double[] p, double[] v)
            {
                Of(p).SumTangent(p[7], Of(v), v[7], out double t);
                return t;
            }

            public static void ShortTangentRow() => Of(new double[8]).SumTangent(1.0, new Field { J = [[0.0, 0.0], []] }, 0.0, out _);
        }
        """);

    private static double Invoke(string type, string name, params object[] args) =>
        Convert.ToDouble(Source.Assembly.GetType(type, throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args));

    private static void MatchesFiniteDifferences(string type, string name, double[] point, double[] direction, double tolerance, double h, params object[] extra)
    {
        double[] plus = point.Select((x, i) => x + (h * direction[i])).ToArray(), minus = point.Select((x, i) => x - (h * direction[i])).ToArray();
        double fd = (Invoke(type, name + "Flat", [plus, .. extra]) - Invoke(type, name + "Flat", [minus, .. extra])) / (2 * h);
        GradientAssert.Close(fd, Invoke(type, name + "Jvp", [point, direction, .. extra]), tolerance, $"{name} along ({string.Join(", ", direction)})");
    }

    private static double[] Unit(int length, int at) => Enumerable.Range(0, length).Select(i => i == at ? 1.0 : 0.0).ToArray();

    [Fact]
    public void Vector3_parameters_take_Vector3_tangents()
    {
        double[] point = [0.5, -1.0, 2.0, 1.5, 0.25, -0.5, 3.0];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("V", "Spring", point, Unit(point.Length, i), 2e-3, 1e-3);
        }

        MatchesFiniteDifferences("V", "Spring", [1.0, 1.0, 1.0, -1.0, 0.0, 2.0, 0.5], [0.3, -0.2, 0.5, 1.0, -1.0, 0.1, 0.7], 2e-3, 1e-3);
    }

    [Fact]
    public void Vector2_values_through_a_loop()
    {
        MatchesFiniteDifferences("V", "Orbit", [1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0], 2e-3, 1e-3);
        MatchesFiniteDifferences("V", "Orbit", [1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0], 2e-3, 1e-3);
        MatchesFiniteDifferences("V", "Orbit", [0.5, -0.7, 0.2, 0.3], [0.4, -1.0, 0.6, 0.9], 2e-3, 1e-3);
    }

    [Fact]
    public void A_struct_result_and_a_struct_returning_callee()
    {
        double[] point = [0.5, -1.0, 2.0, 1.5, 0.25, -0.5, 0.3], direction = [0.3, -0.2, 0.5, 1.0, -1.0, 0.1, 0.7];
        for (int c = 0; c < 3; c++)
        {
            MatchesFiniteDifferences("V", "Blend", point, direction, 2e-3, 1e-3, c);
        }

        MatchesFiniteDifferences("V", "UsesBlend", [0.5, -1.0, 2.0, 0.3], [1.0, 0.0, 0.0, 0.0], 2e-3, 1e-3);
        MatchesFiniteDifferences("V", "UsesBlend", [0.5, -1.0, 2.0, 0.3], [0.2, 0.4, -0.6, 1.0], 2e-3, 1e-3);
        MatchesFiniteDifferences("V", "UsesBlend", [-1.5, 0.7, 0.1, -0.8], [0.0, 1.0, 0.0, 0.5], 2e-3, 1e-3);
    }

    [Fact]
    public void An_instance_method_takes_a_tangent_object_for_its_fields()
    {
        double[] point = [0.3, -0.5, 0.8, 0.1, 1.0, 0.5, -0.7];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("Neuron", "Activate", point, Unit(point.Length, i), 1e-6, 1e-6);
        }

        MatchesFiniteDifferences("Neuron", "Activate", [1.0, 0.2, -0.4, -0.3, 0.5, 0.5, 2.0], [0.1, -0.2, 0.3, 1.0, -1.0, 0.5, 0.25], 1e-6, 1e-6);
    }

    [Fact]
    public void Jagged_members_and_member_arrays_of_structs_take_their_tangents_in_the_tangent_object()
    {
        double[] point = [0.3, -0.5, 0.8, 0.1, 1.0, 0.5, -0.7, 0.9];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("Field", "Sum", point, Unit(point.Length, i), 1e-7, 1e-6);
        }

        MatchesFiniteDifferences("Field", "Sum", point, [0.1, -0.2, 0.3, 1.0, -1.0, 0.5, 0.25, -0.4], 1e-7, 1e-6);
        var misshapen = Assert.Throws<TargetInvocationException>(() => Source.Assembly.GetType("Field", throwOnError: true)!.GetMethod("ShortTangentRow")!.Invoke(null, null));
        Assert.IsType<ArgumentException>(misshapen.InnerException);
    }

    [Fact]
    public void An_object_parameter_takes_a_tangent_object_of_its_class()
    {
        double[] point = [0.3, -0.5, 0.8, 0.1, 1.0, 0.5, -0.7, 0.2];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("Losses", "Loss", point, Unit(point.Length, i), 1e-7, 1e-6);
        }

        MatchesFiniteDifferences("Losses", "Loss", [1.0, 0.2, -0.4, -0.3, 0.5, 0.5, 2.0, -0.6], [0.1, -0.2, 0.3, 1.0, -1.0, 0.5, 0.25, 0.8], 1e-7, 1e-6);
    }

    [Theory]
    [InlineData("Twice")]
    [InlineData("Outside")]
    public void Calls_pass_the_tangent_object_on(string name)
    {
        double[] point = [0.7, 0.3, -1.1, 0.4];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("Cell2", name, point, Unit(point.Length, i), 1e-7, 1e-6);
        }

        MatchesFiniteDifferences("Cell2", name, [-0.2, 1.1, 0.5, 0.8], [0.3, -1.0, 0.6, 0.2], 1e-7, 1e-6);
    }

    [Theory]
    [InlineData("Step")]
    [InlineData("Decay")]
    public void Members_the_method_writes_leave_their_tangents_in_the_tangent_object(string name)
    {
        double[] point = [0.4, -0.6, 0.9, 1.5, 0.3];
        for (int i = 0; i < point.Length; i++)
        {
            MatchesFiniteDifferences("Cell", name, point, Unit(point.Length, i), 1e-7, 1e-6);
        }

        MatchesFiniteDifferences("Cell", name, [-0.2, 1.1, 0.5, 0.8, -0.7], [0.3, -1.0, 0.6, 0.2, 0.9], 1e-7, 1e-6);
    }

    [Theory]
    [InlineData("SameObject", "'tThis' must be a separate object: the method writes the members of 'this' and their tangents into those of 'tThis'. (Parameter 'tThis')")]
    [InlineData("SharedArray", "'tThis.H' must be another array than 'this.H': the method writes both. (Parameter 'tThis')")]
    public void A_tangent_object_sharing_what_the_method_writes_is_refused(string driver, string message)
    {
        var thrown = Assert.Throws<TargetInvocationException>(() => Source.Assembly.GetType("Cell", throwOnError: true)!.GetMethod(driver)!.Invoke(null, null));
        Assert.Equal(message, Assert.IsType<ArgumentException>(thrown.InnerException).Message);
    }

    [Fact]
    public void A_missing_or_misshapen_tangent_object_is_refused()
    {
        Type neuron = Source.Assembly.GetType("Neuron", throwOnError: true)!;
        var missing = Assert.Throws<TargetInvocationException>(() => neuron.GetMethod("MissingTangentObject")!.Invoke(null, null));
        Assert.IsType<ArgumentNullException>(missing.InnerException);
        var misshapen = Assert.Throws<TargetInvocationException>(() => neuron.GetMethod("ShortTangentMember")!.Invoke(null, null));
        Assert.Equal("tThis", Assert.IsType<ArgumentException>(misshapen.InnerException).ParamName);
    }
}
