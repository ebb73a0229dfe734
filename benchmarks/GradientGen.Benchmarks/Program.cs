using BenchmarkDotNet.Running;
using GradientGen.Benchmarks;

if (args.Contains("--saved-values"))
{
    return SavedValues.Print(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(SavedValues).Assembly).Run(args);
return 0;
