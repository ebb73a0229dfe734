using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// An inactive array of any element type passed to a [Differentiable] callee and changed after the call is
/// refused like a floating-point one: the callee's backward runs in the reverse sweep and reads the array
/// then. cmpad's det_by_minor (GradBench's det) unlinks a column in an int[] before the recursive call and
/// links it back after; the backward once ran with the links relinked and gave a wrong gradient silently.
/// </summary>
public class IndexArraysChangedLaterTests
{
    [Fact]
    public Task An_int_array_changed_after_a_differentiable_call_is_refused_where_it_changes() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public static partial class Det
        {
            [Differentiable]
            public static double Minor(double[] a, int ell, int m, int[] rows, int[] cols)
            {
                int row0 = rows[ell];
                int col = cols[ell];
                if (m == 1) return a[(row0 * ell) + col];
                double det = 0;
                int sign = 1;
                rows[ell] = rows[row0];
                int previous = ell;
                for (int j = 0; j < m; j++)
                {
                    cols[previous] = cols[col];
                    double sub = Minor(a, ell, m - 1, rows, cols);
                    cols[previous] = col;
                    det += sign * a[(row0 * ell) + col] * sub;
                    previous = col;
                    col = cols[col];
                    sign = -sign;
                }

                {|GG0001:rows[ell] = row0|};
                return det;
            }
        }
        """);

    [Fact]
    public Task An_index_array_changed_in_the_loop_of_the_call_is_refused_and_one_filled_before_is_not() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public static partial class Gather
        {
            [Differentiable]
            public static double Pick(double[] x, int[] at) => x[at[0]] * x[at[1]];

            [Differentiable]
            public static double InTheLoop(double[] x)
            {
                int[] at = new int[2];
                double sum = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    {|GG0001:at[0] = i|};
                    at[1] = i + 1;
                    sum += Pick(x, at);
                }

                return sum;
            }

            [Differentiable]
            public static double FilledBefore(double[] x)
            {
                int[] at = [0, x.Length - 1];
                return Pick(x, at);
            }
        }
        """);
}
