using System.Collections.Generic;
using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Finds the derivative of a called method: the <c>…Backward</c> that GradientGen generates for a
/// [Differentiable] method of this compilation (only when that method is itself differentiable, so the
/// call never names a backward that won't exist), or a <c>…Backward</c> with the expected signature
/// already compiled into a referenced assembly.
/// </summary>
internal sealed class CalleeResolution
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;

    // Methods whose analysis is under way (recursion counts as differentiable) or finished.
    private readonly Dictionary<IMethodSymbol, bool> _differentiable;

    public CalleeResolution(Compilation compilation, Dictionary<IMethodSymbol, bool> differentiable, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _differentiable = differentiable;
        _cancellationToken = cancellationToken;
    }

    public readonly record struct Result(Callee? Callee, string? Reason);

    public Result Resolve(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!SymbolFacts.IsDifferentiable(method))
        {
            return new(null, "mark it [Differentiable] if its source is in this project, or rewrite the expression with arithmetic and Math functions");
        }

        if (SymbolFacts.KindOf(method.ReturnType) == ScalarKind.None || method.IsGenericMethod)
        {
            return new(null, $"it returns '{method.ReturnType.ToDisplayString()}', and only float and double results can be differentiated through so far");
        }

        foreach (IParameterSymbol p in method.Parameters)
        {
            if (p.RefKind != RefKind.None)
            {
                return new(null, $"its parameter '{p.Name}' is passed in a way GradientGen cannot differentiate through yet");
            }
        }

        string backwardName = method.Name + "Backward";
        if (method.DeclaringSyntaxReferences.Length == 0)
        {
            if (!HasCompiledBackward(method, backwardName))
            {
                return new(null, $"it is [Differentiable] but its assembly has no accessible '{backwardName}' with the expected signature");
            }
        }
        else if (!IsDifferentiableInSource(method.OriginalDefinition))
        {
            return new(null, $"it is [Differentiable], but its own derivative cannot be generated; fix the errors reported in '{method.Name}' first");
        }

        var active = new bool[method.Parameters.Length];
        var kinds = new ScalarKind[method.Parameters.Length];
        var shapes = new ValueShape[method.Parameters.Length];
        for (int i = 0; i < active.Length; i++)
        {
            active[i] = SymbolFacts.IsActiveParameter(method.Parameters[i]);
            kinds[i] = SymbolFacts.ElementKindOf(method.Parameters[i].Type);
            shapes[i] = SymbolFacts.ShapeOf(method.Parameters[i].Type);
        }

        string? receiver = method.IsStatic && !SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType?.OriginalDefinition)
            ? SymbolFacts.TypeName(method.ContainingType)
            : null;
        return new(new Callee(receiver, method.Name, backwardName, active.ToEquatableArray(), kinds.ToEquatableArray(), shapes.ToEquatableArray()), null);
    }

    private bool IsDifferentiableInSource(IMethodSymbol method)
    {
        if (_differentiable.TryGetValue(method, out bool known))
        {
            return known;
        }

        if (method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return false;
        }

#pragma warning disable RS1030 // The callee lives in another tree; its analysis decides whether its backward will exist.
        SemanticModel semanticModel = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        AnalysisResult result = MethodAnalysis.Analyze(method, syntax, semanticModel, _differentiable, _cancellationToken);
        return result.CanEmit;
    }

    /// <summary>A backward compiled into a referenced assembly: same parameters, then dResult, then ref adjoints.</summary>
    private static bool HasCompiledBackward(IMethodSymbol method, string backwardName)
    {
        int adjoints = 0;
        foreach (IParameterSymbol p in method.Parameters)
        {
            adjoints += SymbolFacts.IsActiveParameter(p) ? 1 : 0;
        }

        foreach (ISymbol member in method.ContainingType.GetMembers(backwardName))
        {
            if (member is IMethodSymbol candidate && candidate.IsStatic == method.IsStatic
                && candidate.Parameters.Length == method.Parameters.Length + 1 + adjoints
                && SymbolEqualityComparer.Default.Equals(candidate.ReturnType, method.ReturnType))
            {
                bool matches = true;
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    matches &= SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, method.Parameters[i].Type);
                }

                if (matches)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
