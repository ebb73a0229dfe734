using BenchmarkDotNet.Attributes;
using GradientGen.Tests.AdBench;

namespace GradientGen.Benchmarks;

/// <summary>
/// ADBench LSTM written the plain way (<see cref="LstmPlainObjective"/>: the C++ loops kept apart through
/// scratch arrays, sigmoid and logsumexp inline) beside the same hand-written gradient as
/// <see cref="LstmBenchmarks"/>. The baseline is the plain objective.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReportCsvConfig))]
public class LstmPlainBenchmarks : LstmBenchmarksBase
{
    [Params("lstm/lstm_l2_c1024.txt", "lstm/lstm_l4_c1024.txt")]
    public override string File { get; set; } = "";

    protected override string Label => "plain LSTM";

    private protected override double Primal(LstmInput l) => LstmPlainObjective.Objective(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B);

    private protected override double Backward(LstmInput l, Span<double> all) =>
        LstmPlainObjective.ObjectiveBackward(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.L, l.C, l.B, 1.0, all[..l.MainParams.Length], all[l.MainParams.Length..]);
}
