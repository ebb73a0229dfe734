using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.CodeFixes;

/// <summary>The line break a file already uses, so that inserted lines match it (LF when it has none).</summary>
internal static class LineBreak
{
    public static SyntaxTrivia Of(SyntaxNode root)
    {
        SyntaxTrivia first = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return first == default ? SyntaxFactory.LineFeed : first;
    }
}
