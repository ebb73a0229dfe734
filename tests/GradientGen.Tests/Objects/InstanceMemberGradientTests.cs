using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Instance methods of a class whose members carry derivatives (the class's <c>Layer</c> with fields W and
/// b): the backward takes a shadow <c>dThis</c> of the same class and adds the members' adjoints into it.
/// Checked against central finite differences at several points, against the class's closed forms
/// (db = dY ⊙ g'(z), dW = db·xᵀ, dX = Wᵀ·db), for accumulation, and for what stays a constant. Each method
/// has a flat driver (one parameter vector in, value or gradient out).
/// </summary>
public class InstanceMemberGradientTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public sealed partial class Layer
        {
            public readonly double[,] W;                 // read-only reference, elements carry derivatives
            public double[] b { get; }                   // get-only auto-property of an array: same
            public double scale = 1.0;                   // writable scalar: carries a derivative
            [NoDerivative] public double[]? mask;        // a constant on purpose: the shadow's may be null
            public int calls;                            // not floating: never an input

            public Layer(int inputs, int outputs) { W = new double[outputs, inputs]; b = new double[outputs]; }

            // y = scale · tanh(W·x + b), masked where a mask is set.
            [Differentiable]
            public double[] Forward(double[] x)
            {
                int k = W.GetLength(0);
                var y = new double[k];
                for (int i = 0; i < k; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += W[i, j] * x[j];
                    double m = mask is null ? 1.0 : mask[i];
                    y[i] = m * scale * Math.Tanh(z);
                }

                return y;
            }

            // J = Σ (y − t)² over the same layer, written as one method.
            [Differentiable]
            public double Loss(double[] x, [NoDerivative] double[] t)
            {
                double loss = 0;
                for (int i = 0; i < b.Length; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += this.W[i, j] * x[j];
                    double e = scale * Math.Tanh(z) - t[i];
                    loss += e * e;
                }

                calls++;
                return loss;
            }
        }

        public class Model
        {
            protected double[] theta = new double[3];
            public double Offset { get; set; }
        }

        // Members inherited from a base class are inputs too; the shadow has the derived type.
        public sealed partial class Quadratic : Model
        {
            public double[] Theta => theta;

            [Differentiable]
            public double At(double s) => theta[0] + theta[1] * s + theta[2] * s * s * Math.Sin(Offset + s);
        }

        public static class Drivers
        {
            private static readonly double[] T = { 0.3, -0.4 };
            private static readonly double[] DY = { 0.7, -1.3 };

            // W 2×3, b 2, scale, x 3 → 12 parameters.
            private static Layer Unpack(double[] f, out double[] x)
            {
                var layer = new Layer(3, 2);
                for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) layer.W[i, j] = f[i * 3 + j];
                layer.b[0] = f[6]; layer.b[1] = f[7];
                layer.scale = f[8];
                x = f[9..12];
                return layer;
            }

            private static double[] Flatten(Layer d, double[] dx) =>
                [d.W[0, 0], d.W[0, 1], d.W[0, 2], d.W[1, 0], d.W[1, 1], d.W[1, 2], d.b[0], d.b[1], d.scale, .. dx];

            public static double LossValue(double[] f) => Unpack(f, out double[] x).Loss(x, T);

            public static double[] LossGradient(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                var d = new Layer(3, 2) { scale = 0 };
                var dx = new double[3];
                layer.LossBackward(x, T, 1.0, d, dx);
                return Flatten(d, dx);
            }

            // The vector-Jacobian product with the fixed cotangent DY: the gradient of DY · Forward(x).
            public static double ForwardValue(double[] f)
            {
                double[] y = Unpack(f, out double[] x).Forward(x);
                return DY[0] * y[0] + DY[1] * y[1];
            }

            public static double[] ForwardGradient(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                var d = new Layer(3, 2) { scale = 0 };
                var dx = new double[3];
                layer.ForwardBackward(x, DY, d, dx);
                return Flatten(d, dx);
            }

            // theta 3, Offset, s → 5 parameters.
            private static Quadratic UnpackQuadratic(double[] f)
            {
                var q = new Quadratic { Offset = f[3] };
                f.AsSpan(0, 3).CopyTo(q.Theta);
                return q;
            }

            public static double QuadraticValue(double[] f) => UnpackQuadratic(f).At(f[4]);

            public static double[] QuadraticGradient(double[] f)
            {
                var d = new Quadratic();
                double ds = 0;
                UnpackQuadratic(f).AtBackward(f[4], 1.0, d, ref ds);
                return [.. d.Theta, d.Offset, ds];
            }

            // Two calls into one shadow: the second adds to the first.
            public static double[] LossTwice(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                var d = new Layer(3, 2) { scale = 0 };
                var dx = new double[3];
                layer.LossBackward(x, T, 1.0, d, dx);
                layer.LossBackward(x, T, 1.0, d, dx);
                return Flatten(d, dx);
            }

            public static double MaskedForward(double[] f, double[] mask, out double[] gradient)
            {
                Layer layer = Unpack(f, out double[] x);
                layer.mask = mask;
                var d = new Layer(3, 2) { scale = 0 };
                var dx = new double[3];
                double[] y = layer.ForwardBackward(x, DY, d, dx);
                gradient = Flatten(d, dx);
                return d.mask is null ? y[0] : double.NaN;
            }

            public static int CallsAfterBackward(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                layer.LossBackward(x, T, 1.0, new Layer(3, 2), new double[3]);
                return layer.calls;
            }

            public static void BackwardIntoItself(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                layer.LossBackward(x, T, 1.0, layer, new double[3]);
            }

            public static void BackwardIntoNull(double[] f)
            {
                Layer layer = Unpack(f, out double[] x);
                layer.LossBackward(x, T, 1.0, null!, new double[3]);
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    private static double[] Point(int size, Random random) => Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    public static TheoryData<string, int> Cases => new()
    {
        { "Loss", 12 },
        { "Forward", 12 },
        { "Quadratic", 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Member_and_parameter_gradients_match_finite_differences_at_several_points(string name, int size)
    {
        var random = new Random(23);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Point(size, random);
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Layer_backward_equals_the_class_formulas()
    {
        // y = s·tanh(z), z = W·x + b; with dY given: db = dY ⊙ s·(1 − tanh²z), dW = db·xᵀ, dX = Wᵀ·db, ds = Σ dY ⊙ tanh z.
        double[] f = Point(12, new Random(5));
        double[] dy = [0.7, -1.3];
        double s = f[8];
        double[] x = f[9..12];
        double[] db = new double[2];
        double ds = 0;
        for (int i = 0; i < 2; i++)
        {
            double z = f[6 + i] + f[i * 3] * x[0] + f[i * 3 + 1] * x[1] + f[i * 3 + 2] * x[2];
            double tanh = Math.Tanh(z);
            db[i] = dy[i] * s * (1 - tanh * tanh);
            ds += dy[i] * tanh;
        }

        double[] generated = Drivers.Gradient("Forward", f);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                GradientAssert.Close(db[i] * x[j], generated[i * 3 + j], 1e-14, $"dW[{i},{j}]");
            }

            GradientAssert.Close(db[i], generated[6 + i], 1e-14, $"db[{i}]");
        }

        GradientAssert.Close(ds, generated[8], 1e-14, "dscale");
        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(f[j] * db[0] + f[3 + j] * db[1], generated[9 + j], 1e-14, $"dX[{j}]");
        }
    }

    [Fact]
    public void Shadow_members_accumulate_across_calls()
    {
        double[] f = Point(12, new Random(8));
        double[] once = Drivers.Gradient("Loss", f);
        double[] twice = (double[])Drivers.Call("LossTwice", f)!;
        for (int k = 0; k < once.Length; k++)
        {
            GradientAssert.Close(2 * once[k], twice[k], 1e-12, $"p[{k}]");
        }
    }

    [Fact]
    public void A_NoDerivative_member_is_a_constant_and_its_shadow_is_never_touched()
    {
        double[] f = Point(12, new Random(9));
        double[] mask = [0.5, 2.0];
        object?[] args = [f, mask, null];
        double first = (double)Drivers.Call("MaskedForward", args)!;
        double[] gradient = (double[])args[2]!;

        // The shadow's mask stayed null (the backward never read it), and the mask scales each row's derivative.
        Assert.False(double.IsNaN(first));
        double[] unmasked = Drivers.Gradient("Forward", f);
        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(mask[0] * unmasked[j], gradient[j], 1e-14, $"dW[0,{j}]");
            GradientAssert.Close(mask[1] * unmasked[3 + j], gradient[3 + j], 1e-14, $"dW[1,{j}]");
        }
    }

    [Fact]
    public void Auto_properties_without_a_derivative_are_read_as_constants()
    {
        // A [NoDerivative] auto-property and a get-only one read as fields are (GG0003 before: "make it an auto-property").
        Assembly assembly = GeneratorHarness.CompileAndLoad("""
            using GradientGen;

            public sealed partial class Ball
            {
                public double X { get; set; }

                [NoDerivative]
                public double Gravity { get; set; } = 9.81;

                [NoDerivative]
                public double Half { get; } = 0.5;

                [Differentiable]
                public double Fall(double t) => X - Half * Gravity * t * t;
            }
            """);
        Type ball = assembly.GetType("Ball")!;
        object instance = Activator.CreateInstance(ball)!, shadow = Activator.CreateInstance(ball)!;
        ball.GetProperty("X")!.SetValue(instance, 2.0);
        object?[] args = [0.5, 1.0, shadow, 0.0];
        double value = (double)ball.GetMethod("FallBackward")!.Invoke(instance, args)!;
        Assert.Equal(2.0 - (0.5 * 9.81 * 0.25), value);
        Assert.Equal(1.0, (double)ball.GetProperty("X")!.GetValue(shadow)!);
        Assert.Equal(-9.81 * 0.5, (double)args[3]!, 1e-15);
        Assert.Equal(9.81, (double)ball.GetProperty("Gravity")!.GetValue(shadow)!); // untouched: its initializer's value
    }

    [Fact]
    public void The_backward_has_the_side_effects_of_the_method_on_inactive_members()
    {
        Assert.Equal(1, (int)Drivers.Call("CallsAfterBackward", Point(12, new Random(1)))!);
    }

    [Theory]
    [InlineData("BackwardIntoItself", typeof(ArgumentException))]
    [InlineData("BackwardIntoNull", typeof(ArgumentNullException))]
    public void A_shadow_that_is_the_object_itself_or_null_is_refused(string driver, Type exception)
    {
        var e = Assert.Throws<TargetInvocationException>(() => Drivers.Call(driver, Point(12, new Random(2))));
        Assert.IsType(exception, e.InnerException);
    }

    [Fact]
    public void The_backward_takes_the_shadow_after_dResult_and_no_Gradient_is_generated()
    {
        Type layer = Drivers.Assembly.GetType("Layer")!;
        string[] parameters = layer.GetMethod("LossBackward")!.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}").ToArray();
        Assert.Equal(["Double[] x", "Double[] t", "Double dResult", "Layer dThis", "Span`1 dX"], parameters);
        Assert.Null(layer.GetMethod("LossGradient"));
    }
}
