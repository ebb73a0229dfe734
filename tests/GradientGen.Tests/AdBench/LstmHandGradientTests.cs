using Xunit.Abstractions;

namespace GradientGen.Tests.AdBench;

/// <summary><see cref="LstmHandGradient"/> reproduces ADBench's gradients (<c>_J_</c> goldens) and objective values to ADBench's tolerance.</summary>
public class LstmHandGradientTests(ITestOutputHelper output)
{
    /// <summary>Input file, golden objective and golden gradient, relative to the ADBench data folder.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "lstm/lstm_l2_c1024.txt", "golden/from-repo-tests/lstm_l2_c1024_F.txt", "golden/from-repo-tests/lstm_l2_c1024_J.txt" },
        { "lstm/lstm_l2_c1024.txt", "golden/manual-module/lstm/lstm_l2_c1024_F_Manual.txt", "golden/manual-module/lstm/lstm_l2_c1024_J_Manual.txt" },
        { "lstm/lstm_l4_c1024.txt", "golden/manual-module/lstm/lstm_l4_c1024_F_Manual.txt", "golden/manual-module/lstm/lstm_l4_c1024_J_Manual.txt" },
        { "lstm/lstm_l2_c4096.txt", "golden/manual-module/lstm/lstm_l2_c4096_F_Manual.txt", "golden/manual-module/lstm/lstm_l2_c4096_J_Manual.txt" },
        { "lstm/lstm_l4_c4096.txt", "golden/manual-module/lstm/lstm_l4_c4096_F_Manual.txt", "golden/manual-module/lstm/lstm_l4_c4096_J_Manual.txt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_the_golden_gradient(string input, string goldenF, string goldenJ)
    {
        LstmInput m = AdBenchData.Lstm(input);
        double[] gradient = new double[m.ParameterCount];
        double value = LstmHandGradient.Gradient(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B, gradient);
        AdBenchComparison f = AdBenchAssert.ObjectiveMatches(value, goldenF);
        AdBenchComparison j = AdBenchAssert.GradientMatches(gradient, goldenJ);
        output.WriteLine($"{input} F: {f}");
        output.WriteLine($"{input} J ({gradient.Length} entries): {j}");
    }

    [Fact]
    public void Gradient_returns_the_objective_overwrites_the_gradient_and_leaves_the_state_alone()
    {
        LstmInput m = AdBenchData.Lstm("lstm/lstm_l2_c1024.txt");
        double[] state = (double[])m.State.Clone();
        double[] once = new double[m.ParameterCount];
        double[] twice = new double[m.ParameterCount];
        Array.Fill(twice, 123.0);
        LstmHandGradient.Gradient(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B, once);
        double value = LstmHandGradient.Gradient(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B, twice);
        Assert.Equal(LstmObjective.Objective(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B), value);
        Assert.Equal(once, twice);
        Assert.Equal(state, m.State);
    }
}
