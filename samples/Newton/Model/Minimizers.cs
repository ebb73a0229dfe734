namespace Newton.Model;

/// <summary>One run of a minimizer: f at the start and after each step, and the point it stopped at.</summary>
public sealed record Run(string Name, IReadOnlyList<double> Values, double[] Solution);

/// <summary>
/// Gradient descent and Newton's method, each with the same backtracking (Armijo) line search, on a function given
/// by its value, gradient and Hessian (all generated). They stop when the gradient's norm falls below the tolerance
/// or after the step budget.
/// </summary>
public static class Minimizers
{
    /// <summary>x ← x − t ∇f(x), t halved from 1 until f decreases enough.</summary>
    public static Run GradientDescent(Func<double[], double> f, Func<double[], double[], double> gradient, double[] start, int maxSteps, double tolerance)
    {
        double[] x = (double[])start.Clone(), g = new double[x.Length];
        var values = new List<double> { f(x) };
        double step = 1;
        for (int k = 0; k < maxSteps; k++)
        {
            gradient(x, g);
            if (Norm(g) < tolerance)
            {
                break;
            }

            double[] direction = g.Select(gi => -gi).ToArray();
            // Start from twice the last accepted step: a fixed start of 1 would halve ~10 times per iteration.
            step = LineSearch(f, x, values[^1], g, direction, Math.Min(1, 2 * step));
            values.Add(f(x));
        }

        return new Run("gradient descent", values, x);
    }

    /// <summary>
    /// x ← x + t p with (H + μI) p = −∇f: μ = 0 where the Hessian is positive definite (a pure Newton step, t = 1
    /// near the minimum), raised until the Cholesky factorization succeeds where it isn't (far from the minimum).
    /// </summary>
    public static Run Newton(Func<double[], double> f, Func<double[], double[], double> gradient, Func<double[], double[,]> hessian, double[] start, int maxSteps, double tolerance)
    {
        double[] x = (double[])start.Clone(), g = new double[x.Length];
        var values = new List<double> { f(x) };
        for (int k = 0; k < maxSteps; k++)
        {
            gradient(x, g);
            if (Norm(g) < tolerance)
            {
                break;
            }

            double[,] h = hessian(x);
            double[] direction = SolveShifted(h, g.Select(gi => -gi).ToArray());
            LineSearch(f, x, values[^1], g, direction, 1);
            values.Add(f(x));
        }

        return new Run("Newton (generated Hessian)", values, x);
    }

    /// <summary>Moves x along the direction by the largest t in 1, 1/2, 1/4, … with f(x + t d) ≤ f(x) + 10⁻⁴ t ∇f·d; returns t.</summary>
    private static double LineSearch(Func<double[], double> f, double[] x, double fx, double[] g, double[] direction, double t)
    {
        double slope = g.Zip(direction, (a, b) => a * b).Sum();
        double[] trial = new double[x.Length];
        for (int halvings = 0; halvings < 60; halvings++, t /= 2)
        {
            for (int i = 0; i < x.Length; i++)
            {
                trial[i] = x[i] + (t * direction[i]);
            }

            if (f(trial) <= fx + (1e-4 * t * slope))
            {
                break;
            }
        }

        Array.Copy(trial, x, x.Length);
        return t;
    }

    /// <summary>Solves (H + μI) p = b by Cholesky, with the smallest μ in 0, 10⁻³·2^k that makes it positive definite.</summary>
    private static double[] SolveShifted(double[,] h, double[] b)
    {
        int n = b.Length;
        for (double mu = 0; ; mu = mu == 0 ? 1e-3 : mu * 2)
        {
            var l = new double[n, n];
            bool definite = true;
            for (int j = 0; j < n && definite; j++)
            {
                double d = h[j, j] + mu;
                for (int k = 0; k < j; k++)
                {
                    d -= l[j, k] * l[j, k];
                }

                if (d <= 0)
                {
                    definite = false;
                    break;
                }

                l[j, j] = Math.Sqrt(d);
                for (int i = j + 1; i < n; i++)
                {
                    double s = h[i, j];
                    for (int k = 0; k < j; k++)
                    {
                        s -= l[i, k] * l[j, k];
                    }

                    l[i, j] = s / l[j, j];
                }
            }

            if (!definite)
            {
                continue;
            }

            // L y = b, then Lᵀ p = y.
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = b[i];
                for (int k = 0; k < i; k++)
                {
                    s -= l[i, k] * y[k];
                }

                y[i] = s / l[i, i];
            }

            var p = new double[n];
            for (int i = n - 1; i >= 0; i--)
            {
                double s = y[i];
                for (int k = i + 1; k < n; k++)
                {
                    s -= l[k, i] * p[k];
                }

                p[i] = s / l[i, i];
            }

            return p;
        }
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(a => a * a));
}
