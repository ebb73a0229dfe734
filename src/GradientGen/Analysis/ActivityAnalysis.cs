using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Decides which locals and parameters carry derivatives: active = floating-point, <b>varied</b> (depends
/// on an active parameter) and <b>useful</b> (reaches the result). Flow-insensitive: a variable is
/// active if any of its assignments makes it so, which is conservative and stays correct under the
/// branches and loops that later stages add. Derivatives only flow through floating-point values, so an
/// integer, a comparison or a piecewise-constant Math call cuts the dependency.
/// </summary>
internal static class ActivityAnalysis
{
    /// <param name="useful">The variables that reach the result, active or not.</param>
    /// <param name="varied">The variables that depend on an active parameter, useful or not.</param>
    public static HashSet<ISymbol> FindActive(IMethodSymbol method, IOperation body, out HashSet<ISymbol> useful, out HashSet<ISymbol> varied)
    {
        List<(ISymbol? Target, HashSet<ISymbol> Sources)> edges = CollectEdges(body, DifferentiableReads);
        varied = Propagate(edges, ActiveParameters(method));

        // Backward closure from the result, with a worklist: each edge is read once per target marked, so a
        // long straight-line method stays linear (a pass over all edges per newly useful variable was quadratic).
        useful = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var byTarget = new Dictionary<ISymbol, List<HashSet<ISymbol>>>(SymbolEqualityComparer.Default);
        var pending = new Stack<ISymbol>();
        foreach ((ISymbol? target, HashSet<ISymbol> sources) in edges)
        {
            if (target is null || (target is IParameterSymbol written && SymbolFacts.IsWritableSpanParameter(written)) || InstanceMembers.IsMember(target))
            {
                // The result, the spans the method writes its outputs into, and the members it writes (whose shadows go both ways).
                Mark(target is null ? sources : [.. sources, target], useful, pending);
            }
            else
            {
                if (!byTarget.TryGetValue(target, out List<HashSet<ISymbol>>? list))
                {
                    byTarget[target] = list = new List<HashSet<ISymbol>>();
                }

                list.Add(sources);
            }
        }

        while (pending.Count > 0)
        {
            if (byTarget.TryGetValue(pending.Pop(), out List<HashSet<ISymbol>>? list))
            {
                foreach (HashSet<ISymbol> sources in list)
                {
                    Mark(sources, useful, pending);
                }
            }
        }

        var active = new HashSet<ISymbol>(varied, SymbolEqualityComparer.Default);
        active.IntersectWith(useful);
        return active;
    }

    /// <summary>
    /// The variables whose value may depend on an active parameter through any path, lambdas, tuples and
    /// objects included (<see cref="AllReads"/>): where such a value reaches the result, its derivative
    /// would be lost, so the lowering refuses it.
    /// </summary>
    public static HashSet<ISymbol> FindTainted(IMethodSymbol method, IOperation body)
    {
        List<(ISymbol? Target, HashSet<ISymbol> Sources)> edges = CollectEdges(body, AllReads);

        // A value stored into a member of a local object or struct (p.A = x) makes the local depend on it.
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            if (op is ISimpleAssignmentOperation or ICompoundAssignmentOperation
                && ((IAssignmentOperation)op).Target is IMemberReferenceOperation { Instance: { } instance } && VariableOf(instance) is { } holder)
            {
                edges.Add((holder, AllReads(((IAssignmentOperation)op).Value)));
            }
        }

        return Propagate(edges, ActiveParameters(method));
    }

    /// <summary>
    /// Every assignment of the body as an edge target ← sources, sources read by <paramref name="reads"/>;
    /// a null target is the result. Includes assignments that don't look like one: foreach variables,
    /// deconstruction, out arguments and pattern variables.
    /// </summary>
    private static List<(ISymbol? Target, HashSet<ISymbol> Sources)> CollectEdges(IOperation body, System.Func<IOperation, HashSet<ISymbol>> reads)
    {
        var edges = new List<(ISymbol? Target, HashSet<ISymbol> Sources)>();
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer: { } init } declarator:
                    edges.Add((declarator.Symbol, reads(init.Value)));
                    break;
                case ISimpleAssignmentOperation assignment when StorageOf(assignment.Target) is { } target:
                    edges.Add((target, reads(assignment.Value)));
                    break;
                case ICompoundAssignmentOperation compound when StorageOf(compound.Target) is { } target:
                    HashSet<ISymbol> sources = reads(compound.Value);
                    sources.Add(target);
                    edges.Add((target, sources));
                    break;
                case IIncrementOrDecrementOperation step when StorageOf(step.Target) is { } target:
                    edges.Add((target, new HashSet<ISymbol>(SymbolEqualityComparer.Default) { target }));
                    break;
                case IReturnOperation { ReturnedValue: { } value }:
                    edges.Add((null, reads(value)));
                    break;

                // Assignments that don't look like one: conservatively, their targets depend on everything read.
                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation loopVariable } forEach:
                    IOperation collection = ImplicitConversions.Unwrapped(forEach.Collection);

                    edges.Add((loopVariable.Symbol, reads(collection)));
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (IOperation target in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (VariableOf(target) is { } variable)
                        {
                            edges.Add((variable, reads(deconstruction.Value)));
                        }
                    }

                    break;
                // A call inlined (InlinedFunction): each parameter is assigned its argument.
                case IInvocationOperation invocation when InlinedFunctions.Find(invocation) is { Refusal: null } inlined:
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { } bound)
                        {
                            edges.Add((inlined.ParameterFor(bound), reads(argument.Value)));
                        }
                    }

                    break;
                // A [Differentiable] call that writes the members of the objects it is given, or the arrays it is given for
                // its output spans (MethodLowering.WritingCalls): each may depend on its arguments and on every member it reads.
                case IInvocationOperation call when SymbolFacts.IsDifferentiable(call.TargetMethod) && CallersStateWrittenBy(call).Any():
                    HashSet<ISymbol> inputs = new(call.Arguments.SelectMany(a => reads(a.Value)).Concat(ShadowedCalls.MembersRead(call)), SymbolEqualityComparer.Default);
                    foreach (ISymbol written in CallersStateWrittenBy(call))
                    {
                        edges.Add((written, new HashSet<ISymbol>(inputs.Append(written), SymbolEqualityComparer.Default)));
                    }

                    break;
                // A method GradientGen can't see into may store what it is given in the objects it is given
                // (list.Add(x), Fill(buffer, x)): those objects then depend on the arguments. A struct's member
                // that is inlined returns one expression and writes nothing (StructMembers).
                case IInvocationOperation invocation when !SymbolFacts.IsDifferentiable(invocation.TargetMethod) && DerivativeRules.Find(invocation.TargetMethod) is null
                    && StructMembers.Find(invocation) is not { Refusal: null }:
                    HashSet<ISymbol> given = new(invocation.Arguments.SelectMany(a => reads(a.Value)), SymbolEqualityComparer.Default);
                    IEnumerable<IOperation> holders = invocation.Arguments.Select(a => a.Value).Where(v => v.Type is { IsReferenceType: true });
                    foreach (IOperation holder in invocation.Instance is null ? holders : holders.Append(invocation.Instance))
                    {
                        if (VariableOf(holder) is { } variable)
                        {
                            edges.Add((variable, given));
                        }
                    }

                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Parent: { } call } argument when StorageOf(argument.Value) is { } written:
                    edges.Add((written, new HashSet<ISymbol>(call.ChildOperations.SelectMany(reads), SymbolEqualityComparer.Default)));
                    break;
                case IIsPatternOperation pattern:
                    foreach (IOperation declared in pattern.Pattern.DescendantsAndSelf())
                    {
                        if (declared is IDeclarationPatternOperation { DeclaredSymbol: { } symbol })
                        {
                            edges.Add((symbol, reads(pattern.Value)));
                        }
                    }

                    break;
            }
        }

        return edges;
    }

    /// <summary>What a [Differentiable] call may write of the caller's: the members it reads (when it may write them), the variables given to its output spans.</summary>
    private static IEnumerable<ISymbol> CallersStateWrittenBy(IInvocationOperation call)
    {
        IEnumerable<ISymbol> members = ShadowedCalls.MembersRead(call).Any() && ShadowedCalls.MayWriteMembers(call) ? ShadowedCalls.MembersRead(call) : [];
        IEnumerable<ISymbol> outputs = call.Arguments
            .Where(a => a.Parameter is { } p && SymbolFacts.IsWritableSpanParameter(p))
            .Select(a => VariableOf(ImplicitConversions.Unwrapped(a.Value)))
            .OfType<ISymbol>();
        return members.Concat(outputs);
    }

    /// <summary>The inputs that carry derivatives: active parameters, the members of <c>this</c> that <see cref="InstanceMembers"/> gives, a struct's <c>this</c> (<see cref="StructThis"/>).</summary>
    private static HashSet<ISymbol> ActiveParameters(IMethodSymbol method) =>
        new(method.Parameters.Where(SymbolFacts.IsActiveParameter)
            .Concat(InstanceMembers.HasShadow(method) ? InstanceMembers.Of(method.ContainingType) : [])
            .Concat(StructThis.Takes(method) ? [method.ContainingType] : [])
            .Concat(method.Parameters.Where(ObjectParameters.IsObjectParameter).SelectMany(ObjectParameters.MembersOf)), SymbolEqualityComparer.Default);

    /// <summary>Forward closure: every target whose sources include a marked variable is marked too (a worklist, linear in the edges).</summary>
    private static HashSet<ISymbol> Propagate(List<(ISymbol? Target, HashSet<ISymbol> Sources)> edges, HashSet<ISymbol> marked)
    {
        var bySource = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach ((ISymbol? target, HashSet<ISymbol> sources) in edges)
        {
            if (target is not null)
            {
                foreach (ISymbol source in sources)
                {
                    if (!bySource.TryGetValue(source, out List<ISymbol>? targets))
                    {
                        bySource[source] = targets = new List<ISymbol>();
                    }

                    targets.Add(target);
                }
            }
        }

        var pending = new Stack<ISymbol>(marked);
        while (pending.Count > 0)
        {
            if (bySource.TryGetValue(pending.Pop(), out List<ISymbol>? targets))
            {
                Mark(targets, marked, pending);
            }
        }

        return marked;
    }

    private static void Mark(IEnumerable<ISymbol> symbols, HashSet<ISymbol> marked, Stack<ISymbol> pending)
    {
        foreach (ISymbol s in symbols)
        {
            if (marked.Add(s))
            {
                pending.Push(s);
            }
        }
    }

    /// <summary>
    /// Every local and parameter an expression reads, through any path except the ones that cut a derivative
    /// by design (integers and bools, such as comparisons and casts to int, and piecewise-constant Math
    /// calls). Unlike <see cref="DifferentiableReads"/>, it looks into lambdas, tuples and objects: a value
    /// that reaches the result that way carries a derivative GradientGen cannot follow.
    /// </summary>
    public static HashSet<ISymbol> AllReads(IOperation operation)
    {
        // Top-down in the order of DescendantsAndSelf, not entering a subtree whose root cuts: walking up from
        // every read to look for a cut was quadratic in the depth of the expression.
        var reads = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        bool Visit(IOperation op)
        {
            if (Cuts(op))
            {
                return false;
            }

            if (VariableOf(op) is { } variable)
            {
                reads.Add(variable);
            }

            // An inlined call's value is what its function returns: what that reads, captures included.
            if (op is IInvocationOperation call && InlinedFunctions.Find(call) is { Refusal: null } inlined)
            {
                reads.UnionWith(AllReads(inlined.Split().Returned));
            }

            return true;
        }

        var pending = new Stack<IEnumerator<IOperation>>();
        if (Visit(operation))
        {
            pending.Push(((IEnumerable<IOperation>)operation.ChildOperations).GetEnumerator());
        }

        while (pending.Count > 0)
        {
            IEnumerator<IOperation> children = pending.Peek();
            if (!children.MoveNext())
            {
                pending.Pop();
            }
            else if (Visit(children.Current))
            {
                pending.Push(((IEnumerable<IOperation>)children.Current.ChildOperations).GetEnumerator());
            }
        }

        return reads;
    }

    private static bool Cuts(IOperation op) =>
        op.Type is { SpecialType: SpecialType.System_Boolean } || (op.Type?.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_UInt64)
        || (op is IInvocationOperation invocation && DerivativeRules.IsPiecewiseConstant(invocation.TargetMethod));

    /// <summary>The locals and parameters an expression reads through a path a derivative can flow along.</summary>
    public static HashSet<ISymbol> DifferentiableReads(IOperation operation)
    {
        var reads = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        Collect(operation, reads);
        return reads;
    }

    /// <summary>
    /// The variable an operation reads as a whole: a local, a parameter, a member of <c>this</c> that carries a
    /// derivative, or the <c>this</c> of a struct that does (its type stands for it: the receiver of an inlined
    /// struct member, MethodLowering.StructMembers).
    /// </summary>
    public static ISymbol? VariableOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => l.Local,
        IMemberReferenceOperation member => InstanceMembers.Of(member),
        IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type: INamedTypeSymbol { TypeKind: TypeKind.Struct } self } when StructShapes.IsStruct(self) => self,
        _ => null,
    };

    /// <summary>The local or parameter an assignment stores into: the variable itself, the array or span whose element it is, or the struct whose member it is.</summary>
    public static ISymbol? StorageOf(IOperation target) =>
        VariableOf(target)
        ?? (ElementOf(target) is { } element ? VariableOf(element.Array)
            : StructMemberOf(target) is { } member ? HolderOf(member.Root) : null);

    /// <summary>The variable a struct member's root belongs to: the struct variable itself, or the array of structs it is an element of.</summary>
    public static ISymbol? HolderOf(IOperation root) =>
        VariableOf(root) ?? (ElementOf(root) is { } element && SymbolFacts.ShapeOf(element.Array.Type) == ValueShape.StructArray ? VariableOf(element.Array) : null);

    /// <summary>
    /// A member of a struct variable that carries derivatives (<see cref="StructShapes"/>): <c>p.X</c>, <c>p.Pos.X</c>,
    /// or a whole inner struct <c>p.Pos</c>, or of an element of an array of such structs, <c>q[i].X</c>. Gives the
    /// variable's reference (or the element's) and the member's path; null for anything else, a computed
    /// property included.
    /// </summary>
    public static (IOperation Root, string Path)? StructMemberOf(IOperation operation)
    {
        string path = string.Empty;
        for (IOperation op = operation; op is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false };)
        {
            var member = (IMemberReferenceOperation)op;
            if (member.Instance is not { } instance || !StructShapes.IsStruct(instance.Type))
            {
                return null;
            }

            string name = StructShapes.MemberName(member.Member);
            path = path.Length == 0 ? name : name + "." + path;
            if (HolderOf(instance) is not null)
            {
                // Every leaf under the path must be one of the variable's: a computed property is not.
                ImmutableArray<string> leaves = StructShapes.LeavesOf(instance.Type);
                bool isLeaf = leaves.Contains(path);
                bool isInner = StructShapes.LeavesOf(operation.Type) is { IsEmpty: false } inner && inner.All(l => leaves.Contains(path + "." + l));
                return isLeaf || isInner ? (instance, path) : null;
            }

            op = instance;
        }

        return null;
    }

    /// <summary>
    /// An element access <c>a[i]</c> / <c>a[i, j]</c> of an array, or of a span through its indexer. An element
    /// <c>a[i][j]</c> of a jagged array is one access of <c>a</c> at two indices; a row <c>a[i]</c> alone is an
    /// access at one index, which the lowering refuses where it would be differentiated.
    /// </summary>
    public static (IOperation Array, IReadOnlyList<IOperation> Indices)? ElementOf(IOperation operation) => operation switch
    {
        IArrayElementReferenceOperation { ArrayReference: IArrayElementReferenceOperation { Indices: [var row] } rows, Indices: [var column] }
            when SymbolFacts.ShapeOf(rows.ArrayReference.Type) == ValueShape.Jagged => (rows.ArrayReference, [row, column]),
        IArrayElementReferenceOperation element => (element.ArrayReference, element.Indices),
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span, Arguments: [var index] } when SymbolFacts.ShapeOf(span.Type) is ValueShape.Vector or ValueShape.StructArray
            => (span, [index.Value]),
        _ => null,
    };

    /// <summary>
    /// One step of <see cref="DifferentiableReads"/>: the variable <paramref name="operation"/> reads, or the
    /// operations a derivative flows in from (none where it is cut).
    /// </summary>
    public static IEnumerable<IOperation> ReadThrough(IOperation operation, out ISymbol? variable)
    {
        variable = null;

        // A value of another type cuts the derivative; structural nodes without a type (arguments, switch
        // arms) pass it through, and so do arrays of floating-point values.
        if (operation.Type is not null && SymbolFacts.ShapeOf(operation.Type) == ValueShape.None)
        {
            return [];
        }

        if (operation is ISwitchExpressionArmOperation arm)
        {
            return [arm.Value];
        }

        if (VariableOf(operation) is { } read)
        {
            variable = read;
            return [];
        }

        if (operation is IInvocationOperation invocation && DerivativeRules.IsPiecewiseConstant(invocation.TargetMethod))
        {
            return [];
        }

        // An inlined call's value is what its function returns, captured variables included.
        if (operation is IInvocationOperation call && InlinedFunctions.Find(call) is { Refusal: null } inlined)
        {
            return operation.ChildOperations.Append(inlined.Split().Returned);
        }

        return operation.ChildOperations;
    }

    private static void Collect(IOperation operation, HashSet<ISymbol> reads)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        IEnumerable<IOperation> through = ReadThrough(operation, out ISymbol? variable);
        foreach (IOperation next in through)
        {
            Collect(next, reads);
        }

        if (variable is not null)
        {
            reads.Add(variable);
        }

        if (operation is IInvocationOperation call)
        {
            // The members of the objects whose shadows the callee's backward takes (ShadowedCalls).
            reads.UnionWith(ShadowedCalls.MembersRead(call));
        }
    }
}
