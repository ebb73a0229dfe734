using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Incremental;

/// <summary>
/// The names a method declaration mentions: a superset of the names of the methods it calls, found from the
/// syntax alone (no binding), so that finding a method's possible callees costs nothing when nothing changed.
/// </summary>
internal static class MentionedNames
{
    // Methods C# calls without their name in the source (collection initializers, queries, interpolated string
    // handlers, and pattern-based calls for good measure): a callee by one of these names is always assumed.
    private static readonly string[] Implicit =
    [
        "Add", "AppendFormatted", "AppendLiteral", "Cast", "Create", "Deconstruct", "Dispose", "DisposeAsync",
        "GetAwaiter", "GetEnumerator", "GetPinnableReference", "GetResult", "GroupBy", "GroupJoin", "Invoke", "Join",
        "MoveNext", "OrderBy", "OrderByDescending", "Select", "SelectMany", "Slice", "ThenBy", "ThenByDescending", "Where",
    ];

    /// <summary>
    /// The name under which every body of a struct's members (and of extension methods) is a callee (<see cref="TreeFacts"/>), mentioned by
    /// every method: any of them may be inlined or followed, whatever names the method spells. Not an identifier.
    /// </summary>
    public const string StructMembers = "(struct members)";

    /// <summary>Every identifier of <paramref name="node"/> and the implicitly called names, sorted and distinct.</summary>
    public static EquatableArray<string> Of(SyntaxNode node)
    {
        var names = new SortedSet<string>(Implicit, System.StringComparer.Ordinal) { StructMembers };
        foreach (SyntaxToken token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                names.Add(token.ValueText);

                // XGradient(…) is analyzed through X's second order (nested differentiation): X is a callee too.
                foreach (string x in Analysis.NestedDerivatives.NamesDerivedFrom(token.ValueText))
                {
                    names.Add(x);
                }
            }
        }

        return names.ToEquatableArray();
    }
}
