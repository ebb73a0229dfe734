using System.Collections.Generic;
using System;
using System.Linq;
using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Finds the derivative of a called method, in this order: a user's [DerivativeOf] method (it overrides
/// everything, built-in rules included), a built-in Math/MathF rule, the <c>…Backward</c> that GradientGen
/// generates for a [Differentiable] method of this compilation (only when that method is itself
/// differentiable, so the call never names a backward that won't exist), or a <c>…Backward</c> with the
/// expected signature already compiled into a referenced assembly.
/// </summary>
internal sealed class CalleeResolution
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;

    // Whether a source [Differentiable] callee's backward will exist: its analysis came first (CallGraph).
    private readonly Func<IMethodSymbol, bool> _isDifferentiableInSource;

    public CalleeResolution(Compilation compilation, Func<IMethodSymbol, bool> isDifferentiableInSource, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _isDifferentiableInSource = isDifferentiableInSource;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The source [Differentiable] method whose own analysis decides a call to <paramref name="method"/>, or null
    /// when a rule, a refusal or a compiled backward decides it: exactly the calls for which
    /// <see cref="Resolve"/> asks whether a source method is differentiable, so those are analyzed first. For a
    /// generated derivative (<c>XGradient</c>, <c>XTangent</c>, …) that is X, whose second order decides it.
    /// </summary>
    public static IMethodSymbol? SourceCallee(IMethodSymbol method, DerivativeOfIndex rules) =>
        NestedDerivatives.DerivativeOf(method) is { } generated ? generated.Of.OriginalDefinition
        : rules.RuleFor(method) is null && Precheck(method, rules) is null && method.DeclaringSyntaxReferences.Length > 0 ? method.OriginalDefinition : null;

    /// <summary>A callee's backward to call, a built-in rule to expand inline, or why there is neither.</summary>
    public readonly record struct Result(Callee? Callee, MathFunction? Rule, string? Reason);

    public Result Resolve(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        ISymbol? caller = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart, _cancellationToken);
        DerivativeOfIndex rules = DerivativeOfIndex.For(_compilation);
        if (rules.RuleFor(method) is { } rule)
        {
            if (caller?.ContainingType is { } from && !_compilation.IsSymbolAccessibleWithin(rule.Rule, from))
            {
                return Refused($"its [DerivativeOf] method '{rule.Rule.ContainingType.Name}.{rule.Rule.Name}' is not accessible here; make it internal or public");
            }

            return new(CalleeFor(method, caller, rule.ActiveParameters(), rule.Rule.Name, BackwardReceiver(method, rule.Rule, caller)), null, null);
        }

        if (NestedDerivatives.DerivativeOf(method) is { } generated)
        {
            return ResolveGenerated(method, caller, generated.Of, generated.Suffix);
        }

        if (Precheck(method, rules) is { } decided)
        {
            return decided;
        }

        string backwardName = method.Name + "Backward";
        if (method.DeclaringSyntaxReferences.Length == 0)
        {
            if (!HasCompiledBackward(method, backwardName))
            {
                return Refused($"it is [Differentiable] but its assembly has no accessible '{backwardName}' with the expected signature");
            }
        }
        else if (!_isDifferentiableInSource(method.OriginalDefinition))
        {
            return Refused($"it is [Differentiable], but its own derivative cannot be generated; fix the errors reported in '{method.Name}' first");
        }

        bool[] active = method.Parameters.Select(SymbolFacts.IsActiveParameter).ToArray();
        bool[] objects = method.Parameters.Select(ObjectParameters.IsObjectParameter).ToArray();
        SplitSweeps? split = SplitSweepsOf(method);
        Callee callee = CalleeFor(method, caller, active, backwardName, backwardReceiver: null) with
        {
            TakesShadow = InstanceMembers.HasShadow(method),
            ObjectParameters = objects.Any(o => o) ? objects.ToEquatableArray() : default,
            SplitForwardName = split?.ForwardName,
            SplitReverseName = split?.ReverseName,
        };
        return new(HasTangent(method, caller, active) ? callee with { TangentName = method.Name + "Tangent" + TypeArguments(method) } : callee, null, null);
    }

    /// <summary>The split sweeps a source callee's own analysis gave it (SplitMode), or null.</summary>
    private SplitSweeps? SplitSweepsOf(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Length > 0
        && CallGraph.SyntaxOf(method.OriginalDefinition, _cancellationToken) is { } syntax
        && AnalysisCache.For(_compilation).TryGet(syntax, out AnalysisResult known) ? known.Model?.Split : null;

    /// <summary>
    /// A call of a derivative GradientGen generated for <paramref name="of"/>: an <c>XGradient</c> is differentiated
    /// through its own backward and tangent, which X's second order provides; the others are refused.
    /// </summary>
    private Result ResolveGenerated(IMethodSymbol method, ISymbol? caller, IMethodSymbol of, string suffix)
    {
        if (suffix is not ("Gradient" or "Tangent" or "Backward"))
        {
            return Refused($"it is the generated {suffix} of '{of.Name}', and differentiating through generated code follows '{of.Name}Gradient', '{of.Name}Tangent' and '{of.Name}Backward' only so far; call one of them instead");
        }

        MethodModel? model = _isDifferentiableInSource(of.OriginalDefinition)
            && CallGraph.SyntaxOf(of.OriginalDefinition, _cancellationToken) is { } syntax
            && AnalysisCache.For(_compilation).TryGet(syntax, out AnalysisResult known) ? known.Model : null;
        if (model is not { SecondOrder: not null })
        {
            string why = model is { SecondOrderRefusal: { } refusal } ? $": {refusal}" : model is null ? $"; fix the errors reported in '{of.Name}' first" : string.Empty;
            return Refused($"differentiating it takes the second order of '{of.Name}', which is not generated{why}");
        }

        bool[] active = of.Parameters.Select(SymbolFacts.IsActiveParameter).ToArray();
        if (suffix == "Gradient")
        {
            return new(CalleeFor(method, caller, active, method.Name + "Backward", backwardReceiver: null) with { TangentName = method.Name + "Tangent" + TypeArguments(method) }, null, null);
        }

        if (model.GradientName is null)
        {
            return Refused($"differentiating it takes '{of.Name}Gradient', which is generated for methods whose active parameters are all scalars");
        }

        // MTangent(p…, v…, out t) and MBackward(p…, s, ref dP…) are called as helpers that return what they compute as a
        // tuple, MValueAndTangent(p…, v…) and MBackwardTuple(p…, s, dP…), callees of a struct result whose backward and
        // tangent second order provides; the lowering assigns the out and ref arguments from it (MethodLowering.NestedCalls).
        string helper = of.Name + (suffix == "Tangent" ? Emit.GradientDerivativesEmitter.ValueAndTangentSuffix : Emit.GradientDerivativesEmitter.BackwardTupleSuffix);
        if (method.ContainingType.GetMembers(helper).OfType<IMethodSymbol>().FirstOrDefault() is not { } helperMethod || !StructShapes.IsStruct(helperMethod.ReturnType))
        {
            return Refused($"differentiating it takes '{helper}', whose tuple result doesn't carry derivatives (it mixes float and double, or is of a generic-math T)");
        }

        var directions = of.Parameters.Where((_, i) => active[i]).ToList();
        List<ITypeSymbol> inputs = suffix == "Tangent"
            ? of.Parameters.Concat(directions).Select(p => p.Type).ToList()
            : of.Parameters.Select(p => p.Type).Append(of.ReturnType).Concat(directions.Select(p => p.Type)).ToList();
        Callee callee = CalleeFor(method, caller, active, helper + "Backward", backwardReceiver: null);
        return new(callee with
        {
            Name = helper + TypeArguments(method),
            TangentName = helper + "Tangent" + TypeArguments(method),
            ActiveParameters = active.Concat(Enumerable.Repeat(true, inputs.Count - active.Length)).ToEquatableArray(),
            ParameterKinds = inputs.Select(SymbolFacts.ElementKindOf).ToEquatableArray(),
            ParameterShapes = inputs.Select(SymbolFacts.ShapeOf).ToEquatableArray(),
        }, null, null);
    }

    /// <summary>
    /// What decides a call that has no [DerivativeOf] rule, short of the callee's backward: a built-in rule or
    /// a refusal. Null when a [Differentiable] callee's backward decides it.
    /// </summary>
    private static Result? Precheck(IMethodSymbol method, DerivativeOfIndex rules)
    {
        if (DerivativeRules.Find(method) is { } function)
        {
            return new(null, function, null);
        }

        if (rules.InvalidRuleNaming(method) is { } invalid)
        {
            return Refused($"its [DerivativeOf] method '{invalid.Rule.ContainingType.Name}.{invalid.Rule.Name}' can't be used: {invalid.Problem}");
        }

        if (DispatchOf(method) is { } dispatch)
        {
            return Refused($"it is {dispatch}");
        }

        if (method.IsGenericMethod && !SymbolFacts.IsDifferentiable(method))
        {
            // A generic method is differentiable only with one type parameter T : IFloatingPointIeee754<T> (GG0004).
            return Refused("it is generic and has no derivative; mark it [Differentiable] with its one type parameter T constrained to IFloatingPointIeee754<T>, or call a non-generic version of it marked [Differentiable]");
        }

        if (!SymbolFacts.IsDifferentiable(method))
        {
            return Refused(method.DeclaringSyntaxReferences.Length > 0
                ? "mark it [Differentiable], or write its derivative with [DerivativeOf]"
                : $"write its derivative with [DerivativeOf(typeof({method.ContainingType.Name}), nameof({method.ContainingType.Name}.{method.Name}))]");
        }

        // A backward that takes shadow objects (dThis, dLayer) is called where the caller has those shadows: the
        // lowering checks the objects passed (MethodLowering.ObjectCalls).

        // An array result is followed where it initializes a local array (MethodLowering.CheckArrayAssignment).
        // A struct result is followed member by member (MethodLowering.StructLeaves). A void method writing its outputs is
        // called as a statement (MethodLowering.WritingCalls).
        if (!MethodAnalysis.WritesItsOutputs(method) && SymbolFacts.KindOf(method.ReturnType) == ScalarKind.None && SymbolFacts.ShapeOf(method.ReturnType) != ValueShape.Struct
            && !(method.ReturnType is IArrayTypeSymbol && SymbolFacts.ShapeOf(method.ReturnType) is ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged))
        {
            return Refused($"it returns '{method.ReturnType.ToDisplayString()}', and only float, double and struct results, and arrays stored into a local, can be differentiated through so far");
        }

        foreach (IParameterSymbol p in method.Parameters)
        {
            if (!SymbolFacts.IsPassedByValue(p))
            {
                return Refused($"its parameter '{p.Name}' is passed in a way GradientGen cannot differentiate through yet");
            }
        }

        return null;
    }

    /// <summary>Whether a derivative exists for calls to <paramref name="method"/> (a [Differentiable] method or a [DerivativeOf] rule).</summary>
    public bool HasDerivative(IMethodSymbol method) =>
        SymbolFacts.IsDifferentiable(method) || DerivativeOfIndex.For(_compilation).RuleFor(method) is not null;

    /// <summary>How a call is dispatched when that is decided at run time (so no derivative is known), or null.</summary>
    public static string? DispatchOf(IMethodSymbol method) => method switch
    {
        { ContainingType.TypeKind: TypeKind.Interface } => "an interface member",
        { IsStatic: true } => null,
        { ContainingType.IsSealed: true } or { ContainingType.TypeKind: TypeKind.Struct } => null,
        { IsAbstract: true } => "abstract",
        { IsVirtual: true } => "virtual",
        { IsOverride: true, IsSealed: false } => "an override that can be overridden again",
        _ => null,
    };

    private static Result Refused(string reason) => new(null, null, reason);

    private static Callee CalleeFor(IMethodSymbol method, ISymbol? caller, bool[] active, string backwardName, string? backwardReceiver)
    {
        var kinds = method.Parameters.Select(p => SymbolFacts.ElementKindOf(p.Type)).ToArray();
        var shapes = method.Parameters.Select(p => SymbolFacts.ShapeOf(p.Type)).ToArray();
        string? receiver = method.IsStatic && !IsSameType(method.ContainingType, caller) ? SymbolFacts.TypeName(method.ContainingType) : null;
        // A generic callee is called with its type arguments spelled out (G<double>, G<T>), its backward likewise.
        string typeArguments = TypeArguments(method);
        return new Callee(receiver, backwardReceiver, method.Name + typeArguments, backwardName + typeArguments, active.ToEquatableArray(), kinds.ToEquatableArray(), shapes.ToEquatableArray());
    }

    private static string TypeArguments(IMethodSymbol method) =>
        method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(SymbolFacts.TypeName)) + ">" : string.Empty;

    /// <summary>
    /// Whether the callee's <c>…Tangent</c> exists: for a source method, its analysis (done before its callers'; a
    /// partner in mutual recursion is not done yet, so it has none) gave a model that forward mode can emit; a
    /// method calling itself has one exactly when its own tangent is emitted, which <c>TangentSupport</c> decides
    /// from the rest of its model; for a compiled one, its assembly has a <c>…Tangent</c> with the parameters,
    /// one tangent per active one, and tResult.
    /// </summary>
    private bool HasTangent(IMethodSymbol method, ISymbol? caller, bool[] active)
    {
        if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, caller?.OriginalDefinition))
        {
            return true;
        }

        if (method.DeclaringSyntaxReferences.Length > 0)
        {
            return CallGraph.SyntaxOf(method.OriginalDefinition, _cancellationToken) is { } syntax
                && AnalysisCache.For(_compilation).TryGet(syntax, out AnalysisResult known)
                && known.Model is { } model
                && Emit.TangentSupport.Refusal(model) is null;
        }

        int parameters = method.Parameters.Length + active.Count(a => a) + 1;
        return method.ContainingType.GetMembers(method.Name + "Tangent").OfType<IMethodSymbol>()
            .Any(t => t.Arity == method.Arity && t.IsStatic == method.IsStatic && t.Parameters.Length == parameters && t.Parameters[parameters - 1].RefKind != RefKind.Ref);
    }

    /// <summary>Where a static rule is called from: its type, unless the caller is in it. An instance rule is called on the callee's receiver.</summary>
    private static string? BackwardReceiver(IMethodSymbol method, IMethodSymbol rule, ISymbol? caller) =>
        !rule.IsStatic ? null
        : IsSameType(rule.ContainingType, caller) ? string.Empty
        : SymbolFacts.TypeName(rule.ContainingType);

    private static bool IsSameType(INamedTypeSymbol type, ISymbol? caller) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, caller?.ContainingType?.OriginalDefinition);

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
            if (AsCalled(member, method) is { } candidate && candidate.IsStatic == method.IsStatic
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

    /// <summary>A member as the call would use it: a generic callee's backward (generic too) constructed with the call's type arguments.</summary>
    private static IMethodSymbol? AsCalled(ISymbol member, IMethodSymbol method) => member switch
    {
        IMethodSymbol candidate when candidate.Arity != method.Arity => null,
        IMethodSymbol candidate when method.IsGenericMethod => candidate.Construct(method.TypeArguments.ToArray()),
        IMethodSymbol candidate => candidate,
        _ => null,
    };
}
