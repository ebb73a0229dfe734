using GradientGen.Model;

namespace GradientGen.Incremental;

/// <summary>
/// A method declaration that may be [Differentiable] (it has an attribute or is partial): a caller's analysis
/// analyzes such a callee whole, to know whether its backward will exist, so the caller depends on its text.
/// </summary>
/// <param name="Name">The method's name, which is how callers find it (see <see cref="MentionedNames"/>).</param>
/// <param name="Text">The declaration, attributes to closing brace.</param>
/// <param name="Names">The names its text mentions: the callees its own analysis may analyze in turn.</param>
internal sealed record CalleeBody(string Name, string Text, EquatableArray<string> Names);
