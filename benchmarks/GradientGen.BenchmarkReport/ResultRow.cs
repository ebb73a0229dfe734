namespace GradientGen.BenchmarkReport;

/// <summary>One benchmark case's mean time and allocation per call; either is null when it was not measured.</summary>
internal sealed record Measure(double? MeanNanoseconds, double? AllocatedBytes);

/// <summary>
/// One line of the results table: a workload case and its four measurements. Ratios are ratios of
/// BenchmarkDotNet's means (not its Ratio column, the mean of per-iteration ratios), null when a side is missing.
/// </summary>
internal sealed record ResultRow(WorkloadCase Case, Measure Objective, Measure Generated, Measure ByHand, Measure? FiniteDifferences)
{
    public double? GeneratedOverObjective => Ratio(Generated, Objective);

    public double? ByHandOverObjective => Ratio(ByHand, Objective);

    public double? GeneratedOverByHand => Ratio(Generated, ByHand);

    public double? FiniteDifferencesOverObjective => FiniteDifferences is null ? null : Ratio(FiniteDifferences, Objective);

    private static double? Ratio(Measure numerator, Measure denominator) =>
        numerator.MeanNanoseconds is double n && denominator.MeanNanoseconds is double d && d > 0 ? n / d : null;
}
