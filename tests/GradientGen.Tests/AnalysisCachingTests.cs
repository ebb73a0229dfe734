using GradientGen.Incremental;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Tests;

/// <summary>
/// The analysis runs again only for the methods whose inputs an edit changed, and a re-run after an edit
/// always generates exactly what a cold run on the edited sources generates: every edit that can change
/// a method's result re-analyzes it.
/// </summary>
public class AnalysisCachingTests
{
    private const string Methods = """
        using System;
        using GradientGen;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable]
            public static double A(double x) => Math.Sin(x) * 2.0;

            [Differentiable]
            public static double B(double x, double y)
            {
                // scaled
                double z = x * y;
                return z * z;
            }

            [Differentiable]
            public static double C(double x) => Math.Exp(x) + x;

            [Differentiable]
            public static double D(double x) => x * x * x;
        }
        """;

    private const string Calls = """
        using System;
        using GradientGen;

        public static partial class Calls
        {
            [Differentiable]
            public static double Caller(double x) => Callee(x, 2.0) + 1.0;

            [Differentiable]
            public static double Callee(double x, double y) => x * y;

            [Differentiable]
            public static double UsesHelper(double x) => Helpers.Square(x) * 2.0;

            [Differentiable]
            public static double ReadsK(double x) => Math.Pow(x, K);

            [Differentiable]
            public static double Alone(double x) => Math.Cos(x);

            private const double K = 2.0;
        }
        """;

    private const string Helpers = "public static class Helpers { public static double Square(double x) => x * x; }";

    private const string HelperRule = """
        using GradientGen;

        public static class HelperRules
        {
            [DerivativeOf(typeof(Helpers), nameof(Helpers.Square))]
            public static double SquareBackward(double x, double dResult, ref double dX)
            {
                dX += dResult * 2.0 * x;
                return x * x;
            }
        }
        """;

    [Fact]
    public void Editing_one_body_among_several_analyzes_that_method_only()
    {
        Rerun rerun = Edit([Methods], [Methods.Replace("return z * z;", "return z * z * x;", StringComparison.Ordinal)]);
        Assert.Equal(["B"], rerun.Analyzed);
        Assert.Equal(["A", "C", "D"], rerun.Cached);
        Assert.NotEqual(rerun.Before.Single(f => f.HintName.EndsWith(".B.g.cs", StringComparison.Ordinal)), rerun.After.Single(f => f.HintName.EndsWith(".B.g.cs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Editing_comments_and_layout_outside_methods_analyzes_nothing()
    {
        string after = Methods
            .Replace("namespace Demo;", "// a comment\nnamespace Demo;\n\n\n", StringComparison.Ordinal)
            .Replace("public static partial class Model", "/// <summary>Doc.</summary>\npublic   static partial class Model", StringComparison.Ordinal);
        Rerun rerun = Edit([Methods], [after]);
        Assert.Empty(rerun.Analyzed);
        Assert.Equal(rerun.Before, rerun.After);
    }

    [Fact]
    public void Editing_a_comment_inside_a_method_analyzes_that_method_only_and_changes_nothing()
    {
        Rerun rerun = Edit([Methods], [Methods.Replace("// scaled", "// scaled, edited", StringComparison.Ordinal)]);
        Assert.Equal(["B"], rerun.Analyzed);
        Assert.Equal(rerun.Before, rerun.After);
    }

    [Fact]
    public void Editing_a_callees_body_analyzes_its_callers_too()
    {
        Rerun rerun = Edit([Calls, Helpers], [Calls.Replace("=> x * y;", "=> x * y * y;", StringComparison.Ordinal), Helpers]);
        Assert.Equal(["Callee", "Caller"], rerun.Analyzed);
    }

    [Fact]
    public void A_callee_that_can_no_longer_be_differentiated_drops_its_callers_backward()
    {
        // Calling Helpers.Square without a derivative makes Callee's analysis fail, so Caller can't call its backward.
        Rerun rerun = Edit([Calls, Helpers], [Calls.Replace("=> x * y;", "=> Helpers.Square(x) * y;", StringComparison.Ordinal), Helpers]);
        Assert.Equal(["Callee", "Caller"], rerun.Analyzed);
        Assert.DoesNotContain(rerun.After, f => f.HintName.EndsWith(".Caller.g.cs", StringComparison.Ordinal));
        Assert.Contains(rerun.Before, f => f.HintName.EndsWith(".Caller.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("public static double Callee(double x, double y)", "public static double Callee(double x, [NoDerivative] double y)")]
    [InlineData("public static double Callee(double x, double y)", "public static double Callee(double x, float y)")]
    [InlineData("[Differentiable]\n    public static double Callee", "public static double Callee")]
    [InlineData("public static double Callee(double x, double y) => x * y;", "public static float Callee(double x, double y) => (float)(x * y);")]
    public void Changing_a_callees_signature_or_attributes_analyzes_and_changes_its_caller(string from, string to)
    {
        string after = Calls.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Calls, after);
        Rerun rerun = Edit([Calls, Helpers], [after, Helpers]);
        Assert.Contains("Caller", rerun.Analyzed);
        Assert.NotEqual(Generated(rerun.Before, "Caller"), Generated(rerun.After, "Caller"));
    }

    [Fact]
    public void Adding_and_removing_a_DerivativeOf_rule_in_another_file_changes_the_methods_calling_its_target()
    {
        Rerun added = Edit([Calls, Helpers], [Calls, Helpers, HelperRule]);
        Assert.Contains("UsesHelper", added.Analyzed);
        Assert.Null(Generated(added.Before, "UsesHelper"));
        Assert.NotNull(Generated(added.After, "UsesHelper"));

        Rerun removed = Edit([Calls, Helpers, HelperRule], [Calls, Helpers, "// no rule"]);
        Assert.Contains("UsesHelper", removed.Analyzed);
        Assert.Null(Generated(removed.After, "UsesHelper"));
    }

    [Fact]
    public void Editing_a_helpers_body_in_another_file_analyzes_nothing()
    {
        // Only a [Differentiable] callee's body matters to its callers; a helper's derivative comes from its rule.
        Rerun rerun = Edit([Calls, Helpers, HelperRule], [Calls, Helpers.Replace("x * x", "x * x + 0.0", StringComparison.Ordinal), HelperRule]);
        Assert.Empty(rerun.Analyzed);
    }

    [Theory]
    [InlineData("private const double K = 2.0;", "private const double K = 3.0;")]
    [InlineData("private const double K = 2.0;", "private static readonly double K = 2.0;")]
    [InlineData("private const double K = 2.0;", "private static double K = 2.0;")]
    [InlineData("private const double K = 2.0;", "[NoDerivative] private static double K = 2.0;")]
    public void Changing_a_field_that_a_method_reads_analyzes_it_again(string from, string to)
    {
        Rerun rerun = Edit([Calls, Helpers], [Calls.Replace(from, to, StringComparison.Ordinal), Helpers]);
        Assert.Contains("ReadsK", rerun.Analyzed);
        Assert.NotEqual(Generated(rerun.Before, "ReadsK"), Generated(rerun.After, "ReadsK"));
    }

    [Fact]
    public void A_callee_in_another_file_is_followed()
    {
        string caller = "using GradientGen;\npublic static partial class Far { [Differentiable] public static double Use(double x) => Near.Twice(x) + x; }";
        string callee = "using GradientGen;\npublic static partial class Near { [Differentiable] public static double Twice(double x) => 2.0 * x; }";
        Rerun rerun = Edit([caller, callee, Methods], [caller, callee.Replace("2.0 * x", "2.0 * x * x", StringComparison.Ordinal), Methods]);
        Assert.Equal(["Twice", "Use"], rerun.Analyzed);
    }

    [Fact]
    public void Making_the_containing_type_non_partial_analyzes_its_methods_and_drops_them()
    {
        Rerun rerun = Edit([Methods], [Methods.Replace("public static partial class Model", "public static class Model", StringComparison.Ordinal)]);
        Assert.Equal(["A", "B", "C", "D"], rerun.Analyzed);
        Assert.DoesNotContain(rerun.After, f => f.HintName.StartsWith("Demo.", StringComparison.Ordinal));
    }

    [Fact]
    public void Moving_methods_within_the_file_analyzes_nothing()
    {
        string moved = Methods.Replace("using System;", "using System;\n\n\n\n", StringComparison.Ordinal);
        Rerun rerun = Edit([Methods], [moved]);
        Assert.Empty(rerun.Analyzed);
        Assert.Equal(rerun.Before, rerun.After);
    }

    [Fact]
    public void A_nullable_directive_before_a_method_analyzes_it_again()
    {
        const string source = """
            using GradientGen;

            public static partial class N
            {
                [Differentiable]
                public static double F(double x, string s) => x * s.Length;
            }
            """;
        Rerun rerun = Edit([source], [source.Replace("    [Differentiable]", "#nullable disable\n    [Differentiable]", StringComparison.Ordinal)]);
        Assert.Equal(["F"], rerun.Analyzed);
    }

    [Fact]
    public void A_new_reference_analyzes_every_method_again()
    {
        CSharpCompilation first = GeneratorHarness.Compile(Methods);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        CSharpCompilation second = first.AddReferences(MetadataReference.CreateFromImage(EmptyLibrary()));
        driver = driver.RunGenerators(second);
        Assert.Equal(["A", "B", "C", "D"], Analyzed(driver.GetRunResult().Results.Single()));
    }

    [Fact]
    public void A_run_on_an_unchanged_compilation_analyzes_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Calls, Helpers);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.WithOptions(compilation.Options));
        Assert.Empty(Analyzed(driver.GetRunResult().Results.Single()));
    }

    [Fact]
    public void Edits_back_and_forth_keep_generating_what_a_cold_run_generates()
    {
        string[] versions =
        [
            Calls,
            Calls.Replace("=> x * y;", "=> x * y * y;", StringComparison.Ordinal),
            Calls.Replace("[Differentiable]\n    public static double Callee", "public static double Callee", StringComparison.Ordinal),
            Calls,
        ];
        CSharpCompilation compilation = GeneratorHarness.Compile(versions[0], Helpers);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        foreach (string version in versions.Skip(1))
        {
            SyntaxTree tree = compilation.SyntaxTrees.First();
            compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(version, GeneratorHarness.ParseOptions, tree.FilePath));
            driver = driver.RunGenerators(compilation);
            AssertSameFiles(Files(GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compile(version, Helpers)).GetRunResult()), Files(driver.GetRunResult()));
        }
    }

    /// <summary>What a run after an edit re-analyzed, and what it generated, checked against a cold run on the edited sources.</summary>
    private sealed record Rerun(string[] Analyzed, string[] Cached, (string HintName, string Text)[] Before, (string HintName, string Text)[] After);

    private static Rerun Edit(string[] before, string[] after)
    {
        CSharpCompilation first = GeneratorHarness.Compile(before);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        (string, string)[] generatedBefore = Files(driver.GetRunResult());

        CSharpCompilation second = first;
        for (int i = 0; i < after.Length; i++)
        {
            if (i >= before.Length)
            {
                second = second.AddSyntaxTrees(CSharpSyntaxTree.ParseText(after[i], GeneratorHarness.ParseOptions, $"Source{i}.cs"));
            }
            else if (after[i] != before[i])
            {
                SyntaxTree tree = second.SyntaxTrees.ElementAt(i);
                second = second.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(after[i], GeneratorHarness.ParseOptions, tree.FilePath));
            }
        }

        driver = driver.RunGenerators(second);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        (string, string)[] generatedAfter = Files(driver.GetRunResult());

        // The incremental run must generate exactly what a new driver generates on the edited sources.
        AssertSameFiles(Files(GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compile(after)).GetRunResult()), generatedAfter);
        return new Rerun(Analyzed(result), MethodsWith(result, IncrementalStepRunReason.Cached), generatedBefore, generatedAfter);
    }

    private static void AssertSameFiles((string HintName, string Text)[] cold, (string HintName, string Text)[] incremental)
    {
        Assert.Equal(cold.Select(f => f.HintName), incremental.Select(f => f.HintName));
        foreach (((string hintName, string expected), (_, string actual)) in cold.Zip(incremental))
        {
            Assert.True(expected == actual, $"{hintName} differs from a cold run's:\n{actual}\n--- cold:\n{expected}");
        }
    }

    /// <summary>The methods whose analysis step ran (its output is not Cached), sorted.</summary>
    private static string[] Analyzed(GeneratorRunResult result) =>
        [.. result.TrackedSteps[DifferentiableGenerator.AnalysisStep]
            .Where(s => s.Outputs.Any(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Removed)))
            .Select(MethodName)
            .Order(StringComparer.Ordinal)];

    private static string[] MethodsWith(GeneratorRunResult result, IncrementalStepRunReason reason) =>
        [.. result.TrackedSteps[DifferentiableGenerator.AnalysisStep].Where(s => s.Outputs.All(o => o.Reason == reason)).Select(MethodName).Order(StringComparer.Ordinal)];

    private static string MethodName(IncrementalGeneratorRunStep step)
    {
        (IncrementalGeneratorRunStep source, int index) = step.Inputs.Single();
        var input = ((MethodInput Left, CompilationHandle Right))source.Outputs[index].Value;
        return ((MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(input.Left.Key.Text)!).Identifier.ValueText;
    }

    private static (string HintName, string Text)[] Files(GeneratorDriverRunResult run) =>
        [.. run.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(f => f.HintName, StringComparer.Ordinal)];

    private static string? Generated((string HintName, string Text)[] files, string method) =>
        files.Where(f => f.HintName.EndsWith("." + method + ".g.cs", StringComparison.Ordinal)).Select(f => f.Text).SingleOrDefault();

    private static byte[] EmptyLibrary()
    {
        using var stream = new MemoryStream();
        Assert.True(GeneratorHarness.Compile("Empty", [], "public static class Empty { }").Emit(stream).Success);
        return stream.ToArray();
    }
}
