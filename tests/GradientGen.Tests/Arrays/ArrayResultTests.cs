using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Vector- and matrix-valued methods: the backward takes the cotangent of the whole result
/// (vector-Jacobian product), the generated …Jacobian gives J[i, j] = ∂f_i/∂x_j, and the class's
/// f: R³ → R^{4×2} has its full derivative tensor dA/dx ∈ R^{4×2×3}.
/// </summary>
public class ArrayResultTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Vectors
        {
            [Differentiable]
            public static double[] Softmax(double[] z)
            {
                double[] p = new double[z.Length];
                double max = z[0];
                foreach (double v in z) max = Math.Max(max, v);
                double sum = 0;
                for (int i = 0; i < z.Length; i++) { p[i] = Math.Exp(z[i] - max); sum += p[i]; }
                for (int i = 0; i < z.Length; i++) p[i] /= sum;
                return p;
            }

            // A vector field of a scalar and a vector: f(s, x) = (s·x₀², sin(x₁)·x₀, s + x₁).
            [Differentiable]
            public static double[] Field(double s, double[] x)
            {
                double[] f = new double[3];
                f[0] = s * x[0] * x[0];
                f[1] = Math.Sin(x[1]) * x[0];
                f[2] = s + x[1];
                return f;
            }

            // The class's f: R³ → R^{4×2}.
            [Differentiable]
            public static double[,] Matrix(double[] x)
            {
                double[,] a = new double[4, 2];
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 2; j++)
                        a[i, j] = Math.Sin((i + 1) * x[0]) * Math.Pow(x[1], j + 1) + x[2] * i * j;
                return a;
            }
        }

        public static class Probe
        {
            /// <summary>dA/dx as a 4×2×3 tensor, flattened [i, j, k]: one backward per entry of A, seeded with a unit matrix.</summary>
            public static double[] MatrixTensor(double[] x)
            {
                var tensor = new double[4 * 2 * 3];
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 2; j++)
                    {
                        var seed = new double[4, 2];
                        seed[i, j] = 1;
                        var dx = new double[3];
                        Vectors.MatrixBackward(x, seed, dx);
                        for (int k = 0; k < 3; k++) tensor[(i * 2 + j) * 3 + k] = dx[k];
                    }

                return tensor;
            }

            public static double[] VectorJacobianProduct(double[] z, double[] cotangent)
            {
                var dz = new double[z.Length];
                Vectors.SoftmaxBackward(z, cotangent, dz);
                return dz;
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static object? Call(string type, string method, params object[] args) => Compiled.Value.GetType(type)!.GetMethod(method)!.Invoke(null, args);

    [Fact]
    public void Softmax_jacobian_is_diag_p_minus_p_pT()
    {
        double[] z = [0.3, -1.2, 2.0, 0.5];
        var p = (double[])Call("Vectors", "Softmax", z)!;
        var jacobian = (double[,])Call("Vectors", "SoftmaxJacobian", z)!;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                GradientAssert.Close((i == j ? p[i] : 0) - (p[i] * p[j]), jacobian[i, j], 1e-14, $"J[{i},{j}]");
            }
        }
    }

    [Fact]
    public void Backward_of_a_vector_result_is_the_vector_jacobian_product()
    {
        double[] z = [0.3, -1.2, 2.0, 0.5], v = [1.5, -0.5, 0.25, 2.0];
        var jacobian = (double[,])Call("Vectors", "SoftmaxJacobian", z)!;
        var vjp = (double[])Call("Probe", "VectorJacobianProduct", z, v)!;
        for (int j = 0; j < 4; j++)
        {
            double expected = Enumerable.Range(0, 4).Sum(i => v[i] * jacobian[i, j]);
            GradientAssert.Close(expected, vjp[j], 1e-14, $"(vᵀJ)[{j}]");
        }
    }

    [Fact]
    public void Jacobian_of_a_field_of_a_scalar_and_a_vector_matches_finite_differences()
    {
        double s = 0.7;
        double[] x = [1.3, -0.4];
        var jacobian = (double[,])Call("Vectors", "FieldJacobian", s, x)!;
        Assert.Equal(3, jacobian.GetLength(0));
        Assert.Equal(3, jacobian.GetLength(1));
        double[] F(double sv, double[] xv) => (double[])Call("Vectors", "Field", sv, xv)!;
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            GradientAssert.Close((F(s + h, x)[i] - F(s - h, x)[i]) / (2 * h), jacobian[i, 0], 1e-8, $"∂f{i}/∂s");
            for (int k = 0; k < 2; k++)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[k] += h;
                minus[k] -= h;
                GradientAssert.Close((F(s, plus)[i] - F(s, minus)[i]) / (2 * h), jacobian[i, 1 + k], 1e-8, $"∂f{i}/∂x{k}");
            }
        }
    }

    [Fact]
    public void Class_example_derivative_tensor_of_a_4x2_matrix_function_of_R3_matches_finite_differences()
    {
        double[] x = [0.6, 1.4, -0.8];
        var tensor = (double[])Call("Probe", "MatrixTensor", x)!;
        double[,] A(double[] xv) => (double[,])Call("Vectors", "Matrix", xv)!;
        const double h = 1e-6;
        for (int k = 0; k < 3; k++)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[k] += h;
            minus[k] -= h;
            double[,] ap = A(plus), am = A(minus);
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    GradientAssert.Close((ap[i, j] - am[i, j]) / (2 * h), tensor[((i * 2) + j) * 3 + k], 1e-8, $"∂A[{i},{j}]/∂x{k}");
                }
            }
        }
    }
}
