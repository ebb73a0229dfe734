using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Writes into the members of <c>this</c> and of object parameters: float members (<c>State = …</c>, <c>Count += …</c>)
/// and elements of member arrays (<c>Z[i] = …</c>, <c>cell.Cache[1] = …</c>). A written member's shadow goes both
/// ways: it comes in holding the adjoint of the member's final value and leaves holding that of its value on entry.
/// So each driver's function is the result plus a weighted sum of the members' final values, F(θ) = r + Σ w·m_final,
/// over θ = the members' entry values and the parameters; the backward, given the weights in the shadow and
/// dResult = 1, must leave ∂F/∂θ in the shadow and the adjoints, which central differences check at several points.
/// Also the class's dense-layer formulas when Forward keeps z and y in the layer, the object's state after the
/// backward (the method's), and the run-time checks of written arrays that alias what the derivative reads.
/// </summary>
public class MemberWriteTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public sealed partial class Layer
        {
            public double[,] W;
            public double[] b;
            public double[] Z;
            public double[] Y;

            public Layer(int outputs, int inputs) => (W, b, Z, Y) = (new double[outputs, inputs], new double[outputs], new double[outputs], new double[outputs]);

            // The course's Layer: z = W·x + b and y = tanh(z), kept in the layer.
            [Differentiable]
            public void Forward(double[] x)
            {
                for (int i = 0; i < b.Length; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += W[i, j] * x[j];
                    Z[i] = z;
                    Y[i] = Math.Tanh(z);
                }
            }

            // Stores, then reads back what it stored: Σ (y_i − t_i)².
            [Differentiable]
            public double Loss(double[] x, [NoDerivative] double[] t)
            {
                for (int i = 0; i < b.Length; i++)
                {
                    double z = b[i];
                    for (int j = 0; j < x.Length; j++) z += W[i, j] * x[j];
                    Z[i] = z;
                    Y[i] = Math.Tanh(z);
                }

                double loss = 0;
                for (int i = 0; i < Y.Length; i++)
                {
                    double e = Y[i] - t[i];
                    loss += e * e;
                }

                return loss;
            }
        }

        public partial class Cell
        {
            public double State;
            public double Count { get; set; }
            public double[] Cache = new double[2];

            // Float members read after they are written, overwritten from their own old values, accumulated.
            [Differentiable]
            public double Step(double x)
            {
                State = State * x + Math.Sin(State);
                Count += x * State;
                Cache[0] = State * Count;
                Cache[1] *= x;
                State *= 2;
                return State + Cache[0];
            }

            // Assignments into members used as values, and a read C# evaluates before the write (the old value).
            [Differentiable]
            public double Embedded(double x) => State * (State = x * State) + (Count += x) * Count;

            // In a loop with a branch: the old values go on the value stack.
            [Differentiable]
            public double Iterate(double x, int n)
            {
                for (int k = 0; k < n; k++)
                {
                    if (State > 0) State = State * x - 0.1;
                    else State = Math.Cos(State) + x;
                    Count++;
                    Count -= State * 0.5;
                }

                return State * Count;
            }
        }

        public static partial class Updates
        {
            // The members of an object parameter written.
            [Differentiable]
            public static double Update(Cell cell, double rate)
            {
                cell.State -= rate * cell.Count;
                cell.Cache[1] = cell.State * cell.Cache[0];
                return cell.Cache[1] + cell.State;
            }
        }

        public static class Drivers
        {
            // Weights of the members' final values in F: the shadow's members on entry.
            private const double WState = 0.3, WCount = -0.7, WCache0 = 0.5, WCache1 = 1.1;
            public static readonly double[] WZ = [0.4, -0.9], WY = [1.3, 0.2];
            public static readonly double[] T = [0.25, -0.5];

            // W 2×3, b 2, x 3, then the entry values of Z 2 and Y 2: 15.
            public static Layer MakeLayer(double[] f, out double[] x)
            {
                var layer = new Layer(2, 3);
                for (int k = 0; k < 6; k++) layer.W[k / 3, k % 3] = f[k];
                layer.b[0] = f[6];
                layer.b[1] = f[7];
                x = f[8..11];
                if (f.Length > 11)
                {
                    layer.Z = f[11..13];
                    layer.Y = f[13..15];
                }

                return layer;
            }

            private static double Weighted(Layer layer) => WZ[0] * layer.Z[0] + WZ[1] * layer.Z[1] + WY[0] * layer.Y[0] + WY[1] * layer.Y[1];

            private static Layer Shadow() => new(2, 3) { Z = [.. WZ], Y = [.. WY] };

            private static double[] Flatten(Layer d, double[] dx, bool entries) =>
                [d.W[0, 0], d.W[0, 1], d.W[0, 2], d.W[1, 0], d.W[1, 1], d.W[1, 2], d.b[0], d.b[1], .. dx, .. entries ? d.Z.Concat(d.Y) : []];

            public static double ForwardValue(double[] f)
            {
                Layer layer = MakeLayer(f, out double[] x);
                layer.Forward(x);
                return Weighted(layer);
            }

            public static double[] ForwardGradient(double[] f)
            {
                Layer layer = MakeLayer(f, out double[] x);
                Layer d = Shadow();
                var dx = new double[3];
                layer.ForwardBackward(x, d, dx);
                return Flatten(d, dx, entries: true);
            }

            public static double LossValue(double[] f)
            {
                Layer layer = MakeLayer(f, out double[] x);
                return layer.Loss(x, T) + Weighted(layer);
            }

            public static double[] LossGradient(double[] f)
            {
                Layer layer = MakeLayer(f, out double[] x);
                Layer d = Shadow();
                var dx = new double[3];
                layer.LossBackward(x, T, 1.0, d, dx);
                return Flatten(d, dx, entries: true);
            }

            // The layer's gradient of the loss alone, with a zero shadow (11 entries: W, b, x).
            public static double[] LossOnlyGradient(double[] f)
            {
                Layer layer = MakeLayer(f, out double[] x);
                var d = new Layer(2, 3);
                var dx = new double[3];
                layer.LossBackward(x, T, 1.0, d, dx);
                return Flatten(d, dx, entries: false);
            }

            // The state the backward leaves: Z and Y as Forward leaves them, bit for bit.
            public static bool ForwardLeavesTheLayerAsTheMethodDoes(double[] f)
            {
                Layer primal = MakeLayer(f, out double[] x);
                primal.Forward(x);
                Layer layer = MakeLayer(f, out x);
                layer.ForwardBackward(x, Shadow(), new double[3]);
                return primal.Z.SequenceEqual(layer.Z) && primal.Y.SequenceEqual(layer.Y);
            }

            // State, Count, Cache[0], Cache[1], then x (or rate): 5.
            private static Cell MakeCell(double[] f) => new() { State = f[0], Count = f[1], Cache = [f[2], f[3]] };

            private static double Weighted(Cell c) => WState * c.State + WCount * c.Count + WCache0 * c.Cache[0] + WCache1 * c.Cache[1];

            private static Cell CellShadow() => new() { State = WState, Count = WCount, Cache = [WCache0, WCache1] };

            public static double StepValue(double[] f)
            {
                Cell cell = MakeCell(f);
                return cell.Step(f[4]) + Weighted(cell);
            }

            public static double[] StepGradient(double[] f)
            {
                Cell cell = MakeCell(f);
                Cell d = CellShadow();
                double dx = 0;
                cell.StepBackward(f[4], 1.0, d, ref dx);
                return [d.State, d.Count, d.Cache[0], d.Cache[1], dx];
            }

            public static bool StepLeavesTheCellAsTheMethodDoes(double[] f)
            {
                Cell primal = MakeCell(f);
                double r = primal.Step(f[4]);
                Cell cell = MakeCell(f);
                double dx = 0;
                double returned = cell.StepBackward(f[4], 1.0, CellShadow(), ref dx);
                return r == returned && primal.State == cell.State && primal.Count == cell.Count && primal.Cache.SequenceEqual(cell.Cache);
            }

            public static double EmbeddedValue(double[] f)
            {
                Cell cell = MakeCell(f);
                return cell.Embedded(f[4]) + Weighted(cell);
            }

            public static double[] EmbeddedGradient(double[] f)
            {
                Cell cell = MakeCell(f);
                Cell d = CellShadow();
                double dx = 0;
                cell.EmbeddedBackward(f[4], 1.0, d, ref dx);
                return [d.State, d.Count, d.Cache[0], d.Cache[1], dx];
            }

            public static double IterateValue(double[] f)
            {
                Cell cell = MakeCell(f);
                return cell.Iterate(f[4], 4) + Weighted(cell);
            }

            public static double[] IterateGradient(double[] f)
            {
                Cell cell = MakeCell(f);
                Cell d = CellShadow();
                double dx = 0;
                cell.IterateBackward(f[4], 4, 1.0, d, ref dx);
                return [d.State, d.Count, d.Cache[0], d.Cache[1], dx];
            }

            public static bool IterateLeavesTheCellAsTheMethodDoes(double[] f)
            {
                Cell primal = MakeCell(f);
                primal.Iterate(f[4], 4);
                Cell cell = MakeCell(f);
                double dx = 0;
                cell.IterateBackward(f[4], 4, 1.0, CellShadow(), ref dx);
                return primal.State == cell.State && primal.Count == cell.Count;
            }

            public static double UpdateValue(double[] f)
            {
                Cell cell = MakeCell(f);
                return Updates.Update(cell, f[4]) + Weighted(cell);
            }

            public static double[] UpdateGradient(double[] f)
            {
                Cell cell = MakeCell(f);
                Cell d = CellShadow();
                double dRate = 0;
                Updates.UpdateBackward(cell, f[4], 1.0, d, ref dRate);
                return [d.State, d.Count, d.Cache[0], d.Cache[1], dRate];
            }

            // Forward mode: [value, directional derivative along t]; the tangent object holds the directions of the
            // members on entry and leaves holding the tangents of their final values.
            public static double[] ForwardTangent(double[] f, double[] t)
            {
                Layer layer = MakeLayer(f, out double[] x), tangent = MakeLayer(t, out double[] tx);
                layer.ForwardTangent(x, tangent, tx);
                return [Weighted(layer), Weighted(tangent)];
            }

            public static double[] LossTangent(double[] f, double[] t)
            {
                Layer layer = MakeLayer(f, out double[] x), tangent = MakeLayer(t, out double[] tx);
                double value = layer.LossTangent(x, T, tangent, tx, out double tResult);
                return [value + Weighted(layer), tResult + Weighted(tangent)];
            }

            public static double[] StepTangent(double[] f, double[] t)
            {
                Cell cell = MakeCell(f), tangent = MakeCell(t);
                double value = cell.StepTangent(f[4], tangent, t[4], out double tResult);
                return [value + Weighted(cell), tResult + Weighted(tangent)];
            }

            public static double[] EmbeddedTangent(double[] f, double[] t)
            {
                Cell cell = MakeCell(f), tangent = MakeCell(t);
                double value = cell.EmbeddedTangent(f[4], tangent, t[4], out double tResult);
                return [value + Weighted(cell), tResult + Weighted(tangent)];
            }

            public static double[] IterateTangent(double[] f, double[] t)
            {
                Cell cell = MakeCell(f), tangent = MakeCell(t);
                double value = cell.IterateTangent(f[4], 4, tangent, t[4], out double tResult);
                return [value + Weighted(cell), tResult + Weighted(tangent)];
            }

            public static double[] UpdateTangent(double[] f, double[] t)
            {
                Cell cell = MakeCell(f), tangent = MakeCell(t);
                double value = Updates.UpdateTangent(cell, f[4], tangent, t[4], out double tResult);
                return [value + Weighted(cell), tResult + Weighted(tangent)];
            }

            public static string AliasedTangent()
            {
                Layer layer = MakeLayer([.. Enumerable.Range(0, 11).Select(i => 0.1 * i)], out _);
                try
                {
                    layer.ForwardTangent(layer.Z, new Layer(2, 3), new double[2]);
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }

            public static string Aliased(int which)
            {
                Layer layer = MakeLayer([.. Enumerable.Range(0, 11).Select(i => 0.1 * i)], out double[] x);
                if (which == 0) x = layer.Z;
                if (which == 1) layer.Y = layer.Z;
                if (which == 2) layer.Z = layer.b;
                try
                {
                    layer.ForwardBackward(x, new Layer(2, 3), new double[x.Length]);
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
    [InlineData("Forward", 15)]
    [InlineData("Loss", 15)]
    [InlineData("Step", 5)]
    [InlineData("Embedded", 5)]
    [InlineData("Iterate", 5)]
    [InlineData("Update", 5)]
    public void Written_members_shadows_go_both_ways_as_central_differences_say(string name, int size)
    {
        var random = new Random(31);
        for (int point = 0; point < 4; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Forward_keeping_z_and_y_in_the_layer_gives_the_class_formulas()
    {
        // Given dY and dZ in the shadow: db = dY ⊙ (1 − y²) + dZ, dW = db·xᵀ, dX = Wᵀ·db; the shadow's Z and Y
        // leave holding the adjoints of their entry values, which Forward overwrites: zero.
        double[] f = [0.5, -0.2, 0.3, 0.1, 0.4, -0.6, 0.1, -0.1, 1.0, 2.0, -0.5, 9, 9, 9, 9];
        double[] g = Drivers.Gradient("Forward", f);
        double[] wz = [0.4, -0.9], wy = [1.3, 0.2];
        AssertLayerFormulas(f, g, i => wy[i], i => wz[i]);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], g[11..15]);
    }

    [Fact]
    public void A_loss_reading_back_what_it_stored_gives_the_class_formulas()
    {
        // dY = 2(y − t), then as above with dZ = 0 (a zero shadow: the loss alone).
        double[] f = [0.5, -0.2, 0.3, 0.1, 0.4, -0.6, 0.1, -0.1, 1.0, 2.0, -0.5];
        double[] g = (double[])Drivers.Call("LossOnlyGradient", f)!;
        double[] t = [0.25, -0.5];
        AssertLayerFormulas(f, g, i => 2 * (Math.Tanh(Z(f, i)) - t[i]), _ => 0);
    }

    private static double Z(double[] f, int i) => f[6 + i] + f[3 * i] * f[8] + f[3 * i + 1] * f[9] + f[3 * i + 2] * f[10];

    private static void AssertLayerFormulas(double[] f, double[] g, Func<int, double> dY, Func<int, double> dZ)
    {
        var dX = new double[3];
        for (int i = 0; i < 2; i++)
        {
            double y = Math.Tanh(Z(f, i));
            double db = dY(i) * (1 - y * y) + dZ(i);
            GradientAssert.Close(db, g[6 + i], 1e-14, $"db[{i}]");
            for (int j = 0; j < 3; j++)
            {
                GradientAssert.Close(db * f[8 + j], g[3 * i + j], 1e-14, $"dW[{i},{j}]");
                dX[j] += f[3 * i + j] * db;
            }
        }

        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(dX[j], g[8 + j], 1e-14, $"dX[{j}]");
        }
    }

    [Theory]
    [InlineData("ForwardLeavesTheLayerAsTheMethodDoes", 11)]
    [InlineData("StepLeavesTheCellAsTheMethodDoes", 5)]
    [InlineData("IterateLeavesTheCellAsTheMethodDoes", 5)]
    public void The_backward_leaves_the_object_as_the_method_does(string driver, int size)
    {
        var random = new Random(3);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            Assert.True((bool)Drivers.Call(driver, f)!, $"{driver} at point {point}");
        }
    }

    [Fact]
    public void A_written_member_array_that_aliases_what_the_derivative_reads_is_refused_at_run_time()
    {
        Assert.Equal("'x' must not share memory with 'this.Z': the method writes 'this.Z' while its derivative reads 'x'. (Parameter 'x')", (string)Drivers.Call("Aliased", 0)!);
        Assert.Equal("'this.Z' must not be the array 'this.Y': the method writes 'this.Z' while its derivative reads 'this.Y' as another array.", (string)Drivers.Call("Aliased", 1)!);
        Assert.Equal("'this.Z' must not be the array 'this.b': the method writes 'this.Z' while its derivative reads 'this.b' as another array.", (string)Drivers.Call("Aliased", 2)!);
        Assert.Equal("no exception", (string)Drivers.Call("Aliased", 3)!);
    }

    [Fact]
    public Task Forward_mode_is_refused_with_GG0016_for_a_list_parameter() => AnalyzerVerifier.VerifyAsync("""
        using System.Collections.Generic;
        using GradientGen;

        public partial class Cell
        {
            public double State;

            [Differentiable]
            public double Sum(List<double> xs) => State * xs[0];

            public double Use(Cell t, List<double> xs) => {|GG0016:{|CS0103:SumTangent|}|}(xs, t, xs, out double _);
        }
        """);

    [Fact]
    public void A_void_method_writing_members_takes_no_dResult_nor_tResult()
    {
        Type layer = Drivers.Assembly.GetType("Layer")!;
        string[] parameters = layer.GetMethod("ForwardBackward")!.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}").ToArray();
        Assert.Equal(["Double[] x", "Layer dThis", "Span`1 dX"], parameters);
        string[] tangent = layer.GetMethod("ForwardTangent")!.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}").ToArray();
        Assert.Equal(["Double[] x", "Layer tThis", "ReadOnlySpan`1 tX"], tangent);
    }

    [Theory]
    [InlineData("Forward", 15)]
    [InlineData("Loss", 15)]
    [InlineData("Step", 5)]
    [InlineData("Embedded", 5)]
    [InlineData("Iterate", 5)]
    [InlineData("Update", 5)]
    public void Forward_mode_leaves_the_tangents_of_written_members_in_the_tangent_object(string name, int size)
    {
        var random = new Random(37);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            double[] direction = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], 1e-14, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Fact]
    public void A_written_member_array_that_aliases_what_the_tangent_reads_is_refused_at_run_time() =>
        Assert.Equal("'x' must not share memory with 'this.Z': the method writes 'this.Z' while its derivative reads 'x'. (Parameter 'x')", (string)Drivers.Call("AliasedTangent")!);
}
