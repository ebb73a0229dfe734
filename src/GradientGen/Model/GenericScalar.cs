namespace GradientGen.Model;

/// <summary>
/// How the IR spells the floating type parameter of a generic method (<c>ScalarKind.Generic</c>). Texts built from
/// a kind alone (<c>SymbolFacts.KeywordFor</c>, <c>Emit.Literals</c>: a temporary's type, <c>T.Zero</c>, <c>T.Sin</c>)
/// have no symbol to take the user's name from, so they write this placeholder, and the emitter replaces it with
/// the method's type parameter name (<c>MethodModel.GenericScalarName</c>) in the finished file. The placeholder
/// is an identifier (so name scans treat it as one word) that no C# source writes: 'ǂ' is a letter of no script.
/// A scope has at most one floating type parameter (MethodAnalysis refuses more), so one name suffices.
/// </summary>
internal static class GenericScalar
{
    public const string Placeholder = "ǂTǂ";

    /// <summary>The generated text with the placeholder written as the user's type parameter.</summary>
    public static string Resolve(string text, string? name) => name is null ? text : text.Replace(Placeholder, name);
}
