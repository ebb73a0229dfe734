using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// The warning state the user's method was compiled in, as directives for the generated file. The generated
/// code copies the method's statements; without the user's <c>#pragma warning disable</c> they would warn again
/// there and break a warnings-as-errors build. (Nullable warnings are off in every generated file: GeneratedFile.)
/// </summary>
internal static class SourceDirectives
{
    /// <summary>Lines to write after the generated file's <c>#nullable</c> directives.</summary>
    public static List<string> For(MethodDeclarationSyntax method)
    {
        var lines = new List<string>();
        SyntaxNode root = method.SyntaxTree.GetRoot();
        var disabled = new SortedSet<string>(System.StringComparer.Ordinal);
        bool disablesAll = false;
        if (root.ContainsDirectives)
        {
            // Conservative: any warning disabled before the method's end may be in force somewhere in it.
            for (DirectiveTriviaSyntax? directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < method.Span.End; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case PragmaWarningDirectiveTriviaSyntax pragma when pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword):
                        disablesAll |= pragma.ErrorCodes.Count == 0;
                        foreach (ExpressionSyntax code in pragma.ErrorCodes)
                        {
                            disabled.Add(code.ToString());
                        }

                        break;
                }
            }
        }

        if (disablesAll)
        {
            lines.Add("#pragma warning disable");
        }
        else if (disabled.Count > 0)
        {
            lines.Add("#pragma warning disable " + string.Join(", ", disabled));
        }

        return lines;
    }
}
