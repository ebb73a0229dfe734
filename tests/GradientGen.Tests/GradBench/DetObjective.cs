using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>det</c> eval (evals/det/README.md, from cmpad's det_by_minor): the determinant of an ℓ×ℓ
/// matrix, given row-major in a flat array, by expansion along the first row, recursively. The gradient is
/// the cofactor matrix.
/// <para>
/// cmpad does not copy minors: two int arrays link the rows and columns still in the minor, and the recursion
/// unlinks a column before it descends and links it back after. Written that way in C# it is refused (GG0001 on
/// the relinking: the callee's backward would read the links after they changed), so each level copies its
/// minors into one scratch array instead, which costs (ℓ−1)² copies per term and the saved scratch values.
/// The scratch array is allocated before the ℓ = 1 return because an active local array must be allocated at
/// the top level of the method (GG0001 on a <c>new</c> after an early return).
/// </para>
/// </summary>
public static partial class DetObjective
{
    [Differentiable]
    public static double Determinant(double[] a, int ell)
    {
        int size = ell - 1;
        double[] minor = new double[size * size];
        if (ell == 1)
        {
            return a[0];
        }

        double det = 0;
        int sign = 1;
        for (int j = 0; j < ell; j++)
        {
            // The minor without row 0 and column j.
            for (int r = 1; r < ell; r++)
            {
                int c2 = 0;
                for (int c = 0; c < ell; c++)
                {
                    if (c != j)
                    {
                        minor[((r - 1) * size) + c2] = a[(r * ell) + c];
                        c2++;
                    }
                }
            }

            det += sign * a[j] * Determinant(minor, size);
            sign = -sign;
        }

        return det;
    }
}
