namespace GradientGen.Model;

/// <summary>One containing type of the differentiable method, outermost first, as its partial declaration is written.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct", "interface", with "readonly "/"ref " prefixes where required.</param>
/// <param name="NameWithTypeParameters">e.g. <c>Model</c> or <c>Layer&lt;T&gt;</c>.</param>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);
