using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// <c>[NoDerivative]</c> on a struct's member (<c>[NoDerivative] public double Mass;</c>, a nested struct): the member
/// is a constant of the struct. Its value is read as written, no derivative flows through it, and its adjoint's
/// member receives nothing. Checked against central finite differences that hold the member fixed, in reverse and
/// forward mode, and against the closed form where a derivative would otherwise flow through it.
/// </summary>
public class NoDerivativeMemberTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public struct Body
        {
            public double X, V;
            [NoDerivative] public double Mass;
        }

        public struct Frame
        {
            public double Angle;
            [NoDerivative] public Body Anchor;
        }

        public static partial class Constants
        {
            // Reads of the constant member, a copy of the struct, and an array of such structs.
            [Differentiable]
            public static double Energy(Body b, Body[] others, double k)
            {
                Body c = b;
                double e = 0.5 * c.Mass * c.V * c.V + k * c.X * c.X;
                for (int i = 0; i < others.Length; i++) e += others[i].Mass * Math.Sin(others[i].X - b.X);
                return e;
            }

            // The constant member computed from an active value: no derivative flows through it.
            [Differentiable]
            public static double Cut(double x)
            {
                var b = new Body { X = x, V = 1, Mass = x * x };
                return b.X * 3 + b.Mass;
            }

            // A [NoDerivative] nested struct: all its members are constants.
            [Differentiable]
            public static double Turn(Frame f, double w) => Math.Sin(f.Angle * w) + f.Anchor.X * f.Anchor.Mass * w;
        }

        public static class Drivers
        {
            // b (X, V), others (2 × X), k: 5; the masses are fixed.
            private static Body B(double[] f) => new() { X = f[0], V = f[1], Mass = 1.7 };

            private static Body[] Others(double[] f) => [new() { X = f[2], Mass = 0.6 }, new() { X = f[3], Mass = -1.2 }];

            public static double EnergyValue(double[] f) => Constants.Energy(B(f), Others(f), f[4]);

            public static double[] EnergyGradient(double[] f)
            {
                Body dB = new() { Mass = 7 };
                Body[] dOthers = [new() { Mass = 7 }, new() { Mass = 7 }];
                double dK = 0;
                Constants.EnergyBackward(B(f), Others(f), f[4], 1.0, ref dB, dOthers, ref dK);
                if (dB.Mass != 7 || dOthers[0].Mass != 7 || dOthers[1].Mass != 7) throw new InvalidOperationException("a constant member's adjoint was touched");
                return [dB.X, dB.V, dOthers[0].X, dOthers[1].X, dK];
            }

            public static double[] EnergyTangent(double[] f, double[] t)
            {
                // A direction on the masses too: forward mode must ignore it.
                Body tB = new() { X = t[0], V = t[1], Mass = 5 };
                Body[] tOthers = [new() { X = t[2], Mass = 5 }, new() { X = t[3], Mass = 5 }];
                return [Constants.EnergyTangent(B(f), Others(f), f[4], tB, tOthers, t[4], out double tResult), tResult];
            }

            public static double CutValue(double[] f) => Constants.Cut(f[0]);

            public static double[] CutGradient(double[] f)
            {
                double dX = 0;
                Constants.CutBackward(f[0], 1.0, ref dX);
                return [dX];
            }

            private static Frame F(double[] f) => new() { Angle = f[0], Anchor = new Body { X = 0.8, Mass = 2.5 } };

            public static double TurnValue(double[] f) => Constants.Turn(F(f), f[1]);

            public static double[] TurnGradient(double[] f)
            {
                Frame dF = new() { Anchor = new Body { X = 9, V = 9, Mass = 9 } };
                double dW = 0;
                Constants.TurnBackward(F(f), f[1], 1.0, ref dF, ref dW);
                if (dF.Anchor.X != 9 || dF.Anchor.V != 9 || dF.Anchor.Mass != 9) throw new InvalidOperationException("a constant member's adjoint was touched");
                return [dF.Angle, dW];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Energy", 5)]
    [InlineData("Turn", 2)]
    public void Gradients_hold_no_derivative_members_fixed_and_leave_their_adjoints_alone(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Fact]
    public void A_no_derivative_member_computed_from_an_active_value_cuts_the_derivative()
    {
        // b.X·3 + b.Mass with Mass = x² a constant: the derivative is 3, not 3 + 2x.
        foreach (double x in new[] { -1.5, 0.25, 2.0 })
        {
            GradientAssert.Close(3.0, Drivers.Gradient("Cut", [x])[0], 0, $"d/dx at {x}");
        }
    }

    [Fact]
    public void Forward_mode_ignores_a_direction_on_a_no_derivative_member()
    {
        for (int point = 0; point < 3; point++)
        {
            double[] f = FlatDrivers.RandomPoint(point, 5), direction = FlatDrivers.RandomPoint(10 + point, 5);
            var tangent = (double[])Drivers.Call("EnergyTangent", f, direction)!;
            double expected = Drivers.Gradient("Energy", f).Zip(direction, (g, d) => g * d).Sum();
            GradientAssert.Close(Drivers.Value("Energy", f), tangent[0], 1e-14, $"value at point {point}");
            GradientAssert.Close(expected, tangent[1], 1e-12 * Math.Max(1, Math.Abs(expected)), $"tangent at point {point}");
        }
    }
}
