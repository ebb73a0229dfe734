using GradientGen.Model;

namespace GradientGen.Incremental;

/// <summary>
/// Everything the analysis of one [Differentiable] method reads, so that an equal key means an equal
/// analysis: the method's own text and file, the text of every possible [Differentiable] callee its analysis
/// may analyze in turn (whether a callee's backward will exist depends on the callee's body, and on its own
/// callees'), and the rest of the compilation with method bodies left out.
/// </summary>
internal sealed record AnalysisKey(string FilePath, string Text, EquatableArray<CalleeBody> Callees, CompilationFacts Compilation);
