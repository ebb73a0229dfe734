using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The analysis core that the generator and the analyzer share: one [Differentiable] method in, a
/// <see cref="MethodModel"/> to emit or the <see cref="Issue"/>s that prevent it out. Because both
/// callers run exactly this, the IDE, the build and the generated code cannot disagree.
/// </summary>
internal static class MethodAnalysis
{
    /// <summary>
    /// The method's analysis, and first its source [Differentiable] callees' (transitively, callees first,
    /// each once per compilation: <see cref="AnalysisCache"/>), whose backwards its own may call.
    /// </summary>
    public static AnalysisResult Analyze(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        Compilation compilation = semanticModel.Compilation;
        AnalysisCache cache = AnalysisCache.For(compilation);
        if (cache.TryGet(syntax, out AnalysisResult cached))
        {
            return cached;
        }

        var models = new Dictionary<SyntaxTree, SemanticModel> { [syntax.SyntaxTree] = semanticModel };
        SemanticModel ModelOf(SyntaxTree tree)
        {
            if (!models.TryGetValue(tree, out SemanticModel? model))
            {
#pragma warning disable RS1030 // A callee may live in another tree; its analysis decides whether its backward will exist.
                models[tree] = model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            }

            return model;
        }

        try
        {
            // Finding the callees binds and walks every method as deep as it nests: on a caller's short stack
            // (a host may give 1 MB) that may run out, so it runs again on a large one, like the analysis. The
            // components already analyzed are in the cache by then, and are not analyzed again.
            DeepStack.Run(() =>
            {
                DerivativeOfIndex rules = DerivativeOfIndex.For(compilation);
                List<List<CallGraph.Vertex>> components = CallGraph.Components(
                    new CallGraph.Vertex(method, syntax),
                    cache.Contains,
                    // A callee nested deeper than its caller is bound on a large stack of its own (DeepStack).
                    v => CallGraph.SourceCallees(DeepStack.Run(() => ModelOf(v.Syntax.SyntaxTree).GetOperation(v.Syntax, cancellationToken), v.Syntax), rules, cancellationToken));
                foreach (List<CallGraph.Vertex> component in components)
                {
                    AnalyzeComponent(component, cache, ModelOf, cancellationToken);
                }

                return true;
            }, syntax);
        }
        catch (InsufficientExecutionStackException)
        {
            return Failed([NestedTooDeeply(method, syntax)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return InternalError(method, syntax, e);
        }

        return cache.TryGet(syntax, out AnalysisResult result) ? result : InternalError(method, syntax, new InvalidOperationException("the method was not analyzed"));
    }

    /// <summary>
    /// Mutually recursive methods, analyzed together as the greatest fixed point: first each with its partners
    /// assumed differentiable; whenever one turns out not to be, the partners whose calls asked about it are
    /// analyzed again, so in the end a method is differentiable only if every partner it calls is.
    /// </summary>
    private static void AnalyzeComponent(List<CallGraph.Vertex> members, AnalysisCache cache, Func<SyntaxTree, SemanticModel> modelOf, CancellationToken cancellationToken)
    {
        var differentiable = new Dictionary<MethodDeclarationSyntax, bool>();
        foreach (CallGraph.Vertex member in members)
        {
            differentiable[member.Syntax] = true;
        }

        var results = new Dictionary<MethodDeclarationSyntax, AnalysisResult>();
        var asked = new Dictionary<MethodDeclarationSyntax, HashSet<MethodDeclarationSyntax>>();
        List<CallGraph.Vertex> pending = members;
        while (pending.Count > 0)
        {
            var failed = new HashSet<MethodDeclarationSyntax>();
            foreach (CallGraph.Vertex member in pending)
            {
                var partnersAsked = new HashSet<MethodDeclarationSyntax>();
                bool IsDifferentiableInSource(IMethodSymbol callee)
                {
                    if (CallGraph.SyntaxOf(callee, cancellationToken) is not { } calleeSyntax)
                    {
                        return false;
                    }

                    if (calleeSyntax == member.Syntax)
                    {
                        // A recursive call: the method's own errors, if any, already say why it fails.
                        return true;
                    }

                    if (differentiable.TryGetValue(calleeSyntax, out bool partner))
                    {
                        partnersAsked.Add(calleeSyntax);
                        return partner;
                    }

                    return cache.TryGet(calleeSyntax, out AnalysisResult known)
                        ? known.CanEmit
                        : throw new InvalidOperationException($"'{callee.Name}' was not analyzed before its caller");
                }

                AnalysisResult result = AnalyzeOne(member.Method, member.Syntax, modelOf(member.Syntax.SyntaxTree), IsDifferentiableInSource, cancellationToken);
                results[member.Syntax] = result;
                asked[member.Syntax] = partnersAsked;
                if (!result.CanEmit && differentiable[member.Syntax])
                {
                    differentiable[member.Syntax] = false;
                    failed.Add(member.Syntax);
                }
            }

            pending = members.Where(m => asked[m.Syntax].Overlaps(failed)).ToList();
        }

        foreach (CallGraph.Vertex member in members)
        {
            cache.Add(member.Syntax, results[member.Syntax]);
        }
    }

    private static AnalysisResult AnalyzeOne(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, Func<IMethodSymbol, bool> isDifferentiableInSource, CancellationToken cancellationToken)
    {
        try
        {
            return DeepStack.Run(() => AnalyzeCore(method, syntax, semanticModel, isDifferentiableInSource, cancellationToken), syntax);
        }
        catch (InsufficientExecutionStackException)
        {
            return Failed([NestedTooDeeply(method, syntax)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never crash the compiler: report the failure on the method and generate nothing for it.
            return InternalError(method, syntax, e);
        }
    }

    private static AnalysisResult InternalError(IMethodSymbol method, MethodDeclarationSyntax syntax, Exception e) =>
        Failed([new Issue(Descriptors.InternalErrorId, syntax.SyntaxTree.FilePath, syntax.Identifier.SpanStart, syntax.Identifier.Span.Length, ImmutableArray.Create(method.Name, e.GetType().Name + ": " + e.Message).ToEquatableArray())]);

    /// <summary>
    /// Code nested deeper than even a large stack can walk: GG0001 at the statement of the body that holds
    /// the deepest node, with its depth. Found iteratively, from each node's parent's depth.
    /// </summary>
    private static Issue NestedTooDeeply(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var depth = new Dictionary<SyntaxNode, int> { [syntax] = 0 };
        SyntaxNode deepest = syntax;
        foreach (SyntaxNode node in syntax.DescendantNodes())
        {
            int d = depth[node.Parent!] + 1;
            depth[node] = d;
            if (d > depth[deepest])
            {
                deepest = node;
            }
        }

        SyntaxNode at = deepest.AncestorsAndSelf().FirstOrDefault(n => n.Parent is BlockSyntax b && b.Parent == syntax || n.Parent is ArrowExpressionClauseSyntax a && a.Parent == syntax) ?? syntax.Identifier.Parent!;
        string why = $"code nested {depth[deepest]} levels deep in '{method.Name}'";
        return new Issue(Descriptors.UnsupportedConstructId, syntax.SyntaxTree.FilePath, at.SpanStart, at.Span.Length, ImmutableArray.Create(why, "split it into locals or smaller methods").ToEquatableArray());
    }

    /// <summary>Test hook: when set, analysis throws it, to exercise the internal-error path.</summary>
    internal static Func<IMethodSymbol, Exception?>? FaultInjection { get; set; }

    /// <summary>Test hook: called at the start of every analysis of one method, to count them.</summary>
    internal static Action<IMethodSymbol>? AnalysisStarted { get; set; }

    private static AnalysisResult AnalyzeCore(
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        SemanticModel semanticModel,
        Func<IMethodSymbol, bool> isDifferentiableInSource,
        CancellationToken cancellationToken)
    {
        AnalysisStarted?.Invoke(method);
        if (FaultInjection?.Invoke(method) is { } fault)
        {
            throw fault;
        }

        var issues = new List<Issue>();
        if (HasCompilerErrors(syntax, semanticModel, cancellationToken))
        {
            // Calls of generated derivatives (XGradient) don't bind where the generator runs: the method is
            // analyzed where they do, in the compilation with those files (nested differentiation). That analyzes
            // and binds the methods they differentiate on top of this analysis's frames: on a large stack.
            AnalysisResult? nested = !NestedDerivatives.MayName(syntax) ? null : DeepStack.RunOnLargeStack(() =>
                NestedDerivatives.WithGeneratedDerivatives(syntax, semanticModel, cancellationToken) is { } withDerivatives
                && withDerivatives.GetDeclaredSymbol(syntax, cancellationToken) is { } rebound
                    ? Analyze(rebound, syntax, withDerivatives, cancellationToken)
                    : (AnalysisResult?)null);
            if (nested is { } result)
            {
                return result;
            }

            // Code being typed: the compiler reports it, and a copy in a generated file would double its
            // errors. Nothing is generated and nothing reported; a [Differentiable] caller gets GG0003.
            return Failed(issues);
        }

        CheckShape(method, syntax, issues);
        if (issues.Count > 0 || semanticModel.GetOperation(syntax, cancellationToken) is not IMethodBodyOperation body
            || (body.BlockBody ?? body.ExpressionBody) is not IBlockOperation block)
        {
            return Failed(issues);
        }

        UnsupportedParameters.Check(method, block, issues);
        if (issues.Count > 0)
        {
            return Failed(issues);
        }

        cancellationToken.ThrowIfCancellationRequested();
        HashSet<ISymbol> active = ActivityAnalysis.FindActive(method, block, out HashSet<ISymbol> useful, out HashSet<ISymbol> varied);
        var scope = new MethodScope(method, syntax, semanticModel, active, useful, ActivityAnalysis.FindTainted(method, block));
        var warnings = new List<Issue>();
        WarningScan.Scan(scope, block, varied, warnings);
        var parameterAdjoints = new string?[method.Parameters.Length];
        for (int i = 0; i < parameterAdjoints.Length; i++)
        {
            if (SymbolFacts.IsActiveParameter(method.Parameters[i]) || ObjectParameters.IsObjectParameter(method.Parameters[i]))
            {
                parameterAdjoints[i] = scope.Names.Allocate(SymbolFacts.AdjointNameFor(method.Parameters[i].Name));
            }
        }

        var lowering = new MethodLowering(scope, new CalleeResolution(semanticModel.Compilation, isDifferentiableInSource, cancellationToken), issues);
        ImmutableArray<Stmt> lowered = lowering.Lower(block);
        if (issues.Count > 0)
        {
            // Errors only: a warning about code that can't be differentiated yet would be noise.
            return Failed(issues);
        }

        lowered = StructLocalScalars.Apply(scope, lowered);
        (ImmutableArray<Stmt> saved, ImmutableArray<ValueStackModel> stacks) = SaveAnalysis.Apply(scope, lowered);
        string? shadow = InstanceMembers.HasShadow(method) ? scope.Names.Allocate("dThis") : null;
        string? structThis = StructThis.Takes(method) ? scope.Names.Allocate("dThis") : null;
        if (structThis is not null && scope.Variables[scope.VariableOf(method.ContainingType)] is { Active: true } self)
        {
            scope.Variables[self.Id] = self with { AdjointName = structThis };
        }

        ImmutableArray<ParameterModel> parameters = NameAdjoints(scope, method, parameterAdjoints, shadow, saved);
        ImmutableArray<Stmt> ir = InvariantAdjointElements.Hold(scope.Variables, scope.Names, scope.IsMember, saved);
        (ir, stacks, ImmutableArray<SlotBufferModel> slotBuffers) = LoopSlotAssignment.Assign(scope.Variables, scope.Names, ir, stacks);
        MethodModel model = new(
            HintName(method),
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            Usings(syntax, inNamespace: false),
            Usings(syntax, inNamespace: true),
            ContainingTypes(method),
            Modifiers(method),
            SymbolFacts.TypeName(method.ReturnType),
            SymbolFacts.ElementKindOf(method.ReturnType),
            SymbolFacts.ShapeOf(method.ReturnType),
            SymbolFacts.ShapeOf(method.ReturnType) switch
            {
                ValueShape.Vector => $"global::System.ReadOnlySpan<{SymbolFacts.KeywordFor(SymbolFacts.ElementKindOf(method.ReturnType))}>",
                _ => SymbolFacts.TypeName(method.ReturnType),
            },
            lowering.ResultArray,
            new[] { scope.Names.Allocate("row"), scope.Names.Allocate("column") }.ToEquatableArray(),
            HasJacobian(method) ? method.Name + "Jacobian" : null,
            method.Name,
            method.Name + "Backward",
            HasGradient(method, parameterAdjoints) ? method.Name + "Gradient" : null,
            scope.ResultAdjointName,
            scope.Variables[scope.ResultVariable].Name,
            parameters.ToEquatableArray(),
            scope.Variables.ToEquatableArray(),
            ir.ToEquatableArray(),
            scope.Names.Allocate("dDiscard"),
            scope.Names.Allocate("dDiscardF"),
            stacks.ToEquatableArray(),
            new[] { method.Name + "Backward", method.Name + "Gradient", method.Name + "Jacobian", method.Name + "Tangent" }.Concat(SecondOrder.Suffixes.Select(suffix => method.Name + suffix)).Where(name => IsInherited(method.ContainingType, name)).ToEquatableArray(),
            SourceDirectives.For(syntax).ToEquatableArray(),
            ShadowName: shadow,
            ShadowTypeName: shadow is null ? null : SymbolFacts.TypeName(method.ContainingType),
            GenericScalarName: GenericSignature.FloatingTypeParameterName(method),
            TypeParameterList: GenericSignature.TypeParameterList(method),
            ConstraintClauses: GenericSignature.ConstraintClauses(method),
            TangentName: SymbolFacts.HasUserMember(method.ContainingType, method.Name + "Tangent") ? null : method.Name + "Tangent",
            FinalMembers: FinalMembers.Of(scope, ir),
            StructThisAdjoint: structThis,
            SlotBuffers: slotBuffers.ToEquatableArray());
        model = SplitMode.With(model, method, scope.Names);
        model = WithSecondOrder(model, method, scope, lowered);
        return new AnalysisResult(model, warnings.ToEquatableArray());
    }

    /// <summary>
    /// The method with its second-order engine, or the reason it has none. A failure there is a refusal of second
    /// order only: the backward, which doesn't depend on it, is still generated.
    /// </summary>
    private static MethodModel WithSecondOrder(MethodModel model, IMethodSymbol method, MethodScope scope, ImmutableArray<Stmt> lowered)
    {
        string? taken = SecondOrder.Suffixes.Select(suffix => method.Name + suffix).FirstOrDefault(name => SymbolFacts.HasUserMember(method.ContainingType, name));
        try
        {
            (SecondOrderModel? engine, string? refusal) = SecondOrder.Build(model, scope.ResultVariable, scope.Names, lowered, taken);
            return model with { SecondOrder = engine, SecondOrderRefusal = refusal };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return model with { SecondOrderRefusal = $"GradientGen failed to build it ({e.GetType().Name}: {e.Message}); please report it" };
        }
    }

    /// <summary>Errors (not warnings made errors) in the method's own declaration and body; binding it is work the analysis does anyway.</summary>
    /// <remarks>
    /// CS8078 ("too long or complex to compile") says the thread that bound the method ran short of stack — a
    /// compiler host may give 1 MB — not that the code is broken: the build's own binding decides about it.
    /// </remarks>
    private static bool HasCompilerErrors(MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError && d.Id != "CS8078");

    /// <summary>The …Jacobian helper: a vector result, and active parameters that are scalars or vectors.</summary>
    private static bool HasJacobian(IMethodSymbol method) =>
        SymbolFacts.ShapeOf(method.ReturnType) == ValueShape.Vector
        && !InstanceMembers.HasShadow(method) && !StructThis.Takes(method)
        && !method.Parameters.Any(ObjectParameters.IsObjectParameter)
        && method.Parameters.Any(SymbolFacts.IsActiveParameter)
        && method.Parameters.All(p => !SymbolFacts.IsActiveParameter(p) || SymbolFacts.ShapeOf(p.Type) is ValueShape.Scalar or ValueShape.Vector)
        && !SymbolFacts.HasUserMember(method.ContainingType, method.Name + "Jacobian");

    /// <summary>The …Gradient convenience (SPEC §2): a scalar result, and active parameters that are all scalars (no object's fields).</summary>
    private static bool HasGradient(IMethodSymbol method, string?[] parameterAdjoints) =>
        SymbolFacts.ShapeOf(method.ReturnType) == ValueShape.Scalar
        && !InstanceMembers.HasShadow(method) && !StructThis.Takes(method)
        && !method.Parameters.Any(ObjectParameters.IsObjectParameter)
        && parameterAdjoints.Any(a => a is not null)
        && method.Parameters.All(p => !SymbolFacts.IsActiveParameter(p) || SymbolFacts.ShapeOf(p.Type) == ValueShape.Scalar)
        && !SymbolFacts.HasUserMember(method.ContainingType, method.Name + "Gradient");

    private static AnalysisResult Failed(List<Issue> issues) => new(null, issues.ToEquatableArray());

    /// <summary>
    /// Names every active variable's adjoint. A parameter the body assigns tracks its adjoint in a local: the
    /// reverse of an assignment reads the target's adjoint (even an in-place <c>p += b</c>, which passes it to
    /// b), and the caller's <c>ref</c> adjoint holds the caller's running sum, not this method's share.
    /// </summary>
    /// <remarks>The active members of <c>this</c> accumulate straight into the shadow's: <c>dThis.W</c>.</remarks>
    private static ImmutableArray<ParameterModel> NameAdjoints(MethodScope scope, IMethodSymbol method, string?[] parameterAdjoints, string? shadow, ImmutableArray<Stmt> ir)
    {
        var assigned = new HashSet<int>();
        var elementsWritten = new HashSet<int>();
        CollectAssigned(ir, assigned, elementsWritten);
        HashSet<int> readInLoops = ReadInLoops(ir);
        if (shadow is not null)
        {
            foreach (ISymbol member in InstanceMembers.Of(method.ContainingType))
            {
                int id = scope.VariableOf(member);
                if (scope.Variables[id].Active)
                {
                    scope.Variables[id] = scope.Variables[id] with { AdjointName = shadow + "." + SymbolFacts.Escape(member.Name) };
                }
            }
        }

        var parameters = ImmutableArray.CreateBuilder<ParameterModel>();
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            int id = scope.VariableOf(method.Parameters[i]);
            Variable v = scope.Variables[id];
            if (ObjectParameters.IsObjectParameter(method.Parameters[i]))
            {
                // An object parameter's shadow: its members' adjoints are dLayer.W (ObjectParameters).
                foreach (ISymbol member in ObjectParameters.MembersOf(method.Parameters[i]))
                {
                    int memberId = scope.VariableOf(member);
                    if (scope.Variables[memberId].Active)
                    {
                        scope.Variables[memberId] = scope.Variables[memberId] with { AdjointName = parameterAdjoints[i] + "." + SymbolFacts.Escape(member.Name) };
                    }
                }

                parameters.Add(new ParameterModel(id, v.Name, v.TypeName, v.Kind, v.Shape, parameterAdjoints[i], v.TypeName, BodyAdjointName: null, method.Parameters[i].RefKind == RefKind.In ? "in " : string.Empty, IsObject: true));
                continue;
            }

            // A [NoDerivative] parameter that the body assigns an active value carries a derivative from then
            // on, but has no caller adjoint: its adjoint lives in a local only.
            string? body = !v.Active ? null
                : parameterAdjoints[i] is null ? scope.Names.Allocate(SymbolFacts.AdjointNameFor(v.Name))
                : assigned.Contains(id) || (v.Shape == ValueShape.Scalar && readInLoops.Contains(id)) ? scope.Names.Allocate(parameterAdjoints[i] + "Local")
                : null;
            string adjointType = v.Shape switch
            {
                ValueShape.Struct => "ref " + v.TypeName,
                ValueShape.StructArray => $"global::System.Span<{SymbolFacts.TypeName(SymbolFacts.StructElementOf(method.Parameters[i].Type)!)}>",
                _ => SymbolFacts.AdjointTypeFor(v.Shape, v.Kind),
            };
            string modifier = method.Parameters[i].RefKind == RefKind.In ? "in " : string.Empty;
            bool written = SymbolFacts.IsWritableSpanParameter(method.Parameters[i]) && elementsWritten.Contains(id);
            parameters.Add(new ParameterModel(id, v.Name, v.TypeName, v.Kind, v.Shape, parameterAdjoints[i], adjointType, body, modifier, written));
            if (v.Active)
            {
                scope.Variables[id] = v with { AdjointName = body ?? parameterAdjoints[i] };
            }
        }

        for (int id = 0; id < scope.Variables.Count; id++)
        {
            Variable v = scope.Variables[id];
            if (v.Active && v.AdjointName is null)
            {
                string name = id == scope.ResultVariable ? scope.ResultAdjointName : scope.Names.Allocate(SymbolFacts.AdjointNameFor(v.Name));
                string? buffer = v.Shape is ValueShape.Vector or ValueShape.StructArray && v.View is null ? scope.Names.Allocate(name + "Buffer") : null;
                scope.Variables[id] = v with { AdjointName = name, AdjointBufferName = buffer };
            }
        }

        return parameters.ToImmutable();
    }

    /// <param name="elementsWritten">The arrays and spans whose elements are stored into.</param>
    private static void CollectAssigned(IEnumerable<Stmt> body, HashSet<int> assigned, HashSet<int> elementsWritten)
    {
        foreach (Stmt s in body.Flattened())
        {
            switch (s)
            {
                case AssignStmt assign:
                    assigned.Add(assign.Target);
                    break;
                case ElementAssignStmt store:
                    elementsWritten.Add(store.Array);
                    break;
            }
        }
    }

    /// <summary>
    /// The variables read by operations inside loops. A scalar parameter read there has its adjoint summed in a
    /// local, added into the caller's at the end: added into the caller's <c>ref</c> on every iteration, the sum
    /// went through memory, one store-to-load round trip per iteration on the loop's critical path.
    /// </summary>
    private static HashSet<int> ReadInLoops(IEnumerable<Stmt> body)
    {
        var read = new HashSet<int>();
        foreach (LoopStmt loop in body.Flattened().OfType<LoopStmt>())
        {
            foreach (Stmt s in loop.Body.Flattened())
            {
                read.UnionWith(s.ReadVariables());
            }
        }

        return read;
    }

    private static void CheckShape(IMethodSymbol method, MethodDeclarationSyntax syntax, List<Issue> issues)
    {
        void Shape(SyntaxNodeOrToken at, string why) =>
            issues.Add(new Issue(Descriptors.UnsupportedMethodShapeId, syntax.SyntaxTree.FilePath, at.Span.Start, at.Span.Length, ImmutableArray.Create(method.Name, why).ToEquatableArray()));

        for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                issues.Add(new Issue(Descriptors.TypeNotPartialId, syntax.SyntaxTree.FilePath, type.Identifier.SpanStart, type.Identifier.Span.Length, ImmutableArray.Create(type.Identifier.ValueText, method.Name).ToEquatableArray()));
            }

            // Every part of a file-local type is in one file: a 'file partial' type in the generated file would
            // be another type, so the backward has nowhere to go.
            if (node is TypeDeclarationSyntax local && local.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.FileKeyword)) is { RawKind: not 0 } file)
            {
                Shape(file, $"its type '{local.Identifier.ValueText}' is file-local, and the generated '{method.Name}Backward' lives in another file, which can't add to it; make the type internal");
            }
        }

        if (GenericSignature.Refusal(method, syntax) is { } generic)
        {
            Shape(generic.At, generic.Why);
        }

        foreach (SyntaxToken modifier in syntax.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword) || modifier.IsKind(SyntaxKind.UnsafeKeyword) || modifier.IsKind(SyntaxKind.ExternKeyword) || modifier.IsKind(SyntaxKind.AbstractKeyword))
            {
                Shape(modifier, $"'{modifier.ValueText}' methods cannot be differentiated");
            }
        }

        if (syntax.Body is null && syntax.ExpressionBody is null && !syntax.Modifiers.Any(SyntaxKind.ExternKeyword) && !syntax.Modifiers.Any(SyntaxKind.AbstractKeyword))
        {
            Shape(syntax.Identifier, method.PartialImplementationPart is not null
                ? "this part of the partial method has no body; put [Differentiable] on the part that implements it"
                : "it has no body to differentiate");
        }

        bool writesOutputs = WritesItsOutputs(method);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || (SymbolFacts.ShapeOf(method.ReturnType) is ValueShape.None or ValueShape.StructArray && !writesOutputs)
            || (SymbolFacts.ShapeOf(method.ReturnType) == ValueShape.Vector && method.ReturnType is not IArrayTypeSymbol))
        {
            Shape(syntax.ReturnType, $"it returns '{method.ReturnType.ToDisplayString()}'; a [Differentiable] method returns a float, a double or a generic-math T (T : IFloatingPointIeee754<T>), an array of them (T[], T[,] or T[][]), or a struct of floats or doubles with public members (Vector3, Complex), by value, or returns void and writes its outputs into Span<T> parameters or into the members of an object whose members carry derivatives");
        }

        foreach (ParameterSyntax parameter in syntax.ParameterList.Parameters)
        {
            foreach (SyntaxToken modifier in parameter.Modifiers)
            {
                // 'in' reads like a copy (SymbolFacts.IsPassedByValue); 'ref readonly' is refused, with the code fix that drops it.
                if (modifier.IsKind(SyntaxKind.RefKeyword) || modifier.IsKind(SyntaxKind.OutKeyword))
                {
                    string passing = parameter.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? "ref readonly" : modifier.ValueText;
                    Shape(parameter, $"its parameter '{parameter.Identifier.ValueText}' is '{passing}'; pass it by value");
                }
            }
        }

        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolFacts.IsDifferentiable(overridden) && !overridden.DeclaringSyntaxReferences.IsEmpty)
            {
                // Both backwards would be generated into the same hierarchy, the derived one hiding the base one.
                Shape(syntax.Identifier, $"it overrides the [Differentiable] '{overridden.ContainingType.Name}.{overridden.Name}'; move the computation into a non-virtual [Differentiable] method and call it from both");
                break;
            }
        }

        if (SymbolFacts.HasUserMember(method.ContainingType, method.Name + "Backward"))
        {
            Shape(syntax.Identifier, $"its type already has a member named '{method.Name}Backward'; rename one of them");
        }
    }

    /// <summary>A member a base type declares (in source or compiled), which the generated method must hide with 'new'.</summary>
    internal static bool IsInherited(INamedTypeSymbol type, string name)
    {
        for (INamedTypeSymbol? t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.GetMembers(name).Any(m => m.DeclaredAccessibility != Accessibility.Private))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A void method whose outputs are what it writes: spans, or the members of objects whose shadows it takes
    /// (<see cref="InstanceMembers"/>, <see cref="ObjectParameters"/>). Its callers call it as a statement (MethodLowering.WritingCalls).
    /// </summary>
    public static bool WritesItsOutputs(IMethodSymbol method) =>
        method.ReturnsVoid && (method.Parameters.Any(SymbolFacts.IsWritableSpanParameter) || InstanceMembers.HasShadow(method) || method.Parameters.Any(ObjectParameters.IsObjectParameter));

    private static string HintName(IMethodSymbol method)
    {
        var parts = new List<string>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            parts.Insert(0, t.MetadataName.Replace('`', '_'));
        }

        if (method.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            parts.Insert(0, ns.ToDisplayString().Replace("@", string.Empty));
        }

        string name = method.Name;
        if (method.ContainingType.GetMembers(method.Name).Length > 1)
        {
            // Overloads: tell the files apart by parameter types.
            name += "_" + string.Join("_", method.Parameters.Select(p => p.Type.ToDisplayString().Replace('.', '_').Replace('<', '_').Replace('>', '_').Replace(", ", "_").Replace("[]", "Array")));
        }

        parts.Add(name);
        return Sanitized(string.Join(".", parts)) + ".g.cs";
    }

    /// <summary>
    /// A hint name keeps letters, digits, '.' and '_' only: the compiler refuses others (a file-local type's
    /// metadata name is '&lt;File&gt;F…__T'), and a refused name would drop every generated file.
    /// </summary>
    private static string Sanitized(string name)
    {
        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] is not ('.' or '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static EquatableArray<string> Usings(MethodDeclarationSyntax syntax, bool inNamespace)
    {
        var usings = new List<string>();
        IEnumerable<SyntaxNode> scopes = inNamespace
            ? syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse()
            : syntax.Ancestors().OfType<CompilationUnitSyntax>();
        foreach (SyntaxNode scope in scopes)
        {
            SyntaxList<UsingDirectiveSyntax> directives = scope switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                _ => default,
            };
            foreach (UsingDirectiveSyntax u in directives)
            {
                if (!u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                {
                    usings.Add(u.WithoutTrivia().NormalizeWhitespace().ToFullString());
                }
            }
        }

        return usings.ToEquatableArray();
    }

    private static EquatableArray<ContainingType> ContainingTypes(IMethodSymbol method)
    {
        var types = new List<ContainingType>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            // 'partial' must come right before the type kind: "readonly partial struct", not "partial readonly struct".
            string keywords = t.TypeKind switch
            {
                TypeKind.Struct => (t.IsReadOnly ? "readonly " : string.Empty) + (t.IsRefLikeType ? "ref " : string.Empty) + (t.IsRecord ? "partial record struct" : "partial struct"),
                TypeKind.Interface => "partial interface",
                _ => t.IsRecord ? "partial record" : "partial class",
            };
            string name = t.TypeParameters.IsEmpty ? SymbolFacts.Escape(t.Name) : SymbolFacts.Escape(t.Name) + "<" + string.Join(", ", t.TypeParameters.Select(p => SymbolFacts.Escape(p.Name))) + ">";
            types.Insert(0, new ContainingType(keywords, name));
        }

        return types.ToEquatableArray();
    }

    private static string Modifiers(IMethodSymbol method)
    {
        string access = method.DeclaredAccessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };
        return method.IsStatic ? access + " static" : access;
    }
}
