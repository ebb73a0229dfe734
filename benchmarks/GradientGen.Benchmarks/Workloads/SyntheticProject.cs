using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// A user project of N [Differentiable] methods, for timing the generator and the analyzer in-process.
/// Five method shapes take turns (scalar Math, a for loop over a double[], an if/else, a call to another
/// [Differentiable] method, a while loop), 50 methods per partial class and up to 200 per file, so that
/// the 200-method project is the issue's "one file with 200 differentiable methods".
/// </summary>
internal sealed class SyntheticProject
{
    public const int MethodsPerClass = 50;
    public const int MethodsPerFile = 200;
    private const int Shapes = 5;
    private const int IfElseShape = 2;

    /// <summary>The parse options of the project's files (the generator driver must use the same).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
    private static readonly ImmutableArray<MetadataReference> References = [.. Basic.Reference.Assemblies.Net100.References.All];

    private readonly ImmutableArray<SyntaxTree> _files;
    private readonly SyntaxTree[] _editedFile;

    private SyntheticProject(int methodCount)
    {
        MethodCount = methodCount;

        // An if/else method in the middle of the first file; no other method calls it, so the edit changes it alone.
        EditedMethod = (Math.Min(methodCount, MethodsPerFile) / 2 / Shapes * Shapes) + IfElseShape;
        int fileCount = (methodCount + MethodsPerFile - 1) / MethodsPerFile;
        _files = [.. Enumerable.Range(0, fileCount).Select(f => Parse(f, edit: 0))];
        _editedFile = [Parse(0, edit: 1), Parse(0, edit: 2)];
    }

    public int MethodCount { get; }

    /// <summary>Index k of the method <c>Mk</c> whose body <see cref="EditedFile"/> changes.</summary>
    public int EditedMethod { get; }

    /// <summary>The file that holds <see cref="EditedMethod"/>, as the project has it.</summary>
    public SyntaxTree OriginalFile => _files[0];

    /// <summary>Hint names of the generated files, one per method.</summary>
    public IEnumerable<string> GeneratedHintNames =>
        Enumerable.Range(0, MethodCount).Select(k => $"Synthetic.C{k / MethodsPerClass}.M{k}.g.cs");

    public static SyntheticProject Create(int methodCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(methodCount, Shapes);
        return new SyntheticProject(methodCount);
    }

    /// <summary>
    /// A new compilation of the project. New on every call: a compilation caches its bound symbols, and a
    /// build or an IDE edit starts from a compilation that has bound nothing yet.
    /// </summary>
    public CSharpCompilation Compilation() => CompilationOf(_files);

    /// <summary>A new compilation of the given trees (the project's and the generated ones), for the analyzer.</summary>
    public static CSharpCompilation CompilationOf(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("Synthetic", trees, References, CompilationOptions);

    /// <summary>The first file after one of two different edits (1 or 2) of <see cref="EditedMethod"/>'s body.</summary>
    public SyntaxTree EditedFile(int edit) => _editedFile[edit - 1];

    private SyntaxTree Parse(int file, int edit)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using GradientGen;");
        text.AppendLine();
        text.AppendLine("namespace Synthetic;");
        int first = file * MethodsPerFile;
        int end = Math.Min(MethodCount, first + MethodsPerFile);
        for (int k = first; k < end; k++)
        {
            if (k % MethodsPerClass == 0)
            {
                text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"public static partial class C{k / MethodsPerClass}").AppendLine("{");
            }

            else
            {
                text.AppendLine();
            }

            AppendMethod(text, k, k == EditedMethod ? edit : 0);
            if (k % MethodsPerClass == MethodsPerClass - 1 || k == end - 1)
            {
                text.AppendLine("}");
            }
        }

        return CSharpSyntaxTree.ParseText(text.ToString(), ParseOptions, path: $"Synthetic{file}.cs", encoding: Encoding.UTF8);
    }

    // Each method gets its own constant, so no two generated files are alike; an edit changes the constant.
    private static void AppendMethod(StringBuilder text, int k, int edit)
    {
        string c = (0.1 + (0.01 * (k % 97)) + edit).ToString("0.0##", CultureInfo.InvariantCulture);
        string body = (k % Shapes) switch
        {
            0 => $$"""
                    public static double M{{k}}(double x, double y, [NoDerivative] double scale)
                    {
                        double z = x * y + {{c}};
                        double s = Math.Sin(z) * Math.Exp(-x * x);
                        return scale * s + Math.Log(1.0 + y * y);
                    }
                """,
            1 => $$"""
                    public static double M{{k}}(double[] w, double s)
                    {
                        double acc = 0.0;
                        for (int i = 0; i < w.Length; i++)
                        {
                            acc += w[i] * w[i] * s + {{c}} * w[i];
                        }

                        return acc;
                    }
                """,
            IfElseShape => $$"""
                    public static double M{{k}}(double x, double y)
                    {
                        double r;
                        if (x > y)
                        {
                            r = x * Math.Cos(y) + {{c}};
                        }
                        else
                        {
                            r = y * y - {{c}} * x;
                        }

                        return Math.Tanh(r);
                    }
                """,
            3 => $$"""
                    public static double M{{k}}(double x, double y)
                    {
                        double u = M{{k - 3}}(x, y, {{c}});
                        return u * u + Math.Exp({{c}} * x);
                    }
                """,
            _ => $$"""
                    public static double M{{k}}(double x, int n)
                    {
                        double p = x;
                        int i = 0;
                        while (i < n)
                        {
                            p = p * Math.Cos(p) + {{c}} * x;
                            i++;
                        }

                        return p;
                    }
                """,
        };
        text.AppendLine("    [Differentiable]").AppendLine(body);
    }
}
