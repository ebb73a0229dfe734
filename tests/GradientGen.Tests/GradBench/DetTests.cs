namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's det: the generated gradient of <see cref="DetObjective.Determinant"/> (expansion by minors,
/// recursive) is the cofactor matrix, ∂det/∂Aᵢⱼ = (−1)^(i+j) det Mᵢⱼ.
/// </summary>
public class DetTests
{
    public static TheoryData<int, int> Sizes => new()
    {
        // GradBench: ℓ = 5 … 11, entries uniform in [0, 1); 8 is as far as a Debug test goes quickly.
        { 1, 1 },
        { 2, 2 },
        { 3, 3 },
        { 5, 5 },
        { 6, 6 },
        { 8, 8 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Value_is_the_determinant_and_gradient_the_cofactor_matrix(int ell, int seed)
    {
        double[] a = GradBenchInputs.Uniform(ell * ell, seed);
        double[] gradient = new double[ell * ell];
        double value = DetObjective.DeterminantBackward(a, ell, 1.0, gradient);

        Assert.Equal(DetObjective.Determinant(a, ell), value);
        Infrastructure.GradientAssert.Close(ByElimination(a, ell), value, 1e-12, "det");
        GradBenchCheck.AllClose(Cofactors(a, ell), gradient, 1e-12, "cofactor");
    }

    [Theory]
    [InlineData(3, 11)]
    [InlineData(5, 12)]
    public void Gradient_matches_central_differences(int ell, int seed)
    {
        double[] a = GradBenchInputs.Uniform(ell * ell, seed, -1, 1);
        double[] gradient = new double[ell * ell];
        DetObjective.DeterminantBackward(a, ell, 1.0, gradient);
        GradBenchCheck.MatchesCentralDifferences(p => DetObjective.Determinant(p, ell), a, gradient, 1e-6, 1e-8, "det");
    }

    [Fact]
    public void For_an_invertible_matrix_the_gradient_is_det_times_the_inverse_transpose()
    {
        // Jacobi's formula: ∂det/∂A = det(A) A⁻ᵀ; A A⁻¹ = I checks the gradient without minors.
        int ell = 4;
        double[] a = GradBenchInputs.Uniform(ell * ell, 13);
        double[] gradient = new double[ell * ell];
        double det = DetObjective.DeterminantBackward(a, ell, 1.0, gradient);
        for (int i = 0; i < ell; i++)
        {
            for (int k = 0; k < ell; k++)
            {
                // (A · (gradient/det)ᵀ)ᵢₖ = δᵢₖ
                double sum = 0;
                for (int j = 0; j < ell; j++)
                {
                    sum += a[(i * ell) + j] * gradient[(k * ell) + j] / det;
                }

                Assert.Equal(i == k ? 1.0 : 0.0, sum, 12);
            }
        }
    }

    /// <summary>The determinant by Gaussian elimination with partial pivoting (an independent algorithm).</summary>
    internal static double ByElimination(ReadOnlySpan<double> matrix, int ell)
    {
        double[] m = matrix.ToArray();
        double det = 1;
        for (int col = 0; col < ell; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < ell; row++)
            {
                if (Math.Abs(m[(row * ell) + col]) > Math.Abs(m[(pivot * ell) + col]))
                {
                    pivot = row;
                }
            }

            if (m[(pivot * ell) + col] == 0)
            {
                return 0;
            }

            if (pivot != col)
            {
                det = -det;
                for (int j = 0; j < ell; j++)
                {
                    (m[(col * ell) + j], m[(pivot * ell) + j]) = (m[(pivot * ell) + j], m[(col * ell) + j]);
                }
            }

            det *= m[(col * ell) + col];
            for (int row = col + 1; row < ell; row++)
            {
                double factor = m[(row * ell) + col] / m[(col * ell) + col];
                for (int j = col; j < ell; j++)
                {
                    m[(row * ell) + j] -= factor * m[(col * ell) + j];
                }
            }
        }

        return det;
    }

    /// <summary>The cofactor matrix, row-major: (−1)^(i+j) times the determinant of A without row i and column j.</summary>
    internal static double[] Cofactors(double[] a, int ell)
    {
        double[] cofactors = new double[ell * ell];
        if (ell == 1)
        {
            cofactors[0] = 1;
            return cofactors;
        }

        double[] minor = new double[(ell - 1) * (ell - 1)];
        for (int i = 0; i < ell; i++)
        {
            for (int j = 0; j < ell; j++)
            {
                int k = 0;
                for (int r = 0; r < ell; r++)
                {
                    for (int c = 0; c < ell; c++)
                    {
                        if (r != i && c != j)
                        {
                            minor[k++] = a[(r * ell) + c];
                        }
                    }
                }

                cofactors[(i * ell) + j] = ((i + j) % 2 == 0 ? 1 : -1) * ByElimination(minor, ell - 1);
            }
        }

        return cofactors;
    }
}
