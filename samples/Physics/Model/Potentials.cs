using System.Numerics;
using GradientGen;

namespace Physics.Model;

/// <summary>
/// The potential energies of the system, written on <see cref="Vector3"/>. Their forces are never written by
/// hand: a force is −∇U, and GradientGen generates ∇U (<c>SpringBackward</c>, <c>GravityBackward</c>,
/// <c>CoulombBackward</c>), whose <c>ref Vector3</c> adjoints are the gradients with respect to each position.
/// </summary>
public static partial class Potentials
{
    /// <summary>A spring of stiffness k and rest length L between a and b: U = ½k(|a − b| − L)².</summary>
    [Differentiable]
    public static float Spring(Vector3 a, Vector3 b, [NoDerivative] float k, [NoDerivative] float rest)
    {
        float stretch = Vector3.Distance(a, b) - rest;
        return 0.5f * k * stretch * stretch;
    }

    /// <summary>Uniform gravity along −Y: U = m·g·y.</summary>
    [Differentiable]
    public static float Gravity(Vector3 p, [NoDerivative] float mass, [NoDerivative] float g) => mass * g * p.Y;

    /// <summary>
    /// Two charges, softened so that the force stays finite when they pass close: U = k·q₁q₂ / √(|a − b|² + ε²).
    /// </summary>
    [Differentiable]
    public static float Coulomb(Vector3 a, Vector3 b, [NoDerivative] float charges, [NoDerivative] float softening)
    {
        Vector3 d = a - b;
        return charges / MathF.Sqrt(d.LengthSquared() + softening * softening);
    }
}
