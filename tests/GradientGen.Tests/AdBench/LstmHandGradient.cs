namespace GradientGen.Tests.AdBench;

/// <summary>
/// A hand-written reverse-mode gradient of <see cref="LstmObjective.Objective"/>: the hand-written
/// baseline for benchmarks. (ADBench's Manual module instead carries forward the Jacobian of the state
/// with respect to the parameters; this is the adjoint method, the way a source-transformation tool does
/// it.) The forward sweep records, for every step, layer and entry, the eight values the reverse sweep
/// reads (layer input, old hidden, old cell, the four gates, tanh of the new cell), plus each step's
/// prediction input and softmax; that tape is (c−1)·(8lb + 2b) doubles. The reverse sweep walks the steps
/// backwards, carrying the adjoint of the state from step t+1 into step t.
/// </summary>
public static class LstmHandGradient
{
    private const int Saved = 8;
    private const int In = 0, HiddenOld = 1, CellOld = 2, Forget = 3, Ingate = 4, Outgate = 5, Change = 6, TanhCell = 7;

    /// <summary>
    /// Returns the objective and writes (overwrites, unlike a generated <c>…Backward</c>) its gradient into
    /// <paramref name="gradient"/>, laid out as ADBench's J: [∂main_params (8lb) | ∂extra_params (3b)].
    /// </summary>
    public static double Gradient(double[] mainParams, double[] extraParams, double[] state, double[] sequence, int l, int c, int b, Span<double> gradient)
    {
        if (gradient.Length != 8 * l * b + 3 * b)
        {
            throw new ArgumentException($"The gradient needs 8lb + 3b = {8 * l * b + 3 * b} entries, not {gradient.Length}.", nameof(gradient));
        }

        int steps = c - 1;
        double[] s = (double[])state.Clone();
        double[] inp = new double[b];
        double[] tape = new double[steps * l * b * Saved];
        double[] lastHidden = new double[steps * b];
        double[] softmax = new double[steps * b];

        double total = 0;
        int count = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < b; i++)
            {
                inp[i] = sequence[t * b + i] * extraParams[i];
            }

            for (int layer = 0; layer < l; layer++)
            {
                int weight = layer * 8 * b, bias = weight + 4 * b, hidden = layer * 2 * b, cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    double forget = LstmObjective.Sigmoid(inp[i] * mainParams[weight + i] + mainParams[bias + i]);
                    double ingate = LstmObjective.Sigmoid(s[hidden + i] * mainParams[weight + b + i] + mainParams[bias + b + i]);
                    double outgate = LstmObjective.Sigmoid(inp[i] * mainParams[weight + 2 * b + i] + mainParams[bias + 2 * b + i]);
                    double change = Math.Tanh(s[hidden + i] * mainParams[weight + 3 * b + i] + mainParams[bias + 3 * b + i]);
                    int at = ((t * l + layer) * b + i) * Saved;
                    tape[at + In] = inp[i];
                    tape[at + HiddenOld] = s[hidden + i];
                    tape[at + CellOld] = s[cell + i];
                    tape[at + Forget] = forget;
                    tape[at + Ingate] = ingate;
                    tape[at + Outgate] = outgate;
                    tape[at + Change] = change;
                    s[cell + i] = s[cell + i] * forget + ingate * change;
                    double tanhCell = Math.Tanh(s[cell + i]);
                    tape[at + TanhCell] = tanhCell;
                    s[hidden + i] = outgate * tanhCell;
                    inp[i] = s[hidden + i];
                }
            }

            // ypred, its log(Σ exp + 2) and the softmax exp(ypred)/(Σ exp + 2), the gradient of that lse.
            double sum = 0;
            for (int i = 0; i < b; i++)
            {
                lastHidden[t * b + i] = inp[i];
                double ypred = inp[i] * extraParams[b + i] + extraParams[2 * b + i];
                softmax[t * b + i] = ypred;
                sum += Math.Exp(ypred);
            }

            sum += 2;
            double lse = Math.Log(sum);
            for (int i = 0; i < b; i++)
            {
                double ypred = softmax[t * b + i];
                total += sequence[(t + 1) * b + i] * (ypred - lse);
                softmax[t * b + i] = Math.Exp(ypred) / sum;
            }

            count += b;
        }

        gradient.Clear();
        Span<double> dMain = gradient[..(8 * l * b)];
        Span<double> dExtra = gradient[(8 * l * b)..];
        double[] dS = new double[2 * l * b];
        double[] dInp = new double[b];
        double dTotal = -1.0 / count;
        for (int t = steps - 1; t >= 0; t--)
        {
            // total += Σ gold_i·(ypred_i − lse): ∂/∂ypred_i = gold_i − (Σ gold)·softmax_i.
            double goldSum = 0;
            for (int i = 0; i < b; i++)
            {
                goldSum += sequence[(t + 1) * b + i];
            }

            for (int i = 0; i < b; i++)
            {
                double dYpred = dTotal * (sequence[(t + 1) * b + i] - goldSum * softmax[t * b + i]);
                dExtra[b + i] += dYpred * lastHidden[t * b + i];
                dExtra[2 * b + i] += dYpred;
                dInp[i] = dYpred * extraParams[b + i];
            }

            for (int layer = l - 1; layer >= 0; layer--)
            {
                int weight = layer * 8 * b, bias = weight + 4 * b, hidden = layer * 2 * b, cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    int at = ((t * l + layer) * b + i) * Saved;
                    double input = tape[at + In], hiddenOld = tape[at + HiddenOld], cellOld = tape[at + CellOld];
                    double forget = tape[at + Forget], ingate = tape[at + Ingate], outgate = tape[at + Outgate];
                    double change = tape[at + Change], tanhCell = tape[at + TanhCell];

                    // hidden = outgate·tanh(cell): the new hidden feeds the next layer (or ypred) and step t+1.
                    double dHidden = dS[hidden + i] + dInp[i];
                    double dOutgate = dHidden * tanhCell;
                    double dCell = dS[cell + i] + dHidden * outgate * (1 - tanhCell * tanhCell);

                    // cell = cellOld·forget + ingate·change
                    double dForget = dCell * cellOld;
                    double dIngate = dCell * change;
                    double dChange = dCell * ingate;

                    double zForget = dForget * forget * (1 - forget);
                    double zIngate = dIngate * ingate * (1 - ingate);
                    double zOutgate = dOutgate * outgate * (1 - outgate);
                    double zChange = dChange * (1 - change * change);

                    dMain[weight + i] += zForget * input;
                    dMain[bias + i] += zForget;
                    dMain[weight + b + i] += zIngate * hiddenOld;
                    dMain[bias + b + i] += zIngate;
                    dMain[weight + 2 * b + i] += zOutgate * input;
                    dMain[bias + 2 * b + i] += zOutgate;
                    dMain[weight + 3 * b + i] += zChange * hiddenOld;
                    dMain[bias + 3 * b + i] += zChange;

                    dS[hidden + i] = zIngate * mainParams[weight + b + i] + zChange * mainParams[weight + 3 * b + i];
                    dS[cell + i] = dCell * forget;
                    dInp[i] = zForget * mainParams[weight + i] + zOutgate * mainParams[weight + 2 * b + i];
                }
            }

            // The first layer's input is sequence[t]·in_weight.
            for (int i = 0; i < b; i++)
            {
                dExtra[i] += dInp[i] * sequence[t * b + i];
            }
        }

        return -total / count;
    }
}
