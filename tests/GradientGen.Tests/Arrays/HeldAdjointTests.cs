using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// Adjoint elements a reverse loop adds into at indices the loop never changes are held in a local for the
/// loop (read before it, written back after it): <c>InvariantAdjointElements</c>. Each method's backward is
/// checked against central finite differences at several points and integer arguments, including the ones
/// where two indices meet; the generated text is checked for what is held and what must not be.
/// </summary>
public class HeldAdjointTests
{
    internal const string Source = """
        using System;
        using GradientGen;

        public static partial class Held
        {
            // The plain GMM's triangular product: xc[i]'s adjoint gathers the whole inner loop over j.
            [Differentiable]
            public static double Triangular(double[] x, double[] l, int d)
            {
                double[] xc = new double[d];
                double[] qx = new double[d];
                for (int i = 0; i < d; i++) xc[i] = x[i] * 0.5 + 0.25;
                for (int i = 0; i < d; i++) qx[i] = xc[i];
                int li = 0;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qx[j] += l[li] * xc[i];
                        li++;
                    }
                }

                double sq = 0;
                for (int i = 0; i < d; i++) sq += qx[i] * qx[i];
                return sq;
            }

            // b read at i and at k in one loop: equal when i == k, so neither element is held.
            [Differentiable]
            public static double TwoElements(double[] a, [NoDerivative] double[] w, int i, int k)
            {
                double[] b = new double[a.Length];
                for (int m = 0; m < a.Length; m++) b[m] = Math.Sin(a[m]);
                double s = 0;
                for (int j = 0; j < w.Length; j++) s += b[i] * w[j] + b[k] * b[k] * w[j];
                return s;
            }

            // A parameter's element (its adjoint is the caller's memory): held when the loop touches no other
            // adjoint the caller handed in, not when it also adds into v's.
            [Differentiable]
            public static double ParameterRows(double[] u, double[] v, [NoDerivative] double[] c, int n)
            {
                double s = 0;
                for (int r = 0; r < n; r++)
                {
                    for (int j = 0; j < c.Length; j++) s += u[r] * u[r] * c[j];
                    for (int j = 0; j < c.Length; j++) s += u[r] * v[j] * c[j];
                }

                return s;
            }

            // A matrix element at a constant column, an inline index of the outer counter (held) and one of
            // the inner counter (not held), an element two loops deep held around both.
            [Differentiable]
            public static double Indices(double[,] m, double[] x, [NoDerivative] double[] c, int n)
            {
                double[] y = new double[x.Length];
                for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
                double s = 0;
                for (int r = 0; r < n; r++)
                {
                    for (int j = 0; j < c.Length; j++) s += m[r, 0] * c[j] + y[r * 2 + 1] * c[j];
                    for (int j = 0; j < c.Length; j++) s += y[j] * c[j] * m[r, 1];
                    for (int p = 0; p < 2; p++)
                    {
                        for (int q = 0; q < c.Length; q++) s += Math.Cos(y[r]) * c[q] * (p + 1);
                    }
                }

                return s;
            }

            // An element the loop also stores into: its adjoint is read and cleared by the store's reverse.
            [Differentiable]
            public static double StoredInTheLoop(double[] a, int i)
            {
                double[] b = new double[a.Length];
                for (int m = 0; m < a.Length; m++) b[m] = a[m];
                double s = 0;
                for (int j = 0; j < 3; j++)
                {
                    s += b[i] * a[j];
                    b[i] = b[i] * 0.5 + s;
                }

                return s + b[i];
            }
        }

        public static class Drivers
        {
            public static double TriangularValue(double[] f, int d) => Held.Triangular(f[..d], f[d..], d);

            public static double[] TriangularGradient(double[] f, int d)
            {
                var dx = new double[d]; var dl = new double[f.Length - d];
                Held.TriangularBackward(f[..d], f[d..], d, 1.0, dx, dl);
                return [.. dx, .. dl];
            }

            private static readonly double[] W = [0.5, -1.25, 2.0];

            public static double TwoElementsValue(double[] f, int i, int k) => Held.TwoElements(f, W, i, k);

            public static double[] TwoElementsGradient(double[] f, int i, int k) { var d = new double[f.Length]; Held.TwoElementsBackward(f, W, i, k, 1.0, d); return d; }

            private static readonly double[] C = [0.75, -0.5, 1.5, 0.25];

            public static double ParameterRowsValue(double[] f, int n) => Held.ParameterRows(f[..n], f[n..], C, n);

            public static double[] ParameterRowsGradient(double[] f, int n)
            {
                var du = new double[n]; var dv = new double[f.Length - n];
                Held.ParameterRowsBackward(f[..n], f[n..], C, n, 1.0, du, dv);
                return [.. du, .. dv];
            }

            private static double[,] Matrix(double[] f, int rows) { var m = new double[rows, 2]; for (int r = 0; r < rows; r++) { m[r, 0] = f[2 * r]; m[r, 1] = f[2 * r + 1]; } return m; }

            public static double IndicesValue(double[] f, int n) => Held.Indices(Matrix(f, n), f[(2 * n)..], C, n);

            public static double[] IndicesGradient(double[] f, int n)
            {
                var dm = new double[n, 2]; var dx = new double[f.Length - 2 * n];
                Held.IndicesBackward(Matrix(f, n), f[(2 * n)..], C, n, 1.0, dm, dx);
                var flat = new double[2 * n];
                for (int r = 0; r < n; r++) { flat[2 * r] = dm[r, 0]; flat[2 * r + 1] = dm[r, 1]; }
                return [.. flat, .. dx];
            }

            public static double StoredInTheLoopValue(double[] f, int i) => Held.StoredInTheLoop(f, i);

            public static double[] StoredInTheLoopGradient(double[] f, int i) { var d = new double[f.Length]; Held.StoredInTheLoopBackward(f, i, 1.0, d); return d; }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Source));

    private static readonly Lazy<Microsoft.CodeAnalysis.GeneratorDriverRunResult> Run = new(() => GeneratorHarness.Generate(Source).Run);

    /// <summary>Method, parameter count, and the int arguments after the flat parameter vector.</summary>
    public static TheoryData<string, int, object[]> Cases => new()
    {
        { "Triangular", 4 + 6, [4] },
        { "Triangular", 1, [1] },
        { "Triangular", 0, [0] },
        { "TwoElements", 4, [1, 2] },
        { "TwoElements", 4, [2, 2] },
        { "TwoElements", 4, [0, 3] },
        { "ParameterRows", 3 + 4, [3] },
        { "ParameterRows", 0 + 4, [0] },
        { "Indices", 2 * 2 + 8, [2] },
        { "Indices", 2 * 3 + 8, [3] },
        { "StoredInTheLoop", 4, [0] },
        { "StoredInTheLoop", 4, [2] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences_at_several_points(string name, int size, object[] ints)
    {
        var random = new Random(41);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
            GradientAssert.MatchesFiniteDifferences(p => Call<double>(name + "Value", p, ints), Call<double[]>(name + "Gradient", f, ints), f, 1e-6, 1e-6, $"{name}({string.Join(", ", ints)}) at point {point}");
        }
    }

    [Fact]
    public void The_triangular_product_holds_the_element_its_inner_loop_gathers_into()
    {
        string text = Text("Held.Triangular.g.cs");
        // (The third loop's i is i2 in the generated code: every loop's variable has a name of its own.)
        // Held, with xc[i2] read once (InvariantReads), only when the inner loop runs: the primal reads them only then.
        Assert.Matches(@"long iteration2 = \(long\)d - 1;\s+if \(iteration2 >= \(i2 \+ 1\)\)\s+\{\s+var dXcI2 = dXc\[i2\];\s+// Every iteration reads these elements at the same index: read once \(InvariantReads\)\.\s+t5 = xc\[i2\];\s+for \(; iteration2 >= \(i2 \+ 1\); iteration2--\)", text);
        Assert.Contains("dXcI2 += dT5;", text);
        Assert.Matches(@"\}\s+dXc\[i2\] = dXcI2;\s+\}", text);
        Assert.Single(Held(text));
    }

    [Fact]
    public void Elements_another_read_or_a_store_may_reach_are_not_held()
    {
        Assert.Empty(Held(Text("Held.TwoElements.g.cs")));
        Assert.Empty(Held(Text("Held.StoredInTheLoop.g.cs")));
    }

    [Fact]
    public void A_parameters_element_is_held_only_where_no_other_callers_adjoint_is_touched()
    {
        Assert.Equal(["var dUR = dU[r];"], Held(Text("Held.ParameterRows.g.cs")));
    }

    [Fact]
    public void Constant_and_outer_indices_are_held_inner_ones_not_and_an_element_is_held_around_the_loop_reading_it_in_every_iteration()
    {
        string text = Text("Held.Indices.g.cs");
        Assert.Equal(["var dMR0 = dM[r, 0];", "var dMR1 = dM[r, 1];", "var dYAt = dY[(r * 2 + 1)];", "var dYR = dY[r];"], Held(text).Order().ToArray());
        // y[r] is read in the loop over q only: held around it, not around the loop over p, whose iterations
        // don't read it when c is empty.
        Assert.Matches(@"long (iteration\d*) = \(long\)c\.Length - 1;\s+if \(\1 >= 0\)\s+\{\s+var dYR = dY\[r\];\s+//[^\n]*\s+t\d+ = y\[r\];\s+for \(; \1 >= 0; \1--\)", text);
    }

    private static string Text(string hintName) => GeneratorHarness.GeneratedText(Run.Value, hintName);

    /// <summary>The adjoint elements the backward holds in locals (<c>var dXcI = dXc[i];</c>).</summary>
    private static string[] Held(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"var \w+ = d\w+\[[^\]]+\];").Select(m => m.Value).ToArray();

    private static T Call<T>(string name, double[] f, object[] ints) =>
        (T)Compiled.Value.GetType("Drivers")!.GetMethod(name)!.Invoke(null, [f, .. ints])!;
}
