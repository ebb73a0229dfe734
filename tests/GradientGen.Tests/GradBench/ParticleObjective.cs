using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>particle</c> eval (evals/particle/README.md, Pearlmutter and Siskind's charged particle): a
/// particle starts at (0, 8) with velocity (0.75, 0) and moves in the field of two unit charges at (10, 10 − w)
/// and (10, 0), integrated by naive Euler steps of 0.1 until it crosses the x axis; the eval finds the control w
/// that minimizes x₀(t_f)², the squared distance from the origin where it crosses, by gradient descent from
/// w = 0. Nested differentiation: each Euler step takes the force −∇ₓp from the generated
/// <c>PotentialGradient</c> (inner reverse mode), and the descent differentiates the whole flight,
/// <see cref="NaiveEuler"/>, in w: <c>NaiveEulerGradient</c> (outer reverse, GradBench's <c>rr</c>) or
/// <c>NaiveEulerTangent</c> (outer forward, <c>fr</c>); <see cref="NaiveEulerByTangents"/> takes the force from
/// two generated <c>PotentialTangent</c>s instead (inner forward mode: <c>rf</c>, <c>ff</c>).
/// <see cref="SolveFinite"/> is GradBench's <c>finite</c> tool: central differences for both derivatives.
/// </summary>
public static partial class ParticleObjective
{
    /// <summary>Euler's time step.</summary>
    public const double TimeStep = 0.1;

    /// <summary>p(x; w) = 1/‖x − (10, 10 − w)‖ + 1/‖x − (10, 0)‖.</summary>
    [Differentiable]
    public static double Potential(double x0, double x1, double w)
    {
        double movableDx = 10 - x0, movableDy = 10 - w - x1;
        double fixedDx = 10 - x0, fixedDy = 0 - x1;
        return (1 / Math.Sqrt((movableDx * movableDx) + (movableDy * movableDy))) + (1 / Math.Sqrt((fixedDx * fixedDx) + (fixedDy * fixedDy)));
    }

    /// <summary>
    /// x₀(t_f)²: the flight from (0, 8), the acceleration −∇ₓp at each step's start, until x₁ ≤ 0; t_f from a
    /// linear interpolation of the last step. The number of steps depends on w (piecewise smooth).
    /// </summary>
    [Differentiable]
    public static double NaiveEuler(double w)
    {
        double x0 = 0, x1 = 8;
        double v0 = 0.75, v1 = 0;
        while (true)
        {
            var (_, dp0, dp1, _) = PotentialGradient(x0, x1, w);
            x0 += TimeStep * v0;
            x1 += TimeStep * v1;
            if (x1 <= 0)
            {
                double finalTime = -x1 / v1;
                double finalX0 = x0 + (finalTime * v0);
                return finalX0 * finalX0;
            }

            v0 -= TimeStep * dp0;
            v1 -= TimeStep * dp1;
        }
    }

    /// <summary>
    /// <see cref="NaiveEuler"/> with the force from forward mode inside (GradBench's <c>rf</c> and <c>ff</c>):
    /// ∂p/∂x₀ and ∂p/∂x₁ as two generated <c>PotentialTangent</c>s along the unit directions.
    /// </summary>
    [Differentiable]
    public static double NaiveEulerByTangents(double w)
    {
        double x0 = 0, x1 = 8;
        double v0 = 0.75, v1 = 0;
        while (true)
        {
            PotentialTangent(x0, x1, w, 1, 0, 0, out double dp0);
            PotentialTangent(x0, x1, w, 0, 1, 0, out double dp1);
            x0 += TimeStep * v0;
            x1 += TimeStep * v1;
            if (x1 <= 0)
            {
                double finalTime = -x1 / v1;
                double finalX0 = x0 + (finalTime * v0);
                return finalX0 * finalX0;
            }

            v0 -= TimeStep * dp0;
            v1 -= TimeStep * dp1;
        }
    }

    /// <summary>GradBench's <c>rr</c>: the descent on w from <paramref name="w0"/>, d/dw by <c>NaiveEulerGradient</c>.</summary>
    public static double SolveRr(double w0) =>
        GradientDescent.ArgMin(w => NaiveEuler(w[0]), (w, g) => g[0] = NaiveEulerGradient(w[0]).dW, [w0])[0];

    /// <summary>GradBench's <c>fr</c>: the descent on w from <paramref name="w0"/>, d/dw by <c>NaiveEulerTangent</c> along 1.</summary>
    public static double SolveFr(double w0) =>
        GradientDescent.ArgMin(w => NaiveEuler(w[0]), (w, g) => NaiveEulerTangent(w[0], 1.0, out g[0]), [w0])[0];

    /// <summary>GradBench's <c>rf</c>: the descent on w, d/dw by <c>NaiveEulerByTangentsGradient</c>.</summary>
    public static double SolveRf(double w0) =>
        GradientDescent.ArgMin(w => NaiveEulerByTangents(w[0]), (w, g) => g[0] = NaiveEulerByTangentsGradient(w[0]).dW, [w0])[0];

    /// <summary>GradBench's <c>ff</c>: the descent on w, d/dw by <c>NaiveEulerByTangentsTangent</c> along 1.</summary>
    public static double SolveFf(double w0) =>
        GradientDescent.ArgMin(w => NaiveEulerByTangents(w[0]), (w, g) => NaiveEulerByTangentsTangent(w[0], 1.0, out g[0]), [w0])[0];

    /// <summary>GradBench's <c>finite</c> tool: <see cref="NaiveEulerByFiniteDifferences"/> and its central difference.</summary>
    public static double SolveFinite(double w0) =>
        GradientDescent.ArgMin(
            w => NaiveEulerByFiniteDifferences(w[0]),
            (w, g) => g[0] = GradBenchFiniteDifferences.Derivative(NaiveEulerByFiniteDifferences, w[0]),
            [w0])[0];

    /// <summary><see cref="NaiveEuler"/> with ∇ₓp by central differences of <see cref="Potential"/>, as the <c>finite</c> tool does.</summary>
    public static double NaiveEulerByFiniteDifferences(double w)
    {
        double x0 = 0, x1 = 8;
        double v0 = 0.75, v1 = 0;
        while (true)
        {
            double step0 = GradBenchFiniteDifferences.Step(x0), step1 = GradBenchFiniteDifferences.Step(x1);
            double dp0 = (Potential(x0 + (step0 / 2), x1, w) - Potential(x0 - (step0 / 2), x1, w)) / step0;
            double dp1 = (Potential(x0, x1 + (step1 / 2), w) - Potential(x0, x1 - (step1 / 2), w)) / step1;
            x0 += TimeStep * v0;
            x1 += TimeStep * v1;
            if (x1 <= 0)
            {
                double finalTime = -x1 / v1;
                double finalX0 = x0 + (finalTime * v0);
                return finalX0 * finalX0;
            }

            v0 -= TimeStep * dp0;
            v1 -= TimeStep * dp1;
        }
    }
}
