using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Collections;

/// <summary>
/// <c>List&lt;T&gt;</c> parameters the method reads (indexer, <c>Count</c>, <c>foreach</c>, passed to another
/// [Differentiable] method taking a list): the adjoint is a <c>Span&lt;T&gt;</c> of the list's count. Checked against
/// central differences at several points and a closed form, in float and double; what stays refused (a local list,
/// changing a list, passing it to a method without a derivative, forward mode) is pinned by id and span.
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

    private static double[] Point(int seed, int size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    [Theory]
    [InlineData("Energy", 4)]
    [InlineData("Scaled", 4)]
    public void Gradients_of_list_parameters_match_finite_differences(string name, int size)
    {
        for (int point = 0; point < 4; point++)
        {
            Drivers.GradientMatchesFiniteDifferences(name, Point(point, size), 1e-6, 1e-7, $"{name} at point {point}");
        }
    }

    [Fact]
    public void Float_list_matches_finite_differences()
    {
        for (int point = 0; point < 3; point++)
        {
            Drivers.GradientMatchesFiniteDifferences("SoftMax", Point(50 + point, 4), 1e-2, 2e-3, $"SoftMax at point {point}");
        }
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
                var list = {|GG0001:new List<double>()|};
                list.Add(x);
                return list[0] * 2;
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
