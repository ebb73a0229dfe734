using BenchmarkDotNet.Running;
using GradientGen.Benchmarks;
using GradientGen.Benchmarks.Analysis;

// --saved-values: static count of the values the generated backwards save per loop iteration.
// --allocations: bytes each generated backward allocates per steady-state call, on the calling thread.
// --ablation: where the logistic map's generated gradient loses time against the hand-written one.
// --compile-time: a quick look at the generator's and the analyzer's time on 10 to 1,000 methods, and at what an edit re-runs.
// --scaling [workload size]… [--stack MB] [--runs N]: generator and analyzer time on long call chains, statements and sums.
// Anything else goes to BenchmarkDotNet, e.g. --filter '*' --job short.
if (args.Contains("--saved-values"))
{
    return SavedValues.Print(Console.Out);
}

if (args.Contains("--allocations"))
{
    return Allocations.Run(Console.Out);
}

if (args.Contains("--ablation"))
{
    return Ablation.Run(Console.Out);
}

if (args.Contains("--compile-time"))
{
    return CompileTimeReport.Run(Console.Out);
}

if (args.Contains("--scaling"))
{
    return ScalingReport.Run(args, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(SavedValues).Assembly).Run(args);
return 0;
