namespace GradientGen.BenchmarkReport;

/// <summary>
/// Groups the CSV records of the catalog's classes into result rows: one per [Params] case, from its
/// Objective, Generated, ByHand and (where the class has it) FiniteDifferences methods, in table order.
/// </summary>
internal static class ResultRows
{
    public static IReadOnlyList<ResultRow> Build(IEnumerable<BenchmarkRecord> records, WorkloadCatalog catalog)
    {
        var rows = new List<ResultRow>();
        foreach ((string benchmarkClass, string paramsColumn) in WorkloadCatalog.Classes)
        {
            var cases = records
                .Where(r => r.Class == benchmarkClass)
                .GroupBy(r => paramsColumn.Length == 0 ? "" : r.Column(paramsColumn), StringComparer.Ordinal);
            foreach (var group in cases)
            {
                rows.Add(new ResultRow(
                    catalog.Describe(benchmarkClass, group.Key),
                    Find(group, "Objective") ?? new Measure(null, null),
                    Find(group, "Generated") ?? new Measure(null, null),
                    Find(group, "ByHand") ?? new Measure(null, null),
                    Find(group, "FiniteDifferences")));
            }
        }

        return rows
            .OrderBy(r => r.Case.Order)
            .ThenBy(r => r.Case.Gmm?.PointCount ?? 0)
            .ThenBy(r => r.Case.ParameterCount)
            .ThenBy(r => r.Case.Input, StringComparer.Ordinal)
            .ToList();
    }

    private static Measure? Find(IEnumerable<BenchmarkRecord> group, string method) =>
        group.FirstOrDefault(r => r.Method == method) is { } r ? new Measure(r.MeanNanoseconds, r.AllocatedBytes) : null;
}
