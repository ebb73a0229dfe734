using System.Text.RegularExpressions;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Tests.Docs;

/// <summary>
/// Every C# block in the README is real: declarations compile together with the generator (warnings as
/// errors), statements compile inside a method, a listed signature (a block of them, or a "// →" comment)
/// is exactly one the generator emits, and the generated code the README shows is what it generates.
/// </summary>
public class ReadmeCodeBlockTests
{
    private static readonly Lazy<Readme> Parsed = new(Readme.Load);

    [Fact]
    public void The_README_has_csharp_blocks_of_every_kind() =>
        Assert.All([BlockKind.Declarations, BlockKind.Statements, BlockKind.Signatures, BlockKind.Generated], kind => Assert.Contains(Parsed.Value.Blocks, b => b.Kind == kind));

    [Fact]
    public void Declarations_and_statements_compile_with_the_generator_warning_free()
    {
        // CompileAndLoad fails on any compiler diagnostic, warnings included.
        Assert.NotNull(GeneratorHarness.CompileAndLoad(Parsed.Value.CompilableSources()));
    }

    [Fact]
    public void Listed_signatures_are_the_generated_ones()
    {
        IReadOnlyList<IMethodSymbol> generated = Parsed.Value.GeneratedMethods();
        foreach (string signature in Parsed.Value.Blocks.SelectMany(b => b.Signatures))
        {
            var declared = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(signature)!;
            string expected = Normalize(declared.ReturnType + " " + declared.Identifier.ValueText + declared.ParameterList);
            Assert.Contains(expected, generated.Select(Signature));
        }
    }

    [Fact]
    public void Generated_code_shown_is_what_the_generator_emits()
    {
        foreach (Block block in Parsed.Value.Blocks.Where(b => b.Kind == BlockKind.Generated))
        {
            var shown = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(block.Text)!;
            MethodDeclarationSyntax emitted = Parsed.Value.GeneratedDeclarations().Single(m => m.Identifier.ValueText == shown.Identifier.ValueText && m.ParameterList.Parameters.Count == shown.ParameterList.Parameters.Count);
            Assert.Equal(Lines(shown.WithoutLeadingTrivia().ToFullString()), Lines(emitted.WithoutLeadingTrivia().ToFullString()));
        }
    }

    private static string Signature(IMethodSymbol method)
    {
        string parameters = string.Join(", ", method.Parameters.Select(p => (p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", _ => string.Empty }) + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + p.Name));
        return Normalize($"{method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {method.Name}({parameters})");
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", string.Empty);

    /// <summary>The lines without their common indentation or trailing spaces.</summary>
    private static string[] Lines(string text)
    {
        string[] lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        int indent = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return lines.Select((l, i) => i == 0 || l.Length < indent ? l.TrimStart() : l[indent..]).ToArray();
    }

    private enum BlockKind
    {
        Declarations,
        Statements,
        Signatures,
        Generated,
    }

    private sealed record Block(int Line, BlockKind Kind, string Text, IReadOnlyList<string> Signatures);

    private sealed class Readme
    {
        // What a project with ImplicitUsings has, plus GradientGen, which the README's snippets assume.
        private const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using GradientGen;\n";

        private IReadOnlyList<IMethodSymbol>? _generated;
        private Compilation? _output;

        public required IReadOnlyList<Block> Blocks { get; init; }

        public static Readme Load()
        {
            string path = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "README.md");
            string[] lines = File.ReadAllLines(path);
            var blocks = new List<Block>();
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                int start = i + 1;
                int end = Array.FindIndex(lines, start, l => l.Trim() == "```");
                string text = string.Join("\n", lines[start..end]);
                blocks.Add(Classify(start + 1, text));
                i = end;
            }

            return new Readme { Blocks = blocks };
        }

        /// <summary>Each declarations block as its own file, each statements block in a method of its own.</summary>
        public string[] CompilableSources() =>
        [
            ImplicitUsings,
            .. Blocks.Where(b => b.Kind == BlockKind.Declarations).Select(b => $"#line {b.Line} \"README.md\"\n{b.Text}"),
            .. Blocks.Where(b => b.Kind == BlockKind.Statements).Select(b => $"public static class ReadmeLine{b.Line}\n{{\n    public static void Run()\n    {{\n#line {b.Line} \"README.md\"\n{b.Text}\n    }}\n}}"),
        ];

        public IReadOnlyList<IMethodSymbol> GeneratedMethods() =>
            _generated ??= GeneratedDeclarations().Select(m => (IMethodSymbol)Output().GetSemanticModel(m.SyntaxTree).GetDeclaredSymbol(m)!).ToList();

        public IEnumerable<MethodDeclarationSyntax> GeneratedDeclarations() =>
            Output().SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>());

        private Compilation Output() => _output ??= GeneratorHarness.Generate(CompilableSources()).Output;

        private static Block Classify(int line, string text)
        {
            List<string> signatures = ArrowSignatures(text);
            string code = string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal))).Trim();
            if (code.Split('\n').Where(l => l.Trim().Length > 0).All(l => l.TrimEnd().EndsWith(';') || l.TrimEnd().EndsWith(',')) && code.Contains('('))
            {
                // Declarations without bodies: what the generator adds.
                return new Block(line, BlockKind.Signatures, text, [.. Regex.Split(code, @";\s*").Where(s => s.Length > 0).Select(s => s + ";"), .. signatures]);
            }

            if (SyntaxFactory.ParseMemberDeclaration(code) is MethodDeclarationSyntax { Body: not null } method && method.Identifier.ValueText.EndsWith("Backward", StringComparison.Ordinal)
                && !method.AttributeLists.Any())
            {
                return new Block(line, BlockKind.Generated, text, signatures);
            }

            bool declares = Regex.IsMatch(code, @"^\s*(using |namespace |(public |internal |static |partial |sealed )*(class|struct|record|interface) )", RegexOptions.Multiline);
            return new Block(line, declares ? BlockKind.Declarations : BlockKind.Statements, text, signatures);
        }

        /// <summary>Signatures written as "// → R Name(…)" comments, continued on the next comment lines until the parentheses close.</summary>
        private static List<string> ArrowSignatures(string text)
        {
            var found = new List<string>();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                Match arrow = Regex.Match(lines[i], @"//\s*→\s*(.*)$");
                if (!arrow.Success)
                {
                    continue;
                }

                string signature = arrow.Groups[1].Value;
                while (signature.Count(c => c == '(') > signature.Count(c => c == ')') && i + 1 < lines.Length)
                {
                    signature += " " + lines[++i].Trim().TrimStart('/').Trim();
                }

                found.Add(signature[..(signature.LastIndexOf(')') + 1)] + ";");
            }

            return found;
        }
    }
}
