using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Vectors and matrices: element reads and stores of active arrays and spans, local arrays, and the
/// rules that keep array derivatives sound (no aliasing, no writes the analysis cannot see).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The variable of an element access's array, when that array is active.</summary>
    private int? ActiveArrayOf((IOperation Array, IReadOnlyList<IOperation> Indices) element) =>
        ActivityAnalysis.VariableOf(element.Array) is { } symbol && _scope.IsActive(symbol) ? _scope.VariableOf(symbol) : null;

    private EquatableArray<Atom> LowerIndices(IReadOnlyList<IOperation> indices) => indices.Select(LowerAtom).ToEquatableArray();

    /// <summary>A <c>Span&lt;T&gt;</c> parameter the method may write its outputs into (<see cref="SymbolFacts.IsWritableSpanParameter"/>).</summary>
    private bool IsWritableSpan(int variable) =>
        _scope.Method.Parameters.Any(p => SymbolFacts.IsWritableSpanParameter(p) && _scope.TryGetVariable(p, out int id) && id == variable);

    private HashSet<int>? _writtenSpans;

    /// <summary>The <c>Span&lt;T&gt;</c> parameters whose elements the method stores into anywhere (its outputs).</summary>
    private HashSet<int> WrittenSpans() =>
        _writtenSpans ??= new HashSet<int>(
            from op in _body.DescendantsAndSelf()
            let target = TargetOf(op)
            where target is not null && ActivityAnalysis.ElementOf(target) is not null
            let symbol = ActivityAnalysis.VariableOf(ActivityAnalysis.ElementOf(target)!.Value.Array)
            where symbol is IParameterSymbol parameter && SymbolFacts.IsWritableSpanParameter(parameter) && _scope.TryGetVariable(symbol, out _)
            select _scope.VariableOf(symbol!));

    /// <summary>A row <c>a[i]</c> of a jagged array where an element <c>a[i][j]</c> is expected: a row is not a number.</summary>
    private bool IsJaggedRow(int array, (IOperation Array, IReadOnlyList<IOperation> Indices) element) =>
        _scope.Variables[array].Shape == ValueShape.Jagged && element.Indices.Count != 2;

    /// <summary><c>a[i] = value</c>, <c>a[i] += value</c>, … into an active array. Returns the indices it stored at (null when refused).</summary>
    /// <param name="member">For a struct: the member's path (<c>d.X = v</c>); the element has no indices then.</param>
    private EquatableArray<Atom>? LowerElementStore(int array, (IOperation Array, IReadOnlyList<IOperation> Indices) element, IOperation store, string member = "")
    {
        Variable a = _scope.Variables[array];
        if (RefuseViewWrite(array, store))
        {
            return null;
        }

        if (IsJaggedRow(array, element))
        {
            return LowerRowAllocation(array, element, store);
        }

        if (a.Role == VariableRole.Parameter && !IsWritableSpan(array) && !IsWritableMemberArray(array))
        {
            Unsupported(store.Syntax, $"writing into the {(_scope.IsMember(array) ? "member" : "parameter")} '{a.Name}'", _scope.IsMember(array)
                ? "of the members, only T[] and T[,] arrays of numbers can be written: store into one of those"
                : "it is an input of the derivative: copy it into a local array first, return the result, or take the output as a Span<T> parameter");
            return null;
        }

        if (a.Shape == ValueShape.StructArray && member.Length == 0)
        {
            return LowerStructElementStore(array, element, store);
        }

        EquatableArray<Atom> indices = LowerIndices(element.Indices);
        switch (store)
        {
            case ISimpleAssignmentOperation assignment:
                Emit(new ElementAssignStmt(array, indices, LowerAtom(assignment.Value), Compound: null, Member: member));
                break;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound when SymbolFacts.KindOf(compound.Value.Type) == a.Kind:
                Emit(new ElementAssignStmt(array, indices, LowerAtom(compound.Value), Operator(compound.OperatorKind), Member: member));
                break;
            case ICompoundAssignmentOperation compound when Operator(compound.OperatorKind) is { } op && SymbolFacts.KindOf(compound.Value.Type) == a.Kind:
                // a[i] *= v: read the element, compute, store.
                int old = _scope.NewTemporary(a.Kind, active: true);
                Emit(new AssignStmt(old, new ElementExpr(array, indices, Member: member), Declares: true, Overwrites: false, Save: null));
                Atom right = LowerAtom(compound.Value);
                int updated = _scope.NewTemporary(a.Kind, active: true);
                Emit(new AssignStmt(updated, new BinaryExpr(op, new VariableAtom(old), right), Declares: true, Overwrites: false, Save: null));
                Emit(new ElementAssignStmt(array, indices, new VariableAtom(updated), Compound: null, Member: member));
                break;
            case IIncrementOrDecrementOperation step:
                var one = new ConstantAtom(GradientGen.Emit.Literals.One(a.Kind), 1);
                Emit(new ElementAssignStmt(array, indices, one, step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract, Member: member));
                break;
            default:
                Unsupported(store.Syntax, $"'{_scope.Renderer.RenderOneLine(store.Syntax)}'", "use =, +=, -=, *= or /= on the element, with a value of the element's type");
                return null;
        }

        return indices;
    }

    /// <summary>
    /// <c>q[i] = value</c>, <c>q[i] += value</c>, <c>q[i] -= value</c> for a local array of structs: the value's members
    /// computed, then stored at the element's members (added for the vectors' and Complex's member-wise + and -).
    /// </summary>
    private EquatableArray<Atom>? LowerStructElementStore(int array, (IOperation Array, IReadOnlyList<IOperation> Indices) element, IOperation store)
    {
        Variable a = _scope.Variables[array];
        (bool supported, BinaryOperator? compound) = store switch
        {
            ISimpleAssignmentOperation => (true, (BinaryOperator?)null),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, OperatorMethod: { } method } c
                when (IsVectorType(method.ContainingType) || StructRebuilds.IsComplex(method.ContainingType)) && StructShapes.IsStruct(c.Value.Type) => (true, Operator(c.OperatorKind)),
            _ => (false, null),
        };
        IOperation value = ((IAssignmentOperation)store).Value;
        if (!supported || !StructShapes.IsStruct(value.Type))
        {
            Unsupported(store.Syntax, $"'{_scope.Renderer.RenderOneLine(store.Syntax)}' on the array of structs '{a.Name}'", "assign the element with '=', add or subtract a vector with '+=' or '-=', or change its members one by one");
            return null;
        }

        EquatableArray<Atom> indices = LowerIndices(element.Indices);
        if (!KeepsOtherState(value) || StructLeaves(value) is not { } leaves)
        {
            return null;
        }

        ImmutableArray<string> paths = StructShapes.LeavesOf(value.Type);
        for (int i = 0; i < paths.Length; i++)
        {
            Emit(new ElementAssignStmt(array, indices, leaves[i], compound, Member: paths[i]));
        }

        return indices;
    }

    /// <summary>
    /// An active local array is allocated once, at the top level of the method, and never reassigned, so
    /// that its adjoint (same shape) exists for the whole reverse sweep and nothing else aliases it. Returns
    /// false when the assignment has been refused, or already lowered (a collection expression).
    /// </summary>
    private bool CheckArrayAssignment(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (v.Shape is not (ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray))
        {
            return true;
        }

        if (IsBuiltListDeclaration(target, value, declares))
        {
            return true;
        }

        if (IsReboundArray(target))
        {
            LowerArrayRebind(target, value, declares);
            return false;
        }

        if (TryLowerSliceDeclaration(target, value, declares) || RefuseActiveListLocal(target, value))
        {
            return false;
        }

        if (v.Active && v.Shape == ValueShape.Jagged && IsLocalJaggedCalleeResult(target, value, declares))
        {
            // var h = Layers(x): the jagged array a [Differentiable] callee returns; its backward takes h's adjoint.
            Emit(new AssignStmt(target, LowerInvocation((IInvocationOperation)value), Declares: true, Overwrites: false, Save: null));
            return false;
        }

        if (v.Active && v.Shape == ValueShape.Jagged && !IsLocalJaggedAllocation(target, value, declares))
        {
            Unsupported(value.Syntax, $"the local jagged array '{v.Name}' over active data", "allocate it once, outside loops, with 'new T[n][]', then its rows with 'a[i] = new T[m]'; or read the jagged parameter (or member) itself");
            return false;
        }

        if (v.Active && v.Shape == ValueShape.StructArray && !(v.TypeName.TrimEnd('?').EndsWith("[]", System.StringComparison.Ordinal) && value is IArrayCreationOperation && declares))
        {
            Unsupported(value.Syntax, $"the local array of structs '{v.Name}' over active data", "allocate it with 'new S[n]' and write its elements; or read the parameter (or member) itself, q[i].X");
            return false;
        }

        if (!v.Active)
        {
            // An inactive array variable must not alias an active one: writes through it would go unseen. (A
            // [Differentiable] callee's array is a fresh one.)
            if (value is not IArrayCreationOperation && !(value.Type is { } type && IsCalleeArray(value, type)) && ActivityAnalysis.DifferentiableReads(value).Any(_scope.IsActive))
            {
                Unsupported(value.Syntax, $"'{v.Name}' referring to the active array '{_scope.Renderer.RenderOneLine(value.Syntax)}'", "use the active array itself, or copy its elements into a new array");
                return false;
            }

            return true;
        }

        // A span local is differentiated only over its own stack memory: anything else would alias other data.
        bool stackMemory = value.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax;
        if (v.TypeName.Contains("Span<") && !stackMemory)
        {
            Unsupported(value.Syntax, $"the span local '{v.Name}' over active data", "index the array or parameter directly, or give the span its own memory with stackalloc");
            return false;
        }

        if (!declares || (_depth > 0 && v.Shape != ValueShape.Jagged && !IsBlockArrayAllocation(target, value)))
        {
            Unsupported(value.Syntax, $"assigning the active array '{v.Name}' {(declares ? "inside a branch or loop" : "again")}", declares
                ? "there, declare a T[] with 'new T[n]', a collection expression or a [Differentiable] callee's array, or a T[,] with 'new T[r, c]' (one per run); allocate a span once at the top of the method"
                : "allocate it once with 'new' at the top of the method and write its elements; or give it only arrays nothing writes into once it names them (a = x, a = Layer(a)), and write into none of its elements");
            return false;
        }

        if (value is IConversionOperation { IsImplicit: true, Operand: ICollectionExpressionOperation collection } && v.Shape == ValueShape.Vector
            && v.TypeName.EndsWith("[]", System.StringComparison.Ordinal) && collection.Elements.All(e => e is not ISpreadOperation))
        {
            // [a, b, c]: a fresh array of that length, then one element store each (derivatives flow per element).
            string element = SymbolFacts.KeywordFor(v.Kind);
            Emit(new AssignStmt(target, new VerbatimExpr($"new {element}[{collection.Elements.Length}]"), Declares: true, Overwrites: false, Save: null));
            for (int i = 0; i < collection.Elements.Length; i++)
            {
                var index = new ConstantAtom(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i);
                Emit(new ElementAssignStmt(target, new[] { (Atom)index }.ToEquatableArray(), LowerAtom(collection.Elements[i]), Compound: null));
            }

            return false;
        }

        if (stackMemory && !(value.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax { Initializer: not null }))
        {
            return true;
        }

        // double[] y = Layer(x): the array a [Differentiable] callee returns; its backward takes y's adjoint.
        if (value is IInvocationOperation { TargetMethod.ReturnType: IArrayTypeSymbol returned } && SymbolEqualityComparer.Default.Equals(returned, value.Type)
            && _callees.HasDerivative(((IInvocationOperation)value).TargetMethod))
        {
            Emit(new AssignStmt(target, LowerInvocation((IInvocationOperation)value), Declares: true, Overwrites: false, Save: null));
            return false;
        }

        if (value is not IArrayCreationOperation creation || (creation.Initializer is { } init && init.ElementValues.Any(_scope.IsActiveExpression)))
        {
            Unsupported(value.Syntax, $"initializing the active array '{v.Name}' with '{_scope.Renderer.RenderOneLine(value.Syntax)}'", "allocate it with 'new T[n]' (or 'new T[n, m]') and write its elements, so that it aliases nothing");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Copied code must not be able to change an active array: passing one (or a jagged array's row) to a method
    /// GradientGen cannot see into (other than a [Differentiable] one, which only reads its arrays), or running a
    /// method on one (<c>y.Fill(0)</c>, <c>x.SetValue(…)</c>), is refused; only its shape may be asked.
    /// </summary>
    private bool RefuseActiveArrayArguments(IOperation root)
    {
        foreach (IOperation op in root.DescendantsAndSelf())
        {
            if (RefuseCopiedOutputCall(op))
            {
                return true;
            }

            if (op is IArgumentOperation { Parent: IInvocationOperation invocation } argument
                && !_callees.HasDerivative(invocation.TargetMethod)
                && ActiveArrayNamed(argument.Value) is { } passed)
            {
                Report(Diagnostics.Descriptors.CallWithoutDerivativeId, argument.Syntax, invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), $"passes the active array '{passed}', which it may write into", "mark it [Differentiable] or give it a [DerivativeOf] if it only reads the array, or pass a copy");
                return true;
            }

            if (op is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Parent: IInvocationOperation byReference } element
                && ActivityAnalysis.ElementOf(element.Value) is { } at && ActiveArrayOf(at) is { } holder)
            {
                // Writes through the reference would change the element where no derivative follows them.
                Report(Diagnostics.Descriptors.CallWithoutDerivativeId, element.Syntax, byReference.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), $"takes an element of the active array '{_scope.Variables[holder].Name}' by reference, which it may write into", "pass the element's value and assign what it returns");
                return true;
            }

            if (op is IInvocationOperation { Instance: { } instance } call
                && call.TargetMethod.Name is not ("GetLength" or "GetLowerBound" or "GetUpperBound")
                && ActiveArrayNamed(instance) is { } target)
            {
                if (IsRefusedListLocal(instance))
                {
                    return true; // Its declaration says why.
                }

                Report(Diagnostics.Descriptors.CallWithoutDerivativeId, call.Syntax, call.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), $"runs on the active array '{target}', which it may change", "write its elements with assignments, or run it on a copy");
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The name of the active array, span, jagged array or array of structs <paramref name="op"/> is (through
    /// conversions such as <c>double[]</c> to <c>Array</c>), or of the jagged array whose row it is; otherwise null.
    /// </summary>
    private string? ActiveArrayNamed(IOperation op)
    {
        while (op is IConversionOperation conversion)
        {
            op = conversion.Operand;
        }

        if (ActivityAnalysis.VariableOf(op) is { } symbol && _scope.IsActive(symbol) && _scope.TryGetVariable(symbol, out int id)
            && _scope.Variables[id].Shape is ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray)
        {
            return symbol.Name;
        }

        return op.Type is IArrayTypeSymbol && ActivityAnalysis.ElementOf(op) is { } row && ActiveArrayOf(row) is { } rows && IsJaggedRow(rows, row)
            ? _scope.Renderer.RenderOneLine(op.Syntax)
            : null;
    }

    /// <summary>
    /// The callee's backward reads the arrays it is given when the reverse sweep gets there. An active array
    /// has its overwritten elements restored on the way; an inactive one is not tracked, so one that is
    /// changed after the call (later in the method, or in the same loop) is refused.
    /// </summary>
    private void RefuseInactiveArraysChangedLater(IInvocationOperation call)
    {
        foreach (IArgumentOperation argument in call.Arguments)
        {
            // Arrays of any element type: an int[] of indices the callee reads (cmpad's det_by_minor links rows
            // and columns in one) steers which elements its backward differentiates.
            if (ActivityAnalysis.VariableOf(argument.Value) is not { } symbol || _scope.IsActive(symbol)
                || argument.Value.Type is not (IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }))
            {
                continue;
            }

            SyntaxNode? loop = call.Syntax.Ancestors().FirstOrDefault(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
                or Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax);
            foreach (IOperation op in _body.DescendantsAndSelf())
            {
                bool writes = TargetOf(op) is { } target && ActivityAnalysis.ElementOf(target) is { } element
                    && SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(element.Array), symbol);
                if (writes && (op.Syntax.SpanStart > call.Syntax.SpanStart || (loop is not null && loop.Span.Contains(op.Syntax.Span))))
                {
                    Unsupported(op.Syntax, $"changing '{symbol.Name}' after it is passed to '{call.TargetMethod.Name}', whose derivative reads it later", $"fill a separate array for each call, or make '{symbol.Name}' active data");
                    return;
                }
            }
        }
    }
}
