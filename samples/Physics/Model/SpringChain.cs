using System.Numerics;

namespace Physics.Model;

/// <summary>
/// Masses joined by springs, the first pinned in place, under gravity; some carry a charge and repel. The
/// force on each mass is −∇U summed over the springs, gravity and charge pairs, every gradient a generated
/// backward; the motion is integrated with symplectic Euler, which keeps the energy bounded.
/// </summary>
public sealed class SpringChain
{
    public const float G = 9.81f;

    private readonly float[] _masses;
    private readonly float[] _charges;
    private readonly (int A, int B, float K, float Length)[] _springs;

    /// <summary>
    /// <paramref name="count"/> masses of 1 kg laid out to the right of the anchor, <paramref name="spacing"/> apart,
    /// each joined to the next by a spring of that rest length; every other mass carries charge
    /// <paramref name="charge"/>.
    /// </summary>
    public SpringChain(int count, float spacing, float stiffness, float charge)
    {
        Positions = new Vector3[count];
        Velocities = new Vector3[count];
        _masses = new float[count];
        _charges = new float[count];
        for (int i = 0; i < count; i++)
        {
            Positions[i] = new Vector3(i * spacing, 0, 0.1f * i * i / count);
            _masses[i] = 1f;
            _charges[i] = i % 2 == 0 ? charge : 0f;
        }

        _springs = Enumerable.Range(0, count - 1).Select(i => (i, i + 1, stiffness, spacing)).ToArray();
    }

    public Vector3[] Positions { get; }

    public Vector3[] Velocities { get; }

    /// <summary>The total energy: kinetic, plus every potential.</summary>
    public float Energy()
    {
        float energy = 0;
        for (int i = 0; i < Positions.Length; i++)
        {
            energy += 0.5f * _masses[i] * Velocities[i].LengthSquared() + Potentials.Gravity(Positions[i], _masses[i], G);
        }

        foreach ((int a, int b, float k, float rest) in _springs)
        {
            energy += Potentials.Spring(Positions[a], Positions[b], k, rest);
        }

        foreach ((int a, int b, float charges) in ChargedPairs())
        {
            energy += Potentials.Coulomb(Positions[a], Positions[b], charges, Softening);
        }

        return energy;
    }

    /// <summary>F = −∇U: each potential's generated backward adds its gradient into the masses it involves.</summary>
    public void Forces(Vector3[] forces)
    {
        var gradient = new Vector3[Positions.Length];
        for (int i = 0; i < Positions.Length; i++)
        {
            Potentials.GravityBackward(Positions[i], _masses[i], G, 1f, ref gradient[i]);
        }

        foreach ((int a, int b, float k, float rest) in _springs)
        {
            Potentials.SpringBackward(Positions[a], Positions[b], k, rest, 1f, ref gradient[a], ref gradient[b]);
        }

        foreach ((int a, int b, float charges) in ChargedPairs())
        {
            Potentials.CoulombBackward(Positions[a], Positions[b], charges, Softening, 1f, ref gradient[a], ref gradient[b]);
        }

        for (int i = 0; i < forces.Length; i++)
        {
            forces[i] = -gradient[i];
        }
    }

    /// <summary>One step of symplectic Euler (velocities first, then positions with the new velocities); mass 0 stays pinned.</summary>
    public void Step(float dt, Vector3[] forces)
    {
        Forces(forces);
        for (int i = 1; i < Positions.Length; i++)
        {
            Velocities[i] += forces[i] / _masses[i] * dt;
            Positions[i] += Velocities[i] * dt;
        }
    }

    private const float Softening = 0.05f;

    private IEnumerable<(int A, int B, float Charges)> ChargedPairs()
    {
        for (int a = 0; a < _charges.Length; a++)
        {
            for (int b = a + 2; b < _charges.Length; b++)
            {
                if (_charges[a] != 0 && _charges[b] != 0)
                {
                    yield return (a, b, _charges[a] * _charges[b]);
                }
            }
        }
    }
}
