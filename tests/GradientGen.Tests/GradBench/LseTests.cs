namespace GradientGen.Tests.GradBench;

/// <summary>GradBench's lse: the generated gradient of <see cref="LseObjective.LogSumExp"/> is softmax(x).</summary>
public class LseTests
{
    public static TheoryData<int, int, double, double> Inputs => new()
    {
        // GradBench's draws: uniform in [0, 1) (np.random.rand); 2,500 is its smallest size.
        { 1, 1, 0, 1 },
        { 2, 2, 0, 1 },
        { 10, 3, 0, 1 },
        { 2500, 4, 0, 1 },
        // Its --min/--max defaults, ±100: exp(x) alone would overflow, the max shift keeps it finite.
        { 50, 5, -100, 100 },
        { 1000, 6, -1000, 1000 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Gradient_is_softmax_and_value_is_lse(int n, int seed, double low, double high)
    {
        double[] x = GradBenchInputs.Uniform(n, seed, low, high);
        double[] generated = new double[n];
        double[] softmax = new double[n];
        double value = LseObjective.LogSumExpBackward(x, 1.0, generated);
        double handValue = GradBenchHandGradients.LseGradient(x, softmax);

        Assert.Equal(LseObjective.LogSumExp(x), value);
        Infrastructure.GradientAssert.Close(handValue, value, 1e-14, "LSE");
        GradBenchCheck.AllClose(softmax, generated, 1e-13, "softmax");
        Assert.Equal(1.0, generated.Sum(), 12);
    }

    [Fact]
    public void Value_is_log_of_the_sum_of_exponentials_where_that_does_not_overflow()
    {
        double[] x = GradBenchInputs.Uniform(100, 7, -5, 5);
        Infrastructure.GradientAssert.Close(Math.Log(x.Sum(Math.Exp)), LseObjective.LogSumExp(x), 1e-14, "LSE");
    }

    [Theory]
    [InlineData(5, 11)]
    [InlineData(40, 12)]
    public void Gradient_matches_central_differences(int n, int seed)
    {
        double[] x = GradBenchInputs.Uniform(n, seed, -3, 3);
        double[] gradient = new double[n];
        LseObjective.LogSumExpBackward(x, 1.0, gradient);
        GradBenchCheck.MatchesCentralDifferences(LseObjective.LogSumExp, x, gradient, 1e-6, 1e-8, "lse");
    }

    [Fact]
    public void Ties_for_the_maximum_share_the_gradient_evenly()
    {
        // Math.Max sends the adjoint of a to one of the tied entries, but LSE does not depend on a: still softmax.
        double[] x = [2, 0.5, 2, 2];
        double[] gradient = new double[4];
        LseObjective.LogSumExpBackward(x, 1.0, gradient);
        double[] softmax = new double[4];
        GradBenchHandGradients.LseGradient(x, softmax);
        GradBenchCheck.AllClose(softmax, gradient, 1e-15, "softmax");
        Assert.Equal(gradient[0], gradient[2]);
        Assert.Equal(gradient[0], gradient[3]);
    }
}
