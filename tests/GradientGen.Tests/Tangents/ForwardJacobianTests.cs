using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// <c>…Jacobian</c> of a tall function (fewer input entries than outputs) runs one forward sweep per input
/// entry: its Jacobian equals the one built from reverse sweeps (one backward per output row) and central finite
/// differences; a wide one still runs reverse sweeps.
/// </summary>
public class ForwardJacobianTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        public static partial class J
        {
            // A damped oscillator's positions over n steps: 2 inputs (and a weight vector), n outputs.
            [Differentiable]
            public static double[] Trajectory(double x0, double v0, double[] w, int n)
            {
                var r = new double[n];
                double x = x0, v = v0;
                for (int i = 0; i < n; i++)
                {
                    v = v - 0.1 * (x + w[i % w.Length] * v);
                    x = x + 0.1 * Math.Sin(v);
                    r[i] = x * x + w[0];
                }

                return r;
            }

            /// <summary>The Jacobian row by row from reverse sweeps (the backward with dResult = e_i).</summary>
            public static double[,] ReverseJacobian(double x0, double v0, double[] w, int n)
            {
                var jacobian = new double[n, 2 + w.Length];
                var seed = new double[n];
                var dW = new double[w.Length];
                for (int i = 0; i < n; i++)
                {
                    double dX0 = 0, dV0 = 0;
                    Array.Clear(dW);
                    seed[i] = 1;
                    TrajectoryBackward(x0, v0, w, n, seed, ref dX0, ref dV0, dW);
                    seed[i] = 0;
                    jacobian[i, 0] = dX0;
                    jacobian[i, 1] = dV0;
                    for (int k = 0; k < w.Length; k++) jacobian[i, 2 + k] = dW[k];
                }

                return jacobian;
            }
        }
        """);

    private static double[,] Call(string name, params object[] args) =>
        (double[,])Source.Assembly.GetType("J", throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args)!;

    [Theory]
    [InlineData(0.5, -0.3, 12)]
    [InlineData(-1.0, 0.8, 40)]
    [InlineData(0.2, 0.1, 3)]
    public void A_tall_Jacobian_from_forward_sweeps_equals_the_reverse_one_and_finite_differences(double x0, double v0, int n)
    {
        double[] w = [0.3, -0.2];
        double[,] forward = Call("TrajectoryJacobian", x0, v0, w, n), reverse = Call("ReverseJacobian", x0, v0, w, n);
        Assert.Equal(reverse.GetLength(0), forward.GetLength(0));
        Assert.Equal(reverse.GetLength(1), forward.GetLength(1));
        var primal = Source.Assembly.GetType("J")!.GetMethod("Trajectory")!;
        const double h = 1e-6;
        for (int j = 0; j < forward.GetLength(1); j++)
        {
            double[] Shifted(double by)
            {
                double[] wj = (double[])w.Clone();
                if (j >= 2)
                {
                    wj[j - 2] += by;
                }

                return (double[])primal.Invoke(null, [x0 + (j == 0 ? by : 0), v0 + (j == 1 ? by : 0), wj, n])!;
            }

            double[] plus = Shifted(h), minus = Shifted(-h);
            for (int i = 0; i < forward.GetLength(0); i++)
            {
                GradientAssert.Close(reverse[i, j], forward[i, j], 1e-12, $"J[{i}, {j}] forward vs reverse");
                GradientAssert.Close((plus[i] - minus[i]) / (2 * h), forward[i, j], 1e-6, $"J[{i}, {j}] vs finite differences");
            }
        }
    }
}
