// GradientGen sample: the derivatives below come from code that the source generator writes at compile time
// (set EmitCompilerGeneratedFiles, already on in this project, and read them in obj/generated).
// All output goes through the invariant culture, so it is the same on every machine.

using System.Globalization;
using GradientGen.Samples;

ClassExamplePart();
Console.WriteLine();
RosenbrockPart();

// Part 1: the course's worked example, checked three independent ways.
static void ClassExamplePart()
{
    const double x = 3.0, y = 4.0;

    Console.WriteLine("Part 1: the class example");
    Console.WriteLine("  s(x, y) = e(e(g(x), f(y)), h(f(y)))  with e(a, b) = a*b, f(x) = 3x, g(x) = x^2, h(x) = sin x");
    Console.WriteLine("  at (x, y) = (3, 4); in closed form s = 3 x^2 y sin(3y) = 108 sin 12");
    Console.WriteLine();

    var gradient = ClassExample.SGradient(x, y);

    // Central differences of the plain method are an independent check: they never touch generated code.
    const double h = 1e-6;
    double fdX = (ClassExample.S(x + h, y) - ClassExample.S(x - h, y)) / (2 * h);
    double fdY = (ClassExample.S(x, y + h) - ClassExample.S(x, y - h)) / (2 * h);

    // ds/dx = 6 x y sin(3y) and ds/dy = x^2 (3 sin(3y) + 9 y cos(3y)), evaluated at (3, 4).
    double exactS = 108 * Math.Sin(12);
    double exactX = 72 * Math.Sin(12);
    double exactY = 9 * (3 * Math.Sin(12) + 36 * Math.Cos(12));

    Print($"  {"",-7}{"SGradient",17}{"S / central diff.",20}{"closed form",17}{"|vs S / FD|",13}{"|vs closed|",13}   formula");
    Row("s", gradient.Value, ClassExample.S(x, y), exactS, "108 sin 12");
    Row("ds/dx", gradient.dX, fdX, exactX, "72 sin 12");
    Row("ds/dy", gradient.dY, fdY, exactY, "9 (3 sin 12 + 36 cos 12)");
    Console.WriteLine("  (for s the middle column is the plain method S(3, 4); for the derivatives it is a");
    Console.WriteLine("   central difference of S with h = 1e-6, accurate to about 1e-8)");
    Console.WriteLine();
    Console.WriteLine("  Note: the hand computation of this example in the course notes has arithmetic slips.");
    Print($"  The true values are ds/dx = 72 sin 12 = {exactX:F6} and ds/dy = 9 (3 sin 12 + 36 cos 12) = {exactY:F6},");
    Console.WriteLine("  as the generated derivative, the finite differences and the closed form all agree above.");
    Console.WriteLine();

    // SGradient is SBackward seeded with dResult = 1. SBackward ADDS into its ref adjoints, so zero them first.
    double dX = 0, dY = 0;
    double s = ClassExample.SBackward(x, y, 1.0, ref dX, ref dY);
    bool same = s == gradient.Value && dX == gradient.dX && dY == gradient.dY;
    Console.WriteLine("  SBackward(3, 4, dResult: 1.0, ref dX, ref dY) with dX = dY = 0 beforehand:");
    Print($"    returns s = {s:F10}, leaves dX = {dX:F10}, dY = {dY:F10}");
    Console.WriteLine(same ? "    identical to SGradient(3, 4)" : "    DIFFERENT from SGradient(3, 4)");

    // A second call without zeroing accumulates: this is what lets gradients sum over a batch.
    _ = ClassExample.SBackward(x, y, 1.0, ref dX, ref dY);
    Print($"    calling it again without zeroing accumulates: dX = {dX:F10} (= 2 * {gradient.dX:F10})");

    static void Row(string name, double generated, double check, double exact, string formula) =>
        Print($"  {name,-7}{generated,17:F10}{check,20:F10}{exact,17:F10}{Math.Abs(generated - check),13:0.0e+00}{Math.Abs(generated - exact),13:0.0e+00}   {formula}");
}

// Part 2: gradient-based minimization, with value and gradient from one generated call per point.
static void RosenbrockPart()
{
    const double a = 1.0, b = 100.0;
    const double tolerance = 1e-8;     // stop once |grad| < tolerance (that puts (x, y) within ~2e-8 of (1, 1))
    const double armijo = 1e-4;        // sufficient-decrease constant of the line search
    const int maxIterations = 50_000;
    const int reportEvery = 2_000;

    Console.WriteLine("Part 2: minimizing the Rosenbrock function");
    Console.WriteLine("  f(x, y) = (a - x)^2 + b (y - x^2)^2 with a = 1, b = 100, minimum f = 0 at (1, 1), start (-1.2, 1)");
    Console.WriteLine("  gradient from the generated Rosenbrock.ValueGradient(x, y, a, b); a and b are [NoDerivative]");
    Console.WriteLine("  method: steepest descent with a backtracking (Armijo) line search. A fixed step small enough");
    Console.WriteLine("  for the steep walls of the curved valley crawls along its flat floor; the line search adapts.");
    Console.WriteLine();

    double x = -1.2, y = 1.0;
    var (f, gx, gy) = Rosenbrock.ValueGradient(x, y, a, b);
    double gradNorm = Norm(gx, gy);
    int iteration = 0;
    int evaluations = 1;
    double step = 1.0;

    Print($"  {"iteration",9}{"f",16}{"x",15}{"y",15}{"|grad|",12}");
    Report();

    while (gradNorm >= tolerance && iteration < maxIterations)
    {
        // Try twice the last accepted step, then halve until f drops by at least armijo * step * |grad|^2.
        // Trial points are evaluated with ValueGradient, so the accepted one's gradient is ready for the next step.
        step *= 2;
        double nx, ny, nf, ngx, ngy;
        while (true)
        {
            nx = x - step * gx;
            ny = y - step * gy;
            (nf, ngx, ngy) = Rosenbrock.ValueGradient(nx, ny, a, b);
            evaluations++;
            if (nf <= f - armijo * step * gradNorm * gradNorm)
            {
                break;
            }

            step *= 0.5;
        }

        (x, y, f, gx, gy) = (nx, ny, nf, ngx, ngy);
        gradNorm = Norm(gx, gy);
        iteration++;
        if (iteration % reportEvery == 0)
        {
            Report();
        }
    }

    if (iteration % reportEvery != 0)
    {
        Report();
    }

    Console.WriteLine();
    if (gradNorm < tolerance)
    {
        Print($"  converged after {iteration} iterations ({evaluations} calls of ValueGradient): |grad| = {gradNorm:0.00e+00} < {tolerance:0e+00}");
    }
    else
    {
        Print($"  stopped after {iteration} iterations without reaching |grad| < {tolerance:0e+00}: |grad| = {gradNorm:0.00e+00}");
    }

    Print($"  minimum found at (x, y) = ({x:F10}, {y:F10}), f = {f:0.00e+00}");
    Print($"  distance from the true minimum (1, 1): {Norm(x - 1, y - 1):0.00e+00}");

    void Report() =>
        Print($"  {iteration,9}{f,16:0.000000e+00}{x,15:F10}{y,15:F10}{gradNorm,12:0.00e+00}");
}

static double Norm(double u, double v) => Math.Sqrt(u * u + v * v);

static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
