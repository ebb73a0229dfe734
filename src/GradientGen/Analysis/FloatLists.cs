using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// <c>List&lt;T&gt;</c> of <c>float</c>, <c>double</c> or a generic-math <c>T</c> as an active parameter: a vector the
/// method reads (<c>list[i]</c>, <c>list.Count</c>, <c>foreach</c>), whose adjoint is a <c>Span&lt;T&gt;</c> of the same
/// count, like an array's (so a caller can pass an array, a slice of a flat gradient, or
/// <c>CollectionsMarshal.AsSpan</c> of a list). A <c>List&lt;T&gt;</c> adjoint would have needed its own
/// accumulation code (its indexer returns a copy, so <c>dList[i] += v</c> is a get and a set) and a caller
/// to build a list of the right count; a span composes with everything else. Its count is <c>Count</c>, which
/// is the only thing the generated code spells differently.
/// </summary>
internal static class FloatLists
{
    private const string Prefix = "global::System.Collections.Generic.List<";

    public static bool IsList(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "List", Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }, TypeArguments: [var element] }
        && SymbolFacts.KindOf(element) != ScalarKind.None;

    /// <summary>Whether a vector variable's type (its C# text) is a list.</summary>
    public static bool IsList(string typeName) => typeName.StartsWith(Prefix, System.StringComparison.Ordinal);

    /// <summary>The member that gives a vector's element count: <c>Count</c> for a list, <c>Length</c> for an array or span.</summary>
    public static string CountOf(string typeName) => IsList(typeName) ? "Count" : "Length";

    /// <summary>The vector as a read-only span, for overlap checks: a list's elements through <c>CollectionsMarshal</c>.</summary>
    public static string AsReadOnlySpan(string name, string typeName, ScalarKind kind) => IsList(typeName)
        ? $"global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan({name})"
        : $"(global::System.ReadOnlySpan<{SymbolFacts.KeywordFor(kind)}>){name}";
}
