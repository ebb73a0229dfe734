using Xunit.Abstractions;

namespace GradientGen.Tests.AdBench;

/// <summary><see cref="GmmObjective.Objective"/> reproduces ADBench's objective values (<c>_F_</c> goldens) to ADBench's tolerance.</summary>
public class GmmObjectiveTests(ITestOutputHelper output)
{
    /// <summary>Input file and its golden objective, relative to the ADBench data folder.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "gmm/test.txt", "golden/from-repo-tests/gmm_test_F.txt" },
        { "gmm/1k/gmm_d2_K5.txt", "golden/manual-module/gmm/1k/gmm_d2_K5_F_Manual.txt" },
        { "gmm/1k/gmm_d10_K25.txt", "golden/manual-module/gmm/1k/gmm_d10_K25_F_Manual.txt" },
        { "gmm/1k/gmm_d64_K10.txt", "golden/manual-module/gmm/1k/gmm_d64_K10_F_Manual.txt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Objective_matches_the_golden_value(string input, string golden)
    {
        GmmInput g = AdBenchData.Gmm(input);
        double value = GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N);
        AdBenchComparison result = AdBenchAssert.ObjectiveMatches(value, golden);
        output.WriteLine($"{input} F: {result}");
    }

    [Fact]
    public void Objective_does_not_modify_its_arguments()
    {
        GmmInput g = AdBenchData.Gmm("gmm/test.txt");
        double[][] arguments = [g.Alphas, g.Means, g.Icf, g.X];
        double[][] before = Array.ConvertAll(arguments, a => (double[])a.Clone());
        GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.WishartGamma, g.WishartM, g.D, g.K, g.N);
        for (int i = 0; i < arguments.Length; i++)
        {
            Assert.Equal(before[i], arguments[i]);
        }
    }

    /// <summary>Expected values from the C library's lgamma (Python's math.lgamma).</summary>
    [Theory]
    [InlineData(1, 0.5723649429247004)]     // Γ(½) = √π
    [InlineData(2, 0.0)]                    // Γ(1) = 1
    [InlineData(3, -0.12078223763524543)]   // Γ(3/2) = √π/2
    [InlineData(10, 3.178053830347945)]     // Γ(5) = 24
    [InlineData(65, 79.82118541361436)]     // Γ(32.5), the largest the d = 64 files need
    [InlineData(129, 203.0868048358281)]    // Γ(64.5), for d = 128
    public void LogGammaOfHalf_matches_lgamma(int t, double expected)
    {
        double actual = GmmObjective.LogGammaOfHalf(t);
        Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"lgamma({t}/2) = {actual:R}, expected {expected:R}");
    }
}
