using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Active local arrays allocated inside loops and branches (<c>for (…) { var h = new double[n]; … }</c>, scratch
/// arrays and layer activations per iteration): each run of the block has its own array, which the save analysis
/// keeps for the reverse sweep like any overwritten value (a stack of array references in a loop), and its own
/// adjoint, rented at the start of the block's reverse and given back where the reverse undoes the allocation
/// (<see cref="ArrayScopeStmt"/>).
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly HashSet<int> _blockArrays = new();

    /// <summary>
    /// <c>T[] h = new T[n]</c> (or a collection expression, or the array a [Differentiable] callee returns) declared
    /// inside a branch or loop: a fresh array each time, followed by the block's reverse; anything else there (a span,
    /// a matrix) stays refused.
    /// </summary>
    private bool IsBlockArrayAllocation(int target, IOperation value)
    {
        Variable v = _scope.Variables[target];
        bool fresh = value is IArrayCreationOperation || value is IConversionOperation { IsImplicit: true, Operand: ICollectionExpressionOperation }
            || (value.Type is { } type && IsCalleeArray(value, type));
        // A matrix: allocated with 'new T[r, c]' (its adjoint is allocated with it in the reverse, not pooled).
        bool matrix = v.Shape == ValueShape.Matrix && value is IArrayCreationOperation && value.Type is IArrayTypeSymbol { Rank: 2 };
        if (value.Type is not IArrayTypeSymbol arrayType || (!matrix && (v.Shape is not (ValueShape.Vector or ValueShape.StructArray) || arrayType.Rank != 1 || !fresh)))
        {
            return false;
        }

        // Hoisted out of its block for the reverse sweep, it holds an array wherever it is read: not the 'T[]?' of a 'var'.
        _scope.Variables[target] = v with { TypeName = SymbolFacts.TypeName(arrayType) };
        _blockArrays.Add(target);
        return true;
    }

    /// <summary>Appends an <see cref="ArrayScopeStmt"/> to each block that allocates one of <see cref="_blockArrays"/>.</summary>
    private List<Stmt> WithArrayScopes(List<Stmt> body)
    {
        if (_blockArrays.Count == 0)
        {
            return body;
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        var result = new List<Stmt>(body.Count + 1);
        var allocated = new List<int>();
        foreach (Stmt s in body)
        {
            result.Add(WithInnerArrayScopes(s));
            allocated.AddRange(Allocations(s));
        }

        result.AddRange(allocated.Select(a => new ArrayScopeStmt(a)));
        return result;
    }

    /// <summary>The statement with the blocks nested in it (through the statements it quotes) given their scopes.</summary>
    private Stmt WithInnerArrayScopes(Stmt s) => s switch
    {
        SourceStmt source => source with { Body = source.Body.Select(WithInnerArrayScopes).ToEquatableArray() },
        IfStmt branch => branch with { Then = WithArrayScopes(branch.Then.ToList()).ToEquatableArray(), Else = WithArrayScopes(branch.Else.ToList()).ToEquatableArray() },
        LoopStmt loop => loop with { Body = WithArrayScopes(loop.Body.ToList()).ToEquatableArray() },
        _ => s,
    };

    /// <summary>The block arrays a statement of a block allocates at that block's level (through the statements it quotes).</summary>
    private IEnumerable<int> Allocations(Stmt s) => s switch
    {
        SourceStmt source => source.Body.SelectMany(Allocations),
        AssignStmt { Declares: true } assign when _blockArrays.Contains(assign.Target) => [assign.Target],
        _ => [],
    };
}
