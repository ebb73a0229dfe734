using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Calls between methods on the same object: an instance method calling another on <c>this</c>
/// (<c>Square(Forward(x))</c>), a static method calling one on its object parameter (<c>layer.Forward(x)</c>) or
/// passing the object on (<c>Helper(layer, x)</c>, <c>Helper(this, x)</c>). The caller's shadow is passed to the
/// callee's backward. Checked against central differences at several points (with a member the caller writes
/// between two calls that read it: its shadow comes in weighted, F = r + w·Scale_final), the class's dense-layer
/// formulas, and what stays refused, pinned by id and span.
/// </summary>
public class ObjectCallTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public sealed partial class Layer
        {
            public double[,] W = new double[2, 3];
            public double[] b = new double[2];
            public double Scale = 1.5;

            // y = Scale·tanh(W·x + b)
            [Differentiable]
            public double[] Forward(double[] x)
            {
                var y = new double[b.Length];
                for (int i = 0; i < b.Length; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += W[i, j] * x[j];
                    y[i] = Scale * Math.Tanh(z);
                }

                return y;
            }

            [Differentiable]
            public static double Square(double[] y)
            {
                double s = 0;
                for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
                return s;
            }

            [Differentiable]
            public double Loss(double[] x)
            {
                double[] y = Forward(x);
                return Square(y);
            }

            // The array Forward returns, passed straight on.
            [Differentiable]
            public double Composed(double[] x) => Square(Forward(x)) * Scale;

            [Differentiable]
            public double Norm() => Scale * Scale + b[0] * b[1];

            // Writes a member between two calls that read it: the second call's backward must see the new value,
            // the first's the old one.
            [Differentiable]
            public double Stepped(double[] x)
            {
                double r = Norm() * x[0];
                Scale = Scale * x[1];
                return r + Scale * this.Norm() + Loss(x);
            }

            [Differentiable]
            public double Power(double x, int n) => n == 0 ? Scale * x : Scale * Power(x * W[0, 0], n - 1);

            [Differentiable]
            public double ViaHelper(double[] x) => Trainer.Helper(this, x) * 2;
        }

        public static partial class Trainer
        {
            [Differentiable]
            public static double Helper(Layer layer, double[] x) => layer.Loss(x) + layer.Scale * layer.Norm();

            [Differentiable]
            public static double Total(Layer layer, double[] x)
            {
                double[] y = layer.Forward(x);
                return Helper(layer, x) + y[0] * y[1];
            }
        }

        public static class Drivers
        {
            private const double WScale = 0.7;

            // W 2×3, b 2, Scale, x 3: 12.
            private static Layer Make(double[] f, out double[] x)
            {
                var layer = new Layer { Scale = f[8] };
                for (int k = 0; k < 6; k++) layer.W[k / 3, k % 3] = f[k];
                layer.b[0] = f[6];
                layer.b[1] = f[7];
                x = f[9..12];
                return layer;
            }

            private static double[] Flatten(Layer d, double[] dx) => [d.W[0, 0], d.W[0, 1], d.W[0, 2], d.W[1, 0], d.W[1, 1], d.W[1, 2], d.b[0], d.b[1], d.Scale, .. dx];

            public static double LossValue(double[] f) => Make(f, out double[] x).Loss(x);

            public static double[] LossGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = 0 };
                var dx = new double[3];
                layer.LossBackward(x, 1.0, d, dx);
                return Flatten(d, dx);
            }

            public static double ComposedValue(double[] f) => Make(f, out double[] x).Composed(x);

            public static double[] ComposedGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = 0 };
                var dx = new double[3];
                layer.ComposedBackward(x, 1.0, d, dx);
                return Flatten(d, dx);
            }

            public static double SteppedValue(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                return layer.Stepped(x) + WScale * layer.Scale;
            }

            public static double[] SteppedGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = WScale };
                var dx = new double[3];
                layer.SteppedBackward(x, 1.0, d, dx);
                return Flatten(d, dx);
            }

            public static bool SteppedLeavesTheLayerAsTheMethodDoes(double[] f)
            {
                Layer primal = Make(f, out double[] x);
                double r = primal.Stepped(x);
                Layer layer = Make(f, out x);
                double returned = layer.SteppedBackward(x, 1.0, new Layer { Scale = 0 }, new double[3]);
                return r == returned && primal.Scale == layer.Scale;
            }

            public static double PowerValue(double[] f) => Make(f, out double[] x).Power(x[0], 3);

            public static double[] PowerGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = 0 };
                double dx0 = 0;
                layer.PowerBackward(x[0], 3, 1.0, d, ref dx0);
                return Flatten(d, [dx0, 0, 0]);
            }

            public static double ViaHelperValue(double[] f) => Make(f, out double[] x).ViaHelper(x);

            public static double[] ViaHelperGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = 0 };
                var dx = new double[3];
                layer.ViaHelperBackward(x, 1.0, d, dx);
                return Flatten(d, dx);
            }

            public static double TotalValue(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                return Trainer.Total(layer, x);
            }

            public static double[] TotalGradient(double[] f)
            {
                Layer layer = Make(f, out double[] x);
                var d = new Layer { W = new double[2, 3], b = new double[2], Scale = 0 };
                var dx = new double[3];
                Trainer.TotalBackward(layer, x, 1.0, d, dx);
                return Flatten(d, dx);
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Loss")]
    [InlineData("Composed")]
    [InlineData("Stepped")]
    [InlineData("Power")]
    [InlineData("ViaHelper")]
    [InlineData("Total")]
    public void The_callers_shadow_goes_to_the_callees_backward_as_central_differences_say(string name)
    {
        var random = new Random(41);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, 12).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Loss_through_Forward_on_this_gives_the_class_formulas()
    {
        // J = Σ y_i², y = s·tanh(z): dY = 2y, db = dY ⊙ s(1 − tanh²z), dW = db·xᵀ, dX = Wᵀ·db, ds = Σ dY ⊙ tanh z.
        double[] f = [0.5, -0.2, 0.3, 0.1, 0.4, -0.6, 0.1, -0.1, 1.5, 1.0, 2.0, -0.5];
        double[] g = Drivers.Gradient("Loss", f);
        double s = f[8], ds = 0;
        var dX = new double[3];
        for (int i = 0; i < 2; i++)
        {
            double tanh = Math.Tanh(f[6 + i] + f[3 * i] * f[9] + f[3 * i + 1] * f[10] + f[3 * i + 2] * f[11]);
            double dy = 2 * s * tanh;
            double db = dy * s * (1 - tanh * tanh);
            GradientAssert.Close(db, g[6 + i], 1e-14, $"db[{i}]");
            for (int j = 0; j < 3; j++)
            {
                GradientAssert.Close(db * f[9 + j], g[3 * i + j], 1e-14, $"dW[{i},{j}]");
                dX[j] += f[3 * i + j] * db;
            }

            ds += dy * tanh;
        }

        GradientAssert.Close(ds, g[8], 1e-14, "dScale");
        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(dX[j], g[9 + j], 1e-14, $"dX[{j}]");
        }
    }

    [Fact]
    public void A_member_written_between_two_calls_is_given_back_at_the_end()
    {
        var random = new Random(6);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            Assert.True((bool)Drivers.Call("SteppedLeavesTheLayerAsTheMethodDoes", f)!, $"point {point}");
        }
    }

    [Fact]
    public Task What_stays_refused_for_calls_on_objects_is_located() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class Layer
        {
            public double[] Cache = new double[2];
            public double Gain = 2;

            [Differentiable]
            public double Store(double x)
            {
                Gain = Gain * x;
                return Gain;
            }

            [Differentiable]
            public double Read(double x) => Gain * x + Cache[1];

            [Differentiable]
            public double CallsAWriter(double x) => {|GG0001:Store(x)|} + 1;

            [Differentiable]
            public double WritesAMemberArray(double x)
            {
                Cache[1] = x;
                return {|GG0001:Read(x)|};
            }

            [Differentiable]
            public double OnAnotherObject(double x, [NoDerivative] Layer other) => {|GG0003:other.Read(x)|} + Gain;

            [Differentiable]
            public double[] Twice(double x)
            {
                var r = new double[2];
                r[0] = Gain * x;
                r[1] = 2 * x;
                return r;
            }

            [Differentiable]
            public static double Sum(double[] v) => v[0] + v[1];

            [Differentiable]
            public double InALoop(double x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++) s += Sum({|GG0001:Twice(x)|});
                return s;
            }

            [Differentiable]
            public static double GivenALocal(double x) => Use({|GG0001:new Layer()|}, x);

            [Differentiable]
            public static double Use(Layer layer, double x) => layer.Gain * x;
        }
        """);

    [Fact]
    public Task Forward_mode_of_a_method_calling_another_instance_method_is_not_GG0016() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class Layer
        {
            public double Gain = 2;

            [Differentiable]
            public double Read(double x) => Gain * x;

            [Differentiable]
            public double Twice(double x) => Read(x) * 2;

            // No GG0016 on the call any more (the analyzer test runs no generator, so the name is CS0103 only): the
            // call's tangent object is passed on. The numbers: StructAndObjectTangentTests.
            public double Use(Layer t) => {|CS0103:TwiceTangent|}(1.0, t, 1.0, out double _);
        }
        """);
}
