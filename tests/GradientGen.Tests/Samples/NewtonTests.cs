using Newton.Model;

namespace GradientGen.Tests.Samples;

/// <summary>
/// The Newton sample's own code (linked into this project): Newton's method with the generated Hessian reaches the
/// extended Rosenbrock's minimum in a few dozen steps where gradient descent with the generated gradient, on the
/// same line search, is still far from it after a thousand.
/// </summary>
public class NewtonTests
{
    private static readonly double[] Origin = new double[8];

    [Fact]
    public void Newton_with_the_generated_Hessian_converges_in_a_few_dozen_steps()
    {
        Run newton = Minimizers.Newton(ExtendedRosenbrock.Value, ExtendedRosenbrock.Gradient, ExtendedRosenbrock.ValueHessian, Origin, maxSteps: 100, tolerance: 1e-8);
        Assert.InRange(newton.Values.Count - 1, 5, 40);
        Assert.True(newton.Values[^1] < 1e-20, $"f = {newton.Values[^1]}");
        Assert.All(newton.Solution, xi => Assert.Equal(1.0, xi, 1e-10));
    }

    [Fact]
    public void Gradient_descent_on_the_same_line_search_is_far_slower()
    {
        Run descent = Minimizers.GradientDescent(ExtendedRosenbrock.Value, ExtendedRosenbrock.Gradient, Origin, maxSteps: 1000, tolerance: 1e-8);
        Assert.Equal(1000, descent.Values.Count - 1);
        Assert.True(descent.Values[^1] > 1e-3, $"f = {descent.Values[^1]}");
        Assert.True(descent.Values[^1] < descent.Values[0], "it does descend");
    }

    [Fact]
    public void The_generated_Hessian_is_the_tridiagonal_closed_form()
    {
        double[] x = [0.5, -0.3, 0.8, 1.1, -0.6, 0.2, 0.9, -1.0];
        double[,] h = ExtendedRosenbrock.ValueHessian(x);
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                double expected = i == j ? (i < x.Length - 1 ? (1200 * x[i] * x[i]) - (400 * x[i + 1]) + 2 : 0) + (i > 0 ? 200 : 0)
                    : Math.Abs(i - j) == 1 ? -400 * x[Math.Min(i, j)]
                    : 0;
                Assert.Equal(expected, h[i, j], 1e-10);
            }
        }
    }
}
