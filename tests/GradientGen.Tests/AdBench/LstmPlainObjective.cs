using GradientGen;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// ADBench's LSTM objective written the plain way, as a port of <c>lstm_objective</c> that doesn't think about
/// differentiation (issue #14): one method, the C++ loops kept apart (all forget gates, then all input gates,
/// …, then the cells and the hidden values) through scratch arrays reused for every layer and character,
/// the sigmoid and the logsumexp written inline. <see cref="LstmObjective"/> is the same function shaped
/// for GradientGen (fused elementwise loop, helpers).
/// </summary>
public static partial class LstmPlainObjective
{
    [Differentiable]
    public static double Objective(double[] mainParams, double[] extraParams, [NoDerivative] double[] state, [NoDerivative] double[] sequence, int l, int c, int b)
    {
        double[] s = new double[2 * l * b];
        double[] xp = new double[b];
        double[] ypred = new double[b];
        double[] forget = new double[b];
        double[] ingate = new double[b];
        double[] outgate = new double[b];
        double[] change = new double[b];
        for (int i = 0; i < 2 * l * b; i++)
        {
            s[i] = state[i];
        }

        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++)
            {
                xp[i] = sequence[t * b + i] * extraParams[i];
            }

            for (int layer = 0; layer < l; layer++)
            {
                int weight = layer * 8 * b;
                int bias = weight + 4 * b;
                int hidden = layer * 2 * b;
                int cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    forget[i] = 1 / (1 + Math.Exp(-(xp[i] * mainParams[weight + i] + mainParams[bias + i])));
                }

                for (int i = 0; i < b; i++)
                {
                    ingate[i] = 1 / (1 + Math.Exp(-(s[hidden + i] * mainParams[weight + b + i] + mainParams[bias + b + i])));
                }

                for (int i = 0; i < b; i++)
                {
                    outgate[i] = 1 / (1 + Math.Exp(-(xp[i] * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i])));
                }

                for (int i = 0; i < b; i++)
                {
                    change[i] = Math.Tanh(s[hidden + i] * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
                }

                for (int i = 0; i < b; i++)
                {
                    s[cell + i] = s[cell + i] * forget[i] + ingate[i] * change[i];
                }

                for (int i = 0; i < b; i++)
                {
                    s[hidden + i] = outgate[i] * Math.Tanh(s[cell + i]);
                }

                for (int i = 0; i < b; i++)
                {
                    xp[i] = s[hidden + i];
                }
            }

            for (int i = 0; i < b; i++)
            {
                ypred[i] = xp[i] * extraParams[b + i] + extraParams[2 * b + i];
            }

            double sum = 0;
            for (int i = 0; i < b; i++)
            {
                sum += Math.Exp(ypred[i]);
            }

            sum += 2;
            double lse = Math.Log(sum);
            for (int i = 0; i < b; i++)
            {
                total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
            }

            count += b;
        }

        return -total / count;
    }
}
