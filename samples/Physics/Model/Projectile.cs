using GradientGen;

namespace Physics.Model;

/// <summary>
/// A ball in flight under gravity and quadratic air drag that integrates itself: <see cref="Step"/> writes its
/// position and velocity. <see cref="Miss"/> flies it and measures how far it ends from a target; its generated
/// backward differentiates through every step, member writes included (a differentiable simulation): the shadow
/// ball it is given comes back holding ∂miss/∂ of each member on entry, the launch velocity and the drag among them.
/// </summary>
public sealed partial class Projectile
{
    public double X { get; set; }

    public double Y { get; set; }

    public double Vx { get; set; }

    public double Vy { get; set; }

    /// <summary>Drag per unit of speed: the deceleration is Drag·|v|·v.</summary>
    public double Drag { get; set; } = 0.05;

    [NoDerivative]
    public double Gravity { get; set; } = 9.81;

    /// <summary>One step of semi-implicit Euler: the velocity first, then the position from the new velocity.</summary>
    [Differentiable]
    public void Step(double dt)
    {
        double speed = Math.Sqrt(Vx * Vx + Vy * Vy);
        Vx -= Drag * speed * Vx * dt;
        Vy -= (Gravity + Drag * speed * Vy) * dt;
        X += Vx * dt;
        Y += Vy * dt;
    }

    /// <summary>The squared distance from the target after <paramref name="steps"/> steps of <paramref name="dt"/>.</summary>
    [Differentiable]
    public double Miss(double targetX, double targetY, double dt, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Step(dt);
        }

        double dx = X - targetX, dy = Y - targetY;
        return dx * dx + dy * dy;
    }
    // → double MissBackward(double targetX, double targetY, double dt, int steps, double dResult,
    //                        Projectile dThis, ref double dTargetX, ref double dTargetY, ref double dDt)
}
