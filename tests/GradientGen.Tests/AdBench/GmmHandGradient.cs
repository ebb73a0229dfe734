namespace GradientGen.Tests.AdBench;

/// <summary>
/// A hand-derived gradient of <see cref="GmmObjective.Objective"/>, organised like ADBench's Manual
/// module (<c>src/cpp/modules/manual/gmm_d.cpp</c>): the hand-written baseline for benchmarks.
/// <para>
/// For point i and component k, with xc = xᵢ − μ_k, y = Q_k·xc and main_ik = α_k + Σq_k − ½‖y‖²:
/// ∂main/∂α_k = 1, ∂main/∂μ_k = Q_kᵀ·y, ∂main/∂q_kj = 1 − exp(q_kj)·xc_j·y_j and
/// ∂main/∂L_k(r, c) = −xc_c·y_r. The data term Σᵢ lse_k(main_ik) weights them by the softmax over k;
/// −n·lse(α) adds −n·softmax(α); the prior adds γ²·exp(2q_kj) − m to ∂q and γ²·L to ∂L.
/// </para>
/// </summary>
public static class GmmHandGradient
{
    /// <summary>
    /// Returns the objective and writes (overwrites, unlike a generated <c>…Backward</c>) its gradient into
    /// <paramref name="gradient"/>, laid out as ADBench's J: [∂α (k) | ∂μ (k·d) | ∂icf (k·d(d+1)/2)].
    /// </summary>
    public static double Gradient(double[] alphas, double[] means, double[] icf, double[] x, double wishartGamma, int wishartM, int d, int k, int n, Span<double> gradient)
    {
        int icfSize = d * (d + 1) / 2;
        int ltriSize = icfSize - d;
        if (gradient.Length != k + d * k + icfSize * k)
        {
            throw new ArgumentException($"The gradient needs k(d+1)(d+2)/2 = {k + d * k + icfSize * k} entries, not {gradient.Length}.", nameof(gradient));
        }

        gradient.Clear();
        Span<double> dAlphas = gradient[..k];
        Span<double> dMeans = gradient.Slice(k, d * k);
        Span<double> dIcf = gradient[(k + d * k)..];

        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        double[] xcentered = new double[d];
        double[] qx = new double[d];
        double[] mainTerm = new double[k];
        double[] mainMeansD = new double[d * k];
        double[] mainQD = new double[d * k];
        double[] mainLD = new double[ltriSize * k];

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
                int ltri = ik * icfSize + d;
                int diag = ik * d;
                for (int id = 0; id < d; id++)
                {
                    xcentered[id] = x[ix * d + id] - means[ik * d + id];
                }

                // y = Q·xc, the strict lower part column by column (ADBench's Qtimesx).
                for (int r = 0; r < d; r++)
                {
                    qx[r] = qdiags[diag + r] * xcentered[r];
                }

                for (int c = 0, idx = ltri; c < d; c++)
                {
                    for (int r = c + 1; r < d; r++, idx++)
                    {
                        qx[r] += icf[idx] * xcentered[c];
                    }
                }

                // The partials of main_ik, kept until the softmax weight of component k is known.
                for (int c = 0, idx = ltri, l = ik * ltriSize; c < d; c++)
                {
                    double qty = qdiags[diag + c] * qx[c];
                    for (int r = c + 1; r < d; r++, idx++, l++)
                    {
                        qty += icf[idx] * qx[r];
                        mainLD[l] = -xcentered[c] * qx[r];
                    }

                    mainMeansD[diag + c] = qty;
                    mainQD[diag + c] = 1 - qdiags[diag + c] * xcentered[c] * qx[c];
                }

                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * GmmObjective.SquaredNorm(qx, 0, d);
            }

            slse += SoftmaxInPlace(mainTerm, k);
            for (int ik = 0; ik < k; ik++)
            {
                double w = mainTerm[ik];
                dAlphas[ik] += w;
                for (int id = 0; id < d; id++)
                {
                    dMeans[ik * d + id] += w * mainMeansD[ik * d + id];
                    dIcf[ik * icfSize + id] += w * mainQD[ik * d + id];
                }

                for (int i = 0; i < ltriSize; i++)
                {
                    dIcf[ik * icfSize + d + i] += w * mainLD[ik * ltriSize + i];
                }
            }
        }

        double[] alphaWeights = (double[])alphas.Clone();
        double lseAlphas = SoftmaxInPlace(alphaWeights, k);
        double gamma2 = wishartGamma * wishartGamma;
        for (int ik = 0; ik < k; ik++)
        {
            dAlphas[ik] -= n * alphaWeights[ik];
            for (int id = 0; id < d; id++)
            {
                dIcf[ik * icfSize + id] += gamma2 * qdiags[ik * d + id] * qdiags[ik * d + id] - wishartM;
            }

            for (int i = d; i < icfSize; i++)
            {
                dIcf[ik * icfSize + i] += gamma2 * icf[ik * icfSize + i];
            }
        }

        double constant = -n * d * 0.5 * Math.Log(2 * GmmObjective.Pi);
        double err = constant + slse - n * lseAlphas;
        return err + GmmObjective.LogWishartPrior(qdiags, sumQs, icf, wishartGamma, wishartM, d, k);
    }

    /// <summary>
    /// Returns lse(v[0..count]) (max-shifted, as <see cref="GmmObjective.LogSumExp"/>) and replaces v by
    /// its gradient, the softmax exp(vᵢ − max)/Σ exp(v − max).
    /// </summary>
    private static double SoftmaxInPlace(double[] v, int count)
    {
        double mx = v[0];
        for (int i = 1; i < count; i++)
        {
            if (v[i] > mx)
            {
                mx = v[i];
            }
        }

        double semx = 0;
        for (int i = 0; i < count; i++)
        {
            v[i] = Math.Exp(v[i] - mx);
            semx += v[i];
        }

        for (int i = 0; i < count; i++)
        {
            v[i] /= semx;
        }

        return Math.Log(semx) + mx;
    }
}
