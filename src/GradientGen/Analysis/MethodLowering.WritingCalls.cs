using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call to a [Differentiable] method that writes its outputs into the members of the objects it is given, as a
/// statement (<c>Step(dt);</c>, <c>body.Advance(dt);</c>, <c>Relax(layer, x);</c>, <c>Forward(x);</c> keeping z and y
/// in member arrays) or as the whole value of a declaration, assignment or return (<c>double e = Advance(dt);</c>), or
/// into output spans given this method's local arrays (<c>Derivative(x, k, k1);</c>): a <see cref="WritingCallStmt"/>
/// whose outputs are those members and arrays, named as this method names them, and its value. What the callee writes
/// comes from its own analysis (done first: <see cref="CallGraph"/>), its own calls of this kind included.
/// </summary>
/// <remarks>
/// Refused, each at the call: a callee that stores into a member matrix, jagged array or array of structs, one whose
/// writes aren't known yet (a partner in recursion), one writing a member this method can't name (a private member of
/// a base class), and one whose value is used inside a larger expression; an output span given anything but a local
/// array is refused on the argument (<see cref="RefuseCalleeSpanOutputs"/>).
/// </remarks>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// Whether the call is one <see cref="LowerWritingCall"/> takes: a source [Differentiable] method, void, given objects
    /// whose shadows it takes, or given active values and this method's own local arrays for its output spans.
    /// </summary>
    private bool IsWritingCall(IInvocationOperation call) =>
        call.TargetMethod.ReturnsVoid && SymbolFacts.IsDifferentiable(call.TargetMethod) && call.TargetMethod.DeclaringSyntaxReferences.Length > 0
        && InlinedFunctions.Find(call) is null && !IsNestedCall(call)
        && (InstanceMembers.HasShadow(call.TargetMethod) || call.TargetMethod.Parameters.Any(ObjectParameters.IsObjectParameter)
            || (FillsSpanOutputsFromActiveValues(call) && OutputArguments(call).All(a => OutputArrayOf(a) is not null)));

    /// <summary>The arguments a call passes to its output spans.</summary>
    private static IEnumerable<IArgumentOperation> OutputArguments(IInvocationOperation call) =>
        call.Arguments.Where(a => a.Parameter is { } parameter && SymbolFacts.IsWritableSpanParameter(parameter));

    /// <summary>
    /// The local array of this method an output span is given (<c>Derivative(x, k, d)</c>, <c>d</c> a <c>new double[n]</c>
    /// that carries a derivative), whose elements the call then writes; null for anything else (a parameter, a member, a
    /// slice), which <see cref="RefuseCalleeSpanOutputs"/> refuses.
    /// </summary>
    private int? OutputArrayOf(IArgumentOperation argument) =>
        LocalOf(argument.Value) is int id && _scope.Variables[id] is { Active: true, Shape: ValueShape.Vector, View: null, Role: VariableRole.Local } ? id : null;

    /// <summary>The local of this method <paramref name="value"/> is (under implicit conversions), or null.</summary>
    private int? LocalOf(IOperation value) =>
        ActivityAnalysis.VariableOf(ImplicitConversions.Unwrapped(value)) is ILocalSymbol local && _scope.TryGetVariable(local, out int id) ? id : null;

    // Calls with a value to methods that write members (MethodLowering.ObjectCalls), and those whose value was lowered.
    private readonly HashSet<IInvocationOperation> _memberWritingCalls = new();
    private readonly HashSet<IInvocationOperation> _memberWritingCallsLowered = new();

    /// <summary>
    /// A call with a float value to a method that writes members: the call into a temporary of its own, which the
    /// value reads. Only as the whole value of a declaration, an assignment or a return: inside a larger expression,
    /// C# would read the members it writes before or after it, which the IR's order wouldn't show.
    /// </summary>
    private CopyExpr LowerMemberWritingValue(IInvocationOperation invocation, DiffCallExpr call)
    {
        var zero = new CopyExpr(new ConstantAtom("0", 0));
        _memberWritingCallsLowered.Add(invocation);
        IOperation whole = invocation;
        while (whole.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            whole = conversion;
        }

        if (SymbolFacts.ShapeOf(invocation.TargetMethod.ReturnType) != ValueShape.Scalar)
        {
            Unsupported(invocation.Syntax, $"the call to '{invocation.TargetMethod.Name}', which writes members of the object it is given and returns a '{invocation.TargetMethod.ReturnType.ToDisplayString()}'", "return a float or a double from it, or write what it returns into members too");
            return zero;
        }

        string refusedHow = $"its backward starts from the members as they were before the call; assign its value to a local of its own first (double v = {invocation.TargetMethod.Name}(…);)";
        if (whole.Parent is not (IVariableInitializerOperation or IReturnOperation or ISimpleAssignmentOperation { Parent: IExpressionStatementOperation })
            || (whole.Parent is ISimpleAssignmentOperation assignment && assignment.Value != whole))
        {
            Unsupported(invocation.Syntax, $"the call to '{invocation.TargetMethod.Name}', which writes members of the object it is given, inside a larger expression", refusedHow);
            return zero;
        }

        if (WrittenByCall(invocation) is not { } written)
        {
            return zero;
        }

        int result = _scope.NewTemporary(SymbolFacts.KindOf(invocation.TargetMethod.ReturnType), active: true);
        EmitWritingCall(invocation, call, written, result);
        return new CopyExpr(new VariableAtom(result));
    }

    /// <summary>The call to a method that writes members that is <paramref name="value"/> (converted implicitly or not), or null.</summary>
    private IInvocationOperation? MemberWritingCallOf(IOperation value) =>
        ImplicitConversions.Unwrapped(value) is IInvocationOperation call && _memberWritingCalls.Contains(call) ? call : null;

    /// <summary>A call with a value to a method that writes members, copied where its value carries no derivative: its writes would be out of sight.</summary>
    private void RefuseUnloweredMemberWritingCalls()
    {
        foreach (IInvocationOperation invocation in _memberWritingCalls.Where(c => !_memberWritingCallsLowered.Contains(c)).OrderBy(c => c.Syntax.SpanStart))
        {
            Unsupported(invocation.Syntax, $"the call to '{invocation.TargetMethod.Name}', which writes members of the object it is given, where its value carries no derivative", $"its writes would be out of sight of the derivative; call it where its value is used, or as a statement of a method returning nothing");
        }
    }

    private void LowerWritingCall(IInvocationOperation invocation)
    {
        if (!HoistEmbeddedEffects(invocation, rootIsStatement: true) || LowerInvocation(invocation) is not DiffCallExpr call)
        {
            return; // Refused where it was lowered (the callee, the objects, an argument).
        }

        if (WrittenByCall(invocation) is { } written)
        {
            EmitWritingCall(invocation, call, written, result: null);
        }
    }

    /// <summary>
    /// The call as a <see cref="WritingCallStmt"/>: the float members it writes kept one by one, the member arrays it
    /// stores into and the local arrays given to its output spans kept whole.
    /// </summary>
    private void EmitWritingCall(IInvocationOperation invocation, DiffCallExpr call, List<int> written, int? result)
    {
        // An argument that is a float member the call writes (Bump(Scale)) gives the callee the member's value before the
        // call: a temporary of its own, so that the backward's ref for it isn't the member's adjoint, which the backward
        // moves from the member's new value to its old one (given the same ref, the two updates mixed).
        Atom OwnCopy(Atom argument)
        {
            if (argument is not VariableAtom { VariableId: int member } || !written.Contains(member) || _scope.Variables[member].Shape != ValueShape.Scalar)
            {
                return argument;
            }

            int copy = _scope.NewTemporary(_scope.Variables[member].Kind, _scope.Variables[member].Active);
            Emit(new AssignStmt(copy, new CopyExpr(argument), Declares: true, Overwrites: false, Save: null));
            return new VariableAtom(copy);
        }

        call = call with { Arguments = call.Arguments.Select(OwnCopy).ToEquatableArray() };
        bool IsArray(int variable) => _scope.Variables[variable].Shape == ValueShape.Vector;
        var arrays = written.Where(IsArray).Concat(OutputArguments(invocation).Select(OutputArrayOf).OfType<int>()).Distinct().ToEquatableArray();
        Emit(new WritingCallStmt(call, written.Where(id => !IsArray(id)).ToEquatableArray(), Result: result, Arrays: arrays));
    }

    /// <summary>The variables of this method the callee writes, in order; null (reported) when they can't be followed.</summary>
    private List<int>? WrittenByCall(IInvocationOperation invocation)
    {
        IMethodSymbol callee = invocation.TargetMethod;
        string refusedHow = $"its backward starts from the members as they were before the call, and only float members and arrays of numbers are given back; return what '{_scope.Method.Name}' needs instead, or write it in '{_scope.Method.Name}' itself";
        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, _scope.Method.OriginalDefinition)
            || CallGraph.SyntaxOf(callee.OriginalDefinition, CancellationToken.None) is not { } syntax
            || !AnalysisCache.For(invocation.SemanticModel!.Compilation).TryGet(syntax, out AnalysisResult known))
        {
            Unsupported(invocation.Syntax, $"the call to '{callee.Name}', a method calling this one back, whose writes into the members are not known yet", refusedHow);
            return null;
        }

        if (known.Model is not { } model)
        {
            return null; // The callee's own errors: the call was refused where it was lowered.
        }

        var parameterIds = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        bool IsMember(int id) => model.Variables[id].Role == VariableRole.Parameter && !parameterIds.Contains(id);
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (Stmt s in model.Body.Flattened())
        {
            // A member array's elements stored into: one of numbers is kept whole; a matrix, a jagged array's rows, an array of structs aren't.
            if (s is ElementAssignStmt or RowAllocStmt && s.WrittenVariables().First() is int array && IsMember(array) && model.Variables[array].Shape != ValueShape.Vector)
            {
                Unsupported(invocation.Syntax, $"the call to '{callee.Name}', which stores into the elements of '{model.Variables[array].Name}', a member of a shape the caller doesn't keep whole", refusedHow);
                return null;
            }

            names.UnionWith(s switch
            {
                AssignStmt assign when IsMember(assign.Target) => [model.Variables[assign.Target].Name],
                ElementAssignStmt store when IsMember(store.Array) => [model.Variables[store.Array].Name],
                WritingCallStmt call => call.Written.Concat(call.Arrays).Where(IsMember).Select(id => model.Variables[id].Name),
                _ => [],
            });
        }

        var written = new List<int>();
        foreach (string name in names)
        {
            int dot = name.IndexOf('.');
            string? owner = OwnerInCaller(invocation, name.Substring(0, dot));
            int id = owner is null ? -1 : _scope.Variables.FindIndex(v => v.Name == owner + name.Substring(dot) && _scope.IsMember(v.Id));
            if (id < 0)
            {
                Unsupported(invocation.Syntax, $"the call to '{callee.Name}', which writes the member '{name}' that '{_scope.Method.Name}' doesn't follow", refusedHow);
                return null;
            }

            written.Add(_scope.Variables[id].Id);
        }

        return written;
    }

    /// <summary>
    /// How this method names the object the callee calls <paramref name="owner"/> (<c>this</c> for its receiver, else
    /// one of its object parameters): <c>this</c> or an object parameter of this method; null for anything else.
    /// </summary>
    private static string? OwnerInCaller(IInvocationOperation invocation, string owner)
    {
        IOperation? given = owner == "this"
            ? invocation.Instance
            : invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && SymbolFacts.Escape(p.Name) == owner)?.Value;
        return ImplicitConversions.Unwrapped(given) switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this",
            IParameterReferenceOperation { Parameter: var parameter } when ObjectParameters.IsObjectParameter(parameter) => SymbolFacts.Escape(parameter.Name),
            _ => null,
        };
    }
}
