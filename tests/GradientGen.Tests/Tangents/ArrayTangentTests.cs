using System.Reflection;
using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Tangents;

/// <summary>
/// <c>…Tangent</c> of methods of vectors and matrices: element reads, stores and compound stores, local arrays
/// (new, collection expressions, stackalloc), foreach, matrix parameters and results, vector results (the caller
/// gives the tangent's storage) and a loss over a layer whose array result composes through the layer's tangent.
/// Spans can't go through reflection, so each method has a driver in the source (<c>…Jvp</c>) that passes arrays.
/// Checked against central finite differences along the direction, at several points.
/// </summary>
public class ArrayTangentTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        public static partial class A
        {
            [Differentiable]
            public static double Dot(double[] a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            // Reflection can't pass a span: the primal and its driver take arrays.
            public static double DotOf(double[] a, double[] b) => Dot(a, b);

            public static double DotOfJvp(double[] a, double[] b, double[] ta, double[] tb) { DotTangent(a, b, ta, tb, out double t); return t; }

            [Differentiable]
            public static double Stores(double[] a, double k, int n)
            {
                double[] h = new double[a.Length];
                for (int i = 0; i < a.Length; i++)
                {
                    h[i] = a[i] * k;
                    h[i] += a[i] * a[i];
                    h[i] *= k;
                    h[i] -= 1.0;
                    h[i]++;
                    h[i] /= 1.0 + k * k;
                }

                double s = 0;
                foreach (double v in h) s += Math.Sin(v) * n;
                return s;
            }

            public static double StoresJvp(double[] a, double k, int n, double[] ta, double tk) { StoresTangent(a, k, n, ta, tk, out double t); return t; }

            [Differentiable]
            public static double Locals(double x, double y)
            {
                double[] c = [x, y * x, 2.0];
                Span<double> s = stackalloc double[3];
                for (int i = 0; i < 3; i++) s[i] = c[i] * c[(i + 1) % 3];
                return s[0] + s[1] * s[2];
            }

            public static double LocalsJvp(double x, double y, double tx, double ty) { LocalsTangent(x, y, tx, ty, out double t); return t; }

            [Differentiable]
            public static double Quadratic(double[,] m, double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                    for (int j = 0; j < x.Length; j++)
                        s += x[i] * m[i, j] * x[j];
                return s;
            }

            public static double QuadraticJvp(double[,] m, double[] x, double[,] tm, double[] tx) { QuadraticTangent(m, x, tm, tx, out double t); return t; }

            [Differentiable]
            public static double[,] OuterProduct(double[] u, double[] v)
            {
                var r = new double[u.Length, v.Length];
                for (int i = 0; i < u.Length; i++)
                    for (int j = 0; j < v.Length; j++)
                        r[i, j] = u[i] * v[j];
                return r;
            }

            public static double[,] OuterProductJvp(double[] u, double[] v, double[] tu, double[] tv) { var t = new double[u.Length, v.Length]; OuterProductTangent(u, v, tu, tv, t); return t; }

            [Differentiable]
            public static double[] Layer(double[] w, double[] x, double b)
            {
                var r = new double[x.Length];
                for (int i = 0; i < x.Length; i++) r[i] = Math.Tanh(w[i] * x[i] + b);
                return r;
            }

            public static double[] LayerJvp(double[] w, double[] x, double b, double[] tw, double[] tx, double tb) { var t = new double[x.Length]; LayerTangent(w, x, b, tw, tx, tb, t); return t; }

            [Differentiable]
            public static double Loss(double[] w, double[] x)
            {
                double[] h = Layer(w, x, 0.5);
                double s = 0;
                for (int i = 0; i < h.Length; i++) s += h[i] * h[i];
                return s;
            }

            public static double LossJvp(double[] w, double[] x, double[] tw, double[] tx) { LossTangent(w, x, tw, tx, out double t); return t; }

            // Arrays allocated per iteration of a loop and in a branch: each run has its own, and so does its tangent.
            [Differentiable]
            public static double PerRun(double[] a, double k)
            {
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    var h = new double[a.Length];
                    for (int i = 0; i < a.Length; i++) h[i] = Math.Sin(a[i] * k + r);
                    if (r == 1)
                    {
                        double[] g = [h[0] * k, s];
                        s += g[0] * g[1];
                    }

                    for (int i = 0; i < h.Length; i++) s += h[i] * h[i] * k;
                }

                return s;
            }

            public static double PerRunJvp(double[] a, double k, double[] ta, double tk) { PerRunTangent(a, k, ta, tk, out double t); return t; }

            public static void WrongLength(double[] a) => DotTangent(a, a, new double[a.Length + 1], a, out _);

            public static void WrongResultLength(double[] w) => LayerTangent(w, w, 0.0, w, w, 0.0, new double[w.Length - 1]);
        }
        """);

    private static object? Call(string name, params object[] args) =>
        Source.Assembly.GetType("A", throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args);

    /// <summary>An argument moved by h along its direction (ints, which carry no derivative, stay).</summary>
    private static object Shift(object arg, object? direction, double h) => (arg, direction) switch
    {
        (double x, double d) => x + (h * d),
        (double[] a, double[] d) => a.Select((v, i) => v + (h * d[i])).ToArray(),
        (double[,] m, double[,] d) => Matrix(m.GetLength(0), m.GetLength(1), (i, j) => m[i, j] + (h * d[i, j])),
        _ => arg,
    };

    private static double[,] Matrix(int rows, int columns, Func<int, int, double> entry)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                m[i, j] = entry(i, j);
            }
        }

        return m;
    }

    private static double[] Flat(object? value) => value switch
    {
        double x => [x],
        double[] a => a,
        double[,] m => m.Cast<double>().ToArray(),
        _ => throw new ArgumentException("not a floating-point result", nameof(value)),
    };

    /// <summary>
    /// The driver <c>{name}Jvp(args…, directions…)</c> gives the central finite difference of <c>{name}(args…)</c>
    /// along the directions (null for an argument without a tangent), entry by entry.
    /// </summary>
    private static void MatchesFiniteDifferences(string name, object[] args, object?[] directions, double tolerance = 1e-6)
    {
        const double h = 1e-6;
        double[] tangent = Flat(Call(name + "Jvp", [.. args, .. directions.Where(d => d is not null)!]));
        double[] plus = Flat(Call(name, args.Select((a, i) => Shift(a, directions[i], h)).ToArray()));
        double[] minus = Flat(Call(name, args.Select((a, i) => Shift(a, directions[i], -h)).ToArray()));
        Assert.Equal(plus.Length, tangent.Length);
        for (int k = 0; k < tangent.Length; k++)
        {
            GradientAssert.Close((plus[k] - minus[k]) / (2 * h), tangent[k], tolerance, $"{name}: tangent[{k}]");
        }
    }

    [Fact]
    public void Element_reads_of_an_array_and_a_span()
    {
        MatchesFiniteDifferences("DotOf", [new[] { 1.0, -2.0, 0.5 }, new[] { 0.3, 0.7, -1.1 }], [new[] { 1.0, 0.0, 0.0 }, new[] { 0.0, 0.0, 0.0 }]);
        MatchesFiniteDifferences("DotOf", [new[] { 1.0, -2.0, 0.5 }, new[] { 0.3, 0.7, -1.1 }], [new[] { 0.2, -0.4, 1.0 }, new[] { -1.0, 0.5, 0.25 }]);
        MatchesFiniteDifferences("DotOf", [new[] { 0.0, 4.0 }, new[] { -3.0, 0.1 }], [new[] { 1.0, 1.0 }, new[] { 1.0, -1.0 }]);
    }

    [Fact]
    public void Stores_compound_stores_and_foreach_over_a_local_array()
    {
        MatchesFiniteDifferences("Stores", [new[] { 0.3, -0.7, 1.1 }, 0.9, 2], [new[] { 0.2, 0.5, -1.0 }, 0.4, null]);
        MatchesFiniteDifferences("Stores", [new[] { 0.3, -0.7, 1.1 }, -0.4, 1], [new[] { 0.0, 0.0, 0.0 }, 1.0, null]);
        MatchesFiniteDifferences("Stores", [new[] { 1.5, 0.1 }, 0.25, 3], [new[] { 1.0, -1.0 }, 0.0, null]);
    }

    [Fact]
    public void Collection_expressions_and_stackalloc_spans()
    {
        MatchesFiniteDifferences("Locals", [0.7, 1.3], [1.0, 0.0]);
        MatchesFiniteDifferences("Locals", [-0.4, 0.9], [0.0, 1.0]);
        MatchesFiniteDifferences("Locals", [1.5, -0.6], [0.6, -1.3]);
    }

    [Fact]
    public void Arrays_allocated_per_run_of_a_loop_or_branch_get_a_tangent_each()
    {
        MatchesFiniteDifferences("PerRun", [new[] { 0.3, -0.7, 1.1 }, 0.9], [new[] { 1.0, 0.0, 0.0 }, 0.0]);
        MatchesFiniteDifferences("PerRun", [new[] { 0.3, -0.7, 1.1 }, -0.4], [new[] { 0.2, 0.5, -1.0 }, 0.4]);
        MatchesFiniteDifferences("PerRun", [new[] { 1.5, 0.1 }, 0.25], [new[] { 0.0, 0.0 }, 1.0]);
    }

    [Fact]
    public void A_matrix_parameter_takes_a_matrix_tangent()
    {
        double[,] m = { { 1.0, 0.5 }, { -0.3, 2.0 } };
        MatchesFiniteDifferences("Quadratic", [m, new[] { 0.4, -1.2 }], [new double[,] { { 1.0, 0.0 }, { 0.0, 0.0 } }, new[] { 0.0, 0.0 }]);
        MatchesFiniteDifferences("Quadratic", [m, new[] { 0.4, -1.2 }], [new double[,] { { 0.2, -0.1 }, { 0.7, 0.3 } }, new[] { 1.0, -0.5 }]);
        MatchesFiniteDifferences("Quadratic", [m, new[] { 2.0, 1.0 }], [new double[2, 2], new[] { 0.0, 1.0 }]);
    }

    [Fact]
    public void Matrix_and_vector_results_fill_the_callers_storage()
    {
        MatchesFiniteDifferences("OuterProduct", [new[] { 1.0, 2.0 }, new[] { -1.0, 0.5, 3.0 }], [new[] { 0.5, -1.0 }, new[] { 1.0, 0.0, 2.0 }]);
        MatchesFiniteDifferences("OuterProduct", [new[] { 0.3 }, new[] { 0.7, -0.2 }], [new[] { 1.0 }, new[] { 0.0, 0.0 }]);
        MatchesFiniteDifferences("OuterProduct", [new[] { -2.0, 0.1 }, new[] { 4.0 }], [new[] { 0.0, 0.0 }, new[] { 1.0 }]);
        MatchesFiniteDifferences("Layer", [new[] { 0.3, -0.7, 1.1 }, new[] { 1.0, 0.5, -0.2 }, 0.1], [new[] { 1.0, 0.0, 0.0 }, new[] { 0.0, 0.0, 0.0 }, 0.0]);
        MatchesFiniteDifferences("Layer", [new[] { 0.3, -0.7, 1.1 }, new[] { 1.0, 0.5, -0.2 }, 0.1], [new[] { 0.2, 0.4, -1.0 }, new[] { 1.0, -1.0, 0.5 }, 0.7]);
        MatchesFiniteDifferences("Layer", [new[] { 2.0 }, new[] { -1.0 }, -0.5], [new[] { 0.0 }, new[] { 0.0 }, 1.0]);
    }

    [Fact]
    public void A_loss_over_a_layer_composes_through_the_layers_tangent()
    {
        MatchesFiniteDifferences("Loss", [new[] { 0.3, -0.7, 1.1 }, new[] { 1.0, 0.5, -0.2 }], [new[] { 1.0, 0.0, 0.0 }, new[] { 0.0, 0.0, 0.0 }]);
        MatchesFiniteDifferences("Loss", [new[] { 0.3, -0.7, 1.1 }, new[] { 1.0, 0.5, -0.2 }], [new[] { 0.2, 0.4, -1.0 }, new[] { 1.0, -1.0, 0.5 }]);
        MatchesFiniteDifferences("Loss", [new[] { -1.5, 0.25 }, new[] { 0.5, 2.0 }], [new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 }]);
    }

    [Fact]
    public void Tangents_of_the_wrong_length_are_refused_with_ArgumentException()
    {
        var tooLong = Assert.Throws<TargetInvocationException>(() => Call("WrongLength", new[] { 1.0, 2.0 }));
        Assert.Equal("tA", Assert.IsType<ArgumentException>(tooLong.InnerException).ParamName);
        var tooShort = Assert.Throws<TargetInvocationException>(() => Call("WrongResultLength", new[] { 1.0, 2.0 }));
        Assert.Equal("tResult", Assert.IsType<ArgumentException>(tooShort.InnerException).ParamName);
    }
}
