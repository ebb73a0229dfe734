using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Arrays;

/// <summary>
/// A reverse loop that only moves adjoints runs only when an adjoint it reads from outside isn't zero
/// (<c>ZeroAdjointGuards</c>): the coordinates of every centroid but the nearest (kmeans), a ReLU row whose input is
/// negative. A reverse loop that restores values, computes its body again, or reads an array's adjoints, runs always. Every backward is checked
/// against central finite differences at several points and returns the primal's value to the bit; a point infinitely
/// far from every centroid adds 0, not NaN, to the centroids it isn't nearest to.
/// </summary>
public class ZeroAdjointGuardTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public struct Weight
        {
            public double V;
        }

        public static partial class Guarded
        {
            // GradBench's kmeans cost over flat rows of d coordinates.
            [Differentiable]
            public static double Nearest([NoDerivative] double[] points, double[] centroids, int d)
            {
                double cost = 0;
                for (int i = 0; i < points.Length / d; i++)
                {
                    double closest = double.PositiveInfinity;
                    for (int j = 0; j < centroids.Length / d; j++)
                    {
                        double distance = 0;
                        for (int l = 0; l < d; l++)
                        {
                            double difference = points[i * d + l] - centroids[j * d + l];
                            distance += difference * difference;
                        }

                        closest = Math.Min(closest, distance);
                    }

                    cost += closest;
                }

                return cost;
            }

            // A ReLU layer summed: a row whose input is negative sends nothing to its weights.
            [Differentiable]
            public static double Relu(double[] w, double[] b, double[] x)
            {
                double y = 0;
                for (int i = 0; i < b.Length; i++)
                {
                    double s = b[i];
                    for (int j = 0; j < x.Length; j++)
                    {
                        s += w[i * x.Length + j] * x[j];
                    }

                    y += Math.Max(0.0, s);
                }

                return y;
            }

            // The same through a struct built in the sum: the reverse computes the iteration again (a replayed body),
            // which isn't guarded.
            [Differentiable]
            public static double ReluOfStructs(double[] w, double[] b, double[] x)
            {
                double y = 0;
                for (int i = 0; i < b.Length; i++)
                {
                    double s = b[i];
                    for (int j = 0; j < x.Length; j++)
                    {
                        s += new Weight { V = w[i * x.Length + j] }.V * x[j];
                    }

                    y += Math.Max(0.0, s);
                }

                return y;
            }

            // The inner loop's reverse takes back the products it overwrote: it runs always.
            [Differentiable]
            public static double Products(double[] x, int n)
            {
                double y = 0;
                for (int i = 0; i < n; i++)
                {
                    double p = 1;
                    for (int j = 0; j < x.Length; j++)
                    {
                        p *= x[j] + 0.5 * i;
                    }

                    y += Math.Min(p, 1.0);
                }

                return y;
            }

            // The inner loop's reverse reads the adjoints of a local array's elements: it runs always.
            [Differentiable]
            public static double ReadsAnArray(double[] x)
            {
                var h = new double[x.Length];
                double y = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < x.Length; j++)
                    {
                        h[j] = x[j] * (i + 1);
                    }

                    y += Math.Max(0.0, h[0] - 0.2) * h[x.Length - 1];
                }

                return y;
            }
        }

        public static class Drivers
        {
            private static readonly double[] Points = [0.1, 0.9, -0.4, 0.3, 0.8, -0.7, 0.2, 0.2, -0.9, -0.5, 0.6, 0.1];

            public static double NearestValue(double[] f) => Guarded.Nearest(Points, f, 2);
            public static double NearestGradient(double[] f, double[] g) => Guarded.NearestBackward(Points, f, 2, 1.0, g);
            public static double NearestGradientAmong(double[] points, double[] f, double[] g) => Guarded.NearestBackward(points, f, 2, 1.0, g);

            public static double ReluValue(double[] f) => Guarded.Relu(f[..6], f[6..8], f[8..]);
            public static double ReluGradient(double[] f, double[] g)
            {
                var dW = new double[6]; var dB = new double[2]; var dX = new double[3];
                double value = Guarded.ReluBackward(f[..6], f[6..8], f[8..], 1.0, dW, dB, dX);
                dW.CopyTo(g, 0); dB.CopyTo(g, 6); dX.CopyTo(g, 8);
                return value;
            }

            public static double ReluOfStructsValue(double[] f) => Guarded.ReluOfStructs(f[..6], f[6..8], f[8..]);
            public static double ReluOfStructsGradient(double[] f, double[] g)
            {
                var dW = new double[6]; var dB = new double[2]; var dX = new double[3];
                double value = Guarded.ReluOfStructsBackward(f[..6], f[6..8], f[8..], 1.0, dW, dB, dX);
                dW.CopyTo(g, 0); dB.CopyTo(g, 6); dX.CopyTo(g, 8);
                return value;
            }

            public static double ProductsValue(double[] f) => Guarded.Products(f, 4);
            public static double ProductsGradient(double[] f, double[] g) => Guarded.ProductsBackward(f, 4, 1.0, g);

            public static double ReadsAnArrayValue(double[] f) => Guarded.ReadsAnArray(f);
            public static double ReadsAnArrayGradient(double[] f, double[] g) => Guarded.ReadsAnArrayBackward(f, 1.0, g);
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    [Theory]
    [InlineData("Nearest", 6)]
    [InlineData("Relu", 11)]
    [InlineData("ReluOfStructs", 11)]
    [InlineData("Products", 3)]
    [InlineData("ReadsAnArray", 4)]
    public void The_gradient_matches_finite_differences_and_the_value_the_primal(string name, int size)
    {
        var random = new Random(41);
        for (int point = 0; point < 5; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var gradient = new double[size];
            double value = (double)Driver(name + "Gradient").Invoke(null, [f, gradient])!;
            double primal = (double)Driver(name + "Value").Invoke(null, [f])!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(primal), BitConverter.DoubleToInt64Bits(value));
            GradientAssert.MatchesFiniteDifferences(p => (double)Driver(name + "Value").Invoke(null, [p])!, gradient, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Theory]
    [InlineData("Nearest", "if (dDistance != 0.0)")]
    [InlineData("Relu", "if (dS != 0.0)")]
    public void A_reverse_loop_that_only_moves_adjoints_runs_when_they_are_not_zero(string name, string guard)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Guarded.{name}.g.cs"));
        Assert.Equal(1, text.Split('\n').Count(line => line.Trim() == guard));
        Assert.Contains("// Each term it adds is a multiple of these adjoints: nothing to add when they are zero (ZeroAdjointGuards).", text);
    }

    [Theory]
    [InlineData("Products")]
    [InlineData("ReadsAnArray")]
    [InlineData("ReluOfStructs")]
    public void A_reverse_loop_that_restores_values_replays_its_body_or_reads_array_adjoints_runs_always(string name)
    {
        string text = GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Guarded.{name}.g.cs");
        Assert.DoesNotContain("ZeroAdjointGuards", text);
    }

    [Fact]
    public void A_point_infinitely_far_away_adds_zero_to_the_centroids_it_is_not_nearest_to()
    {
        // The last point is at +∞: no centroid is nearer than the first 'closest' (+∞, a tie goes to it), so every
        // distance's adjoint is zero; unguarded, each coordinate's term would be 0·∞ = NaN.
        double[] points = [0.1, 0.9, -0.4, 0.3, double.PositiveInfinity, 0.0];
        double[] centroids = [0.2, 0.5, -0.3, 0.1];
        var gradient = new double[4];
        var finite = new double[4];
        Driver("NearestGradientAmong").Invoke(null, [points, centroids, gradient]);
        Driver("NearestGradientAmong").Invoke(null, [points[..4], centroids, finite]);
        Assert.Equal(finite, gradient);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }

    private static MethodInfo Driver(string name) => Compiled.Value.Assembly.GetType("Drivers")!.GetMethod(name)!;
}
