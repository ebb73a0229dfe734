using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Two objects of one class: the course's network as two <c>Layer</c> objects used through [Differentiable] methods
/// (<c>l1.Forward(x)</c> then <c>l2.Forward(h)</c>, each backward given its object's shadow, <c>dL1</c>, <c>dL2</c>);
/// objects passed to a static helper; an instance method running another object of its class; the same object
/// passed twice (its adjoints add up in its shadow); and bodies whose members the method reads and writes itself
/// (<c>a.X - b.X</c>, <c>this.Mass * other.Mass</c>, a step that moves both), each object's members variables of
/// their own. Checked against central finite differences at several points in reverse and forward mode and a
/// closed form, with the run-time checks of the shadows and of one object given twice to a method that writes it.
/// </summary>
public class TwoObjectsOfOneClassTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public sealed partial class Layer
        {
            public double[] W = [];
            public double[] b = [];

            // tanh(W·x + b), W row-major (b.Length × x.Length).
            [Differentiable]
            public double[] Forward(double[] x)
            {
                var y = new double[b.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += W[i * x.Length + j] * x[j];
                    y[i] = Math.Tanh(z);
                }

                return y;
            }

            // This layer, then another object of its class.
            [Differentiable]
            public double Stack(Layer next, double[] x)
            {
                double[] y = next.Forward(Forward(x));
                return y[0] * y[1];
            }
        }

        public static partial class Net
        {
            [Differentiable]
            public static double Sum(Layer layer, double[] x)
            {
                double[] y = layer.Forward(x);
                double s = 0;
                foreach (double v in y) s += v;
                return s;
            }

            // The two-layer network and its squared error.
            [Differentiable]
            public static double Loss(Layer l1, Layer l2, double[] x, [NoDerivative] double[] t)
            {
                double[] h = l1.Forward(x);
                double[] y = l2.Forward(h);
                double loss = 0;
                for (int i = 0; i < t.Length; i++) loss += (y[i] - t[i]) * (y[i] - t[i]);
                return loss;
            }

            // The objects given to a static helper.
            [Differentiable]
            public static double Helped(Layer a, Layer b, double[] x) => Sum(a, x) * Sum(b, x);
        }

        public sealed partial class Body
        {
            public double X, Y, V, Mass;
            public double[] Charge = [0.0, 0.0];

            [Differentiable]
            public double Scaled(double x) => Mass * x;

            // Its own members and another body's, read side by side.
            [Differentiable]
            public double EnergyWith(Body other)
            {
                double dx = X - other.X, dy = Y - other.Y;
                return Mass * other.Mass / Math.Sqrt(dx * dx + dy * dy) + Charge[0] * other.Charge[1];
            }

            // Its own member beside another body's method, and the other's member beside its own method.
            [Differentiable]
            public double Mine(Body other, double x) => X * other.Scaled(x) + other.Y * Scaled(x);
        }

        public class Mass
        {
            public double M;
        }

        public sealed class Heavy : Mass
        {
        }

        public static partial class Bodies
        {
            // Two declared types, one deriving from the other: one object may be both.
            [Differentiable]
            public static double Pair(Heavy h, Mass m) => h.M * m.M;

            // A spring and a charge between two bodies: both objects' members read.
            [Differentiable]
            public static double Spring(Body a, Body b, double k)
            {
                double dx = a.X - b.X, dy = a.Y - b.Y;
                double r = Math.Sqrt(dx * dx + dy * dy);
                return 0.5 * k * (r - 1) * (r - 1) + a.Charge[0] * b.Charge[1] / r + a.Mass * b.V;
            }

            // Three steps pulling two bodies together: both objects' members written, then read.
            [Differentiable]
            public static double Step(Body a, Body b, double dt)
            {
                for (int i = 0; i < 3; i++)
                {
                    a.V += dt * (b.X - a.X) * b.Mass;
                    b.V += dt * (a.X - b.X) * a.Mass;
                    a.X += dt * a.V;
                    b.X += dt * b.V;
                    a.Charge[0] *= 1 + dt * b.Charge[1];
                }

                return a.X * b.X + a.V * b.V + a.Charge[0];
            }

            // One object's members read, the other's used through a method.
            [Differentiable]
            public static double Half(Body a, Body b, double x) => a.Mass * b.Scaled(x) + b.X * a.Scaled(x);
        }

        public static class Drivers
        {
            // Layer 1: 3 → 2 (W 6, b 2), layer 2: 2 → 2 (W 4, b 2), x (3): 17.
            private static Layer L1(double[] f) => new() { W = f[..6], b = f[6..8] };
            private static Layer L2(double[] f) => new() { W = f[8..12], b = f[12..14] };
            private static readonly double[] Target = [0.25, -0.5];

            public static double LossValue(double[] f) => Net.Loss(L1(f), L2(f), f[14..], Target);
            public static double[] LossGradient(double[] f)
            {
                Layer d1 = new() { W = new double[6], b = new double[2] }, d2 = new() { W = new double[4], b = new double[2] };
                var dX = new double[3];
                double value = Net.LossBackward(L1(f), L2(f), f[14..], Target, 1.0, d1, d2, dX);
                if (value != LossValue(f)) throw new InvalidOperationException("the backward's value is off");
                return [.. d1.W, .. d1.b, .. d2.W, .. d2.b, .. dX];
            }
            public static double[] LossTangent(double[] f, double[] t) => [Net.LossTangent(L1(f), L2(f), f[14..], Target, L1(t), L2(t), t[14..], out double tResult), tResult];

            public static double StackValue(double[] f) => L1(f).Stack(L2(f), f[14..]);
            public static double[] StackGradient(double[] f)
            {
                Layer d1 = new() { W = new double[6], b = new double[2] }, d2 = new() { W = new double[4], b = new double[2] };
                var dX = new double[3];
                L1(f).StackBackward(L2(f), f[14..], 1.0, d1, d2, dX);
                return [.. d1.W, .. d1.b, .. d2.W, .. d2.b, .. dX];
            }
            public static double[] StackTangent(double[] f, double[] t) => [L1(f).StackTangent(L2(f), f[14..], L1(t), L2(t), t[14..], out double tResult), tResult];

            // Both layers 2 → 2 (W 4, b 2 each), x (2): 14.
            private static Layer A(double[] f) => new() { W = f[..4], b = f[4..6] };
            private static Layer B(double[] f) => new() { W = f[6..10], b = f[10..12] };
            public static double HelpedValue(double[] f) => Net.Helped(A(f), B(f), f[12..]);
            public static double[] HelpedGradient(double[] f)
            {
                Layer dA = new() { W = new double[4], b = new double[2] }, dB = new() { W = new double[4], b = new double[2] };
                var dX = new double[2];
                Net.HelpedBackward(A(f), B(f), f[12..], 1.0, dA, dB, dX);
                return [.. dA.W, .. dA.b, .. dB.W, .. dB.b, .. dX];
            }
            public static double[] HelpedTangent(double[] f, double[] t) => [Net.HelpedTangent(A(f), B(f), f[12..], A(t), B(t), t[12..], out double tResult), tResult];

            // One layer 2 → 2 given as both (W 4, b 2), x (2): 8; its adjoints add up in its one shadow.
            private static Layer Same(double[] f) => new() { W = f[..4], b = f[4..6] };
            public static double SameValue(double[] f) { Layer l = Same(f); return Net.Loss(l, l, f[6..], Target); }
            public static double[] SameGradient(double[] f)
            {
                Layer l = Same(f), d = new() { W = new double[4], b = new double[2] };
                var dX = new double[2];
                Net.LossBackward(l, l, f[6..], Target, 1.0, d, d, dX);
                return [.. d.W, .. d.b, .. dX];
            }
            public static double[] SameTangent(double[] f, double[] t) { Layer l = Same(f), tl = Same(t); return [Net.LossTangent(l, l, f[6..], Target, tl, tl, t[6..], out double tResult), tResult]; }

            // A body: X, Y, V, Mass, Charge (2): 6 values; two bodies then a scalar: 13.
            private static Body Body(double[] f, int at) => new() { X = f[at], Y = f[at + 1], V = f[at + 2], Mass = f[at + 3], Charge = f[(at + 4)..(at + 6)] };
            private static double[] Flat(Body d) => [d.X, d.Y, d.V, d.Mass, .. d.Charge];
            private static Body Zero() => new() { Charge = new double[2] };

            public static double SpringValue(double[] f) => Bodies.Spring(Body(f, 0), Body(f, 6), f[12]);
            public static double[] SpringGradient(double[] f)
            {
                Body dA = Zero(), dB = Zero();
                double dK = 0;
                double value = Bodies.SpringBackward(Body(f, 0), Body(f, 6), f[12], 1.0, dA, dB, ref dK);
                if (value != SpringValue(f)) throw new InvalidOperationException("the backward's value is off");
                return [.. Flat(dA), .. Flat(dB), dK];
            }
            public static double[] SpringTangent(double[] f, double[] t) => [Bodies.SpringTangent(Body(f, 0), Body(f, 6), f[12], Body(t, 0), Body(t, 6), t[12], out double tResult), tResult];

            public static double StepValue(double[] f) => Bodies.Step(Body(f, 0), Body(f, 6), f[12]);
            public static double[] StepGradient(double[] f)
            {
                Body dA = Zero(), dB = Zero();
                double dDt = 0;
                double value = Bodies.StepBackward(Body(f, 0), Body(f, 6), f[12], 1.0, dA, dB, ref dDt);
                if (value != StepValue(f)) throw new InvalidOperationException("the backward's value is off");
                return [.. Flat(dA), .. Flat(dB), dDt];
            }
            public static double[] StepTangent(double[] f, double[] t) => [Bodies.StepTangent(Body(f, 0), Body(f, 6), f[12], Body(t, 0), Body(t, 6), t[12], out double tResult), tResult];

            public static double HalfValue(double[] f) => Bodies.Half(Body(f, 0), Body(f, 6), f[12]);
            public static double[] HalfGradient(double[] f)
            {
                Body dA = Zero(), dB = Zero();
                double dX = 0;
                Bodies.HalfBackward(Body(f, 0), Body(f, 6), f[12], 1.0, dA, dB, ref dX);
                return [.. Flat(dA), .. Flat(dB), dX];
            }
            public static double[] HalfTangent(double[] f, double[] t) => [Bodies.HalfTangent(Body(f, 0), Body(f, 6), f[12], Body(t, 0), Body(t, 6), t[12], out double tResult), tResult];

            // One body given as both (6), then x: its adjoints add up in its one shadow.
            public static double HalfSameValue(double[] f) { Body a = Body(f, 0); return Bodies.Half(a, a, f[6]); }
            public static double[] HalfSameGradient(double[] f)
            {
                Body a = Body(f, 0), d = Zero();
                double dX = 0;
                Bodies.HalfBackward(a, a, f[6], 1.0, d, d, ref dX);
                return [.. Flat(d), dX];
            }
            public static double[] HalfSameTangent(double[] f, double[] t) { Body a = Body(f, 0), ta = Body(t, 0); return [Bodies.HalfTangent(a, a, f[6], ta, ta, t[6], out double tResult), tResult]; }

            // this (6), other (6): 12.
            public static double EnergyWithValue(double[] f) => Body(f, 0).EnergyWith(Body(f, 6));
            public static double[] EnergyWithGradient(double[] f)
            {
                Body dThis = Zero(), dOther = Zero();
                Body(f, 0).EnergyWithBackward(Body(f, 6), 1.0, dThis, dOther);
                return [.. Flat(dThis), .. Flat(dOther)];
            }
            public static double[] EnergyWithTangent(double[] f, double[] t) => [Body(f, 0).EnergyWithTangent(Body(f, 6), Body(t, 0), Body(t, 6), out double tResult), tResult];

            public static double MineValue(double[] f) => Body(f, 0).Mine(Body(f, 6), f[12]);
            public static double[] MineGradient(double[] f)
            {
                Body dThis = Zero(), dOther = Zero();
                double dX = 0;
                Body(f, 0).MineBackward(Body(f, 6), f[12], 1.0, dThis, dOther, ref dX);
                return [.. Flat(dThis), .. Flat(dOther), dX];
            }
            public static double[] MineTangent(double[] f, double[] t) => [Body(f, 0).MineTangent(Body(f, 6), f[12], Body(t, 0), Body(t, 6), t[12], out double tResult), tResult];

            // A method that writes the members of one body, given one body as both.
            public static string StepOneBody(double[] f)
            {
                Body a = Body(f, 0);
                double dDt = 0;
                try
                {
                    Bodies.StepBackward(a, a, f[12], 1.0, Zero(), Zero(), ref dDt);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string StepTangentOneBody(double[] f)
            {
                Body a = Body(f, 0);
                try
                {
                    Bodies.StepTangent(a, a, f[12], Zero(), Zero(), 1.0, out double _);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string OneShadowForADerivedAndABaseObject()
            {
                var d = new Heavy();
                try
                {
                    Bodies.PairBackward(new Heavy { M = 2 }, new Mass { M = 3 }, 1.0, d, d);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string OneShadowForTwoLayers(double[] f)
            {
                try
                {
                    Layer d = new() { W = new double[6], b = new double[2] };
                    Net.LossBackward(L1(f), L2(f), f[14..], Target, 1.0, d, d, new double[3]);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string ShadowIsTheOtherLayer(double[] f)
            {
                try
                {
                    Layer l1 = L1(f), l2 = L2(f);
                    Net.LossBackward(l1, l2, f[14..], Target, 1.0, new Layer { W = new double[6], b = new double[2] }, l1, new double[3]);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    /// <summary>Name, number of inputs.</summary>
    public static TheoryData<string, int> Cases => new()
    {
        { "Loss", 17 },
        { "Stack", 17 },
        { "Helped", 14 },
        { "Same", 8 },
        { "Spring", 13 },
        { "Step", 13 },
        { "Half", 13 },
        { "HalfSame", 7 },
        { "EnergyWith", 12 },
        { "Mine", 13 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_through_two_objects_of_one_class_match_finite_differences(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_mode_through_two_objects_of_one_class_gives_the_gradient_along_the_direction(string name, int size)
    {
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, size);
            double[] direction = FlatDrivers.RandomPoint(20 + point, size);
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], 1e-12, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void One_shadow_for_two_distinct_objects_is_refused_at_run_time() =>
        Assert.Equal(
            "'dL2' must not be 'dL1': the adjoints of two objects, 'l1' and 'l2', would add up in one. (Parameter 'dL2')",
            (string)Drivers.Call("OneShadowForTwoLayers", FlatDrivers.RandomPoint(0, 17))!);

    [Fact]
    public void One_shadow_for_objects_of_a_derived_and_a_base_class_is_refused_at_run_time() =>
        Assert.Equal(
            "'dM' must not be 'dH': the adjoints of two objects, 'h' and 'm', would add up in one. (Parameter 'dM')",
            (string)Drivers.Call("OneShadowForADerivedAndABaseObject")!);

    [Fact]
    public void A_shadow_that_is_the_other_object_is_refused_at_run_time() =>
        Assert.Equal(
            "'dL2' must not be 'l1': the backward reads the members of 'l1' while it adds into those of 'dL2'. (Parameter 'dL2')",
            (string)Drivers.Call("ShadowIsTheOtherLayer", FlatDrivers.RandomPoint(0, 17))!);

    [Fact]
    public void The_spring_between_two_bodies_matches_its_closed_form()
    {
        // ∂/∂a.X = (k (r − 1) − qa qb / r²) dx / r = −∂/∂b.X; ∂/∂a.Mass = b.V, ∂/∂b.V = a.Mass; ∂/∂a.q0 = qb / r.
        double[] f = [0.3, 1.2, 0.4, 2.0, 0.5, 0.7, -0.5, 0.1, -0.6, 3.0, 1.5, -0.8, 1.7];
        double dx = f[0] - f[6], dy = f[1] - f[7], r = Math.Sqrt(dx * dx + dy * dy), k = f[12], qa = f[4], qb = f[11];
        double radial = k * (r - 1) - qa * qb / (r * r);
        double[] gradient = Drivers.Gradient("Spring", f);
        GradientAssert.Close(radial * dx / r, gradient[0], 1e-14, "dA.X");
        GradientAssert.Close(radial * dy / r, gradient[1], 1e-14, "dA.Y");
        GradientAssert.Close(-radial * dx / r, gradient[6], 1e-14, "dB.X");
        GradientAssert.Close(-radial * dy / r, gradient[7], 1e-14, "dB.Y");
        GradientAssert.Close(f[8], gradient[3], 0, "dA.Mass");
        GradientAssert.Close(f[3], gradient[8], 0, "dB.V");
        GradientAssert.Close(qb / r, gradient[4], 1e-15, "dA.Charge[0]");
        GradientAssert.Close(qa / r, gradient[11], 1e-15, "dB.Charge[1]");
        GradientAssert.Close(0.5 * (r - 1) * (r - 1), gradient[12], 1e-15, "dK");
        Assert.Equal([0.0, 0.0], [gradient[2], gradient[5]]);
    }

    [Fact]
    public void One_object_given_twice_to_a_method_that_writes_its_members_is_refused_at_run_time()
    {
        const string Expected = "'b' must not be 'a': the method writes the members of 'a' while its derivative reads those of 'b' as another object's. (Parameter 'b')";
        Assert.Equal(Expected, (string)Drivers.Call("StepOneBody", FlatDrivers.RandomPoint(0, 13))!);
        Assert.Equal(Expected, (string)Drivers.Call("StepTangentOneBody", FlatDrivers.RandomPoint(0, 13))!);
    }
}
