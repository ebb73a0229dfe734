namespace GradientGen.Incremental;

/// <summary>A method to analyze: what its analysis depends on, and where to find it.</summary>
internal sealed record MethodInput(AnalysisKey Key, MethodLocation Location);
