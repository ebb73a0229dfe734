using System.Linq;
using System.Threading;
using GradientGen.Analysis;
using GradientGen.Emit;
using GradientGen.Incremental;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen;

/// <summary>
/// Emits <c>…Backward</c> (and <c>…Gradient</c>) for every [Differentiable] method the analysis accepts.
/// Pipeline wiring only; it reports nothing: <see cref="DifferentiabilityAnalyzer"/> runs the same
/// analysis and reports its issues, so located diagnostics never defeat the pipeline's caching.
/// </summary>
/// <remarks>
/// Every edit makes a new compilation, and a step that reads it runs again for every method. So the steps
/// that run for every method only compute, from syntax, an <see cref="AnalysisKey"/>: the method's text,
/// the texts of the possible [Differentiable] callees it may analyze, and the compilation without method
/// bodies (each file's part computed again only when the file changes). The analysis — binding, lowering,
/// activity, saves — then takes the key and the compilation, compared by the key alone, so the driver
/// reuses a method's model until something it reads changes. An edit to a body re-analyzes that method and
/// the methods that call it by name; an edit to a declaration re-analyzes every method.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that computes each method's <see cref="AnalysisKey"/> (used by incrementality tests).</summary>
    public const string KeyStep = "GradientGen.AnalysisKeys";

    /// <summary>Tracking name of the step that analyzes each method whose key changed (used by incrementality tests).</summary>
    public const string AnalysisStep = "GradientGen.Analysis";

    /// <summary>Tracking name of the step that keeps the methods that can be emitted.</summary>
    public const string ModelStep = "GradientGen.Models";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        context.RegisterPostInitializationOutput(static ctx =>
        {
            ctx.AddEmbeddedAttributeDefinition();
            ctx.AddSource(AttributeSources.HintName, SourceText.From(AttributeSources.Text, System.Text.Encoding.UTF8));
            ctx.AddSource(ValueStackSource.HintName, SourceText.From(ValueStackSource.Text, System.Text.Encoding.UTF8));
            ctx.AddSource(JaggedArraysSource.HintName, SourceText.From(JaggedArraysSource.Text, System.Text.Encoding.UTF8));
        });

        IncrementalValuesProvider<MethodSource> methods = context.SyntaxProvider.ForAttributeWithMetadataName(
            AttributeSources.DifferentiableMetadataName,
            static (node, _) => node is MethodDeclarationSyntax && DifferentiableTargets.Unsupported(node) is null,
            static (ctx, ct) => MethodSource.Of(ctx, ct));

        // Per file, so that an edit walks only the edited file again (the others' trees are the same objects).
        IncrementalValuesProvider<TreeFacts> files = context.CompilationProvider
            .SelectMany(static (c, _) => c.SyntaxTrees)
            .Select(static (tree, ct) => TreeFacts.Of(tree, ct));

        IncrementalValueProvider<CompilationFacts> compilationFacts = files
            .Select(static (f, _) => f.Declarations)
            .Collect()
            .Combine(context.CompilationProvider)
            .Select(static (pair, _) => CompilationFacts.Of(pair.Right, pair.Left));

        IncrementalValueProvider<CalleeIndex> callees = files
            .Select(static (f, _) => f.Callees)
            .Collect()
            .Select(static (perFile, _) => new CalleeIndex(perFile));

        IncrementalValuesProvider<MethodInput> inputs = methods
            .Combine(callees)
            .Combine(compilationFacts)
            .Select(static (p, _) => new MethodInput(
                new AnalysisKey(p.Left.Left.FilePath, p.Left.Left.Text, p.Left.Right.Reachable(p.Left.Left.Names), p.Right),
                p.Left.Left.Location))
            .WithTrackingName(KeyStep);

        IncrementalValuesProvider<MethodModel?> analyses = inputs
            .Combine(context.CompilationProvider.Select(static (c, _) => new CompilationHandle(c)))
            .WithComparer(KeyComparer.Instance)
            .Select(static (p, ct) => Analyze(p.Left.Location, p.Right.Get(), ct))
            .WithTrackingName(AnalysisStep);

        IncrementalValuesProvider<MethodModel> models = analyses
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (ctx, model) =>
        {
            foreach ((string hintName, string text) in GeneratedFile.AllOf(model))
            {
                ctx.AddSource(hintName, SourceText.From(text, System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>The model of the method at <paramref name="location"/> in <paramref name="compilation"/>, or null if it can't be emitted.</summary>
    private static MethodModel? Analyze(MethodLocation location, Compilation compilation, CancellationToken cancellationToken)
    {
        SyntaxTree tree = compilation.SyntaxTrees.ElementAt(location.TreeOrdinal);
        var syntax = tree.GetRoot(cancellationToken).FindNode(new TextSpan(location.SpanStart, location.SpanLength)).FirstAncestorOrSelf<MethodDeclarationSyntax>()!;
#pragma warning disable RS1030 // The method was found by syntax in a cheaper step; its analysis needs its tree's semantic model.
        SemanticModel semanticModel = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        var method = (IMethodSymbol)semanticModel.GetDeclaredSymbol(syntax, cancellationToken)!;
        return MethodAnalysis.Analyze(method, syntax, semanticModel, cancellationToken).Model;
    }
}
