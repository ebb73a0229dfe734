using GradientGen.Analysis;
using GradientGen.Emit;
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
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that analyzes each method (used by incrementality tests).</summary>
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
        });

        IncrementalValuesProvider<AnalysisResult> analyses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeSources.DifferentiableMetadataName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => MethodAnalysis.Analyze((IMethodSymbol)ctx.TargetSymbol, (MethodDeclarationSyntax)ctx.TargetNode, ctx.SemanticModel, ct))
            .WithTrackingName(AnalysisStep);

        IncrementalValuesProvider<MethodModel> models = analyses
            .Where(static r => r.CanEmit)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (ctx, model) =>
            ctx.AddSource(model.HintName, SourceText.From(BackwardEmitter.Emit(model), System.Text.Encoding.UTF8)));
    }
}
