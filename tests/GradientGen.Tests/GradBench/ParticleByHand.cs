namespace GradientGen.Tests.GradBench;

/// <summary>
/// <see cref="ParticleObjective.NaiveEuler"/> with the force written by hand instead of the generated
/// <c>PotentialGradient</c>: ∂/∂x 1/‖x − c‖ = −(x − c)/‖x − c‖³ for each charge c. Also counts the Euler
/// steps, so tests can tell where the flight's length (and with it the derivative) jumps.
/// </summary>
internal static class ParticleByHand
{
    /// <summary>x₀(t_f)², as <see cref="ParticleObjective.NaiveEuler"/>, after <paramref name="steps"/> Euler steps.</summary>
    public static double NaiveEuler(double w, out int steps)
    {
        double x0 = 0, x1 = 8;
        double v0 = 0.75, v1 = 0;
        steps = 0;
        while (true)
        {
            Force(x0, x1, w, out double f0, out double f1);
            x0 += ParticleObjective.TimeStep * v0;
            x1 += ParticleObjective.TimeStep * v1;
            steps++;
            if (x1 <= 0)
            {
                double finalTime = -x1 / v1;
                double finalX0 = x0 + (finalTime * v0);
                return finalX0 * finalX0;
            }

            v0 += ParticleObjective.TimeStep * f0;
            v1 += ParticleObjective.TimeStep * f1;
        }
    }

    /// <summary>−∇ₓp(x; w): the sum over both charges of (x − c)/‖x − c‖³.</summary>
    public static void Force(double x0, double x1, double w, out double f0, out double f1)
    {
        double movable0 = x0 - 10, movable1 = x1 - (10 - w);
        double fixed0 = x0 - 10, fixed1 = x1 - 0;
        double movableCube = Math.Pow((movable0 * movable0) + (movable1 * movable1), 1.5);
        double fixedCube = Math.Pow((fixed0 * fixed0) + (fixed1 * fixed1), 1.5);
        f0 = (movable0 / movableCube) + (fixed0 / fixedCube);
        f1 = (movable1 / movableCube) + (fixed1 / fixedCube);
    }
}
