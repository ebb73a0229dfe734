using GradientGen;

namespace GradientGen.Samples;

/// <summary>
/// The course's worked example, s(x, y) = e(e(g(x), f(y)), h(f(y))), built from four small functions so that
/// the generated <c>SBackward</c> has to chain through <c>EBackward</c>, <c>FBackward</c>, <c>GBackward</c>
/// and <c>HBackward</c>, exactly like the hand computation on the computational graph.
/// </summary>
public static partial class ClassExample
{
    [Differentiable]
    public static double E(double x, double y) => x * y;

    [Differentiable]
    public static double F(double x) => 3 * x;

    [Differentiable]
    public static double G(double x) => x * x;

    [Differentiable]
    public static double H(double x) => Math.Sin(x);

    [Differentiable]
    public static double S(double x, double y) => E(E(G(x), F(y)), H(F(y)));
}
