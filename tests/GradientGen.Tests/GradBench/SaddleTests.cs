using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's saddle: the nested derivative of the inner ascent (<c>MaxOverP2Gradient</c>, outer reverse
/// over the inner reverse <c>ObjectiveGradient</c>; <c>MaxOverP2Tangent</c>, outer forward; the same over the
/// inner forward <c>ObjectiveTangent</c>, <see cref="SaddleObjective.MaxOverP2ByTangents"/>) against the closed
/// form and central differences, the same on a saddle whose inner gradient depends on the outer variables
/// (<see cref="CoupledSaddle"/>), and the eval's answer checked as GradBench's validator checks it.
/// </summary>
public class SaddleTests
{
    /// <summary>
    /// GradBench's input, s = (1, 1), and the output its validator compares with (python/gradbench/gradbench/
    /// evals/saddle/run.py: each of the four entries 8.246324826140356e-06, through compare_json_objects:
    /// |a − e| / max(1, |a| + |e|) ≤ 1e-4). The exact saddle point is (0, 0, 0, 0); the descents stop on a
    /// step of at most 1e-5.
    /// </summary>
    private const double GradBenchStart = 1.0;
    private const double GradBenchAnswer = 8.246324826140356e-06;
    private const double GradBenchTolerance = 1e-4;

    private const double H = 1e-6;

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 1.0)]
    [InlineData(0.3, -0.7, 1.0, 1.0)]
    [InlineData(2.0, 0.5, -0.4, 2.5)]
    [InlineData(-1.5, 3.0, 0.2, -0.1)]
    public void The_maximum_s_nested_derivative_is_the_closed_form_and_matches_central_differences(double a, double b, double start0, double start1)
    {
        // max over (x, y) of (a² + b²) − (x² + y²) is a² + b² at (0, 0), wherever the ascent stops: ∇ = (2a, 2b).
        double value = SaddleObjective.MaxOverP2(a, b, start0, start1);
        var (gradientValue, dA, dB) = SaddleObjective.MaxOverP2Gradient(a, b, start0, start1);
        SaddleObjective.MaxOverP2Tangent(a, b, start0, start1, 1, 0, out double tA);
        double tangentValue = SaddleObjective.MaxOverP2Tangent(a, b, start0, start1, 0, 1, out double tB);

        Assert.Equal(value, gradientValue);
        Assert.Equal(value, tangentValue);
        GradientAssert.Close(2 * a, dA, 1e-12, "∂max/∂a, reverse");
        GradientAssert.Close(2 * b, dB, 1e-12, "∂max/∂b, reverse");
        GradientAssert.Close(2 * a, tA, 1e-12, "∂max/∂a, forward");
        GradientAssert.Close(2 * b, tB, 1e-12, "∂max/∂b, forward");

        GradientAssert.Close(CentralDifference(t => SaddleObjective.MaxOverP2(t, b, start0, start1), a), dA, 1e-6, "∂max/∂a against differences");
        GradientAssert.Close(CentralDifference(t => SaddleObjective.MaxOverP2(a, t, start0, start1), b), dB, 1e-6, "∂max/∂b against differences");
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 1.0)]
    [InlineData(0.3, -0.7, 1.0, 1.0)]
    [InlineData(-1.5, 3.0, 0.2, -0.1)]
    public void With_forward_mode_inside_the_maximum_s_nested_derivative_is_the_closed_form(double a, double b, double start0, double start1)
    {
        double value = SaddleObjective.MaxOverP2ByTangents(a, b, start0, start1);
        Assert.Equal(SaddleObjective.MaxOverP2(a, b, start0, start1), value);
        var (gradientValue, dA, dB) = SaddleObjective.MaxOverP2ByTangentsGradient(a, b, start0, start1);
        SaddleObjective.MaxOverP2ByTangentsTangent(a, b, start0, start1, 1, 0, out double tA);
        SaddleObjective.MaxOverP2ByTangentsTangent(a, b, start0, start1, 0, 1, out double tB);

        Assert.Equal(value, gradientValue);
        GradientAssert.Close(2 * a, dA, 1e-12, "∂max/∂a, rf");
        GradientAssert.Close(2 * b, dB, 1e-12, "∂max/∂b, rf");
        GradientAssert.Close(2 * a, tA, 1e-12, "∂max/∂a, ff");
        GradientAssert.Close(2 * b, tB, 1e-12, "∂max/∂b, ff");
        GradientAssert.Close(CentralDifference(t => SaddleObjective.MaxOverP2ByTangents(t, b, start0, start1), a), dA, 1e-6, "∂max/∂a against differences");
    }

    [Theory]
    [InlineData(0.3, -0.7, 1.0, 1.0)]
    [InlineData(1.7, 0.4, 1.0, 1.0)]
    [InlineData(-0.8, 1.2, 0.5, -2.0)]
    [InlineData(1.1, 1.3, -1.0, 0.0)]
    public void Where_the_inner_gradient_depends_on_the_outer_variables_the_nested_derivative_matches_central_differences(double a, double b, double start0, double start1)
    {
        double value = CoupledSaddle.ProductAtArgMax(a, b, start0, start1);
        var (gradientValue, dA, dB) = CoupledSaddle.ProductAtArgMaxGradient(a, b, start0, start1);
        CoupledSaddle.ProductAtArgMaxTangent(a, b, start0, start1, 1, 0, out double tA);
        CoupledSaddle.ProductAtArgMaxTangent(a, b, start0, start1, 0, 1, out double tB);

        Assert.Equal(value, gradientValue);
        GradientAssert.Close(CentralDifference(t => CoupledSaddle.ProductAtArgMax(t, b, start0, start1), a), dA, 1e-6, "∂(xy)/∂a");
        GradientAssert.Close(CentralDifference(t => CoupledSaddle.ProductAtArgMax(a, t, start0, start1), b), dB, 1e-6, "∂(xy)/∂b");
        GradientAssert.Close(dA, tA, 1e-12, "∂(xy)/∂a, forward against reverse");
        GradientAssert.Close(dB, tB, 1e-12, "∂(xy)/∂b, forward against reverse");

        // The ascent stops near (ab, a), so x·y ≈ a²b and its derivative ≈ (2ab, a²), to the solver's tolerance.
        GradientAssert.Close(2 * a * b, dA, 1e-3, "∂(xy)/∂a near 2ab");
        GradientAssert.Close(a * a, dB, 1e-3, "∂(xy)/∂b near a²");
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 1.0)]
    [InlineData(0.3, -0.7, -2.0, 0.5)]
    public void The_written_out_ascent_is_GradBench_s_solver(double a, double b, double start0, double start1)
    {
        double[] argMax = GradientDescent.ArgMax(
            q => SaddleObjective.Objective(a, b, q[0], q[1]),
            (q, g) => (_, _, _, g[0], g[1]) = SaddleObjective.ObjectiveGradient(a, b, q[0], q[1]),
            [start0, start1]);
        Assert.Equal(SaddleObjective.Objective(a, b, argMax[0], argMax[1]), SaddleObjective.MaxOverP2(a, b, start0, start1));
    }

    [Fact]
    public void Every_variant_passes_GradBench_validation_and_finds_the_saddle_point()
    {
        double[] rr = SaddleObjective.SolveRr(GradBenchStart, GradBenchStart);
        double[] fr = SaddleObjective.SolveFr(GradBenchStart, GradBenchStart);
        double[] rf = SaddleObjective.SolveRf(GradBenchStart, GradBenchStart);
        double[] ff = SaddleObjective.SolveFf(GradBenchStart, GradBenchStart);
        double[] finite = SaddleObjective.SolveFinite(GradBenchStart, GradBenchStart);
        foreach (var (variant, point) in new[] { ("rr", rr), ("fr", fr), ("rf", rf), ("ff", ff), ("finite", finite) })
        {
            Assert.Equal(4, point.Length);
            for (int i = 0; i < 4; i++)
            {
                double difference = Math.Abs(point[i] - GradBenchAnswer) / Math.Max(1, Math.Abs(point[i]) + Math.Abs(GradBenchAnswer));
                Assert.True(difference <= GradBenchTolerance, $"{variant}[{i}] = {point[i]:R}, GradBench expects {GradBenchAnswer:R}");
                Assert.True(Math.Abs(point[i]) <= 2e-5, $"{variant}[{i}] = {point[i]:R} is not at the saddle point 0 to the solver's tolerance");
            }
        }

        // The same solver and the same exact derivatives follow GradBench's own iterates: its figure to the last digits.
        GradBenchCheck.AllClose([GradBenchAnswer, GradBenchAnswer, GradBenchAnswer, GradBenchAnswer], rr, 1e-15, "rr against GradBench's answer");
        GradBenchCheck.AllClose(rr, fr, 1e-15, "fr against rr");
        GradBenchCheck.AllClose(rr, rf, 1e-15, "rf against rr");
        GradBenchCheck.AllClose(rr, ff, 1e-15, "ff against rr");
        GradBenchCheck.AllClose(rr, finite, 1e-12, "finite differences against rr");
    }

    [Theory]
    [InlineData(0.5, -2.0)]
    [InlineData(-3.0, 0.25)]
    public void From_other_starts_the_variants_agree_near_the_saddle_point(double start0, double start1)
    {
        double[] rr = SaddleObjective.SolveRr(start0, start1);
        double[] fr = SaddleObjective.SolveFr(start0, start1);
        double[] finite = SaddleObjective.SolveFinite(start0, start1);
        GradBenchCheck.AllClose(rr, fr, 1e-15, "fr against rr");
        GradBenchCheck.AllClose(rr, SaddleObjective.SolveRf(start0, start1), 1e-15, "rf against rr");
        GradBenchCheck.AllClose(rr, SaddleObjective.SolveFf(start0, start1), 1e-15, "ff against rr");
        GradBenchCheck.AllClose(rr, finite, 1e-12, "finite differences against rr");
        GradBenchCheck.AllClose([0, 0, 0, 0], rr, 2e-5, "rr against the saddle point");
    }

    /// <summary>
    /// The central difference of <paramref name="f"/> at <paramref name="t"/>, after asserting the two one-sided
    /// differences agree (no jump of the ascent's path between t − h and t + h).
    /// </summary>
    private static double CentralDifference(Func<double, double> f, double t)
    {
        double below = f(t - H), at = f(t), above = f(t + H);
        GradientAssert.Close((above - at) / H, (at - below) / H, 1e-4, $"one-sided differences at {t}");
        return (above - below) / (2 * H);
    }
}
