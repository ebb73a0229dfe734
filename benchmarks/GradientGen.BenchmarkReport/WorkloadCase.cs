namespace GradientGen.BenchmarkReport;

/// <summary>What one benchmark case measures: its workload, its input and the length of its gradient.</summary>
/// <param name="Order">Position of the workload in the tables (catalog order).</param>
/// <param name="Series">The line of the plots this case belongs to: cases of one series differ in size only.</param>
/// <param name="Gmm">The ADBench GMM data set, for the rows that ADBench's 2015 timings also cover.</param>
internal sealed record WorkloadCase(int Order, string Workload, string Input, long ParameterCount, string Series, GmmKey? Gmm = null);

/// <summary>An ADBench GMM data set: the number of points ("1k", "10k"), dimension d and components K.</summary>
internal sealed record GmmKey(string Points, int D, int K)
{
    /// <summary>"1k" → 1,000, "10k" → 10,000.</summary>
    public int PointCount => int.Parse(Points.TrimEnd('k'), System.Globalization.CultureInfo.InvariantCulture) * (Points.EndsWith('k') ? 1000 : 1);
}
