using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using GradientGen.Emit;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// Nested differentiation: a [Differentiable] method that calls another's generated <c>XGradient</c> is
/// differentiated through <c>XGradientBackward</c> and <c>XGradientTangent</c>, which the second order of X
/// provides (<see cref="GradientDerivativesEmitter"/>).
/// </summary>
/// <remarks>
/// A source generator doesn't see its own output: in the compilation it is given, <c>XGradient(…)</c> is a name
/// that doesn't exist, and the caller looks like code being typed. So the caller is analyzed in the compilation
/// with X's generated files added, exactly the text the generator emits for X (<see cref="GeneratedFile.AllOf"/>),
/// where it binds as it will in the build; the analyzer, which runs on the build's compilation, finds them there.
/// </remarks>
internal static class NestedDerivatives
{
    // Roslyn puts a generator's files under <assembly>/<generator's full type name>/<hint name>.
    private static readonly string GeneratorDirectory = typeof(DifferentiableGenerator).FullName!;

    // The generated members a caller may name, longest first, so that XTangentBackward is X's, not XTangent's.
    private static readonly string[] Suffixes =
        ["GradientBackward", "GradientTangent", "TangentBackward", "HessianVectorProduct", "Hessian", "Gradient", "Backward", "Tangent", "Jacobian"];

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, Compilation?>> Augmented = new();

    /// <summary>The names of the methods whose generated derivative <paramref name="name"/> may be (<c>XTangentBackward</c>: <c>XTangent</c>, <c>X</c>).</summary>
    public static IEnumerable<string> NamesDerivedFrom(string name) =>
        Suffixes.Where(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal)).Select(s => name.Substring(0, name.Length - s.Length));

    /// <summary>Whether <paramref name="method"/> names something that may be a generated derivative (syntax only: cheap).</summary>
    public static bool MayName(MethodDeclarationSyntax method) =>
        method.DescendantNodes().OfType<SimpleNameSyntax>().Any(name => NamesDerivedFrom(name.Identifier.ValueText).Any());

    /// <summary>Whether <paramref name="tree"/> is one of this generator's files.</summary>
    public static bool IsGenerated(SyntaxTree tree)
    {
        string directory = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(tree.FilePath) ?? string.Empty);
        return string.Equals(directory, GeneratorDirectory, StringComparison.Ordinal);
    }

    /// <summary>The [Differentiable] method and the suffix of which <paramref name="method"/> is a generated derivative, or null.</summary>
    public static (IMethodSymbol Of, string Suffix)? DerivativeOf(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        if (definition.DeclaringSyntaxReferences.IsEmpty || !definition.DeclaringSyntaxReferences.All(r => IsGenerated(r.SyntaxTree)))
        {
            return null;
        }

        foreach (string suffix in Suffixes.Where(s => definition.Name.Length > s.Length && definition.Name.EndsWith(s, StringComparison.Ordinal)))
        {
            string name = definition.Name.Substring(0, definition.Name.Length - suffix.Length);
            IMethodSymbol? of = definition.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m =>
                SymbolFacts.IsDifferentiable(m) && !m.DeclaringSyntaxReferences.IsEmpty && m.Arity == definition.Arity && m.IsStatic == definition.IsStatic
                && StartsWithParameters(definition, m));
            if (of is not null)
            {
                return (of, suffix);
            }
        }

        return null;
    }

    private static bool StartsWithParameters(IMethodSymbol derivative, IMethodSymbol of) =>
        derivative.Parameters.Length >= of.Parameters.Length
        && of.Parameters.Select((p, i) => p.Type.ToDisplayString() == derivative.Parameters[i].Type.ToDisplayString()).All(same => same);

    /// <summary>
    /// A semantic model of <paramref name="syntax"/> in the compilation with the generated files of the
    /// [Differentiable] methods it names derivatives of (<c>XGradient</c>, <c>XTangent</c>, …) where those names
    /// don't bind; null when there are none, or when their files are there already (the errors are the user's).
    /// </summary>
    public static SemanticModel? WithGeneratedDerivatives(MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        Compilation compilation = semanticModel.Compilation;
        var named = new SortedDictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        foreach (SimpleNameSyntax name in syntax.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            string text = name.Identifier.ValueText;
            if (!NamesDerivedFrom(text).Any()
                || semanticModel.GetSymbolInfo(name, cancellationToken) is { Symbol: not null } or { CandidateSymbols.Length: > 0 })
            {
                continue;
            }

            foreach (string derivedFrom in NamesDerivedFrom(text))
            {
                foreach (IMethodSymbol of in compilation.GetSymbolsWithName(derivedFrom, SymbolFilter.Member, cancellationToken)
                    .OfType<IMethodSymbol>().Where(m => SymbolFacts.IsDifferentiable(m) && !m.DeclaringSyntaxReferences.IsEmpty))
                {
                    SyntaxReference declaration = of.DeclaringSyntaxReferences[0];
                    named[$"{declaration.SyntaxTree.FilePath}@{declaration.Span.Start}"] = of;
                }
            }
        }

        if (named.Count == 0)
        {
            return null;
        }

        Compilation? augmented = Augmented.GetValue(compilation, static _ => new ConcurrentDictionary<string, Compilation?>())
            .GetOrAdd(string.Join("|", named.Keys), _ => Augment(compilation, named.Values, (CSharpParseOptions)syntax.SyntaxTree.Options, cancellationToken));
#pragma warning disable RS1030 // The caller binds only where the generated members it names exist.
        return augmented?.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
    }

    /// <summary>The compilation with each method's generated files that it lacks; null when it lacks none, or a method can't be generated.</summary>
    private static Compilation? Augment(Compilation compilation, IEnumerable<IMethodSymbol> methods, CSharpParseOptions options, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(compilation.SyntaxTrees.Select(t => t.FilePath), StringComparer.Ordinal);
        var added = new List<SyntaxTree>();
        foreach (IMethodSymbol method in methods)
        {
            if (CallGraph.SyntaxOf(method, cancellationToken) is not { } declaration)
            {
                continue;
            }

#pragma warning disable RS1030 // The derivative's text depends on the method's analysis, which binds its body.
            SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            if (MethodAnalysis.Analyze(method, declaration, model, cancellationToken).Model is not { } differentiated)
            {
                continue;
            }

            foreach ((string hintName, string text) in GeneratedFile.AllOf(differentiated))
            {
                string path = System.IO.Path.Combine(typeof(DifferentiableGenerator).Assembly.GetName().Name!, GeneratorDirectory, hintName);
                if (present.Add(path))
                {
                    added.Add(CSharpSyntaxTree.ParseText(text, options, path, System.Text.Encoding.UTF8, cancellationToken));
                }
            }
        }

        return added.Count == 0 ? null : compilation.AddSyntaxTrees(added);
    }
}
