namespace GradientGen.Model;

/// <summary>One containing type of the differentiable method, outermost first, as its partial declaration is written.</summary>
/// <param name="Keywords">
/// The declaration's keywords before the name, <c>partial</c> included where C# wants it: right before the
/// type kind, after <c>readonly</c>/<c>ref</c> (<c>partial class</c>, <c>readonly ref partial struct</c>, <c>partial record struct</c>).
/// </param>
/// <param name="NameWithTypeParameters">e.g. <c>Model</c> or <c>Layer&lt;T&gt;</c>.</param>
internal sealed record ContainingType(string Keywords, string NameWithTypeParameters);
