using Xunit.Abstractions;

namespace GradientGen.Tests.AdBench;

/// <summary>
/// The ADBench objectives written as ordinary [Differentiable] C# (<see cref="GmmObjective"/>,
/// <see cref="LstmObjective"/>): their generated backwards against ADBench's golden gradients, to
/// ADBench's tolerance |x−y|/max(1, |x|+|y|) ≤ 1e-8, on the real data in the repository's data/adbench.
/// </summary>
public class GeneratedGradientTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(GmmHandGradientTests.Cases), MemberType = typeof(GmmHandGradientTests))]
    public void Gmm_generated_gradient_matches_the_golden_gradient(string input, string goldenF, string goldenJ)
    {
        GmmInput g = AdBenchData.Gmm(input);
        double[] gradient = new double[g.ParameterCount];
        Span<double> all = gradient;
        double value = GmmObjective.ObjectiveBackward(
            g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0,
            all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
        output.WriteLine($"{input} F: {AdBenchAssert.ObjectiveMatches(value, goldenF)}");
        output.WriteLine($"{input} J ({gradient.Length} entries): {AdBenchAssert.GradientMatches(gradient, goldenJ)}");
    }

    [Theory]
    [MemberData(nameof(GmmHandGradientTests.Cases), MemberType = typeof(GmmHandGradientTests))]
    public void Gmm_written_the_plain_way_has_a_generated_gradient_that_matches_the_golden_gradient(string input, string goldenF, string goldenJ)
    {
        GmmInput g = AdBenchData.Gmm(input);
        double[] gradient = new double[g.ParameterCount];
        Span<double> all = gradient;
        double value = GmmPlainObjective.ObjectiveBackward(
            g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N, 1.0,
            all[..g.K], all.Slice(g.K, g.K * g.D), all[(g.K + (g.K * g.D))..]);
        output.WriteLine($"{input} F: {AdBenchAssert.ObjectiveMatches(value, goldenF)}");
        output.WriteLine($"{input} J ({gradient.Length} entries): {AdBenchAssert.GradientMatches(gradient, goldenJ)}");
    }

    [Theory]
    [MemberData(nameof(LstmHandGradientTests.Cases), MemberType = typeof(LstmHandGradientTests))]
    public void Lstm_generated_gradient_matches_the_golden_gradient(string input, string goldenF, string goldenJ)
    {
        LstmInput l = AdBenchData.Lstm(input);
        double[] gradient = new double[l.ParameterCount];
        Span<double> all = gradient;
        double[] state = (double[])l.State.Clone();
        double value = LstmObjective.ObjectiveBackward(
            l.MainParams, l.ExtraParams, state, l.Sequence, l.L, l.C, l.B, 1.0,
            all[..l.MainParams.Length], all[l.MainParams.Length..]);
        Assert.Equal(l.State, state);
        output.WriteLine($"{input} F: {AdBenchAssert.ObjectiveMatches(value, goldenF)}");
        output.WriteLine($"{input} J ({gradient.Length} entries): {AdBenchAssert.GradientMatches(gradient, goldenJ)}");
    }

    [Theory]
    [MemberData(nameof(LstmHandGradientTests.Cases), MemberType = typeof(LstmHandGradientTests))]
    public void Lstm_written_the_plain_way_has_a_generated_gradient_that_matches_the_golden_gradient(string input, string goldenF, string goldenJ)
    {
        LstmInput l = AdBenchData.Lstm(input);
        double[] gradient = new double[l.ParameterCount];
        Span<double> all = gradient;
        double value = LstmPlainObjective.ObjectiveBackward(
            l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B, 1.0,
            all[..l.MainParams.Length], all[l.MainParams.Length..]);
        output.WriteLine($"{input} F: {AdBenchAssert.ObjectiveMatches(value, goldenF)}");
        output.WriteLine($"{input} J ({gradient.Length} entries): {AdBenchAssert.GradientMatches(gradient, goldenJ)}");
    }
}
