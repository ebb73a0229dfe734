namespace GradientGen.Incremental;

/// <summary>
/// Where a [Differentiable] method's declaration is in the compilation it was found in: the tree's position
/// in <c>Compilation.SyntaxTrees</c> and the declaration's span. Not part of the <see cref="AnalysisKey"/>
/// (moving a method leaves its analysis equal); only read to find the method again when it is analyzed.
/// </summary>
internal readonly record struct MethodLocation(int TreeOrdinal, int SpanStart, int SpanLength);
