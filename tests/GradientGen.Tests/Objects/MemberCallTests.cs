using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Objects;

/// <summary>
/// Calls, as statements, to [Differentiable] methods that return nothing and write float members of the objects they
/// are given (<c>Step(dt);</c>, <c>a.Step(dt);</c>, <c>Couple(a, b, k);</c>): the caller keeps the members the callee
/// writes before the call, and its reverse sweep gives them back around the callee's backward. As in
/// <see cref="MemberWriteTests"/>, each driver's function is the result plus a weighted sum of the written members'
/// final values, F(θ) = r + Σ w·m_final, over θ = the members' entry values and the parameters: the backward, given
/// the weights in the shadow and dResult = 1, must leave ∂F/∂θ in the shadows and adjoints, which central
/// differences check at several points. Also forward mode against the gradient, the objects as the method leaves
/// them, the generated text, and what stays refused.
/// </summary>
public class MemberCallTests
{
    private const string Source = """
        using System;
        using System.Linq;
        using GradientGen;

        public partial class Body
        {
            public double X;
            public double V;
            public double Mass { get; set; } = 1;
            public double[] Stiffness = new double[3];

            // Semi-implicit Euler: writes V, then X from the new V.
            [Differentiable]
            public void Step(double dt)
            {
                V -= Stiffness[0] * X * dt / Mass;
                X += V * dt;
            }

            // Steps in a loop with a kick that reads a member array: its own member calls in a counted loop.
            [Differentiable]
            public void Integrate(double dt, int n)
            {
                for (int i = 0; i < n; i++)
                {
                    Step(dt);
                    V = Math.Sin(V) + Stiffness[i % 3] * X;
                }
            }

            // Calls in straight-line code, in both arms of a branch on a member, explicit this, a callee with a loop.
            [Differentiable]
            public double Run(double dt)
            {
                Step(dt);
                if (X > 0) this.Step(dt * X); else Integrate(dt, 2);
                Integrate(dt, 3);
                return X * X + V * Stiffness[1];
            }

            // A product before the call whose reverse reads the members as the call found them: given back after its backward.
            [Differentiable]
            public double Before(double dt)
            {
                double e = X * V;
                Step(dt);
                return e * X + V;
            }

            // A value and the members: writes V and X, returns the kinetic energy after the step.
            [Differentiable]
            public double Advance(double dt)
            {
                Step(dt);
                return 0.5 * Mass * V * V;
            }

            // Values of calls that write members, declared, assigned in a loop, returned.
            [Differentiable]
            public double Energies(double dt)
            {
                double e = Advance(dt);
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    double a = 0;
                    a = Advance(dt * (1 + e));
                    s += a * X;
                }

                return s;
            }

            [Differentiable]
            public double Returned(double dt) => Advance(dt * X);

            // Arguments that are members the call writes: the callee gets their values from before the call (their
            // adjoints were mixed with the members' in the callee's backward, and the gradient was off).
            [Differentiable]
            public double OwnMembers(double dt)
            {
                double e = Advance(V);
                for (int i = 0; i < 2; i++) Step(X * dt > 0 ? X : dt);
                Step(X);
                return e + X * V;
            }

            // A value nothing reads: the call's writes still count.
            [Differentiable]
            public double Discards(double dt)
            {
                double unused = Advance(dt);
                return X * V;
            }

            // A sum in the last loop (no fused loop: its body writes members), a running maximum (no selection), jumps.
            [Differentiable]
            public double Sum(double dt)
            {
                double s = 0;
                for (int i = 0; i < 5; i++)
                {
                    Step(dt);
                    s += X;
                }

                return s;
            }

            [Differentiable]
            public double Peak(double dt)
            {
                double m = double.MinValue;
                for (int i = 0; i < 5; i++)
                {
                    Step(dt);
                    m = Math.Max(m, X * V);
                }

                return m;
            }

            [Differentiable]
            public double Jumps(double dt)
            {
                double s = 0;
                for (int i = 0; i < 9; i++)
                {
                    if (i % 3 == 1) continue;
                    Step(dt);
                    if (X < -0.95) break;
                    s += X * V;
                }

                return s + X;
            }

            // A loop whose count isn't known (the value stack), a member written after the call from what it wrote.
            [Differentiable]
            public double Settle(double dt, double tolerance)
            {
                int steps = 0;
                while (Math.Abs(V) > tolerance && steps < 6)
                {
                    Step(dt);
                    X *= 0.9 + 0.1 * X;
                    steps++;
                }

                return X + Mass * V * V;
            }
        }

        public sealed partial class Oscillator<T> where T : System.Numerics.IFloatingPointIeee754<T>
        {
            public T X = T.Zero, V = T.Zero;

            [Differentiable]
            public void Step(T dt)
            {
                V -= T.Sin(X) * dt;
                X += V * dt;
            }

            [Differentiable]
            public T Run(T dt, int n)
            {
                T s = T.Zero;
                for (int i = 0; i < n; i++)
                {
                    Step(dt);
                    s += X * V;
                }

                return s;
            }
        }

        // The course's layer: Forward keeps z and y in member arrays, the loss calls it and reads them. Its z leaks
        // (half the old z stays), so its backward reads the entry values of Z: given back before it runs.
        public sealed partial class Layer
        {
            public double[] W = new double[3];
            public double B;
            public double[] Z = new double[3];
            public double[] Y = new double[3];

            [Differentiable]
            public void Forward(double[] x)
            {
                for (int i = 0; i < Y.Length; i++)
                {
                    Z[i] = 0.5 * Z[i] + W[i] * x[i] + B;
                    Y[i] = Math.Tanh(Z[i]);
                }
            }

            [Differentiable]
            public double Loss(double[] x, [NoDerivative] double[] t)
            {
                Forward(x);
                double s = 0;
                for (int i = 0; i < Y.Length; i++)
                {
                    double e = Y[i] - t[i];
                    s += e * e;
                }

                return s;
            }

            // A value too, from a method that writes the member arrays through its own call.
            [Differentiable]
            public double Activate(double[] x)
            {
                Forward(x);
                return Y[0] + Y[2];
            }

            [Differentiable]
            public double Uses(double[] x)
            {
                double a = Activate(x);
                return a * Y[1] + Z[0];
            }

            // Twice, the first pass's output the second's input: the reverse gives Z and Y back between the passes.
            [Differentiable]
            public double Twice(double[] x)
            {
                Forward(x);
                double[] h = new double[3];
                for (int i = 0; i < 3; i++) h[i] = Y[i] * 2;
                Forward(h);
                return Y[0] + Y[1] * Z[2];
            }
        }

        public static partial class Systems
        {
            // Calls on two objects of one class and a static method given both, in a loop.
            [Differentiable]
            public static double Pair(Body a, Body b, double dt)
            {
                for (int k = 0; k < 3; k++)
                {
                    a.Step(dt);
                    Couple(a, b, dt);
                    b.Step(dt * a.X);
                }

                return a.X * b.V + a.V;
            }

            [Differentiable]
            public static void Couple(Body a, Body b, double k)
            {
                double f = k * (a.X - b.X);
                a.V -= f / a.Mass;
                b.V += f / b.Mass;
            }
        }

        public static class Drivers
        {
            // Weights of the written members' final values in F: the shadow's members on entry.
            private const double WX = 0.7, WV = -1.3;

            // X, V, Mass, Stiffness[0..2]: 6 per body.
            private static Body Make(double[] f, int at = 0) => new() { X = f[at], V = f[at + 1], Mass = f[at + 2], Stiffness = [f[at + 3], f[at + 4], f[at + 5]] };

            private static double Weighted(Body b) => WX * b.X + WV * b.V;

            private static Body Shadow() => new() { X = WX, V = WV, Mass = 0 };

            private static double[] Flatten(Body d) => [d.X, d.V, d.Mass, .. d.Stiffness];

            public static double StepValue(double[] f)
            {
                Body b = Make(f);
                b.Step(f[6]);
                return Weighted(b);
            }

            public static double[] StepGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.StepBackward(f[6], d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double IntegrateValue(double[] f)
            {
                Body b = Make(f);
                b.Integrate(f[6], 4);
                return Weighted(b);
            }

            public static double[] IntegrateGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.IntegrateBackward(f[6], 4, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double RunValue(double[] f)
            {
                Body b = Make(f);
                return b.Run(f[6]) + Weighted(b);
            }

            public static double[] RunGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.RunBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double BeforeValue(double[] f)
            {
                Body b = Make(f);
                return b.Before(f[6]) + Weighted(b);
            }

            public static double[] BeforeGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.BeforeBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double EnergiesValue(double[] f)
            {
                Body b = Make(f);
                return b.Energies(f[6]) + Weighted(b);
            }

            public static double[] EnergiesGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.EnergiesBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double ReturnedValue(double[] f)
            {
                Body b = Make(f);
                return b.Returned(f[6]) + Weighted(b);
            }

            public static double[] ReturnedGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.ReturnedBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double OwnMembersValue(double[] f)
            {
                Body b = Make(f);
                return b.OwnMembers(f[6]) + Weighted(b);
            }

            public static double[] OwnMembersGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.OwnMembersBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double DiscardsValue(double[] f)
            {
                Body b = Make(f);
                return b.Discards(f[6]) + Weighted(b);
            }

            public static double[] DiscardsGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.DiscardsBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double[] EnergiesTangent(double[] f, double[] t)
            {
                Body b = Make(f), tangent = Make(t);
                double value = b.EnergiesTangent(f[6], tangent, t[6], out double tResult);
                return [value + Weighted(b), tResult + Weighted(tangent)];
            }

            public static double[] OwnMembersTangent(double[] f, double[] t)
            {
                Body b = Make(f), tangent = Make(t);
                double value = b.OwnMembersTangent(f[6], tangent, t[6], out double tResult);
                return [value + Weighted(b), tResult + Weighted(tangent)];
            }

            public static double SumValue(double[] f)
            {
                Body b = Make(f);
                return b.Sum(f[6]) + Weighted(b);
            }

            public static double[] SumGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.SumBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double PeakValue(double[] f)
            {
                Body b = Make(f);
                return b.Peak(f[6]) + Weighted(b);
            }

            public static double[] PeakGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.PeakBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            public static double JumpsValue(double[] f)
            {
                Body b = Make(f);
                return b.Jumps(f[6]) + Weighted(b);
            }

            public static double[] JumpsGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0;
                b.JumpsBackward(f[6], 1.0, d, ref dDt);
                return [.. Flatten(d), dDt];
            }

            // Generic math: T = double, over X, V and dt.
            public static double GenericValue(double[] f) => new Oscillator<double> { X = f[0], V = f[1] }.Run(f[2], 4);

            public static double[] GenericGradient(double[] f)
            {
                var o = new Oscillator<double> { X = f[0], V = f[1] };
                var d = new Oscillator<double>();
                double dDt = 0;
                o.RunBackward(f[2], 4, 1.0, d, ref dDt);
                return [d.X, d.V, dDt];
            }

            public static double SettleValue(double[] f)
            {
                Body b = Make(f);
                return b.Settle(f[6], 0.05) + Weighted(b);
            }

            public static double[] SettleGradient(double[] f)
            {
                Body b = Make(f), d = Shadow();
                double dDt = 0, dTolerance = 0;
                b.SettleBackward(f[6], 0.05, 1.0, d, ref dDt, ref dTolerance);
                return [.. Flatten(d), dDt];
            }

            public static double PairValue(double[] f)
            {
                Body a = Make(f), b = Make(f, 6);
                return Systems.Pair(a, b, f[12]) + Weighted(a) + Weighted(b);
            }

            public static double[] PairGradient(double[] f)
            {
                Body a = Make(f), b = Make(f, 6), dA = Shadow(), dB = Shadow();
                double dDt = 0;
                Systems.PairBackward(a, b, f[12], 1.0, dA, dB, ref dDt);
                return [.. Flatten(dA), .. Flatten(dB), dDt];
            }

            // W 0..2, B, x 0..2, then Z's and Y's entry values (6): 13; Z and Y weighted in F as members the calls write.
            private static readonly double[] T = [0.1, 0.2, -0.3], WZ = [0.3, -0.2, 0.5], WY = [-0.4, 0.6, 0.1];

            private static Layer MakeLayer(double[] f) => new() { W = f[0..3], B = f[3], Z = f[7..10], Y = f[10..13] };

            private static double WeightedLayer(Layer l) => l.Z.Zip(WZ, (z, w) => z * w).Sum() + l.Y.Zip(WY, (y, w) => y * w).Sum();

            private static double[] LayerGradient(Layer d, double[] dX) => [.. d.W, d.B, .. dX, .. d.Z, .. d.Y];

            public static double LossValue(double[] f)
            {
                Layer l = MakeLayer(f);
                return l.Loss(f[4..7], T) + WeightedLayer(l);
            }

            public static double[] LossGradient(double[] f)
            {
                Layer l = MakeLayer(f), d = new() { Z = [.. WZ], Y = [.. WY] };
                var dX = new double[3];
                l.LossBackward(f[4..7], T, 1.0, d, dX);
                return LayerGradient(d, dX);
            }

            public static double TwiceValue(double[] f)
            {
                Layer l = MakeLayer(f);
                return l.Twice(f[4..7]) + WeightedLayer(l);
            }

            public static double[] TwiceGradient(double[] f)
            {
                Layer l = MakeLayer(f), d = new() { Z = [.. WZ], Y = [.. WY] };
                var dX = new double[3];
                l.TwiceBackward(f[4..7], 1.0, d, dX);
                return LayerGradient(d, dX);
            }

            public static double UsesValue(double[] f)
            {
                Layer l = MakeLayer(f);
                return l.Uses(f[4..7]) + WeightedLayer(l);
            }

            public static double[] UsesGradient(double[] f)
            {
                Layer l = MakeLayer(f), d = new() { Z = [.. WZ], Y = [.. WY] };
                var dX = new double[3];
                l.UsesBackward(f[4..7], 1.0, d, dX);
                return LayerGradient(d, dX);
            }

            public static bool UsesLeavesTheLayerAsTheMethodDoes(double[] f)
            {
                Layer primal = MakeLayer(f), layer = MakeLayer(f);
                double r = primal.Uses(f[4..7]);
                double returned = layer.UsesBackward(f[4..7], 1.0, new Layer(), new double[3]);
                return r == returned && primal.Z.SequenceEqual(layer.Z) && primal.Y.SequenceEqual(layer.Y);
            }

            public static bool TwiceLeavesTheLayerAsTheMethodDoes(double[] f)
            {
                Layer primal = MakeLayer(f), layer = MakeLayer(f);
                double r = primal.Twice(f[4..7]);
                double returned = layer.TwiceBackward(f[4..7], 1.0, new Layer(), new double[3]);
                return r == returned && primal.Z.SequenceEqual(layer.Z) && primal.Y.SequenceEqual(layer.Y);
            }

            public static double[] TwiceTangent(double[] f, double[] t)
            {
                Layer l = MakeLayer(f), tangent = MakeLayer(t);
                double value = l.TwiceTangent(f[4..7], tangent, t[4..7], out double tResult);
                return [value + WeightedLayer(l), tResult + WeightedLayer(tangent)];
            }

            // Forward mode: [value, directional derivative along t]; the tangent object holds the members' directions.
            public static double[] RunTangent(double[] f, double[] t)
            {
                Body b = Make(f), tangent = Make(t);
                double value = b.RunTangent(f[6], tangent, t[6], out double tResult);
                return [value + Weighted(b), tResult + Weighted(tangent)];
            }

            public static double[] SettleTangent(double[] f, double[] t)
            {
                Body b = Make(f), tangent = Make(t);
                double value = b.SettleTangent(f[6], 0.05, tangent, t[6], 0, out double tResult);
                return [value + Weighted(b), tResult + Weighted(tangent)];
            }

            public static double[] PairTangent(double[] f, double[] t)
            {
                Body a = Make(f), b = Make(f, 6), tA = Make(t), tB = Make(t, 6);
                double value = Systems.PairTangent(a, b, f[12], tA, tB, t[12], out double tResult);
                return [value + Weighted(a) + Weighted(b), tResult + Weighted(tA) + Weighted(tB)];
            }

            // The bodies the backward leaves, bit for bit those the method leaves.
            public static bool RunLeavesTheBodyAsTheMethodDoes(double[] f)
            {
                Body primal = Make(f), body = Make(f);
                double r = primal.Run(f[6]);
                double dDt = 0;
                double returned = body.RunBackward(f[6], 1.0, Shadow(), ref dDt);
                return r == returned && primal.X == body.X && primal.V == body.V;
            }

            public static bool PairLeavesTheBodiesAsTheMethodDoes(double[] f)
            {
                Body a = Make(f), b = Make(f, 6), a2 = Make(f), b2 = Make(f, 6);
                double r = Systems.Pair(a, b, f[12]);
                double dDt = 0;
                double returned = Systems.PairBackward(a2, b2, f[12], 1.0, Shadow(), Shadow(), ref dDt);
                return r == returned && a.X == a2.X && a.V == a2.V && b.X == b2.X && b.V == b2.V;
            }

            public static string OneBodyTwice()
            {
                Body a = Make([0.1, 0.2, 1, 0.3, 0.4, 0.5]);
                try
                {
                    double dDt = 0;
                    Systems.PairBackward(a, a, 0.1, 1.0, Shadow(), Shadow(), ref dDt);
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

    // Positive masses away from zero; the rest in [-1, 1].
    private static double[] Point(Random random, int size) =>
        Enumerable.Range(0, size).Select(i => i % 6 == 2 && i < 12 ? 0.5 + random.NextDouble() : Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();

    [Theory]
    [InlineData("Step", 7)]
    [InlineData("Integrate", 7)]
    [InlineData("Run", 7)]
    [InlineData("Before", 7)]
    [InlineData("Energies", 7)]
    [InlineData("Returned", 7)]
    [InlineData("Discards", 7)]
    [InlineData("OwnMembers", 7)]
    [InlineData("Sum", 7)]
    [InlineData("Peak", 7)]
    [InlineData("Jumps", 7)]
    [InlineData("Generic", 3)]
    [InlineData("Settle", 7)]
    [InlineData("Pair", 13)]
    [InlineData("Loss", 13)]
    [InlineData("Twice", 13)]
    [InlineData("Uses", 13)]
    public void Written_members_flow_through_the_calls_as_central_differences_say(string name, int size)
    {
        var random = new Random(57);
        for (int point = 0; point < 5; point++)
        {
            double[] f = Point(random, size);
            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Run", 7)]
    [InlineData("Energies", 7)]
    [InlineData("OwnMembers", 7)]
    [InlineData("Settle", 7)]
    [InlineData("Pair", 13)]
    [InlineData("Twice", 13)]
    public void Forward_mode_calls_the_callees_tangents_and_agrees_with_the_gradient(string name, int size)
    {
        var random = new Random(59);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Point(random, size);
            double[] direction = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            var tangent = (double[])Drivers.Call(name + "Tangent", f, direction)!;
            double expected = Drivers.Gradient(name, f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value(name, f), tangent[0], 1e-14, $"{name} value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name} tangent at point {point}");
        }
    }

    [Theory]
    [InlineData("RunLeavesTheBodyAsTheMethodDoes", 7)]
    [InlineData("PairLeavesTheBodiesAsTheMethodDoes", 13)]
    [InlineData("TwiceLeavesTheLayerAsTheMethodDoes", 13)]
    [InlineData("UsesLeavesTheLayerAsTheMethodDoes", 13)]
    public void The_backward_leaves_the_objects_as_the_method_does(string driver, int size)
    {
        var random = new Random(61);
        for (int point = 0; point < 3; point++)
        {
            Assert.True((bool)Drivers.Call(driver, Point(random, size))!, $"{driver} at point {point}");
        }
    }

    [Fact]
    public void One_object_given_twice_to_a_method_whose_calls_write_it_throws() =>
        Assert.Equal("'b' must not be 'a': the method writes the members of 'a' while its derivative reads those of 'b' as another object's. (Parameter 'b')", (string)Drivers.Call("OneBodyTwice")!);

    [Fact]
    public void The_reverse_gives_the_members_back_around_the_callees_backward()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "Systems.Pair.g.cs");
        string forward = text.Substring(text.IndexOf("// Forward sweep", StringComparison.Ordinal));
        Assert.Contains("""
                        doubleSlots[doubleCursor++] = a.V;
                        doubleSlots[doubleCursor++] = a.X;
                        a.Step(dt);
                        doubleSlots[doubleCursor++] = a.V;
                        doubleSlots[doubleCursor++] = b.V;
                        Couple(a, b, dt);
            """, forward);
        Assert.Contains("""
                        // Couple(a, b, dt);
                        double bVBefore = doubleSlots[--doubleCursor];
                        double aVBefore1 = doubleSlots[--doubleCursor];
                        a.V = aVBefore1;
                        b.V = bVBefore;
                        CoupleBackward(a, b, dt, dA, dB, ref dDtLocal);
                        a.V = aVBefore1;
                        b.V = bVBefore;
                        // a.Step(dt);
                        double aXBefore = doubleSlots[--doubleCursor];
                        double aVBefore = doubleSlots[--doubleCursor];
                        a.V = aVBefore;
                        a.X = aXBefore;
                        a.StepBackward(dt, dA, ref dDtLocal);
                        a.V = aVBefore;
                        a.X = aXBefore;
            """, forward);
    }

    [Fact]
    public void At_the_top_level_the_kept_members_are_locals()
    {
        string text = GeneratorHarness.GeneratedText(GeneratorHarness.Generate(Source).Run, "Body.Run.g.cs");
        Assert.Contains("""
                    double VSaved = this.V;
                    double XSaved = this.X;
                    Step(dt);
            """, text);
        Assert.Contains("""
                    // Step(dt);
                    this.V = VSaved;
                    this.X = XSaved;
                    StepBackward(dt, dThis, ref dDt);
                    this.V = VSaved;
                    this.X = XSaved;
            """, text);
    }

    [Fact]
    public Task What_stays_refused_for_calls_writing_members_is_located() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class Base
        {
            private double _hidden;
            public double Shown;

            [Differentiable]
            public void Touch(double x)
            {
                _hidden = _hidden * x;
                Shown += _hidden;
            }
        }

        public partial class Derived : Base
        {
            public double[,] Cache = new double[2, 2];

            [Differentiable]
            public void Fill(double x) => Cache[0, 1] = x * Shown;

            [Differentiable]
            public double StoresIntoAMatrix(double x)
            {
                {|GG0001:Fill(x)|};
                return Cache[0, 1] + Shown;
            }

            [Differentiable]
            public double WritesAMemberItCantName(double x)
            {
                {|GG0001:Touch(x)|};
                return Shown;
            }

            [Differentiable]
            public double Scale(double x)
            {
                Shown *= x;
                return Shown;
            }

            [Differentiable]
            public (double, double) Both(double x)
            {
                Shown *= x;
                return (Shown, x);
            }

            [Differentiable]
            public double InsideAnExpression(double x) => Shown * {|GG0001:Scale(x)|};

            [Differentiable]
            public double ATuple(double x)
            {
                (double a, double b) = {|GG0001:Both(x)|};
                return a + b;
            }
        }
        """);
}
