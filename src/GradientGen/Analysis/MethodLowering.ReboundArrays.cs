using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Array locals that name arrays rather than fill one (<c>double[] a = x; for (…) a = Layer(W[l], b[l], a);</c>, a
/// network's forward pass layer by layer): every value they are given is a parameter array, another such local, or
/// the fresh array a [Differentiable] callee returns, and nothing stores into their elements. Reading through such a
/// local is reading the array it names, and no array it names is ever written, so each binding can have an adjoint of
/// its own, added into the adjoint of the array it named where the reverse sweep undoes the binding
/// (<see cref="Model.ArrayRebinds"/>). A callee's array is held in a temporary first (one per run of a loop or branch,
/// as a block array), so that the callee's backward adds into the adjoint of the local's previous binding.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<int, bool> _reboundArrays = new();

    /// <summary>Whether the local <paramref name="variable"/> is an array local that only names arrays (see the class summary).</summary>
    private bool IsReboundArray(int variable)
    {
        if (!_reboundArrays.TryGetValue(variable, out bool rebound))
        {
            _reboundArrays[variable] = false; // While deciding: a local given itself (a = b; b = a) is not one.
            rebound = FindReboundArray(variable);
            _reboundArrays[variable] = rebound;
        }

        return rebound;
    }

    private bool FindReboundArray(int variable)
    {
        Variable v = _scope.Variables[variable];
        if (!v.Active || v.Role != VariableRole.Local || v.Shape != ValueShape.Vector || v.View is not null)
        {
            return false;
        }

        ITypeSymbol? type = null;
        var values = new List<IOperation>();
        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            if (op is IVariableDeclaratorOperation declarator && Names(declarator.Symbol, variable))
            {
                if (declarator.Symbol.Type is not IArrayTypeSymbol { Rank: 1 } || declarator.GetVariableInitializer()?.Value is not { } initializer)
                {
                    return false;
                }

                type = declarator.Symbol.Type;
                values.Add(initializer);
            }
            else if (op is ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment && Names(local.Local, variable))
            {
                values.Add(assignment.Value);
            }
            else if ((StoredInto(op) is { } stored && Names(stored, variable))
                || (op is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byReference && ActivityAnalysis.VariableOf(byReference.Value) is { } passed && Names(passed, variable)))
            {
                // Its elements are written (or may be): it holds an array of its own, allocated once (CheckArrayAssignment).
                return false;
            }
        }

        // Given one fresh array, once, it is an ordinary local array (a callee's, or one it fills).
        bool namesAnother = values.Count > 1 || (values.Count == 1 && values[0] is not (IInvocationOperation or IArrayCreationOperation or IConversionOperation));
        if (type is null || !namesAnother || !values.All(value => IsCalleeArray(value, type) || IsUnwrittenArray(value, variable) || IsUnwrittenRow(value, onlyValue: values.Count == 1)))
        {
            return false;
        }

        _scope.Variables[variable] = v with { TypeName = SymbolFacts.TypeName(type), AdjointIndexName = _scope.Names.Allocate("k") };
        return true;
    }

    private bool Names(ISymbol symbol, int variable) => _scope.TryGetVariable(symbol, out int id) && id == variable;

    /// <summary>The array a [Differentiable] callee returns, of the local's type: a fresh array (GG0001 refuses returning any other).</summary>
    private bool IsCalleeArray(IOperation value, ITypeSymbol type) =>
        value is IInvocationOperation { TargetMethod.ReturnType: IArrayTypeSymbol returned } call
        && SymbolEqualityComparer.Default.Equals(returned, type)
        && _callees.HasDerivative(call.TargetMethod);

    /// <summary>
    /// A parameter array (not an output span), another array local that names arrays, or an array local filled before
    /// it is named and not written after: declared in the same block as the statement naming it, every store into it
    /// between the two (<c>var next = new double[n]; … next[o] = …; a = next;</c> in a loop body: each run its own).
    /// </summary>
    private bool IsUnwrittenArray(IOperation value, int rebound)
    {
        if (ActivityAnalysis.VariableOf(value) is not { } symbol || !_scope.TryGetVariable(symbol, out int id) || id == rebound
            || SymbolFacts.ShapeOf(value.Type) != ValueShape.Vector || value.Type is not IArrayTypeSymbol)
        {
            return false;
        }

        return symbol switch
        {
            IParameterSymbol { RefKind: RefKind.None or RefKind.In } => true,
            ILocalSymbol local => IsReboundArray(id) || IsFilledBefore(local, value),
            _ => false,
        };
    }

    /// <summary>
    /// A row of a jagged array whose elements the method never writes (<c>a[l]</c>, at an index the reverse sweep can
    /// evaluate again): the local names the row's array. A jagged parameter's row held once is a view instead
    /// (<see cref="TryLowerSliceDeclaration"/>): only a local's rows, or rows given one after another, are named.
    /// </summary>
    private bool IsUnwrittenRow(IOperation value, bool onlyValue) =>
        value is IArrayElementReferenceOperation { Indices: [var index], ArrayReference: var rows }
        && ActivityAnalysis.VariableOf(rows) is { } jagged && _scope.TryGetVariable(jagged, out int id) && _scope.Variables[id] is { Shape: ValueShape.Jagged, View: null } variable
        && !(onlyValue && variable.Role == VariableRole.Parameter)
        && IsPureIndex(index) && !WritesElementsOf(rows);

    private bool IsFilledBefore(ILocalSymbol local, IOperation value)
    {
        IOperation? declaration = _body.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>().FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local));
        if (declaration is null || StatementOf(declaration) is not { } declared || StatementOf(value) is not { } naming || declared.Parent != naming.Parent)
        {
            return false;
        }

        return _body.DescendantsAndSelf().All(op => !SymbolEqualityComparer.Default.Equals(StoredInto(op), local)
            || (op.Syntax.SpanStart > declared.Syntax.SpanStart && op.Syntax.Span.End <= naming.Syntax.SpanStart));
    }

    /// <summary>The array (or struct) whose element (or member) <paramref name="op"/> stores into; null when it stores into none.</summary>
    private static ISymbol? StoredInto(IOperation op) =>
        TargetOf(op) is { } target && target is not ILocalReferenceOperation ? ActivityAnalysis.StorageOf(target) : null;

    /// <summary>The statement of a block that holds <paramref name="op"/>.</summary>
    private static IOperation? StatementOf(IOperation op)
    {
        while (op.Parent is { } parent && parent is not IBlockOperation)
        {
            op = parent;
        }

        return op.Parent is null ? null : op;
    }

    /// <summary>
    /// <c>a = value</c> for a rebound array local: a callee's array is held in a temporary first (a block array inside
    /// a loop or branch), then the local names it.
    /// </summary>
    private void LowerArrayRebind(int target, IOperation value, bool declares)
    {
        if (declares && _depth > 0)
        {
            // Declared in a loop's body or a branch (or after an early return): its adjoint exists where it does, rented
            // at the start of the block's reverse and given back where the reverse undoes the declaration
            // (MethodLowering.BlockArrays); in a loop, the declaration keeps the array the last run left.
            _blockArrays.Add(target);
        }

        Expr source = value switch
        {
            IInvocationOperation call => new CopyExpr(CalleeArrayTemporary(call)),
            IArrayElementReferenceOperation { Indices: [var index], ArrayReference: var rows } => new ElementExpr(_scope.VariableOf(ActivityAnalysis.VariableOf(rows)!), new[] { LowerAtom(index) }.ToEquatableArray()),
            _ => new CopyExpr(LowerAtom(value)),
        };
        Emit(new AssignStmt(target, source, declares, Overwrites: false, Save: null));
    }

    /// <summary>
    /// The array a [Differentiable] callee returns, held in a temporary: one per run of the block inside a loop or branch,
    /// with its own adjoint (<see cref="IsBlockArrayAllocation"/>), whose adjoint the callee's backward takes.
    /// </summary>
    private VariableAtom CalleeArrayTemporary(IInvocationOperation call)
    {
        int temporary = _scope.NewArrayTemporary(call.Type!);
        if (_depth > 0)
        {
            _scope.Variables[temporary] = _scope.Variables[temporary] with { TypeName = SymbolFacts.TypeName(call.Type!) };
            _blockArrays.Add(temporary);
        }

        Emit(new AssignStmt(temporary, LowerInvocation(call), Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(temporary);
    }
}
