using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.CodeFixes;

/// <summary>Removes one attribute from a parameter, and its list when that leaves the list empty.</summary>
internal static class AttributeRemoval
{
    /// <summary>The parameter without <paramref name="attribute"/>; null if the attribute is not on it.</summary>
    public static ParameterSyntax? Remove(ParameterSyntax parameter, AttributeSyntax attribute)
    {
        if (attribute.Parent is not AttributeListSyntax list || !parameter.AttributeLists.Contains(list))
        {
            return null;
        }

        if (list.Attributes.Count > 1)
        {
            return parameter.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        // Drop the list with the space after it; what stood before it (a line break and indentation) stays.
        bool first = parameter.AttributeLists.First() == list;
        ParameterSyntax without = parameter.WithAttributeLists(parameter.AttributeLists.Remove(list));
        return first ? without.WithLeadingTrivia(list.GetLeadingTrivia()) : without;
    }
}
