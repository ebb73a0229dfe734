using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Two objects of one class used through [Differentiable] methods only, the course's network as two <c>Layer</c>
/// objects: <c>l1.Forward(x)</c> then <c>l2.Forward(h)</c>, each backward given its object's shadow (<c>dL1</c>,
/// <c>dL2</c>); objects passed to a static helper; an instance method running another object of its class; the
/// same object passed twice (its adjoints add up in its shadow). Checked against central finite differences at
/// several points in reverse and forward mode, with the run-time checks of the shadows and what stays refused.
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
    public void A_shadow_that_is_the_other_object_is_refused_at_run_time() =>
        Assert.Equal(
            "'dL2' must not be 'l1': the backward reads the members of 'l1' while it adds into those of 'dL2'. (Parameter 'dL2')",
            (string)Drivers.Call("ShadowIsTheOtherLayer", FlatDrivers.RandomPoint(0, 17))!);

    [Fact]
    public Task Reading_the_members_of_two_objects_of_one_class_stays_refused() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public sealed partial class Layer
        {
            public double[] W = [];
            public double Gain;

            [Differentiable]
            public double Scaled(double x) => Gain * x;

            // Its own member read, and another object of its class used through a method.
            [Differentiable]
            public double Mine(Layer {|GG0001:other|}, double x) => Gain * other.Scaled(x);
        }

        public static partial class Net
        {
            // One object's members read, the other's used through a method.
            [Differentiable]
            public static double Half(Layer a, Layer {|GG0001:b|}, double x) => a.Gain * b.Scaled(x);
        }
        """);
}
