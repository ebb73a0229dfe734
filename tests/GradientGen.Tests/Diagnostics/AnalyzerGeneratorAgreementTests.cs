using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// The analyzer and the generator share one analysis, so they can never disagree: on every test source,
/// a [Differentiable] method with a GG error has no generated file, one with compiler errors of its own has
/// neither, and every other one has a backward that compiles.
/// </summary>
public class AnalyzerGeneratorAgreementTests
{
    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (Type type in typeof(AnalyzerGeneratorAgreementTests).Assembly.GetTypes())
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if (field.IsLiteral && field.FieldType == typeof(string) && field.GetRawConstantValue() is string s && s.Contains("[Differentiable]", StringComparison.Ordinal))
                {
                    data.Add(type.Name + "." + field.Name);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_method_has_either_a_GG_error_or_a_compiling_backward(string field)
    {
        string source = Resolve(field);
        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(source);
        HashSet<string> refused = GeneratorHarness.AnalyzerDiagnostics(source)
            .Where(d => d.Id.StartsWith("GG", StringComparison.Ordinal) && d.DefaultSeverity == DiagnosticSeverity.Error)
            .Select(d => EnclosingMethod(d))
            .ToHashSet();
        SyntaxTree tree = output.SyntaxTrees.First();
        SemanticModel model = output.GetSemanticModel(tree);
        foreach (MethodDeclarationSyntax method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (!method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Differentiable"))
            {
                continue;
            }

            string name = QualifiedName(method);
            bool generated = run.Results.Single().GeneratedSources.Any(s => ("." + s.HintName).EndsWith("." + name + ".g.cs", StringComparison.Ordinal));
            if (model.GetDiagnostics(method.Span).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError))
            {
                // Code with compiler errors of its own (being typed, or needing an assembly this test doesn't
                // reference) is left to the compiler: neither generated nor refused.
                Assert.False(refused.Contains(name) || generated, $"'{name}' has compiler errors: refused by the analyzer = {refused.Contains(name)}, generated = {generated}");
                continue;
            }

            Assert.True(refused.Contains(name) != generated, $"'{name}': refused by the analyzer = {refused.Contains(name)}, generated = {generated}");
        }

        // Whatever was generated compiles: the only errors left are the analyzer's own (not in this compilation).
        // A source that needs another assembly (a library test's consumer) can't compile here on its own.
        ImmutableArray<Diagnostic> errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (!errors.Any(d => d.Location.SourceTree == tree))
        {
            Assert.Empty(errors);
        }
    }

    private static string EnclosingMethod(Diagnostic d)
    {
        SyntaxNode node = d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan);
        MethodDeclarationSyntax? method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        // A type-level error (GG0002) refuses every method inside the type.
        return QualifiedName(method ?? node.DescendantNodesAndSelf().OfType<MethodDeclarationSyntax>().First());
    }

    /// <summary>Type.Method, as the generated file's name ends (an override and its base method share a name).</summary>
    /// <summary>How the generated file names the method: a generic type with its arity (<c>Oscillator_1.Step</c>).</summary>
    private static string QualifiedName(MethodDeclarationSyntax method)
    {
        var type = (TypeDeclarationSyntax)method.Parent!;
        string arity = type.TypeParameterList is { } parameters ? "_" + parameters.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        return type.Identifier.ValueText + arity + "." + method.Identifier.ValueText;
    }

    /// <summary>The source held by a test class's constant, with analyzer-test markup ({|GG0001:…|}) removed.</summary>
    private static string Resolve(string field)
    {
        string[] parts = field.Split('.');
        Type type = typeof(AnalyzerGeneratorAgreementTests).Assembly.GetTypes().Single(t => t.Name == parts[0]);

        // Hooks the class installs (InternalErrorTests' fault injection) must be in place for both runs, not
        // appear between them when its own tests start in parallel: reading a const runs no static constructor.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        string source = (string)type.GetField(parts[1], BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!.GetRawConstantValue()!;
        return Regex.Replace(source, @"\{\|GG\d{4}:|\|\}", string.Empty);
    }
}
