using System.Collections.Generic;
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

        if (_depth > 0 && (_recomputedBody is null || ReplacesRowsOf(_recomputedBody, local)))
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

        if (store is not ISimpleAssignmentOperation { Value: IArrayCreationOperation { Initializer: null, DimensionSizes: [var length] } } || element.Indices.Count != 1)
        {
            Unsupported(store.Syntax, $"'{_scope.Renderer.RenderOneLine(store.Syntax)}' on the local jagged array '{a.Name}'", "give a row a new array of zeros, a[i] = new T[m], then write its elements (a row that is another array would alias it)");
            return null;
        }

        Atom index = LowerAtom(element.Indices[0]);
        Emit(new RowAllocStmt(array, index, LowerAtom(length)));
        return new[] { index }.ToEquatableArray();
    }
}
