using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// The plain GMM's generated Hessian-vector product (forward over its reverse sweep, whose fused loops and pass-local
/// adjoint arrays the tangent carries too) against central differences of its generated gradient, on the first
/// points of ADBench's d = 2, K = 5 and d = 10, K = 5 instances, along random directions.
/// </summary>
public class PlainHessianTests
{
    [Theory]
    [InlineData("gmm/1k/gmm_d2_K5.txt", 12)]
    [InlineData("gmm/1k/gmm_d10_K5.txt", 6)]
    public void Gmm_hessian_vector_products_match_central_differences_of_the_gradient(string input, int points)
    {
        GmmInput g = AdBenchData.Gmm(input);
        int k = g.K, km = g.K * g.D;
        double[] Gradient(double[] alphas, double[] means, double[] icf)
        {
            double[] all = new double[g.ParameterCount];
            Span<double> a = all;
            GmmPlainObjective.ObjectiveBackward(alphas, means, icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, points, 1.0, a[..k], a.Slice(k, km), a[(k + km)..]);
            return all;
        }

        var random = new Random(23);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] v = Enumerable.Range(0, g.ParameterCount).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] hv = new double[g.ParameterCount];
            Span<double> h = hv;
            GmmPlainObjective.ObjectiveHessianVectorProduct(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, points,
                v.AsSpan(0, k), v.AsSpan(k, km), v.AsSpan(k + km), h[..k], h.Slice(k, km), h[(k + km)..]);

            const double step = 1e-5;
            double[] Along(double s)
            {
                double[] Moved(double[] p, int start) => p.Select((x, i) => x + (s * v[start + i])).ToArray();
                return Gradient(Moved(g.Alphas, 0), Moved(g.Means, k), Moved(g.Icf, k + km));
            }

            double[] plus = Along(step), minus = Along(-step);
            for (int i = 0; i < hv.Length; i++)
            {
                GradientAssert.Close((plus[i] - minus[i]) / (2 * step), hv[i], 1e-5, $"(Hv)[{i}] of {input}, direction {trial}");
            }
        }
    }
}
