using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientGen.Analysis;

/// <summary>
/// Each [Differentiable] method's analysis, once per compilation: a caller reads its callees' results here
/// instead of analyzing them again (which made a call chain quadratic), and a method analyzed as a callee
/// is not analyzed again on its own. Keyed by declaration (a method's analysis is of one declaration). The
/// analyzer may run on several threads: two threads may analyze one method at once, and both results are equal.
/// </summary>
internal sealed class AnalysisCache
{
    private static readonly ConditionalWeakTable<Compilation, AnalysisCache> Cache = new();

    private readonly ConcurrentDictionary<MethodDeclarationSyntax, AnalysisResult> _results = new();

    public static AnalysisCache For(Compilation compilation) => Cache.GetValue(compilation, static _ => new AnalysisCache());

    public bool TryGet(MethodDeclarationSyntax method, out AnalysisResult result) => _results.TryGetValue(method, out result!);

    public bool Contains(MethodDeclarationSyntax method) => _results.ContainsKey(method);

    public void Add(MethodDeclarationSyntax method, AnalysisResult result) => _results.TryAdd(method, result);
}
