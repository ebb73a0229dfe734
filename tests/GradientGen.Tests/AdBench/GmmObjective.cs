using GradientGen;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// ADBench's GMM objective (<c>src/cpp/shared/gmm.h</c>, <c>gmm_objective</c>), as stated in the data
/// folder's FORMULAS.md section 2, with its quirks (π = 3.14159265359, the mixed sign convention of the
/// Wishart prior, max-shifted logsumexp), in the plain style GradientGen's array support will
/// differentiate: index loops over flat arrays, helpers that take arrays and offsets and return a
/// scalar, scratch arrays allocated once at the top of the method and never reassigned. Operations are
/// done in the C++ order, so the value agrees with the goldens to rounding.
/// </summary>
public static partial class GmmObjective
{
    /// <summary>π as ADBench's <c>defs.h</c> spells it (not <see cref="Math.PI"/>).</summary>
    public const double Pi = 3.14159265359;

    /// <summary>
    /// E = −n·d·½·log(2π) + Σᵢ lse_k(α_k + Σq_k − ½‖Q_k(xᵢ − μ_k)‖²) − n·lse(α) + Wishart prior term.
    /// <paramref name="x"/> and the Wishart parameters are data (<c>[NoDerivative]</c> once the attribute
    /// is available to this project).
    /// </summary>
    [Differentiable]
    public static double Objective(double[] alphas, double[] means, double[] icf, [NoDerivative] double[] x, [NoDerivative] double wishartGamma, int wishartM, int d, int k, int n)
    {
        int icfSize = d * (d + 1) / 2;
        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        double[] xcentered = new double[d];
        double[] mainTerm = new double[k];

        // preprocess_qs: the diagonal of each Q_k is exp of its first d icf entries.
        for (int ik = 0; ik < k; ik++)
        {
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQs[ik] += q;
                qdiags[ik * d + id] = Math.Exp(q);
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

                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * QTimesXSquaredNorm(qdiags, ik * d, icf, ik * icfSize + d, xcentered, d);
            }

            slse += LogSumExp(mainTerm, 0, k);
        }

        double lseAlphas = LogSumExp(alphas, 0, k);
        double constant = -n * d * 0.5 * Math.Log(2 * Pi);
        double err = constant + slse - n * lseAlphas;
        return err + LogWishartPrior(qdiags, sumQs, icf, wishartGamma, wishartM, d, k);
    }

    /// <summary>
    /// ‖Q·xc‖² for the lower-triangular Q with diagonal <c>qdiags[qdiagOffset..+d]</c> and strictly lower
    /// part <c>icf[ltriOffset..]</c> stored column by column. Row j of Q·xc is
    /// <c>qdiag[j]·xc[j] + Σ_{i&lt;j} L(j,i)·xc[i]</c>, summed in the same order as ADBench's <c>Qtimesx</c>;
    /// entry (j, i) of the column-major strict lower part is at <c>i(d−1) − i(i−1)/2 + (j − i − 1)</c>.
    /// </summary>
    [Differentiable]
    public static double QTimesXSquaredNorm(double[] qdiags, int qdiagOffset, double[] icf, int ltriOffset, double[] xcentered, int d)
    {
        double result = 0;
        for (int j = 0; j < d; j++)
        {
            double row = qdiags[qdiagOffset + j] * xcentered[j];
            for (int i = 0; i < j; i++)
            {
                row += icf[ltriOffset + i * (d - 1) - i * (i - 1) / 2 + (j - i - 1)] * xcentered[i];
            }

            result += row * row;
        }

        return result;
    }

    /// <summary>log Σ exp(v) over <c>v[offset..offset+count]</c>, shifted by the maximum as ADBench's <c>logsumexp</c> does.</summary>
    [Differentiable]
    public static double LogSumExp(double[] v, int offset, int count)
    {
        double mx = v[offset];
        for (int i = 1; i < count; i++)
        {
            if (v[offset + i] > mx)
            {
                mx = v[offset + i];
            }
        }

        double semx = 0;
        for (int i = 0; i < count; i++)
        {
            semx += Math.Exp(v[offset + i] - mx);
        }

        return Math.Log(semx) + mx;
    }

    /// <summary>Σ v² over <c>v[offset..offset+count]</c>.</summary>
    [Differentiable]
    public static double SquaredNorm(double[] v, int offset, int count)
    {
        double result = 0;
        for (int i = 0; i < count; i++)
        {
            result += v[offset + i] * v[offset + i];
        }

        return result;
    }

    /// <summary>
    /// ADBench's <c>log_wishart_prior</c>: Σ_k [½γ²(‖exp(q_k)‖² + ‖l_k‖²) − m·Σq_k] − k·C. Not a
    /// log-density (FORMULAS.md 2.3: its sign is the negative log prior, added to a log-likelihood).
    /// </summary>
    [Differentiable]
    public static double LogWishartPrior(double[] qdiags, double[] sumQs, double[] icf, [NoDerivative] double wishartGamma, int wishartM, int d, int k)
    {
        int icfSize = d * (d + 1) / 2;
        double c = WishartConstant(wishartGamma, wishartM, d);
        double result = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = SquaredNorm(qdiags, ik * d, d) + SquaredNorm(icf, ik * icfSize + d, icfSize - d);
            result = result + 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }

        return result - k * c;
    }

    /// <summary>
    /// C = n′·d·(log γ − ½ log 2) − log Γ_d(n′/2) with n′ = d + m + 1: a constant of the data, not
    /// differentiated (a call on inactive values only, which GradientGen copies into the backward).
    /// </summary>
    public static double WishartConstant(double wishartGamma, int wishartM, int d)
    {
        int nPrime = d + wishartM + 1;
        return nPrime * d * (Math.Log(wishartGamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(nPrime, d);
    }

    /// <summary>
    /// log Γ_p(a) for a = <paramref name="twiceA"/>/2 (ADBench's <c>log_gamma_distrib</c>):
    /// ¼p(p−1)·log π + Σ_{j=1..p} lgamma(a + ½(1 − j)). Every argument of lgamma is a positive multiple of ½.
    /// </summary>
    public static double LogMultivariateGamma(int twiceA, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Pi);
        for (int j = 1; j <= p; j++)
        {
            result += LogGammaOfHalf(twiceA + 1 - j);
        }

        return result;
    }

    /// <summary>
    /// lgamma(t/2) for a positive integer t, exactly (to rounding) by the closed forms
    /// Γ(m) = (m−1)! = Π_{i=1}^{m−1} i and Γ(m + ½) = √π·Π_{i=0}^{m−1} (i + ½), summed as logs (no overflow).
    /// This is the C library's lgamma, so √π uses the true π, not ADBench's <see cref="Pi"/>.
    /// </summary>
    public static double LogGammaOfHalf(int t)
    {
        if (t <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "lgamma(t/2) is only computed for t > 0.");
        }

        double result = 0;
        if (t % 2 == 0)
        {
            for (int i = 2; i < t / 2; i++)
            {
                result += Math.Log(i);
            }
        }
        else
        {
            result = 0.5 * Math.Log(Math.PI);
            for (int i = 0; i < t / 2; i++)
            {
                result += Math.Log(i + 0.5);
            }
        }

        return result;
    }
}
