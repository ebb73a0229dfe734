namespace GradientGen.Tests.GradBench;

/// <summary>
/// BA's sparse Jacobian in ADBench's compressed-row layout (GradBench's ba eval, cpp/gradbench/evals/ba.hpp):
/// 3p rows, 11n + 3m + p columns; each observation gives two rows of 15 entries (its camera's 11 parameters,
/// its point's 3, its weight), then each weight error one row of one entry. The blocks come from the
/// generated <c>ReprojectionErrorBackward</c>, one reverse sweep per error, and <c>WeightErrorGradient</c>.
/// </summary>
internal sealed class BaJacobian
{
    private const int BlockColumns = BaObjective.CameraParameters + 3 + 1;

    public BaJacobian(BaInput input)
    {
        Input = input;
        Rows = new int[(3 * input.P) + 1];
        Columns = new int[(2 * BlockColumns * input.P) + input.P];
        Values = new double[Columns.Length];
    }

    public BaInput Input { get; }

    /// <summary>Row i's entries are at [Rows[i], Rows[i + 1]).</summary>
    public int[] Rows { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    /// <summary>Fills the Jacobian at the input's current values.</summary>
    public void Compute()
    {
        BaInput g = Input;
        Span<double> error = stackalloc double[2];
        Span<double> dError = stackalloc double[2];
        Span<double> dCamera = stackalloc double[BaObjective.CameraParameters];
        Span<double> dPoint = stackalloc double[3];
        int entry = 0;
        int row = 0;
        for (int i = 0; i < g.P; i++)
        {
            int camera = g.Observations[2 * i];
            int point = g.Observations[(2 * i) + 1];
            for (int r = 0; r < 2; r++)
            {
                dCamera.Clear();
                dPoint.Clear();
                double dW = 0;
                dError.Clear();
                dError[r] = 1;
                BaObjective.ReprojectionErrorBackward(
                    g.Cameras.AsSpan(camera * BaObjective.CameraParameters, BaObjective.CameraParameters), g.Points.AsSpan(point * 3, 3), g.Weights[i], g.Features.AsSpan(2 * i, 2), error,
                    dCamera, dPoint, ref dW, dError);
                Rows[row++] = entry;
                for (int j = 0; j < BaObjective.CameraParameters; j++)
                {
                    Columns[entry] = (BaObjective.CameraParameters * camera) + j;
                    Values[entry++] = dCamera[j];
                }

                for (int j = 0; j < 3; j++)
                {
                    Columns[entry] = (BaObjective.CameraParameters * g.N) + (3 * point) + j;
                    Values[entry++] = dPoint[j];
                }

                Columns[entry] = (BaObjective.CameraParameters * g.N) + (3 * g.M) + i;
                Values[entry++] = dW;
            }
        }

        for (int i = 0; i < g.P; i++)
        {
            Rows[row++] = entry;
            Columns[entry] = (BaObjective.CameraParameters * g.N) + (3 * g.M) + i;
            Values[entry++] = BaObjective.WeightErrorGradient(g.Weights[i]).dW;
        }

        Rows[row] = entry;
    }

    /// <summary>The Jacobian as a dense 3p × (11n + 3m + p) matrix (for small tests).</summary>
    public double[,] ToDense()
    {
        var dense = new double[Rows.Length - 1, Input.ParameterCount];
        for (int row = 0; row < Rows.Length - 1; row++)
        {
            for (int k = Rows[row]; k < Rows[row + 1]; k++)
            {
                dense[row, Columns[k]] += Values[k];
            }
        }

        return dense;
    }
}
