using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// <c>List&lt;T&gt;</c> parameters the method reads (indexer, <c>Count</c>, <c>foreach</c>, passed to another
/// [Differentiable] method taking a list): the adjoint is a <c>Span&lt;T&gt;</c> of the list's count; and local lists
/// the method builds with <c>Add</c>, reads and sets element by element. Checked against central differences at several points and closed
/// forms, in float and double; what stays refused (a local list used otherwise, changing a list, passing it to a
/// method without a derivative, forward mode) is pinned by id and span.
/// </summary>
public class ListParameterTests
{
    internal const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.InteropServices;
        using GradientGen;

        public static partial class Lists
        {
            // (Σ v² + Σ_{i≥1} x_i x_{i−1}) / n
            [Differentiable]
            public static double Energy(List<double> xs)
            {
                double s = 0;
                foreach (double v in xs) s += v * v;
                for (int i = 1; i < xs.Count; i++) s += xs[i] * xs[i - 1];
                return s / xs.Count;
            }

            // A list passed on to a [Differentiable] method, with a scalar.
            [Differentiable]
            public static double Scaled(List<double> xs, double w) => w * Energy(xs) + Math.Sin(xs[0] * w);

            // A local list built with Add in a loop and a branch, then read by foreach, index and Count.
            [Differentiable]
            public static double Built(double[] x)
            {
                var l = new List<double>();
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] > 0) l.Add(x[i] * x[i]);
                    else l.Add(Math.Sin(x[i]));
                }

                double s = 0;
                foreach (double v in l) s += v * l[0];
                return s + l.Count;
            }

            [Differentiable]
            public static float FloatBuilt(float[] x)
            {
                var l = new List<float>(x.Length);
                foreach (float v in x) l.Add(v * 2f);
                float s = 0;
                for (int i = 1; i < l.Count; i++) s += l[i] * MathF.Cos(l[i - 1]);
                return s;
            }

            // A local list built with Add, then rewritten in place (two smoothing sweeps with a branch, compound
            // assignments and ++), grown again and read back: each write is undone in the reverse sweep.
            [Differentiable]
            public static double Rewritten(double[] x, double a)
            {
                var l = new List<double>(x.Length);
                foreach (double v in x) l.Add(v * a);
                for (int sweep = 0; sweep < 2; sweep++)
                {
                    for (int i = 1; i < l.Count; i++)
                    {
                        l[i] = 0.5 * l[i - 1] + Math.Sin(l[i]);
                        if (l[i] > 0.3) l[i] *= l[i];
                        else l[i]++;
                    }
                }

                l.Add(a * a);
                l[l.Count - 1] -= l[0];
                return l[l.Count - 1] * l[1] + l[0];
            }

            // l_i = a x_i, then squared in place: Σ a² x_i² (closed form below).
            [Differentiable]
            public static double SquaredInPlace(double[] x, double a)
            {
                var l = new List<double>();
                for (int i = 0; i < x.Length; i++) l.Add(x[i]);
                for (int i = 0; i < l.Count; i++)
                {
                    l[i] *= a;
                    l[i] = l[i] * l[i];
                }

                double s = 0;
                foreach (double v in l) s += v;
                return s;
            }

            [Differentiable]
            public static float SoftMax(List<float> xs)
            {
                float m = xs[0];
                for (int i = 1; i < xs.Count; i++) m = MathF.Max(m, xs[i]);
                float s = 0;
                foreach (float v in xs) s += MathF.Exp(v - m);
                return m + MathF.Log(s);
            }
        }

        public static class Drivers
        {
            public static double EnergyValue(double[] f) => Lists.Energy([.. f]);

            public static double[] EnergyGradient(double[] f)
            {
                var d = new double[f.Length];
                Lists.EnergyBackward([.. f], 1.0, d);
                return d;
            }

            // xs (3) then w; the adjoint of the list is a list's own span here.
            public static double ScaledValue(double[] f) => Lists.Scaled([.. f[..3]], f[3]);

            public static double[] ScaledGradient(double[] f)
            {
                var dXs = new List<double> { 0, 0, 0 };
                double dW = 0;
                double value = Lists.ScaledBackward([.. f[..3]], f[3], 1.0, CollectionsMarshal.AsSpan(dXs), ref dW);
                if (value != Lists.Scaled([.. f[..3]], f[3])) throw new InvalidOperationException("the backward's value is off");
                return [.. dXs, dW];
            }

            public static double SoftMaxValue(double[] f) => Lists.SoftMax(f.Select(v => (float)v).ToList());

            public static double[] SoftMaxGradient(double[] f)
            {
                var d = new float[f.Length];
                Lists.SoftMaxBackward(f.Select(v => (float)v).ToList(), 1f, d);
                return d.Select(v => (double)v).ToArray();
            }

            public static double BuiltValue(double[] f) => Lists.Built(f);

            public static double[] BuiltGradient(double[] f)
            {
                var d = new double[f.Length];
                double value = Lists.BuiltBackward(f, 1.0, d);
                if (value != Lists.Built(f)) throw new InvalidOperationException("the backward's value is off");
                return d;
            }

            // x (4) then a.
            public static double RewrittenValue(double[] f) => Lists.Rewritten(f[..4], f[4]);

            public static double[] RewrittenGradient(double[] f)
            {
                var d = new double[4];
                double dA = 0;
                double value = Lists.RewrittenBackward(f[..4], f[4], 1.0, d, ref dA);
                if (value != Lists.Rewritten(f[..4], f[4])) throw new InvalidOperationException("the backward's value is off");
                return [.. d, dA];
            }

            public static double SquaredInPlaceValue(double[] f) => Lists.SquaredInPlace(f[..3], f[3]);

            public static double[] SquaredInPlaceGradient(double[] f)
            {
                var d = new double[3];
                double dA = 0;
                Lists.SquaredInPlaceBackward(f[..3], f[3], 1.0, d, ref dA);
                return [.. d, dA];
            }

            public static double FloatBuiltValue(double[] f) => Lists.FloatBuilt(f.Select(v => (float)v).ToArray());

            public static double[] FloatBuiltGradient(double[] f)
            {
                var d = new float[f.Length];
                Lists.FloatBuiltBackward(f.Select(v => (float)v).ToArray(), 1f, d);
                return d.Select(v => (double)v).ToArray();
            }

            public static string SharedMemory()
            {
                var xs = new List<double> { 1, 2, 3 };
                try
                {
                    Lists.EnergyBackward(xs, 1.0, CollectionsMarshal.AsSpan(xs));
                    return "no exception";
                }
                catch (ArgumentException e)
                {
                    return e.Message;
                }
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    [Theory]
    [InlineData("Energy", 4)]
    [InlineData("Scaled", 4)]
    [InlineData("Built", 5)]
    [InlineData("Rewritten", 5)]
    [InlineData("SquaredInPlace", 4)]
    public void Gradients_of_list_parameters_match_finite_differences(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, FlatDrivers.RandomPoint(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Float_list_matches_finite_differences()
    {
        for (int point = 0; point < 3; point++)
        {
            Drivers.GradientMatchesFiniteDifferences("SoftMax", FlatDrivers.RandomPoint(50 + point, 4), 1e-2, 2e-3, $"SoftMax at point {point}");
        }
    }

    [Fact]
    public void Float_built_list_matches_finite_differences()
    {
        for (int point = 0; point < 3; point++)
        {
            Drivers.GradientMatchesFiniteDifferences("FloatBuilt", FlatDrivers.RandomPoint(60 + point, 4), 1e-2, 2e-3, $"FloatBuilt at point {point}");
        }
    }

    [Fact]
    public void Built_matches_its_closed_form()
    {
        // All positive: l_i = x_i², result Σ x_i² x_0² + n; ∂/∂x_j = 2 x_j x_0² + [j = 0] 2 x_0 Σ x_i².
        double[] x = [0.5, 1.5, 0.25, 2.0];
        double squares = x.Sum(v => v * v);
        double[] gradient = Drivers.Gradient("Built", x);
        for (int j = 0; j < 4; j++)
        {
            double expected = 2 * x[j] * x[0] * x[0] + (j == 0 ? 2 * x[0] * squares : 0);
            GradientAssert.Close(expected, gradient[j], 1e-14, $"dX[{j}]");
        }
    }

    [Fact]
    public void Squared_in_place_matches_its_closed_form()
    {
        // Σ a² x_i²: ∂/∂x_j = 2 a² x_j, ∂/∂a = 2 a Σ x_i².
        double[] f = [0.5, -1.5, 2.25, 0.75];
        double a = f[3];
        double[] gradient = Drivers.Gradient("SquaredInPlace", f);
        for (int j = 0; j < 3; j++)
        {
            GradientAssert.Close(2 * a * a * f[j], gradient[j], 1e-15, $"dX[{j}]");
        }

        GradientAssert.Close(2 * a * f[..3].Sum(v => v * v), gradient[3], 1e-15, "dA");
    }

    [Fact]
    public void Energy_matches_its_closed_form()
    {
        // ∂/∂x_j = (2 x_j + x_{j−1} + x_{j+1}) / n, neighbours that exist.
        double[] x = [0.4, -1.1, 0.7, 2.0];
        double[] gradient = Drivers.Gradient("Energy", x);
        for (int j = 0; j < 4; j++)
        {
            double expected = (2 * x[j] + (j > 0 ? x[j - 1] : 0) + (j < 3 ? x[j + 1] : 0)) / 4;
            GradientAssert.Close(expected, gradient[j], 1e-15, $"dXs[{j}]");
        }
    }

    [Fact]
    public void An_adjoint_over_the_list_itself_is_refused() =>
        Assert.Equal("'dXs' must not share memory with 'xs': the backward reads 'xs' while it adds into 'dXs'. (Parameter 'dXs')", (string)Drivers.Call("SharedMemory")!);

    [Fact]
    public Task What_stays_refused_for_lists_is_located() => AnalyzerVerifier.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using GradientGen;

        public static partial class Refused
        {
            [Differentiable]
            public static double Built(double x)
            {
                List<double> list = {|GG0001:[x]|};
                list.Add(x);
                return list[0] * 2;
            }

            [Differentiable]
            public static double BuiltThenChanged(double x)
            {
                var l = new List<double>();
                l.Add(x);
                {|GG0001:l|}.Insert(0, x);
                return l[0];
            }

            // The list's enumerator would throw once an element is set; the backward iterates by index.
            [Differentiable]
            public static double SetInForeach(double x)
            {
                var l = new List<double>();
                l.Add(x);
                foreach (double v in l) {|GG0001:l|}[0] = v * 2;
                return l[0];
            }

            [Differentiable]
            public static double First(List<double> v) => v[0];

            [Differentiable]
            public static double BuiltThenPassed(double x)
            {
                var l = new List<double>();
                l.Add(x);
                return First({|GG0001:l|});
            }

            [Differentiable]
            public static double BuiltInLoop(double[] x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    var l = {|GG0001:new List<double>()|};
                    l.Add(x[i]);
                    s += l[0];
                }

                return s;
            }

            [Differentiable]
            public static double Changed(List<double> xs, int k)
            {
                {|GG0003:xs.Sort()|};
                {|GG0003:xs.Insert(0, 1.0)|};
                {|GG0003:xs.RemoveAt(k)|};
                {|GG0001:xs[0] = 2|};
                return xs[0];
            }

            private static double Total(List<double> v) => v[0];

            // The backward iterates by index, where the list's enumerator would throw.
            [Differentiable]
            public static double ChangedInForeach(double x, [NoDerivative] List<double> items)
            {
                double y = 0;
                foreach (double v in items)
                {
                    {|GG0001:items|}.Add(v);
                    y += v * x;
                }

                return y;
            }

            [Differentiable]
            public static double PassedToUnknown(List<double> xs) => {|GG0003:Total(xs)|} + xs[0];

            [Differentiable]
            public static double Energy(List<double> xs) => xs[0] * xs[1];

            public static double Use(List<double> xs, double[] t) => {|GG0016:{|CS0103:EnergyTangent|}|}(xs, t, out double _);
        }
        """);
}
