using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Active local jagged arrays (<c>var h = new double[layers][]; h[l] = new double[n]; h[l][i] = …</c>, a network's
/// activations layer by layer): allocated once at the top of the method, their rows allocated anywhere with
/// <c>new T[m]</c> (<see cref="RowAllocStmt"/>), their elements read and written like a jagged member's. The adjoint
/// has the array's final shape at the start of the reverse sweep; a row allocated again gets back its old array,
/// and its adjoint zeros of that array's shape, where the reverse undoes the allocation.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// <c>new T[n][]</c> declaring a local jagged array outside loops (in a branch too, or after an early return: then
    /// its adjoint exists only where it does). Hoisted out of its block, it is declared with the non-nullable type.
    /// </summary>
    private bool IsLocalJaggedAllocation(int target, IOperation value, bool declares)
    {
        if (!declares || _loopDepth > 0 || value is not IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1, Type: IArrayTypeSymbol { ElementType: IArrayTypeSymbol { Rank: 1 } } type })
        {
            return false;
        }

        _scope.Variables[target] = _scope.Variables[target] with { TypeName = SymbolFacts.TypeName(type) };
        return true;
    }

    /// <summary>
    /// A local jagged array declared, outside loops, with the fresh jagged array a [Differentiable] callee returns
    /// (<c>var h = Layers(x)</c>): then a local jagged array like one it allocates, whose adjoint, of the array's shape
    /// again when the reverse sweep reaches the call, the callee's backward takes as its dResult.
    /// </summary>
    private bool IsLocalJaggedCalleeResult(int target, IOperation value, bool declares)
    {
        if (!declares || _loopDepth > 0 || value.Type is not IArrayTypeSymbol { ElementType: IArrayTypeSymbol { Rank: 1 } } type || !IsCalleeArray(value, type))
        {
            return false;
        }

        _scope.Variables[target] = _scope.Variables[target] with { TypeName = SymbolFacts.TypeName(type) };
        return true;
    }

    /// <summary>
    /// A row of a local jagged array passed straight to a [Differentiable] method (<c>Dot(a[l], x)</c>): a view whose
    /// adjoint is the same row of the adjoint, as for a jagged parameter's row. The callee's backward reads the row
    /// when the reverse sweep gets there: elements stored after the call are given back their old values on the way
    /// (the call's reverse reads the array, <see cref="SaveAnalysis"/>), and a row given again after the call by its
    /// reverse. Passed in a loop, the row is taken again by each reverse iteration, from the index, before the
    /// iteration's own statements are undone: refused when the loop's body gives the array's rows other arrays.
    /// </summary>
    private int? LocalJaggedRow(SliceSource slice, IOperation at, ILocalSymbol local, int rows)
    {
        string text = _scope.Renderer.RenderOneLine(at.Syntax);
        if (slice.Start is null || !IsPureIndex(slice.Start))
        {
            Unsupported(at.Syntax, $"the row '{text}', whose index the reverse sweep can't evaluate again", "index the row with a literal or an int expression of locals and parameters");
            return null;
        }

        if (_depth > 0 && (_recomputedBody is null || ReplacesOtherRowsThan(_recomputedBody, local, slice.Start)))
        {
            Unsupported(at.Syntax, $"the row '{text}' of the local jagged array '{local.Name}', passed in a loop that gives its rows other arrays", "allocate the rows in another loop, or pass the row at the top level of the method");
            return null;
        }

        return rows;
    }

    /// <summary><c>a[i] = new T[m]</c> on a local jagged array; anything else stored as a row is refused. Returns the row's index (null when refused).</summary>
    private EquatableArray<Atom>? LowerRowAllocation(int array, (IOperation Array, IReadOnlyList<IOperation> Indices) element, IOperation store)
    {
        Variable a = _scope.Variables[array];
        if (a.Role == VariableRole.Parameter)
        {
            Unsupported(store.Syntax, $"replacing a row of the jagged array '{a.Name}'", "write its elements, a[i][j] = …");
            return null;
        }

        if (element.Indices.Count == 1 && store is ISimpleAssignmentOperation { Value: { Type: { } rowType } value } && value is not IArrayCreationOperation
            && (IsCalleeArray(value, rowType) || (IsUnwrittenArray(value, rebound: -1) && !WritesElementsOf(element.Array))))
        {
            // A row naming an array: its adjoint adds into that array's where the reverse undoes the row.
            Atom at = LowerAtom(element.Indices[0]);
            Atom named = value is IInvocationOperation call ? CalleeArrayTemporary(call) : LowerAtom(value);
            if (value is not IInvocationOperation)
            {
                _rowsNamingVariables.Add(array);
            }

            _scope.Variables[array] = a with { AdjointIndexName = a.AdjointIndexName ?? _scope.Names.Allocate("k") };
            Emit(new RowAllocStmt(array, at, Length: null, Named: named));
            return new[] { at }.ToEquatableArray();
        }

        if (store is not ISimpleAssignmentOperation { Value: IArrayCreationOperation { Initializer: null, DimensionSizes: [var length] } } || element.Indices.Count != 1)
        {
            Unsupported(store.Syntax, $"'{_scope.Renderer.RenderOneLine(store.Syntax)}' on the local jagged array '{a.Name}'", "give a row a new array of zeros, a[i] = new T[m], then write its elements; or the array a [Differentiable] callee returns; or an array nothing writes into, and then write into none of the rows");
            return null;
        }

        Atom index = LowerAtom(element.Indices[0]);
        Emit(new RowAllocStmt(array, index, LowerAtom(length)));
        return new[] { index }.ToEquatableArray();
    }

    /// <summary>
    /// Whether <paramref name="body"/> gives a row of <paramref name="jagged"/> another array at an index that may be
    /// <paramref name="passed"/>'s in the same iteration (any row when it is null). Rows at <c>l + 1</c> and <c>l</c>, for
    /// an l the body doesn't write, are different rows (<c>a[l + 1] = Layer(a[l])</c>): the row passed is the same all
    /// through the iteration.
    /// </summary>
    private static bool ReplacesOtherRowsThan(IOperation body, ISymbol jagged, IOperation? passed) =>
        body.DescendantsAndSelf().Any(op => op is IAssignmentOperation { Target: IArrayElementReferenceOperation { Indices: [var index], Type: IArrayTypeSymbol } row }
            && SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(row.ArrayReference), jagged)
            && !(passed is not null && OffsetOf(index) is { } replaced && OffsetOf(passed) is { } read && SymbolEqualityComparer.Default.Equals(replaced.Variable, read.Variable)
                && replaced.Offset != read.Offset && !WritesVariable(body, read.Variable)));

    /// <summary><c>l</c>, <c>l + 2</c>, <c>l - 1</c>, <c>1 + l</c>: a variable and a constant offset; else null.</summary>
    private static (ISymbol Variable, long Offset)? OffsetOf(IOperation index)
    {
        index = ImplicitConversions.Unwrapped(index);

        static long? Constant(IOperation op) => op.ConstantValue is { HasValue: true, Value: int value } ? value : null;
        return index switch
        {
            _ when ActivityAnalysis.VariableOf(index) is ILocalSymbol or IParameterSymbol => (ActivityAnalysis.VariableOf(index)!, 0),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand: var left, RightOperand: var right } when Constant(right) is { } c && OffsetOf(left) is { Offset: 0 } v => (v.Variable, c),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand: var left, RightOperand: var right } when Constant(left) is { } c && OffsetOf(right) is { Offset: 0 } v => (v.Variable, c),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, LeftOperand: var left, RightOperand: var right } when Constant(right) is { } c && OffsetOf(left) is { Offset: 0 } v => (v.Variable, -c),
            _ => null,
        };
    }

    // Local jagged arrays with a row naming an array the method doesn't own (a parameter's): never returned.
    private readonly HashSet<int> _rowsNamingVariables = new();

    /// <summary>Whether the method stores into an element of a row of the jagged array <paramref name="jagged"/> (<c>a[i][j] = …</c>).</summary>
    private bool WritesElementsOf(IOperation jagged) =>
        ActivityAnalysis.VariableOf(jagged) is { } symbol
        && _body.DescendantsAndSelf().Any(op => TargetOf(op) is IArrayElementReferenceOperation { ArrayReference: IArrayElementReferenceOperation row }
            && SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(row.ArrayReference), symbol));
}
