using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using GradientGen.Analysis;
using GradientGen.Model;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Tests.Scaling;

/// <summary>
/// The generator, and the analysis the analyzer runs, on a thread with a 1 MB stack (the smallest a compiler
/// host gives): a stack overflow would kill the test process, so deep code must be walked within it or on a
/// thread of GradientGen's own.
/// </summary>
internal static class SmallStack
{
    private const int StackBytes = 1024 * 1024;
    private const int LargeStackBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Runs the generator on <paramref name="source"/>, then every [Differentiable] method's analysis on a
    /// fresh compilation of its output (as the analyzer does, which Roslyn runs on its own threads), both on
    /// a 1 MB thread. Returns the output and the analysis issues.
    /// </summary>
    public static (Compilation Output, ImmutableArray<Issue> Issues) GenerateAndAnalyze(string source, int stackBytes = StackBytes)
    {
        Compilation? output = null;
        ImmutableArray<Issue> issues = default;

        // Parsed on a large stack, as the compiler parses on threads of its own: on a small one the parser may
        // give up on the deep code itself (CS8078 in the user's tree), depending on how deep the caller is.
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation? input = null;
        Run(() => input = GeneratorHarness.Compile(source), LargeStackBytes);
        Run(() =>
        {
            (output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(input!);
            Assert.Null(run.Results.Single().Exception);
            Compilation fresh = output.Clone(); // A new compilation: nothing analyzed yet.
            var found = ImmutableArray.CreateBuilder<Issue>();
            foreach (SyntaxTree tree in fresh.SyntaxTrees)
            {
                SemanticModel model = fresh.GetSemanticModel(tree);
                foreach (MethodDeclarationSyntax syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(syntax) is IMethodSymbol method && SymbolFacts.IsDifferentiable(method))
                    {
                        found.AddRange(MethodAnalysis.Analyze(method, syntax, model, CancellationToken.None).Issues);
                    }
                }
            }

            issues = found.ToImmutable();
        }, stackBytes);
        return (output!, issues);
    }

    /// <summary>
    /// Compiles and loads the output on a thread with a large stack: the user's own deep code is bound there
    /// again, and on a small test thread the compiler itself may give up on it (CS8078), which is not what
    /// these tests are about.
    /// </summary>
    public static System.Reflection.Assembly LoadOnLargeStack(Compilation output)
    {
        System.Reflection.Assembly? assembly = null;
        Run(() => assembly = GeneratorHarness.Load(output), LargeStackBytes);
        return assembly!;
    }

    private static void Run(Action action, int stackBytes = StackBytes)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            stackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
    }
}
