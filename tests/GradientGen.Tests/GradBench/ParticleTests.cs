using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's particle: the nested derivative of the whole Euler flight (<c>NaiveEulerGradient</c>, outer
/// reverse over the inner reverse <c>PotentialGradient</c>; <c>NaiveEulerTangent</c>, outer forward; the same
/// over the inner forward <c>PotentialTangent</c>, <see cref="ParticleObjective.NaiveEulerByTangents"/>) against
/// central differences and against a flight with the force written by hand, and the eval's answer checked as
/// GradBench's validator checks it.
/// </summary>
public class ParticleTests
{
    /// <summary>
    /// GradBench's input, w = 0, and the output its validator compares with (python/gradbench/gradbench/evals/
    /// particle/run.py, through compare_json_objects: |a − e| / max(1, |a| + |e|) ≤ 1e-4).
    /// </summary>
    private const double GradBenchStart = 0.0;
    private const double GradBenchAnswer = 0.2071918746486116;
    private const double GradBenchTolerance = 1e-4;

    private const double H = 1e-6;

    /// <summary>
    /// Controls where the flight's number of Euler steps is the same within ±1e-6 (asserted), so x₀(t_f)² is
    /// smooth there: it jumps where the last step changes (w ≈ 0.020, 0.149, 0.179, 0.201, …), and below
    /// w ≈ −0.396 the particle never comes down.
    /// </summary>
    public static TheoryData<double> SmoothControls => new() { -0.3, -0.1, 0.0, 0.1, 0.2, GradBenchAnswer, 0.25, 0.35, 0.45 };

    [Theory]
    [MemberData(nameof(SmoothControls))]
    public void Reverse_and_forward_nested_derivatives_match_central_differences(double w)
    {
        double central = AssertSmoothAndDifferentiate(ParticleObjective.NaiveEuler, w);
        double value = ParticleObjective.NaiveEuler(w);

        var (gradientValue, dW) = ParticleObjective.NaiveEulerGradient(w);
        double tangentValue = ParticleObjective.NaiveEulerTangent(w, 1.0, out double tangent);

        Assert.Equal(value, gradientValue);
        Assert.Equal(value, tangentValue);
        GradientAssert.Close(central, dW, 1e-6, $"NaiveEulerGradient at w = {w}");
        GradientAssert.Close(central, tangent, 1e-6, $"NaiveEulerTangent at w = {w}");
        GradientAssert.Close(dW, tangent, 1e-12, $"reverse against forward at w = {w}");
    }

    [Theory]
    [MemberData(nameof(SmoothControls))]
    public void With_forward_mode_inside_reverse_and_forward_nested_derivatives_match_central_differences(double w)
    {
        double central = AssertSmoothAndDifferentiate(ParticleObjective.NaiveEulerByTangents, w);
        double value = ParticleObjective.NaiveEulerByTangents(w);
        GradientAssert.Close(ParticleObjective.NaiveEuler(w), value, 1e-12, $"the flight by tangents at w = {w}");

        var (gradientValue, dW) = ParticleObjective.NaiveEulerByTangentsGradient(w);
        double tangentValue = ParticleObjective.NaiveEulerByTangentsTangent(w, 1.0, out double tangent);

        Assert.Equal(value, gradientValue);
        Assert.Equal(value, tangentValue);
        GradientAssert.Close(central, dW, 1e-6, $"NaiveEulerByTangentsGradient (rf) at w = {w}");
        GradientAssert.Close(central, tangent, 1e-6, $"NaiveEulerByTangentsTangent (ff) at w = {w}");
        GradientAssert.Close(ParticleObjective.NaiveEulerGradient(w).dW, dW, 1e-10, $"rf against rr at w = {w}");
        GradientAssert.Close(dW, tangent, 1e-12, $"ff against rf at w = {w}");
    }

    [Theory]
    [MemberData(nameof(SmoothControls))]
    public void The_flight_with_the_generated_force_is_the_one_with_the_force_by_hand(double w)
    {
        double byHand = ParticleByHand.NaiveEuler(w, out _);
        GradientAssert.Close(byHand, ParticleObjective.NaiveEuler(w), 1e-12, $"x₀(t_f)² at w = {w}");

        double handCentral = AssertSmoothAndDifferentiate(v => ParticleByHand.NaiveEuler(v, out _), w);
        GradientAssert.Close(handCentral, ParticleObjective.NaiveEulerGradient(w).dW, 1e-6, $"d/dw of the hand-written flight at w = {w}");
    }

    [Theory]
    [InlineData(0.0, 8.0, 0.0)]
    [InlineData(3.7, 5.2, 0.2)]
    [InlineData(9.5, 0.3, -0.3)]
    [InlineData(12.0, 9.0, 0.45)]
    public void The_inner_gradient_is_minus_the_force_by_hand(double x0, double x1, double w)
    {
        var (value, dX0, dX1, _) = ParticleObjective.PotentialGradient(x0, x1, w);
        ParticleByHand.Force(x0, x1, w, out double f0, out double f1);
        GradientAssert.Close(ParticleObjective.Potential(x0, x1, w), value, 0, "p");
        GradientAssert.Close(-f0, dX0, 1e-13, "∂p/∂x₀");
        GradientAssert.Close(-f1, dX1, 1e-13, "∂p/∂x₁");
    }

    [Fact]
    public void The_tangent_is_linear_in_its_direction()
    {
        ParticleObjective.NaiveEulerTangent(0.1, 1.0, out double unit);
        ParticleObjective.NaiveEulerTangent(0.1, -2.5, out double scaled);
        GradientAssert.Close(-2.5 * unit, scaled, 1e-14, "tangent along −2.5");
    }

    [Fact]
    public void Every_variant_passes_GradBench_validation_and_lands_the_particle_at_the_origin()
    {
        double rr = ParticleObjective.SolveRr(GradBenchStart);
        double fr = ParticleObjective.SolveFr(GradBenchStart);
        double rf = ParticleObjective.SolveRf(GradBenchStart);
        double ff = ParticleObjective.SolveFf(GradBenchStart);
        double finite = ParticleObjective.SolveFinite(GradBenchStart);
        foreach (var (variant, w) in new[] { ("rr", rr), ("fr", fr), ("rf", rf), ("ff", ff), ("finite", finite) })
        {
            Assert.True(GradBenchDifference(GradBenchAnswer, w) <= GradBenchTolerance, $"{variant}: w = {w:R}, GradBench expects {GradBenchAnswer:R}");
            Assert.True(ParticleObjective.NaiveEuler(w) < 1e-6, $"{variant}: x₀(t_f)² = {ParticleObjective.NaiveEuler(w):R} at w = {w:R}");
        }

        // The same solver and the same exact derivatives follow GradBench's own iterates: its figure to the last digits.
        GradientAssert.Close(GradBenchAnswer, rr, 1e-12, "rr against GradBench's answer");
        GradientAssert.Close(rr, fr, 1e-12, "fr against rr");
        GradientAssert.Close(rr, rf, 1e-12, "rf against rr");
        GradientAssert.Close(rr, ff, 1e-12, "ff against rr");
        GradientAssert.Close(rr, finite, 1e-8, "finite differences against rr");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(-0.2)]
    public void From_other_starts_the_variants_agree_on_a_control_that_lands_at_the_origin(double start)
    {
        double rr = ParticleObjective.SolveRr(start);
        double fr = ParticleObjective.SolveFr(start);
        double finite = ParticleObjective.SolveFinite(start);
        GradientAssert.Close(rr, fr, 1e-12, $"fr against rr from {start}");
        GradientAssert.Close(rr, ParticleObjective.SolveRf(start), 1e-12, $"rf against rr from {start}");
        GradientAssert.Close(rr, ParticleObjective.SolveFf(start), 1e-12, $"ff against rr from {start}");
        GradientAssert.Close(rr, finite, 1e-8, $"finite differences against rr from {start}");
        Assert.True(ParticleObjective.NaiveEuler(rr) < 1e-6, $"x₀(t_f)² = {ParticleObjective.NaiveEuler(rr):R} at w = {rr:R}");
    }

    /// <summary>GradBench's difference (from ADBench): |a − e| / max(1, |a| + |e|).</summary>
    private static double GradBenchDifference(double expected, double actual) =>
        Math.Abs(actual - expected) / Math.Max(1, Math.Abs(actual) + Math.Abs(expected));

    /// <summary>
    /// The central difference of <paramref name="f"/> at <paramref name="w"/>, after asserting the flight takes
    /// as many steps at w ± h as at w and the two one-sided differences agree to first order (no kink between).
    /// </summary>
    private static double AssertSmoothAndDifferentiate(Func<double, double> f, double w)
    {
        ParticleByHand.NaiveEuler(w - H, out int stepsBelow);
        ParticleByHand.NaiveEuler(w, out int steps);
        ParticleByHand.NaiveEuler(w + H, out int stepsAbove);
        Assert.True(stepsBelow == steps && steps == stepsAbove, $"the number of Euler steps changes near w = {w}: {stepsBelow}, {steps}, {stepsAbove}");

        double below = f(w - H), at = f(w), above = f(w + H);
        double forward = (above - at) / H, backward = (at - below) / H;
        GradientAssert.Close(forward, backward, 1e-3, $"one-sided differences at w = {w}");
        return (above - below) / (2 * H);
    }
}
