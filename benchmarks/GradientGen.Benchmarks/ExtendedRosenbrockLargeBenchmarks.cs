using BenchmarkDotNet.Attributes;

namespace GradientGen.Benchmarks;

/// <summary>n = 100,000: the objective, the generated and the hand-written gradient (no central differences, see above).</summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class ExtendedRosenbrockLargeBenchmarks : ExtendedRosenbrockBenchmarksBase
{
    [Params(100_000)]
    public override int N { get; set; }
}
