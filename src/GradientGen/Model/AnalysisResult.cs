namespace GradientGen.Model;

/// <summary>
/// The outcome of analyzing one method: a model to emit (with any warnings about it), or the errors
/// that prevent it.
/// </summary>
internal sealed record AnalysisResult(MethodModel? Model, EquatableArray<Issue> Issues)
{
    public bool CanEmit => Model is not null;
}
