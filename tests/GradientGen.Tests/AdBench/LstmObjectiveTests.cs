using Xunit.Abstractions;

namespace GradientGen.Tests.AdBench;

/// <summary><see cref="LstmObjective.Objective"/> reproduces ADBench's objective values (<c>_F_</c> goldens) to ADBench's tolerance.</summary>
public class LstmObjectiveTests(ITestOutputHelper output)
{
    /// <summary>Input file and its golden objective, relative to the ADBench data folder.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "lstm/lstm_l2_c1024.txt", "golden/from-repo-tests/lstm_l2_c1024_F.txt" },
        { "lstm/lstm_l2_c1024.txt", "golden/manual-module/lstm/lstm_l2_c1024_F_Manual.txt" },
        { "lstm/lstm_l4_c1024.txt", "golden/manual-module/lstm/lstm_l4_c1024_F_Manual.txt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Objective_matches_the_golden_value(string input, string golden)
    {
        LstmInput m = AdBenchData.Lstm(input);
        double value = LstmObjective.Objective(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B);
        AdBenchComparison result = AdBenchAssert.ObjectiveMatches(value, golden);
        output.WriteLine($"{input} F: {result}");
    }

    [Fact]
    public void Objective_does_not_modify_its_arguments()
    {
        LstmInput m = AdBenchData.Lstm("lstm/lstm_l2_c1024.txt");
        double[][] arguments = [m.MainParams, m.ExtraParams, m.State, m.Sequence];
        double[][] before = Array.ConvertAll(arguments, a => (double[])a.Clone());
        double first = LstmObjective.Objective(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B);
        for (int i = 0; i < arguments.Length; i++)
        {
            Assert.Equal(before[i], arguments[i]);
        }

        Assert.Equal(first, LstmObjective.Objective(m.MainParams, m.ExtraParams, m.State, m.Sequence, m.L, m.C, m.B));
    }
}
