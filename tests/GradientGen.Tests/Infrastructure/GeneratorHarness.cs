using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradientGen.Tests.Infrastructure;

/// <summary>Runs the generator (and analyzer) over source text the way a user's build does (unsafe code allowed, for the pointer diagnostics).</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => Compile("UserAssembly", [], sources);

    public static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources) => CSharpCompilation.Create(
        assemblyName,
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        TestRefs.Net100.AddRange(references),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error, allowUnsafe: true));

    public static GeneratorDriver Driver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new DifferentiableGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The user's compilation with the generated code added; throws if the generator itself failed.</summary>
    public static (Compilation Output, GeneratorDriverRunResult Run) Generate(params string[] sources) => Generate(Compile(sources));

    public static (Compilation Output, GeneratorDriverRunResult Run) Generate(CSharpCompilation input)
    {
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        return (output, driver.GetRunResult());
    }

    /// <summary>The generated text of one method's file (hint name ends with <c>.{method}.g.cs</c>).</summary>
    public static string GeneratedText(GeneratorDriverRunResult run, string hintNameSuffix) =>
        run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintNameSuffix, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>
    /// A generated file without the method's split sweeps (<c>…ForwardSweep</c>, <c>…ReverseSweep</c>, written last),
    /// which repeat its backward's two sweeps for the backwards of its callers: what its own backward does.
    /// </summary>
    public static string WithoutSplitSweeps(string generated)
    {
        int split = generated.IndexOf("/// The forward sweep of <see cref=", StringComparison.Ordinal);
        return split < 0 ? generated : generated.Substring(0, generated.LastIndexOf("/// <summary>", split, StringComparison.Ordinal));
    }

    /// <summary>
    /// What a generated backward keeps for its reverse sweep, in order: each value pushed onto a value stack
    /// (<c>doubleStack.Push(v)</c>, <c>v = doubleStack.Replace(v, …)</c>) or stored in a loop's slots (<c>doubleSlots[slot] = v;</c>).
    /// </summary>
    public static string[] SavedValues(string generated) =>
        System.Text.RegularExpressions.Regex.Matches(generated, @"\w+Stack\.(?:Push|Replace)\(([^,)]+)|\w+Slots\[[^\]]+\] = ([^;]+);")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();

    /// <summary>The analyzer's diagnostics for the sources (the generator's output included, as in a real build).</summary>
    public static ImmutableArray<Diagnostic> AnalyzerDiagnostics(params string[] sources)
    {
        (Compilation output, _) = Generate(sources);
        return output.WithAnalyzers([new DifferentiabilityAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Generates, compiles with every warning as an error, and loads the result. Fails the test on any
    /// compiler diagnostic: generated code must be warning-free.
    /// </summary>
    public static Assembly CompileAndLoad(params string[] sources) => Load(Emit(Generate(sources).Output));

    /// <summary>Compiles a generator's output (fails the test on any compiler diagnostic) and loads it.</summary>
    public static Assembly Load(Compilation output) => Load(Emit(output));

    /// <summary>
    /// A separately compiled assembly (the generator ran on it, as in a referenced project or package) and
    /// a consumer compiled against it, loaded together; returns the consumer.
    /// </summary>
    public static Assembly CompileAndLoadWithLibrary(string librarySource, string consumerSource)
    {
        byte[] library = Emit(Generate(Compile("UserLibrary", [], librarySource)).Output);
        byte[] consumer = Emit(Generate(Compile("UserAssembly", [MetadataReference.CreateFromImage(library)], consumerSource)).Output);
        var context = new AssemblyLoadContext("gradientgen-test", isCollectible: true);
        context.LoadFromStream(new MemoryStream(library));
        return context.LoadFromStream(new MemoryStream(consumer));
    }

    private static Assembly Load(byte[] image) =>
        new AssemblyLoadContext("gradientgen-test", isCollectible: true).LoadFromStream(new MemoryStream(image));

    private static byte[] Emit(Compilation output)
    {
        ImmutableArray<Diagnostic> diagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        Assert.True(diagnostics.IsEmpty, "The generated code does not compile cleanly:\n" + string.Join("\n", diagnostics) + "\n\n" + string.Join("\n\n", output.SyntaxTrees.Where(t => !t.FilePath.StartsWith("Source", StringComparison.Ordinal)).Select(t => t.ToString())));
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return stream.ToArray();
    }
}
