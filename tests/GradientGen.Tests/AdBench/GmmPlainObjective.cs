using GradientGen;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// ADBench's GMM objective written the plain way, as a C# developer would port <c>gmm_objective</c>
/// without thinking about differentiation (issue #14): one method, scratch arrays allocated once and
/// reused for every point and component, the triangular product walked with a running index <c>li++</c>,
/// the squared norm as <c>sq += qxc[i] * qxc[i]</c>, logsumexp and the Wishart prior inlined.
/// <see cref="GmmObjective"/> is the same function shaped for GradientGen (helpers per step).
/// </summary>
public static partial class GmmPlainObjective
{
    [Differentiable]
    public static double Objective(double[] alphas, double[] means, double[] icf, [NoDerivative] double[] x, [NoDerivative] double wishartGamma, int wishartM, int d, int k, int n)
    {
        int icfSize = d * (d + 1) / 2;
        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        double[] xcentered = new double[d];
        double[] qxcentered = new double[d];
        double[] mainTerm = new double[k];

        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0;
            for (int id = 0; id < d; id++)
            {
                sumQs[ik] += icf[ik * icfSize + id];
                qdiags[ik * d + id] = Math.Exp(icf[ik * icfSize + id]);
            }
        }

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++)
                {
                    xcentered[id] = x[ix * d + id] - means[ik * d + id];
                }

                for (int id = 0; id < d; id++)
                {
                    qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
                }

                int li = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qxcentered[j] += icf[li] * xcentered[i];
                        li++;
                    }
                }

                double sq = 0;
                for (int id = 0; id < d; id++)
                {
                    sq += qxcentered[id] * qxcentered[id];
                }

                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * sq;
            }

            double mx = mainTerm[0];
            for (int ik = 1; ik < k; ik++)
            {
                if (mainTerm[ik] > mx)
                {
                    mx = mainTerm[ik];
                }
            }

            double semx = 0;
            for (int ik = 0; ik < k; ik++)
            {
                semx += Math.Exp(mainTerm[ik] - mx);
            }

            slse += Math.Log(semx) + mx;
        }

        double amx = alphas[0];
        for (int ik = 1; ik < k; ik++)
        {
            if (alphas[ik] > amx)
            {
                amx = alphas[ik];
            }
        }

        double asemx = 0;
        for (int ik = 0; ik < k; ik++)
        {
            asemx += Math.Exp(alphas[ik] - amx);
        }

        double lseAlphas = Math.Log(asemx) + amx;
        double constant = -n * d * 0.5 * Math.Log(2 * GmmObjective.Pi);

        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
            }

            for (int i = d; i < icfSize; i++)
            {
                frobenius += icf[ik * icfSize + i] * icf[ik * icfSize + i];
            }

            prior = prior + 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }

        prior -= k * GmmObjective.WishartConstant(wishartGamma, wishartM, d);
        return constant + slse - n * lseAlphas + prior;
    }
}
