// Newton's method with the generated Hessian beside gradient descent with the generated gradient, on the course's
// extended Rosenbrock function. Both use the same line search; Newton's step solves H p = −∇f with the dense Hessian
// from ExtendedRosenbrock.ValueHessian (reverse mode over forward mode, generated at compile time).

using System.Globalization;
using Newton;
using Newton.Model;

const int n = 8, budget = 20_000;
const double tolerance = 1e-8;
double[] start = Enumerable.Range(0, n).Select(i => 0.0).ToArray();

Run descent = Minimizers.GradientDescent(ExtendedRosenbrock.Value, ExtendedRosenbrock.Gradient, start, budget, tolerance);
Run newton = Minimizers.Newton(ExtendedRosenbrock.Value, ExtendedRosenbrock.Gradient, ExtendedRosenbrock.ValueHessian, start, budget, tolerance);

Console.WriteLine($"Extended Rosenbrock, n = {n}, from the origin; stop when |grad f| < {tolerance.ToString(CultureInfo.InvariantCulture)} or after {budget} steps");
Console.WriteLine();
Console.WriteLine($"  {"method",-28}{"steps",8}{"final f",14}{"max |x_i - 1|",16}");
foreach (Run run in new[] { descent, newton })
{
    double error = run.Solution.Max(xi => Math.Abs(xi - 1));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {run.Name,-28}{run.Values.Count - 1,8}{run.Values[^1],14:0.0e+00}{error,16:0.0e+00}"));
}

// The Hessian against the closed form of its tridiagonal entries, at a point where they are all different.
double[] point = [0.5, -0.3, 0.8, 1.1, -0.6, 0.2, 0.9, -1.0];
double[,] h = ExtendedRosenbrock.ValueHessian(point);
double h00 = (1200 * point[0] * point[0]) - (400 * point[1]) + 2, h01 = -400 * point[0];
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at x = (0.5, -0.3, ...): generated H[0,0] = {h[0, 0]}, H[0,1] = {h[0, 1]}; closed form 1200 x0^2 - 400 x1 + 2 = {h00}, -400 x0 = {h01}"));

string plot = Path.Combine(AppContext.BaseDirectory, "newton-convergence.png");
ConvergencePlot.Save(plot, [descent, newton], n);
Console.WriteLine();
Console.WriteLine($"  convergence plot: {plot}");

// Non-zero exit (CI runs the sample) if Newton's method with the generated Hessian missed the minimum.
return newton.Solution.All(xi => Math.Abs(xi - 1) < 1e-10) && Math.Abs(h[0, 0] - h00) < 1e-9 ? 0 : 1;
