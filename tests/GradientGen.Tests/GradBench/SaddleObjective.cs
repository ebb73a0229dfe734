using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>saddle</c> eval (evals/saddle/README.md, Pearlmutter and Siskind's saddle point): the saddle
/// point of f(p₁, p₂) = (a² + b²) − (x² + y²), p₁ = (a, b), p₂ = (x, y), as min over p₁ of max over p₂ of f,
/// both by GradBench's gradient descent (<see cref="GradientDescent"/>) from the same start s, then p₂ = the
/// argmax at the p₁ found. Nested differentiation: the inner ascent, <see cref="MaxOverP2"/>, takes ∇_{p₂}f
/// from the generated <c>ObjectiveGradient</c> (inner reverse mode), and the outer descent differentiates that
/// whole ascent in (a, b): <c>MaxOverP2Gradient</c> (outer reverse, GradBench's <c>rr</c>) or
/// <c>MaxOverP2Tangent</c> (outer forward, <c>fr</c>); <see cref="MaxOverP2ByTangents"/> takes ∇_{(x, y)}f from
/// two generated <c>ObjectiveTangent</c>s instead (inner forward mode: <c>rf</c>, <c>ff</c>).
/// <see cref="SolveFinite"/> is GradBench's <c>finite</c> tool: central differences for both.
/// </summary>
public static partial class SaddleObjective
{
    /// <summary>f(a, b, x, y) = (a² + b²) − (x² + y²).</summary>
    [Differentiable]
    public static double Objective(double a, double b, double x, double y) => ((a * a) + (b * b)) - ((x * x) + (y * y));

    /// <summary>
    /// max over (x, y) of f(a, b, x, y): GradBench's descent on −f from (s₀, s₁), written out (gradient ascent:
    /// x + η∇f is x − η∇(−f) exactly, and f' &gt; f is −f' &lt; −f), with ∇_{(x, y)}f from the generated
    /// <c>ObjectiveGradient</c>. Differentiated in (a, b) only: the start is a constant.
    /// </summary>
    [Differentiable]
    public static double MaxOverP2(double a, double b, [NoDerivative] double start0, [NoDerivative] double start1)
    {
        double x = start0, y = start1;
        double fx = Objective(a, b, x, y);
        var (_, _, _, gx, gy) = ObjectiveGradient(a, b, x, y);
        int improvements = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Math.Sqrt((gx * gx) + (gy * gy)) <= 1e-5)
            {
                break;
            }

            if (improvements == 10)
            {
                eta *= 2;
                improvements = 0;
                continue;
            }

            double nextX = x + (eta * gx);
            double nextY = y + (eta * gy);
            if (Math.Sqrt(((x - nextX) * (x - nextX)) + ((y - nextY) * (y - nextY))) <= 1e-5)
            {
                break;
            }

            double fNext = Objective(a, b, nextX, nextY);
            if (fNext > fx)
            {
                x = nextX;
                y = nextY;
                fx = fNext;
                (_, _, _, gx, gy) = ObjectiveGradient(a, b, x, y);
                improvements++;
            }
            else
            {
                eta /= 2;
                improvements = 0;
            }
        }

        return Objective(a, b, x, y);
    }

    /// <summary>
    /// <see cref="MaxOverP2"/> with ∇_{(x, y)}f from forward mode inside (GradBench's <c>rf</c> and <c>ff</c>): two
    /// generated <c>ObjectiveTangent</c>s along x and y.
    /// </summary>
    [Differentiable]
    public static double MaxOverP2ByTangents(double a, double b, [NoDerivative] double start0, [NoDerivative] double start1)
    {
        double x = start0, y = start1;
        double fx = Objective(a, b, x, y);
        ObjectiveTangent(a, b, x, y, 0, 0, 1, 0, out double gx);
        ObjectiveTangent(a, b, x, y, 0, 0, 0, 1, out double gy);
        int improvements = 0;
        double eta = 1e-5;
        while (true)
        {
            if (Math.Sqrt((gx * gx) + (gy * gy)) <= 1e-5)
            {
                break;
            }

            if (improvements == 10)
            {
                eta *= 2;
                improvements = 0;
                continue;
            }

            double nextX = x + (eta * gx);
            double nextY = y + (eta * gy);
            if (Math.Sqrt(((x - nextX) * (x - nextX)) + ((y - nextY) * (y - nextY))) <= 1e-5)
            {
                break;
            }

            double fNext = Objective(a, b, nextX, nextY);
            if (fNext > fx)
            {
                x = nextX;
                y = nextY;
                fx = fNext;
                ObjectiveTangent(a, b, x, y, 0, 0, 1, 0, out gx);
                ObjectiveTangent(a, b, x, y, 0, 0, 0, 1, out gy);
                improvements++;
            }
            else
            {
                eta /= 2;
                improvements = 0;
            }
        }

        return Objective(a, b, x, y);
    }

    /// <summary>
    /// GradBench's <c>rr</c> from the start (s₀, s₁): p₁ = argmin of <see cref="MaxOverP2"/>, ∇ by
    /// <c>MaxOverP2Gradient</c>; then p₂ = argmax of f(p₁, ·), ∇ by <c>ObjectiveGradient</c>. Returns (a, b, x, y).
    /// </summary>
    public static double[] SolveRr(double start0, double start1)
    {
        double[] p1 = GradientDescent.ArgMin(
            p => MaxOverP2(p[0], p[1], start0, start1),
            (p, g) => (_, g[0], g[1]) = MaxOverP2Gradient(p[0], p[1], start0, start1),
            [start0, start1]);
        double[] p2 = GradientDescent.ArgMax(
            q => Objective(p1[0], p1[1], q[0], q[1]),
            (q, g) => (_, _, _, g[0], g[1]) = ObjectiveGradient(p1[0], p1[1], q[0], q[1]),
            [start0, start1]);
        return [p1[0], p1[1], p2[0], p2[1]];
    }

    /// <summary>
    /// GradBench's <c>fr</c>: as <see cref="SolveRr"/> with each gradient from forward mode, one tangent per
    /// direction: <c>MaxOverP2Tangent</c> along (1, 0) and (0, 1), then <c>ObjectiveTangent</c> along x and y.
    /// </summary>
    public static double[] SolveFr(double start0, double start1)
    {
        double[] p1 = GradientDescent.ArgMin(
            p => MaxOverP2(p[0], p[1], start0, start1),
            (p, g) =>
            {
                MaxOverP2Tangent(p[0], p[1], start0, start1, 1, 0, out g[0]);
                MaxOverP2Tangent(p[0], p[1], start0, start1, 0, 1, out g[1]);
            },
            [start0, start1]);
        double[] p2 = GradientDescent.ArgMax(
            q => Objective(p1[0], p1[1], q[0], q[1]),
            (q, g) =>
            {
                ObjectiveTangent(p1[0], p1[1], q[0], q[1], 0, 0, 1, 0, out g[0]);
                ObjectiveTangent(p1[0], p1[1], q[0], q[1], 0, 0, 0, 1, out g[1]);
            },
            [start0, start1]);
        return [p1[0], p1[1], p2[0], p2[1]];
    }

    /// <summary>GradBench's <c>rf</c>: as <see cref="SolveRr"/> with the inner ascent <see cref="MaxOverP2ByTangents"/>.</summary>
    public static double[] SolveRf(double start0, double start1)
    {
        double[] p1 = GradientDescent.ArgMin(
            p => MaxOverP2ByTangents(p[0], p[1], start0, start1),
            (p, g) => (_, g[0], g[1]) = MaxOverP2ByTangentsGradient(p[0], p[1], start0, start1),
            [start0, start1]);
        double[] p2 = GradientDescent.ArgMax(
            q => Objective(p1[0], p1[1], q[0], q[1]),
            (q, g) => (_, _, _, g[0], g[1]) = ObjectiveGradient(p1[0], p1[1], q[0], q[1]),
            [start0, start1]);
        return [p1[0], p1[1], p2[0], p2[1]];
    }

    /// <summary>GradBench's <c>ff</c>: as <see cref="SolveFr"/> with the inner ascent <see cref="MaxOverP2ByTangents"/>.</summary>
    public static double[] SolveFf(double start0, double start1)
    {
        double[] p1 = GradientDescent.ArgMin(
            p => MaxOverP2ByTangents(p[0], p[1], start0, start1),
            (p, g) =>
            {
                MaxOverP2ByTangentsTangent(p[0], p[1], start0, start1, 1, 0, out g[0]);
                MaxOverP2ByTangentsTangent(p[0], p[1], start0, start1, 0, 1, out g[1]);
            },
            [start0, start1]);
        double[] p2 = GradientDescent.ArgMax(
            q => Objective(p1[0], p1[1], q[0], q[1]),
            (q, g) =>
            {
                ObjectiveTangent(p1[0], p1[1], q[0], q[1], 0, 0, 1, 0, out g[0]);
                ObjectiveTangent(p1[0], p1[1], q[0], q[1], 0, 0, 0, 1, out g[1]);
            },
            [start0, start1]);
        return [p1[0], p1[1], p2[0], p2[1]];
    }

    /// <summary>GradBench's <c>finite</c> tool: every gradient, inner and outer, by central differences.</summary>
    public static double[] SolveFinite(double start0, double start1)
    {
        double[] p1 = GradientDescent.ArgMin(
            p => MaxOverP2ByFiniteDifferences(p[0], p[1], start0, start1),
            (p, g) =>
            {
                double a = p[0], b = p[1];
                g[0] = GradBenchFiniteDifferences.Derivative(t => MaxOverP2ByFiniteDifferences(t, b, start0, start1), a);
                g[1] = GradBenchFiniteDifferences.Derivative(t => MaxOverP2ByFiniteDifferences(a, t, start0, start1), b);
            },
            [start0, start1]);
        double[] p2 = ArgMaxByFiniteDifferences(p1[0], p1[1], start0, start1);
        return [p1[0], p1[1], p2[0], p2[1]];
    }

    /// <summary><see cref="MaxOverP2"/> with ∇_{(x, y)}f by central differences, through the shared solver.</summary>
    public static double MaxOverP2ByFiniteDifferences(double a, double b, double start0, double start1)
    {
        double[] p2 = ArgMaxByFiniteDifferences(a, b, start0, start1);
        return Objective(a, b, p2[0], p2[1]);
    }

    private static double[] ArgMaxByFiniteDifferences(double a, double b, double start0, double start1) =>
        GradientDescent.ArgMax(
            q => Objective(a, b, q[0], q[1]),
            (q, g) =>
            {
                double x = q[0], y = q[1];
                double stepX = GradBenchFiniteDifferences.Step(x), stepY = GradBenchFiniteDifferences.Step(y);
                g[0] = (Objective(a, b, x + (stepX / 2), y) - Objective(a, b, x - (stepX / 2), y)) / stepX;
                g[1] = (Objective(a, b, x, y + (stepY / 2)) - Objective(a, b, x, y - (stepY / 2))) / stepY;
            },
            [start0, start1]);
}
