using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Benchmarks;

/// <summary>
/// <c>--saved-values</c>: reads the generated <c>…Backward</c> files under obj/generated and counts, for each
/// forward-sweep loop, the values pushed on a value stack per iteration against the naive count, every
/// assignment in the loop body (what a tape that records every write would keep).
/// </summary>
/// <remarks>
/// The count is static, from the syntax of the generated code: the forward sweep's loops are its
/// <c>while</c>/<c>do</c> statements (the reverse sweep's are <c>for</c>). Per iteration of a loop, the
/// statements directly in its body count once; an <c>if</c> counts its larger arm; a nested loop is counted
/// as a loop of its own (per iteration of that loop), and the trip counter the generator adds as the
/// first statement of every loop body is not a user assignment, so it is not counted.
/// </remarks>
internal static class SavedValues
{
    private const string GeneratorFolder = "GradientGen/GradientGen.DifferentiableGenerator";

    public static int Print(TextWriter output)
    {
        string? project = FindProjectDirectory();
        string? folder = project is null ? null : Path.Combine(project, "obj", "generated", GeneratorFolder);
        if (folder is null || !Directory.Exists(folder))
        {
            output.WriteLine($"No generated files found (looked for obj/generated/{GeneratorFolder} in the benchmark project); build it first.");
            return 1;
        }

        output.WriteLine($"Values saved per loop iteration, read from {Path.GetRelativePath(project!, folder)}:");
        output.WriteLine();
        output.WriteLine("| Method | Forward loop | Saved (`Push`) / iteration | Naive: assignments / iteration (floating-point) | Pushed |");
        output.WriteLine("|---|---|---:|---:|---|");
        foreach (string file in Directory.GetFiles(folder, "*.g.cs").Order(StringComparer.Ordinal))
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (MethodDeclarationSyntax method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (!method.Identifier.Text.EndsWith("Backward", StringComparison.Ordinal))
                {
                    continue;
                }

                Dictionary<string, string> types = DeclaredTypes(method);
                foreach (StatementSyntax loop in method.DescendantNodes().OfType<StatementSyntax>().Where(s => s is WhileStatementSyntax or DoStatementSyntax))
                {
                    Count count = CountBody(Body(loop), types, skipTripCounter: true);
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {method.Identifier.Text} | `{Describe(loop)}` | {count.Pushes} | {count.Assignments} ({count.FloatingPointAssignments}) | {string.Join(", ", count.Pushed)} |"));
                }
            }
        }

        output.WriteLine();
        output.WriteLine("Per iteration: an `if` counts its larger arm; a nested loop is its own row.");
        return 0;
    }

    private sealed record Count(int Pushes, int Assignments, int FloatingPointAssignments, IReadOnlyList<string> Pushed)
    {
        public static readonly Count Zero = new(0, 0, 0, []);

        public Count Plus(Count other) =>
            new(Pushes + other.Pushes, Assignments + other.Assignments, FloatingPointAssignments + other.FloatingPointAssignments, [.. Pushed, .. other.Pushed]);

        public static Count Max(Count a, Count b) =>
            new(Math.Max(a.Pushes, b.Pushes), Math.Max(a.Assignments, b.Assignments), Math.Max(a.FloatingPointAssignments, b.FloatingPointAssignments), a.Pushed.Count >= b.Pushed.Count ? a.Pushed : b.Pushed);
    }

    private static Count CountBody(IEnumerable<StatementSyntax> statements, Dictionary<string, string> types, bool skipTripCounter)
    {
        Count total = Count.Zero;
        bool first = true;
        foreach (StatementSyntax statement in statements)
        {
            bool tripCounter = skipTripCounter && first && statement is ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax };
            first = false;
            if (!tripCounter)
            {
                total = total.Plus(CountStatement(statement, types));
            }
        }

        return total;
    }

    private static Count CountStatement(StatementSyntax statement, Dictionary<string, string> types)
    {
        switch (statement)
        {
            case BlockSyntax block:
                return CountBody(block.Statements, types, skipTripCounter: false);
            case IfStatementSyntax branch:
                Count then = CountStatement(branch.Statement, types);
                Count otherwise = branch.Else is null ? Count.Zero : CountStatement(branch.Else.Statement, types);
                return Count.Max(then, otherwise);
            case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax:
                return Count.Zero; // counted per iteration of its own
            case LocalDeclarationStatementSyntax declaration:
                int initialized = declaration.Declaration.Variables.Count(v => v.Initializer is not null);
                return new Count(0, initialized, IsFloatingPoint(declaration.Declaration.Type.ToString()) ? initialized : 0, []);
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Push" } } push }:
                return new Count(1, 0, 0, [push.ArgumentList.Arguments[0].ToString()]);
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Right: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Replace" } } replace } assignment }:
                // v = stack.Replace(v, next): a save and an assignment.
                return new Count(1, 0, 0, [replace.ArgumentList.Arguments[0].ToString()]).Plus(Assignment(assignment.Left.ToString(), types));
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                return Assignment(assignment.Left.ToString(), types);
            case ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax postfix }:
                return Assignment(postfix.Operand.ToString(), types);
            case ExpressionStatementSyntax { Expression: PrefixUnaryExpressionSyntax prefix } when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                return Assignment(prefix.Operand.ToString(), types);
            default:
                return Count.Zero;
        }
    }

    private static Count Assignment(string target, Dictionary<string, string> types) =>
        new(0, 1, types.TryGetValue(target, out string? type) && IsFloatingPoint(type) ? 1 : 0, []);

    private static bool IsFloatingPoint(string type) => type is "double" or "float" or "System.Double" or "System.Single";

    private static Dictionary<string, string> DeclaredTypes(MethodDeclarationSyntax method)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ParameterSyntax parameter in method.ParameterList.Parameters)
        {
            types[parameter.Identifier.Text] = parameter.Type?.ToString() ?? string.Empty;
        }

        foreach (VariableDeclarationSyntax declaration in method.DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                types[variable.Identifier.Text] = declaration.Type.ToString();
            }
        }

        return types;
    }

    private static SyntaxList<StatementSyntax> Body(StatementSyntax loop)
    {
        StatementSyntax body = loop is WhileStatementSyntax w ? w.Statement : ((DoStatementSyntax)loop).Statement;
        return body is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(body);
    }

    /// <summary>
    /// The user's loop header, which the generator quotes in a comment just before the loop's set-up
    /// (the counter's initialization and the trip count's reset, at most a few statements before it).
    /// </summary>
    private static string Describe(StatementSyntax loop)
    {
        if (loop.Parent is BlockSyntax parent)
        {
            int index = parent.Statements.IndexOf(loop);
            for (int i = index; i >= Math.Max(0, index - 4); i--)
            {
                SyntaxTrivia comment = parent.Statements[i].GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
                if (comment.IsKind(SyntaxKind.SingleLineCommentTrivia))
                {
                    return comment.ToString()[2..].Trim();
                }
            }
        }

        return loop is WhileStatementSyntax w ? $"while ({w.Condition})" : "do … while";
    }

    /// <summary>The directory of GradientGen.Benchmarks.csproj, found upwards from the running assembly (bin/…).</summary>
    private static string? FindProjectDirectory()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "GradientGen.Benchmarks.csproj")))
            {
                return d.FullName;
            }
        }

        return null;
    }
}
