using System.Numerics;
using Physics.Model;

namespace GradientGen.Tests.Samples;

/// <summary>
/// The Physics sample's own code (linked into this project): the forces, each −∇U from a generated backward on
/// Vector3, are the textbook formulas and the central differences of the total energy, and the simulation
/// they drive keeps its energy.
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
