using System.Numerics;
using Physics.Model;

namespace GradientGen.Tests.Samples;

/// <summary>
/// The Physics sample's own code (linked into this project): the forces, each −∇U from a generated backward on
/// Vector3, are the textbook formulas and the central differences of the total energy, and the simulation
/// they drive keeps its energy; a ball that integrates itself (member writes in its Step) is differentiated through
/// its whole flight and aimed with that derivative.
/// </summary>
public class PhysicsTests
{
    [Fact]
    public void Spring_gravity_and_Coulomb_forces_are_the_textbook_formulas()
    {
        Vector3 a = new(0.1f, 0.2f, -0.3f), b = new(0.6f, -0.1f, 0.2f);
        Vector3 d = a - b;

        Vector3 dA = default, dB = default;
        Potentials.SpringBackward(a, b, 400f, 0.25f, 1f, ref dA, ref dB);
        Vector3 spring = 400f * (d.Length() - 0.25f) * Vector3.Normalize(d);
        AssertClose(spring, dA);
        AssertClose(-spring, dB);

        Vector3 dP = default;
        Potentials.GravityBackward(a, 2f, 9.81f, 1f, ref dP);
        AssertClose(new Vector3(0, 2f * 9.81f, 0), dP);

        dA = dB = default;
        Potentials.CoulombBackward(a, b, 0.09f, 0.05f, 1f, ref dA, ref dB);
        float r2 = d.LengthSquared() + 0.05f * 0.05f;
        Vector3 coulomb = -0.09f * d / (r2 * MathF.Sqrt(r2));
        AssertClose(coulomb, dA);
        AssertClose(-coulomb, dB);
    }

    [Fact]
    public void Chain_forces_are_minus_the_energy_gradient_by_central_differences()
    {
        var chain = new SpringChain(count: 5, spacing: 0.25f, stiffness: 40f, charge: 0.3f);
        var forces = new Vector3[5];
        chain.Step(0.01f, forces); // moves it off its symmetric start
        chain.Forces(forces);
        for (int i = 0; i < 5; i++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                const float h = 2e-3f;
                Vector3 saved = chain.Positions[i];
                chain.Positions[i] = saved + Axis(axis) * h;
                double plus = chain.Energy(); // the kinetic part doesn't depend on the positions
                chain.Positions[i] = saved - Axis(axis) * h;
                double minus = chain.Energy();
                chain.Positions[i] = saved;
                double expected = -(plus - minus) / (2 * h);
                Infrastructure.GradientAssert.Close(expected, Component(forces[i], axis), 2e-3, $"force on mass {i} along axis {axis}");
            }
        }
    }

    [Fact]
    public void Symplectic_Euler_with_the_generated_forces_keeps_the_energy_within_five_percent()
    {
        var chain = new SpringChain(count: 8, spacing: 0.25f, stiffness: 400f, charge: 0.3f);
        var forces = new Vector3[8];
        float start = chain.Energy(), lowest = 0;
        for (int step = 0; step < 4000; step++)
        {
            chain.Step(5e-4f, forces);
            lowest = Math.Min(lowest, chain.Positions[^1].Y);
        }

        Assert.InRange(Math.Abs(chain.Energy() - start) / Math.Abs(start), 0, 0.05);
        Assert.True(lowest < -2f, $"the chain swung down under gravity (lowest end {lowest})");
    }

    [Fact]
    public void The_derivative_of_a_flight_through_member_writing_steps_matches_central_differences()
    {
        // Miss over (X, Y, Vx, Vy, Drag) on entry and dt, at three launches.
        double[][] launches = [[0, 0, 5, 5, 0.05, 0.005], [0.3, -0.2, 12, 6, 0.1, 0.004], [-1, 1, 8, -2, 0.02, 0.006]];
        foreach (double[] f in launches)
        {
            static Projectile Ball(double[] f) => new() { X = f[0], Y = f[1], Vx = f[2], Vy = f[3], Drag = f[4] };
            static double Miss(double[] f) => Ball(f).Miss(10, 0.5, f[5], 150);
            var shadow = new Projectile { Drag = 0 };
            double dTargetX = 0, dTargetY = 0, dDt = 0;
            Projectile ball = Ball(f);
            double miss = ball.MissBackward(10, 0.5, f[5], 150, 1.0, shadow, ref dTargetX, ref dTargetY, ref dDt);
            Assert.Equal(Miss(f), miss);
            Projectile flown = Ball(f);
            flown.Miss(10, 0.5, f[5], 150);
            Assert.Equal((flown.X, flown.Y, flown.Vx, flown.Vy), (ball.X, ball.Y, ball.Vx, ball.Vy)); // left as Miss leaves it
            Infrastructure.GradientAssert.MatchesFiniteDifferences(Miss, [shadow.X, shadow.Y, shadow.Vx, shadow.Vy, shadow.Drag, dDt], f, 1e-6, 1e-6, $"launch ({f[2]}, {f[3]})");
        }
    }

    [Fact]
    public void Gradient_descent_on_the_generated_derivative_lands_the_ball_on_the_target()
    {
        double vx = 5, vy = 5, miss = double.NaN;
        for (int step = 0; step < 40; step++)
        {
            var shadow = new Projectile { Drag = 0 };
            double dTargetX = 0, dTargetY = 0, dDt = 0;
            miss = new Projectile { Vx = vx, Vy = vy }.MissBackward(10, 0, 0.005, 200, 1.0, shadow, ref dTargetX, ref dTargetY, ref dDt);
            vx -= 0.5 * shadow.Vx;
            vy -= 0.5 * shadow.Vy;
        }

        Assert.True(miss < 1e-12, $"misses by {miss} m²");
    }

    private static Vector3 Axis(int axis) => axis switch { 0 => Vector3.UnitX, 1 => Vector3.UnitY, _ => Vector3.UnitZ };

    private static float Component(Vector3 v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };

    private static void AssertClose(Vector3 expected, Vector3 actual)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            Infrastructure.GradientAssert.Close(Component(expected, axis), Component(actual, axis), 1e-5, $"axis {axis}");
        }
    }
}
