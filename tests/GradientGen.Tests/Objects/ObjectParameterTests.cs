using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Class-typed parameters whose members carry derivatives (<c>static double Loss(Layer layer, double[] x)</c>): the
/// members are read as inputs and the backward takes a shadow object <c>Layer dLayer</c> among the adjoints.
/// Checked against central finite differences at several points, against the class's dense-layer formulas
/// (db = dY ⊙ g'(z), dW = db·xᵀ, dX = Wᵀ·db), the run-time checks of the shadow, and what stays refused.
/// </summary>
public class ObjectParameterTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using GradientGen;

        public class Layer
        {
            public double[,] W = new double[0, 0];
            public double[] b = [];
            public double Gain;
        }

        public sealed class Cloud
        {
            public Vector3[] Points = [];
            public double[][] Rows = [];
        }

        public static partial class Losses
        {
            // Σ_i Gain·tanh(W_i·x + b_i).
            [Differentiable]
            public static double Loss(Layer layer, double[] x)
            {
                double s = 0;
                for (int i = 0; i < layer.b.Length; i++)
                {
                    double z = layer.b[i];
                    for (int j = 0; j < x.Length; j++) z += layer.W[i, j] * x[j];
                    s += layer.Gain * Math.Tanh(z);
                }

                return s;
            }

            // Two objects of different classes, one read through a jagged member and an array of structs.
            [Differentiable]
            public static double Mixed(Layer layer, in Cloud cloud, float scale)
            {
                double s = layer.Gain * scale;
                for (int i = 0; i < cloud.Points.Length; i++)
                {
                    s += cloud.Points[i].LengthSquared() * cloud.Rows[i][0] * layer.b[i % layer.b.Length];
                }

                return s;
            }
        }

        public static class Drivers
        {
            // W 2×3, b 2, Gain, x 3 → 12.
            private static Layer Make(double[] f) => new()
            {
                W = new double[,] { { f[0], f[1], f[2] }, { f[3], f[4], f[5] } },
                b = [f[6], f[7]],
                Gain = f[8],
            };

            public static double LossValue(double[] f) => Losses.Loss(Make(f), f[9..12]);

            public static double[] LossGradient(double[] f)
            {
                var shadow = new Layer { W = new double[2, 3], b = new double[2] };
                var dX = new double[3];
                Losses.LossBackward(Make(f), f[9..12], 1.0, shadow, dX);
                return [shadow.W[0, 0], shadow.W[0, 1], shadow.W[0, 2], shadow.W[1, 0], shadow.W[1, 1], shadow.W[1, 2], shadow.b[0], shadow.b[1], shadow.Gain, .. dX];
            }

            // Layer as above (9), two points (6), two rows of lengths 1 and 2 (3), scale → 19.
            private static Cloud MakeCloud(double[] f) => new()
            {
                Points = [new((float)f[9], (float)f[10], (float)f[11]), new((float)f[12], (float)f[13], (float)f[14])],
                Rows = [[f[15]], [f[16], f[17]]],
            };

            public static double MixedValue(double[] f) => Losses.Mixed(Make(f), MakeCloud(f), (float)f[18]);

            public static double[] MixedGradient(double[] f)
            {
                var shadow = new Layer { W = new double[2, 3], b = new double[2] };
                var cloudShadow = new Cloud { Points = new Vector3[2], Rows = [new double[1], new double[2]] };
                float dScale = 0;
                Losses.MixedBackward(Make(f), MakeCloud(f), (float)f[18], 1.0, shadow, cloudShadow, ref dScale);
                Vector3[] p = cloudShadow.Points;
                return [shadow.W[0, 0], shadow.W[0, 1], shadow.W[0, 2], shadow.W[1, 0], shadow.W[1, 1], shadow.W[1, 2], shadow.b[0], shadow.b[1], shadow.Gain,
                    p[0].X, p[0].Y, p[0].Z, p[1].X, p[1].Y, p[1].Z, cloudShadow.Rows[0][0], cloudShadow.Rows[1][0], cloudShadow.Rows[1][1], dScale];
            }

            public static string Refusal(int which)
            {
                Layer layer = Make([.. Enumerable.Range(0, 9).Select(i => 0.1 * i)]);
                Layer? shadow = which switch
                {
                    0 => null,
                    1 => layer,
                    _ => new Layer { W = layer.W, b = new double[2] },
                };
                try
                {
                    Losses.LossBackward(layer, new double[3], 1.0, shadow!, new double[3]);
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

    [Theory]
    [InlineData("Loss", 12, 1e-6, 1e-7)]
    [InlineData("Mixed", 19, 1e-3, 2e-3)]
    public void Gradients_into_the_shadow_of_an_object_parameter_match_finite_differences(string name, int size, double h, double tolerance)
    {
        var random = new Random(17);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, h, tolerance, $"{name} at point {point}");
        }
    }

    [Fact]
    public void The_class_formulas_hold_for_a_layer_passed_as_a_parameter()
    {
        // y_i = Gain·tanh(z_i): db_i = Gain·(1 − tanh²(z_i)), dW_ij = db_i·x_j, dX_j = Σ_i W_ij·db_i, dGain = Σ tanh(z_i).
        double[] f = [0.5, -0.2, 0.3, 0.1, 0.4, -0.6, 0.1, -0.1, 1.5, 1.0, 2.0, -0.5];
        double[] g = (double[])Drivers.Call("LossGradient", f)!;
        double[,] w = { { 0.5, -0.2, 0.3 }, { 0.1, 0.4, -0.6 } };
        double[] b = [0.1, -0.1], x = [1.0, 2.0, -0.5];
        double dGain = 0;
        var dX = new double[3];
        for (int i = 0; i < 2; i++)
        {
            double z = b[i] + w[i, 0] * x[0] + w[i, 1] * x[1] + w[i, 2] * x[2];
            double db = 1.5 * (1 - Math.Tanh(z) * Math.Tanh(z));
            GradientAssert.Close(db, g[6 + i], 1e-14, $"db[{i}]");
            for (int j = 0; j < 3; j++)
            {
                GradientAssert.Close(db * x[j], g[3 * i + j], 1e-14, $"dW[{i},{j}]");
                dX[j] += w[i, j] * db;
            }

            dGain += Math.Tanh(z);
        }

        GradientAssert.Close(dGain, g[8], 1e-14, "dGain");
        for (int j = 0; j < 3; j++) GradientAssert.Close(dX[j], g[9 + j], 1e-14, $"dX[{j}]");
    }

    [Fact]
    public void A_missing_same_or_array_sharing_shadow_is_refused()
    {
        Assert.Equal("Value cannot be null. (Parameter 'dLayer')", (string)Drivers.Call("Refusal", 0)!);
        Assert.Equal("'dLayer' must be a separate object: the backward reads the members of 'layer' while it adds into those of 'dLayer'. (Parameter 'dLayer')", (string)Drivers.Call("Refusal", 1)!);
        Assert.Equal("'dLayer.W' must not be the array 'layer.W': the backward reads 'layer.W' while it adds into 'dLayer.W'. (Parameter 'dLayer')", (string)Drivers.Call("Refusal", 2)!);
    }

    [Fact]
    public Task What_stays_refused_for_object_parameters_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using GradientGen;

        public class Layer
        {
            public double[] W = new double[2];
            public double Gain;
            public double Twice() => 2 * Gain;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Replaced(Layer a)
            {
                {|GG0008:a.W = new double[2]|};
                return a.Gain;
            }

            [Differentiable]
            public static double CallsOn(Layer a) => {|GG0003:a.Twice()|} + a.Gain;

            [Differentiable]
            public static double PassedOn(Layer a) => Helper({|GG0001:a|}) * a.Gain;

            public static double Helper(Layer a) => a.W.Length;

            [Differentiable]
            public static double Constant([NoDerivative] Layer a, Layer c) => a.Gain * c.Gain;
        }
        """);
}
