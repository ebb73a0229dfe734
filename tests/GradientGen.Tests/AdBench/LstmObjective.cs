using GradientGen;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// ADBench's LSTM objective (<c>src/cpp/shared/lstm.h</c>, <c>lstm_objective</c>), as stated in the data
/// folder's FORMULAS.md section 3, with its quirks (diagonal weights, gates fed by different inputs, the
/// "+ 2" in an unshifted logsumexp), in the plain style GradientGen's array support will differentiate:
/// index loops over flat arrays, scalar-returning helpers, scratch arrays allocated once at the top of the
/// method and never reassigned. Operations are done in the C++ order, so the value agrees with the
/// goldens to rounding.
/// </summary>
public static partial class LstmObjective
{
    /// <summary>
    /// loss = −Σ_t Σ_j sequence[t+1]_j·(ypred_j − lse(ypred)) / ((c−1)·b).
    /// <paramref name="state"/> and <paramref name="sequence"/> are data (<c>[NoDerivative]</c> once the
    /// attribute is available to this project). ADBench takes the state by value and overwrites it in
    /// place at every step, so the method copies it into the local scratch array <c>s</c> first and never
    /// writes into the parameter; <c>s</c> is overwritten 2l·b values per step, inside a double loop, and
    /// becomes active after the first step (so the reverse sweep needs every step's old values).
    /// </summary>
    [Differentiable]
    public static double Objective(double[] mainParams, double[] extraParams, [NoDerivative] double[] state, [NoDerivative] double[] sequence, int l, int c, int b)
    {
        double[] s = new double[2 * l * b];
        double[] inp = new double[b];
        double[] ypred = new double[b];
        for (int i = 0; i < 2 * l * b; i++)
        {
            s[i] = state[i];
        }

        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            // lstm_predict: the first layer's input is the character's bits times in_weight.
            for (int i = 0; i < b; i++)
            {
                inp[i] = sequence[t * b + i] * extraParams[i];
            }

            for (int layer = 0; layer < l; layer++)
            {
                int weight = layer * 8 * b;
                int bias = weight + 4 * b;
                int hidden = layer * 2 * b;
                int cell = hidden + b;

                // lstm_model, elementwise: every gate, cell and hidden entry i only reads entry i, so the
                // C++ loops (all gates, then all cells, then all hiddens) fuse into one loop unchanged.
                // Element i of inp is read here and then replaced by the new hidden value (the next
                // layer's input, or the prediction's).
                for (int i = 0; i < b; i++)
                {
                    double forget = Sigmoid(inp[i] * mainParams[weight + i] + mainParams[bias + i]);
                    double ingate = Sigmoid(s[hidden + i] * mainParams[weight + b + i] + mainParams[bias + b + i]);
                    double outgate = Sigmoid(inp[i] * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i]);
                    double change = Math.Tanh(s[hidden + i] * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
                    s[cell + i] = s[cell + i] * forget + ingate * change;
                    s[hidden + i] = outgate * Math.Tanh(s[cell + i]);
                    inp[i] = s[hidden + i];
                }
            }

            for (int i = 0; i < b; i++)
            {
                ypred[i] = inp[i] * extraParams[b + i] + extraParams[2 * b + i];
            }

            double lse = LogSumExpPlusTwo(ypred, 0, b);
            for (int i = 0; i < b; i++)
            {
                total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
            }

            count += b;
        }

        return -total / count;
    }

    /// <summary>σ(x) = 1 / (1 + e^{−x}).</summary>
    [Differentiable]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>log(Σ exp(v) + 2) over <c>v[offset..offset+count]</c>: ADBench's LSTM logsumexp, with its "+ 2" and no max shift.</summary>
    [Differentiable]
    public static double LogSumExpPlusTwo(double[] v, int offset, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += Math.Exp(v[offset + i]);
        }

        sum += 2;
        return Math.Log(sum);
    }
}
