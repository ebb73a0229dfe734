using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Span slices of active parameters (<c>x[1..]</c>, <c>x[a..b]</c>, <c>x.Slice(a, n)</c>, <c>x.AsSpan(a, n)</c>,
/// <c>MemoryExtensions.AsSpan(x, a)</c>), in a span local or passed to a <c>[Differentiable]</c> method: a view of
/// the parameter's memory from a start index on (<see cref="SliceView"/>). The view is an active vector like any
/// other, so its element reads and the calls it is passed to need nothing new; only its adjoint differs: the same
/// slice of the parameter's adjoint, so what the reverse sweep adds into it lands in the parameter's.
/// Sound because the parameter is read-only in the method (a view of it is never written, and it never changes
/// under the view), and the start is a value the reverse sweep can evaluate again where it declares the adjoint.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Where a slice starts in its parent: at 0, at an int index, at <c>^n</c> (n from the end); or a jagged array's row <c>w[i]</c>.</summary>
    private enum SliceStart
    {
        Zero,
        Index,
        FromEnd,
        Row,
    }

    private readonly record struct SliceSource(IOperation Parent, SliceStart StartKind, IOperation? Start);

    // The recomputed locals of the counted loop whose body is being lowered (null when it has none), that body's
    // depth, and the body: a slice passed to a call there is set again by each reverse iteration, like those locals.
    private List<RecomputedLocal>? _recomputedHere;
    private int _recomputedDepth = -1;
    private IOperation? _recomputedBody;

    /// <summary>The parent and start of a slice expression (through implicit conversions), or null when it is not one.</summary>
    private static SliceSource? SliceOf(IOperation value)
    {
        IOperation op = ImplicitConversions.Unwrapped(value);

        switch (op)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } span } slice when IsSpanType(span.Type):
                return new SliceSource(span, SliceStart.Index, ArgumentFor(slice, 0));
            case IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true } method } asSpan
                when method.ContainingType is { Name: "MemoryExtensions", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    && ArgumentFor(asSpan, 0) is { Type: IArrayTypeSymbol } array:
                if (asSpan.TargetMethod.Parameters.Length == 1)
                {
                    return new SliceSource(array, SliceStart.Zero, null);
                }

                IOperation second = ArgumentFor(asSpan, 1)!;
                return second.Type?.SpecialType == SpecialType.System_Int32 ? new SliceSource(array, SliceStart.Index, second) : FromRangeOrIndex(array, second);
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: var range } when IsSpanType(instance.Type) && IsSystemType(range.Type, "Range"):
                return FromRangeOrIndex(instance, range);
            case IArrayElementReferenceOperation { ArrayReference: var array, Indices: [var range] } when IsSystemType(range.Type, "Range"):
                return FromRangeOrIndex(array, range);
            case IArrayElementReferenceOperation { ArrayReference: var jagged, Indices: [{ Type.SpecialType: SpecialType.System_Int32 } row] } when SymbolFacts.ShapeOf(jagged.Type) == ValueShape.Jagged:
                // A row of a jagged array: the array it holds is a view of the jagged array's memory too.
                return new SliceSource(jagged, SliceStart.Row, row);
            case IParameterReferenceOperation when op != value:
                // ReadOnlySpan<double> s = x: a view of the whole array.
                return new SliceSource(op, SliceStart.Zero, null);
            default:
                return null;
        }
    }

    /// <summary>A <c>Range</c> (<c>a..b</c>: where it starts) or an <c>Index</c> (<c>a</c>, <c>^a</c>) into <paramref name="parent"/>.</summary>
    private static SliceSource FromRangeOrIndex(IOperation parent, IOperation rangeOrIndex)
    {
        IOperation? start = rangeOrIndex is IRangeOperation range ? range.LeftOperand : rangeOrIndex;
        if (start is null)
        {
            return new SliceSource(parent, SliceStart.Zero, null);
        }

        if (start is IConversionOperation { IsImplicit: true, Operand: { Type.SpecialType: SpecialType.System_Int32 } index })
        {
            return new SliceSource(parent, SliceStart.Index, index);
        }

        // ^n, or a Range or Index held in a variable (whose start isn't known here: refused by the caller).
        return start is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand: var fromEnd } && fromEnd.Type?.SpecialType == SpecialType.System_Int32
            ? new SliceSource(parent, SliceStart.FromEnd, fromEnd)
            : new SliceSource(parent, SliceStart.Index, null);
    }

    private static IOperation? ArgumentFor(IInvocationOperation call, int ordinal)
    {
        IOperation? value = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
        while (value is IConversionOperation { IsImplicit: true, Operand: var operand } && ordinal == 0 && operand.Type is IArrayTypeSymbol)
        {
            value = operand;
        }

        return value;
    }

    private static bool IsSpanType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsSystemType(ITypeSymbol? type, string name) =>
        type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named && named.Name == name;

    /// <summary>The sliced parameter's variable when <paramref name="slice"/> may become a view; otherwise reports why not and returns null.</summary>
    /// <param name="argument">The slice is passed straight to a call: a row of a local jagged array may be (<see cref="LocalJaggedRow"/>).</param>
    private int? SliceParent(SliceSource slice, IOperation at, bool argument = false)
    {
        IOperation parent = ImplicitConversions.Unwrapped(slice.Parent);

        string text = _scope.Renderer.RenderOneLine(at.Syntax);
        if (argument && slice.StartKind == SliceStart.Row && ActivityAnalysis.VariableOf(parent) is ILocalSymbol local && _scope.TryGetVariable(local, out int rows)
            && _scope.Variables[rows] is { Active: true, Shape: ValueShape.Jagged, View: null })
        {
            return LocalJaggedRow(slice, at, local, rows);
        }

        if (ActivityAnalysis.VariableOf(parent) is not IParameterSymbol parameter || !_scope.TryGetVariable(parameter, out int id)
            || _scope.Variables[id].Role != VariableRole.Parameter || _scope.IsMember(id) || _scope.Variables[id].View is not null)
        {
            Unsupported(at.Syntax, $"the slice '{text}', which is not of a parameter", "slice the array or span parameter itself (a slice of a local or of a slice is not followed yet)");
            return null;
        }

        if (_scope.Variables[id].Shape != (slice.StartKind == SliceStart.Row ? ValueShape.Jagged : ValueShape.Vector))
        {
            Unsupported(at.Syntax, $"the slice '{text}' of '{parameter.Name}'", "slices are followed for arrays and spans of float or double; index the elements instead");
            return null;
        }

        if (WritesVariable(_body, parameter) || WrittenSpans().Contains(id))
        {
            Unsupported(at.Syntax, $"the {(slice.StartKind == SliceStart.Row ? "row" : "slice")} '{text}' of '{parameter.Name}', which the method writes", "slice only parameters the method reads; write an output span's elements directly");
            return null;
        }

        if (slice.StartKind != SliceStart.Zero && (slice.Start is null || !IsPureIndex(slice.Start)))
        {
            Unsupported(at.Syntax, $"the slice '{text}', whose start the reverse sweep can't evaluate again", "write the start as a literal or an int expression of locals and parameters (a Range or Index variable, or a call, is not followed)");
            return null;
        }

        return id;
    }

    /// <summary>An int expression without effects or calls: evaluating it again gives the same value while what it reads is unchanged.</summary>
    private static bool IsPureIndex(IOperation op) => op.DescendantsAndSelf().All(o => o
        is ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
        or IParenthesizedOperation or IConversionOperation { OperatorMethod: null } or IBinaryOperation { OperatorMethod: null } or IUnaryOperation { OperatorMethod: null }
        or IPropertyReferenceOperation { Property.Name: "Length" } or IArrayElementReferenceOperation);

    /// <summary>Whether the reverse sweep can evaluate the start again at any point, not only right after the slice.</summary>
    private bool IsStableStart(SliceSource slice) => slice.StartKind == SliceStart.Zero || IsRecomputable(slice.Start!);

    /// <summary>The start as C# text, in the parent's terms (<c>x.Length - n</c> for <c>^n</c>).</summary>
    private string StartText(SliceSource slice, int parent) => slice.StartKind switch
    {
        SliceStart.Zero => "0",
        SliceStart.FromEnd => $"{_scope.Variables[parent].Name}.Length - {Parenthesized(slice.Start!)}",
        _ => _scope.Renderer.Render(slice.Start!.Syntax),
    };

    /// <summary>
    /// <c>ReadOnlySpan&lt;double&gt; tail = x[1..];</c>: declares the view, once at the top of the method or once per
    /// iteration of a counted loop whose reverse sets it again (<see cref="RecomputedLocalsOf"/>). Returns false when
    /// it is not a slice, so the caller goes on to its own rules.
    /// </summary>
    private bool TryLowerSliceDeclaration(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (!v.Active || v.Shape != ValueShape.Vector || SliceOf(value) is not { } slice)
        {
            return false;
        }

        if (!declares)
        {
            Unsupported(value.Syntax, $"assigning the slice '{v.Name}' again", "declare a new span local for each slice");
            return true;
        }

        if (SliceParent(slice, value) is not { } parent)
        {
            return true;
        }

        bool perIteration = _depth > 0;
        if (perIteration && !_counters.Contains(target))
        {
            Unsupported(value.Syntax, $"the slice '{v.Name}' inside a branch, or in a loop whose reverse can't set it again", "declare it at the top of the method, or at the top of the body of a counted for loop without break or continue, from the loop's index and values the method doesn't change");
            return true;
        }

        string start = StartText(slice, parent);
        if (!IsStableStart(slice) && !perIteration)
        {
            // The start's variables may change later: keep its value for the reverse sweep.
            int kept = _scope.NewInactive(v.Name.TrimStart('@') + "Start", isBool: false);
            Emit(new AssignStmt(kept, new VerbatimExpr(start), Declares: true, Overwrites: false, Save: null));
            start = _scope.Variables[kept].Name;
        }

        _scope.Variables[target] = v with { View = new SliceView(parent, start, perIteration, slice.StartKind == SliceStart.Row) };
        Emit(new AssignStmt(target, new VerbatimExpr(_scope.Renderer.Render(value.Syntax)), Declares: true, Overwrites: false, Save: null));
        return true;
    }

    /// <summary>
    /// A slice passed straight to a <c>[Differentiable]</c> method (<c>Dot(x[..n], x[n..])</c>): a view temporary,
    /// whose adjoint slice the callee's backward takes. Null when <paramref name="op"/> is not a slice; a refused
    /// slice gives a placeholder atom (its issue is reported).
    /// </summary>
    private Atom? TryLowerSliceArgument(IOperation op)
    {
        if (SliceOf(op) is not { } slice)
        {
            return null;
        }

        if (SliceParent(slice, op, argument: true) is not { } parent)
        {
            return new ConstantAtom("default!", null);
        }

        bool perIteration = _depth > 0;
        if (perIteration && !(_recomputedHere is not null && _depth == _recomputedDepth && IsStableStart(slice)))
        {
            Unsupported(op.Syntax, $"the slice '{_scope.Renderer.RenderOneLine(op.Syntax)}' passed inside a branch, or in a loop whose reverse can't take it again", "pass it at the top of the body of a counted for loop without break or continue, from the loop's index and values the method doesn't change, or slice it into a local there");
            return new ConstantAtom("default!", null);
        }

        int view = _scope.NewTemporary(op.Type!);
        string start = StartText(slice, parent);
        string text = _scope.Renderer.Render(op.Syntax);
        if (!IsStableStart(slice) && !perIteration)
        {
            int kept = _scope.NewInactive(_scope.Variables[view].Name.TrimStart('@') + "Start", isBool: false);
            Emit(new AssignStmt(kept, new VerbatimExpr(start), Declares: true, Overwrites: false, Save: null));
            start = _scope.Variables[kept].Name;
        }

        _scope.Variables[view] = _scope.Variables[view] with { Active = true, View = new SliceView(parent, start, perIteration, slice.StartKind == SliceStart.Row) };
        if (perIteration)
        {
            _recomputedHere!.Add(new RecomputedLocal(view, text));
            _counters.Add(view);
        }

        Emit(new AssignStmt(view, new VerbatimExpr(text), Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(view);
    }

    /// <summary>
    /// For <see cref="RecomputedLocalsOf"/>: a span local of a counted loop's body declared as a slice of a parameter
    /// the method doesn't change, at a start the reverse iteration evaluates again, can be set again by each
    /// reverse iteration (with its adjoint) instead of kept.
    /// </summary>
    private bool IsRecomputedSlice(ILocalSymbol local, IOperation value) =>
        _scope.IsActive(local) && SymbolFacts.ShapeOf(local.Type) == ValueShape.Vector
        && SliceOf(value) is { } slice && (IsSpanType(local.Type) || slice.StartKind == SliceStart.Row) && IsStableStart(slice)
        && ActivityAnalysis.VariableOf(slice.Parent is IConversionOperation { IsImplicit: true } c ? c.Operand : slice.Parent) is IParameterSymbol parameter
        && _scope.TryGetVariable(parameter, out int parent) && _scope.Variables[parent].Role == VariableRole.Parameter
        && !WritesVariable(_body, parameter) && !WrittenSpans().Contains(parent);

    /// <summary>A parameter array used as the array of a slice (<c>x.AsSpan(1)</c>): read, not passed on.</summary>
    private static bool IsSlicedArray(IOperation op) =>
        op.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation call } && SliceOf(call) is { } slice && slice.Parent == op;

    /// <summary>Writing through a view would write into the parameter it slices, an input of the derivative.</summary>
    private bool RefuseViewWrite(int array, IOperation store)
    {
        if (_scope.Variables[array].View is not { } view)
        {
            return false;
        }

        Unsupported(store.Syntax, $"writing into '{_scope.Variables[array].Name}', a slice of the parameter '{_scope.Variables[view.Parent].Name}'", "it is an input of the derivative: copy the slice into a local array first, or take the output as a Span<T> parameter");
        return true;
    }

    /// <summary>
    /// A call to a <c>void</c> [Differentiable] method copied as a statement: its only effect is what it writes into
    /// its span outputs, which the copy would change where no derivative follows (a view of a parameter passed
    /// there would even write into an input). Refused while it carries an active value.
    /// </summary>
    private bool RefuseCopiedOutputCall(IOperation op)
    {
        if (op is not IInvocationOperation { TargetMethod.ReturnsVoid: true } call || !_callees.HasDerivative(call.TargetMethod) || !ContainsActiveReference(call))
        {
            return false;
        }

        if (FillsSpanOutputsFromActiveValues(call))
        {
            // Refused on its output arguments; given only local arrays that carry no derivative, it is copied.
            return RefusedOutputArguments(call).Any();
        }

        Unsupported(call.Syntax, $"the call to '{call.TargetMethod.Name}', which writes its outputs into spans", "derivatives through another method's span outputs are not followed yet: make it return an array, or compute the outputs in this method");
        return true;
    }
}
