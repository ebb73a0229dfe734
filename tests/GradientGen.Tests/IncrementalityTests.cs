using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Tests;

/// <summary>
/// The pipeline caches per method: an edit that doesn't change a method's meaning (a comment, another
/// method, another file) leaves that method's steps Cached/Unchanged and its output Cached.
/// </summary>
public class IncrementalityTests
{
    private const string Model = """
        using System;
        using GradientGen;

        namespace Demo;

        public static partial class Model
        {
            [Differentiable]
            public static double Loss(double w, double b)
            {
                // the linear part
                double z = w * 2 + b;
                return Math.Tanh(z) * z;
            }

            [Differentiable]
            public static double Other(double x) => x * x;
        }
        """;

    private const string Unrelated = "public static class Unrelated { public static int Answer() => 42; }";

    [Fact]
    public void Editing_a_comment_inside_the_method_leaves_every_step_cached_or_unchanged()
    {
        AssertRerunIsCached(Model, Model.Replace("// the linear part", "// the affine part, edited", StringComparison.Ordinal), unchangedMethods: ["Loss", "Other"]);
    }

    [Fact]
    public void Editing_another_methods_body_leaves_this_method_cached_or_unchanged()
    {
        AssertRerunIsCached(Model, Model.Replace("=> x * x;", "=> x * x * x;", StringComparison.Ordinal), unchangedMethods: ["Loss"], changedMethod: "Other");
    }

    [Fact]
    public void Editing_another_file_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation first = GeneratorHarness.Compile(Model, Unrelated);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        SyntaxTree unrelated = first.SyntaxTrees.ElementAt(1);
        CSharpCompilation second = first.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(Unrelated.Replace("42", "43", StringComparison.Ordinal), GeneratorHarness.ParseOptions, unrelated.FilePath));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();
        AssertAllCachedOrUnchanged(result, DifferentiableGenerator.AnalysisStep);
        AssertAllCachedOrUnchanged(result, DifferentiableGenerator.ModelStep);
        Assert.All(result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_caller_of_a_generated_gradient_is_analyzed_again_when_the_method_it_differentiates_changes()
    {
        // The caller's key names Potential through PotentialGradient: when Potential loses its second order
        // (it now calls another [Differentiable] method), the caller's backward, which would call the missing
        // PotentialGradientBackward, is no longer generated.
        const string before = """
            using GradientGen;

            public static partial class Field
            {
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double Potential(double x, double y) => x * x * y;

                [Differentiable]
                public static double Caller(double x) { var g = PotentialGradient(x, 2 * x); return g.dX * g.dY; }
            }
            """;
        string after = before.Replace("=> x * x * y;", "=> Square(x) * y;", StringComparison.Ordinal);
        CSharpCompilation first = GeneratorHarness.Compile(before);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("Field.Caller.g.cs", StringComparison.Ordinal));

        SyntaxTree tree = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(after, GeneratorHarness.ParseOptions, tree.FilePath));
        driver.RunGeneratorsAndUpdateCompilation(second, out Compilation output, out _);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith("Field.Caller.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("public static V2 operator *(double s, V2 a) => new V2(s * a.X, s * a.Y);", "public static V2 operator *(double s, V2 a) => new V2(s * a.X, s * s * a.Y);")]
    [InlineData("public V2(double x, double y) { X = x; Y = y; }", "public V2(double x, double y) { X = y; Y = x; }")]
    [InlineData("public static double Sum(this V2 v) => v.X + v.Y;", "public static double Sum(this V2 v) => v.X - v.Y;")]
    public void A_method_is_analyzed_again_when_a_struct_member_it_follows_changes_in_another_file(string member, string edited)
    {
        // The operator is inlined and the constructor followed: both bodies are the struct's file's, not the method's.
        const string geometry = """
            public struct V2
            {
                public double X, Y;
                public V2(double x, double y) { X = x; Y = y; }
                public static V2 operator *(double s, V2 a) => new V2(s * a.X, s * a.Y);
            }

            public static class V2Extensions
            {
                public static double Sum(this V2 v) => v.X + v.Y;
            }
            """;
        const string uses = """
            using GradientGen;

            public static partial class Shapes
            {
                [Differentiable]
                public static double Scale(V2 a, double s) { V2 b = s * a; return b.X + 3 * b.Y + b.Sum(); }
            }
            """;
        CSharpCompilation first = GeneratorHarness.Compile(geometry, uses);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        string? before = ScaleText(driver.GetRunResult());

        SyntaxTree tree = first.SyntaxTrees.First();
        CSharpCompilation second = first.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(geometry.Replace(member, edited, StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath));
        driver = driver.RunGenerators(second);
        CSharpCompilation fresh = GeneratorHarness.Compile(geometry.Replace(member, edited, StringComparison.Ordinal), uses);
        string? expected = ScaleText(GeneratorHarness.Driver().RunGenerators(fresh).GetRunResult());
        Assert.NotEqual(before, expected);
        Assert.Equal(expected, ScaleText(driver.GetRunResult()));

        // The swapping constructor is not followed: no backward then, and an error where it is called.
        static string? ScaleText(GeneratorDriverRunResult run) =>
            run.Results.Single().GeneratedSources.Where(s => s.HintName.EndsWith("Shapes.Scale.g.cs", StringComparison.Ordinal)).Select(s => s.SourceText.ToString()).SingleOrDefault();
    }

    private static void AssertRerunIsCached(string before, string after, string[] unchangedMethods, string? changedMethod = null)
    {
        CSharpCompilation first = GeneratorHarness.Compile(before);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(first);
        string firstLoss = GeneratorHarness.GeneratedText(driver.GetRunResult(), ".Loss.g.cs");

        SyntaxTree tree = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(after, GeneratorHarness.ParseOptions, tree.FilePath));
        driver = driver.RunGenerators(second);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        // The model step's outputs for the untouched methods are Cached or Unchanged; only an edited method's is Modified.
        IncrementalGeneratorRunStep[] models = result.TrackedSteps[DifferentiableGenerator.ModelStep].ToArray();
        var reasons = models.SelectMany(s => s.Outputs).Select(o => (Name: ((Model.MethodModel)o.Value).Name, o.Reason)).ToArray();
        foreach (string method in unchangedMethods)
        {
            Assert.Contains(reasons, r => r.Name == method && r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        }

        if (changedMethod is not null)
        {
            Assert.Contains(reasons, r => r.Name == changedMethod && r.Reason == IncrementalStepRunReason.Modified);
        }

        // Regenerating an unchanged method produces identical text.
        Assert.Equal(firstLoss, GeneratorHarness.GeneratedText(driver.GetRunResult(), ".Loss.g.cs"));
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult result, string step) =>
        Assert.All(
            result.TrackedSteps[step].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
}
