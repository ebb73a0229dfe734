namespace GradientGen.Model;

/// <summary>The outcome of analyzing one method: a model to emit, or the issues that prevent it.</summary>
internal sealed record AnalysisResult(MethodModel? Model, EquatableArray<Issue> Issues)
{
    public bool CanEmit => Model is not null && Issues.IsEmpty;
}
