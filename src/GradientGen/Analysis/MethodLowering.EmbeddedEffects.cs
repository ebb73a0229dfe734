using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// C-style expressions: assignments, compound assignments and <c>++</c>/<c>--</c> used as values
/// (<c>a = b = x * y</c>, <c>return (x = y) * x</c>, <c>y *= (t[0] = t[1])</c>, <c>while (n-- &gt; 0)</c>,
/// <c>F(k = 2, k)</c>). Before an expression is lowered, each assignment inside it becomes a statement of
/// its own, emitted in C#'s evaluation order, and the expression then reads the variable that holds its
/// value. A read that C# evaluates before an assignment to the same variable is copied into a temporary
/// first (<c>x * (x = y)</c> multiplies the old x), so the IR sees every write and the reverse sweep undoes
/// each one. An assignment in a part that may not run (a branch of <c>?:</c>, the right of <c>&amp;&amp;</c>)
/// stays refused, located.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The operations evaluated ahead, each with the variable that holds its value.</summary>
    private readonly Dictionary<IOperation, int> _hoisted = new();

    private int? HoistedValue(IOperation op) => _hoisted.Count > 0 && _hoisted.TryGetValue(op, out int id) ? id : null;

    private bool ContainsHoisted(IOperation op) => _hoisted.Count > 0 && op.DescendantsAndSelf().Any(_hoisted.ContainsKey);

    /// <summary>An assignment or ++/--, but not a member initializer (<c>new Pair { A = x }</c>), which is part of creating its object.</summary>
    private static bool IsEffect(IOperation op) =>
        op is ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation
        && op.Parent is not (IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation);

    /// <summary>Whether <paramref name="root"/> holds an assignment used as a value (outside lambdas).</summary>
    private bool HasEmbeddedEffect(IOperation root, bool rootIsStatement) =>
        Walk(root).Any(op => IsEffect(op) && !(rootIsStatement && op == root) && !_hoisted.ContainsKey(op));

    /// <summary>An operation evaluated before an assignment that might observe or reorder it.</summary>
    private enum PendingKind
    {
        Variable,
        Element,
        Call,
    }

    private sealed class Pending
    {
        public Pending(IOperation op, PendingKind kind, ISymbol? symbol)
        {
            Op = op;
            Kind = kind;
            Symbol = symbol;
        }

        public IOperation Op { get; }

        public PendingKind Kind { get; }

        /// <summary>The variable read, or the array whose element is read.</summary>
        public ISymbol? Symbol { get; }
    }

    /// <summary>
    /// Emits the assignments used as values inside <paramref name="root"/> as statements of their own, in
    /// evaluation order, and records what the rest of the expression reads instead. With
    /// <paramref name="rootIsStatement"/>, <paramref name="root"/> itself is the statement's own assignment and
    /// stays for the caller. Returns false after reporting an assignment that can't be moved.
    /// </summary>
    private bool HoistEmbeddedEffects(IOperation root, bool rootIsStatement)
    {
        if (!HasEmbeddedEffect(root, rootIsStatement))
        {
            return true;
        }

        var pending = new List<Pending>();
        bool ok = true;
        Visit(root, mayNotRun: false);
        return ok;

        void Visit(IOperation op, bool mayNotRun)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
            if (!ok || op is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return;
            }

            if (HoistedValue(op) is { } held)
            {
                // Already evaluated: from here on a read of what holds it, which only a user variable can change.
                if (ActivityAnalysis.VariableOf(TargetOf(op) ?? op) is { } holder && _scope.TryGetVariable(holder, out int id) && id == held)
                {
                    pending.Add(new Pending(op, PendingKind.Variable, holder));
                }

                return;
            }

            switch (op)
            {
                case IConditionalOperation conditional:
                    Visit(conditional.Condition, mayNotRun);
                    Visit(conditional.WhenTrue, mayNotRun: true);
                    if (conditional.WhenFalse is { } whenFalse)
                    {
                        Visit(whenFalse, mayNotRun: true);
                    }

                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
                    Visit(logical.LeftOperand, mayNotRun);
                    Visit(logical.RightOperand, mayNotRun: true);
                    return;
                case ICoalesceOperation coalesce:
                    Visit(coalesce.Value, mayNotRun);
                    Visit(coalesce.WhenNull, mayNotRun: true);
                    return;
                case IConditionalAccessOperation access:
                    Visit(access.Operation, mayNotRun);
                    Visit(access.WhenNotNull, mayNotRun: true);
                    return;
                case ISwitchExpressionOperation @switch:
                    Visit(@switch.Value, mayNotRun);
                    foreach (ISwitchExpressionArmOperation arm in @switch.Arms)
                    {
                        Visit(arm, mayNotRun: true);
                    }

                    return;
                case var _ when IsEffect(op):
                    // The target's array and indices first, then (for a compound or ++/--) the target is
                    // read, then the value, then the store.
                    IOperation target = TargetOf(op)!;
                    if (ActivityAnalysis.ElementOf(target) is { } element)
                    {
                        Visit(element.Array, mayNotRun);
                        foreach (IOperation index in element.Indices)
                        {
                            Visit(index, mayNotRun);
                        }
                    }

                    if (ValueOf(op) is { } value)
                    {
                        Visit(value, mayNotRun);
                    }

                    if (rootIsStatement && op == root)
                    {
                        return;
                    }

                    if (mayNotRun)
                    {
                        Unsupported(op.Syntax, $"'{_scope.Renderer.RenderOneLine(op.Syntax)}', an assignment in a part of the expression that runs only sometimes", "write it as an if statement, with the assignment as a statement of its own");
                        ok = false;
                        return;
                    }

                    ok = HoistEffect(op, pending);
                    return;
                case var _ when ActivityAnalysis.VariableOf(op) is { } symbol:
                    if (SymbolFacts.ShapeOf(op.Type) is not (ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray))
                    {
                        pending.Add(new Pending(op, PendingKind.Variable, symbol));
                    }

                    return;
                case IArrayElementReferenceOperation read when ActivityAnalysis.ElementOf(read) is { Indices.Count: 2 } jagged && read.Indices.Length == 1:
                    // a[i][j] of a jagged array is one element of a (its row alone is no value of its own).
                    Visit(jagged.Array, mayNotRun);
                    foreach (IOperation index in jagged.Indices)
                    {
                        Visit(index, mayNotRun);
                    }

                    pending.Add(new Pending(op, PendingKind.Element, ActivityAnalysis.VariableOf(jagged.Array)));
                    return;
                case IArrayElementReferenceOperation read:
                    foreach (IOperation child in read.ChildOperations)
                    {
                        Visit(child, mayNotRun);
                    }

                    pending.Add(new Pending(op, PendingKind.Element, ActivityAnalysis.VariableOf(read.ArrayReference)));
                    return;
                case IInvocationOperation or IObjectCreationOperation:
                    foreach (IOperation child in op.ChildOperations)
                    {
                        Visit(child, mayNotRun);
                    }

                    if (!(op is IInvocationOperation call && DerivativeRules.IsMathType(call.TargetMethod.ContainingType)))
                    {
                        pending.Add(new Pending(op, PendingKind.Call, null));
                    }

                    return;
                default:
                    foreach (IOperation child in op.ChildOperations)
                    {
                        Visit(child, mayNotRun);
                    }

                    return;
            }
        }
    }

    /// <summary>
    /// Emits one assignment used as a value as a statement, after copying the reads evaluated before it that
    /// it would change, and records the variable that holds its value.
    /// </summary>
    private bool HoistEffect(IOperation effect, List<Pending> pending)
    {
        IOperation target = TargetOf(effect)!;
        string text = _scope.Renderer.RenderOneLine(effect.Syntax);
        bool postfix = effect is IIncrementOrDecrementOperation { IsPostfix: true };
        bool callsInside = effect.DescendantsAndSelf().Any(o => o is IObjectCreationOperation || (o is IInvocationOperation call && !DerivativeRules.IsMathType(call.TargetMethod.ContainingType)));
        // Calls in its own value run as part of it, in order; one evaluated before it, elsewhere in the
        // expression, would run after it once it is moved ahead.
        var own = new HashSet<IOperation>(effect.DescendantsAndSelf());
        bool callsBefore = pending.Any(p => p.Kind == PendingKind.Call && !own.Contains(p.Op));

        // A float member of this or of an object parameter is a variable too (MethodLowering.MemberWrites).
        if (ActivityAnalysis.VariableOf(target) is { } variable && (target is ILocalReferenceOperation or IParameterReferenceOperation || InstanceMembers.IsMember(variable)))
        {
            if (SymbolFacts.ShapeOf(target.Type) is ValueShape.Vector or ValueShape.Matrix or ValueShape.Struct
                || (target.Type?.SpecialType is not (SpecialType.System_Boolean or (>= SpecialType.System_Char and <= SpecialType.System_Double)) && !GenericMath.IsFloatingTypeParameter(target.Type)))
            {
                Unsupported(effect.Syntax, $"'{text}', an assignment of a '{target.Type?.ToDisplayString()}' used as a value", "write it as a statement of its own first, then use the variable it assigns");
                return false;
            }

            if ((callsBefore && callsInside) || IsCaptured(variable))
            {
                Unsupported(effect.Syntax, $"'{text}', an assignment used as a value {(callsInside ? "that calls a method after another call in the same expression" : "to a variable a lambda or local function captures")}", "write it as a statement of its own first, then use the variable it assigns");
                return false;
            }

            if (effect is ICompoundAssignmentOperation or IIncrementOrDecrementOperation && ValueOf(effect) is { } update && Walk(update).Any(o => IsEffect(o) && SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(TargetOf(o)!), variable)))
            {
                Unsupported(effect.Syntax, $"'{text}', which assigns '{variable.Name}' inside its own update", "write the inner assignment as a statement of its own first");
                return false;
            }

            // Reads of the variable that C# evaluated before this write keep the value they saw.
            foreach (Pending read in pending.Where(p => p.Kind == PendingKind.Variable && SymbolEqualityComparer.Default.Equals(p.Symbol, variable)).ToList())
            {
                Snapshot(read.Op, _scope.VariableOf(variable));
                pending.Remove(read);
            }

            int id = _scope.VariableOf(variable);
            int? old = postfix ? CopyOf(id, target.Type!) : null;
            LowerEffect(effect, effect);
            Hoist(effect, old ?? id);
            if (old is null)
            {
                // Its value is the variable's until something writes the variable again.
                pending.Add(new Pending(effect, PendingKind.Variable, variable));
            }

            return true;
        }

        if (ActivityAnalysis.ElementOf(target) is { } element && ActivityAnalysis.VariableOf(element.Array) is { } array && element.Array is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            if (callsBefore)
            {
                Unsupported(effect.Syntax, $"'{text}', an element assignment used as a value after a call in the same expression", "write it as a statement of its own first, then use the element it assigns");
                return false;
            }

            // Elements of the array read before this store keep the values they saw.
            foreach (Pending read in pending.Where(p => p.Kind == PendingKind.Element && SymbolEqualityComparer.Default.Equals(p.Symbol, array)).ToList())
            {
                SnapshotElement(read.Op);
                pending.Remove(read);
            }

            int? before = postfix ? ElementCopy(target) : null;
            if (_scope.IsActive(array))
            {
                EquatableArray<Atom>? indices = LowerElementStore(_scope.VariableOf(array), element, effect);
                if (indices is null)
                {
                    return false;
                }

                if (before is null)
                {
                    int after = _scope.NewTemporary(_scope.Variables[_scope.VariableOf(array)].Kind, active: true);
                    Emit(new AssignStmt(after, new ElementExpr(_scope.VariableOf(array), indices.Value), Declares: true, Overwrites: false, Save: null));
                    before = after;
                }
            }
            else
            {
                // The indices were evaluated before the value: the store reads them as they were.
                foreach (IOperation index in element.Indices.Where(i => !IsRecomputable(i) && HoistedValue(i) is null))
                {
                    Snapshot(index, null);
                }

                LowerInactiveStatement(effect);
                before ??= ElementCopy(target);
            }

            Hoist(effect, before.Value);
            return true;
        }

        if (ValueOf(effect) is { } stored && _scope.IsActiveExpression(stored))
        {
            RefuseActiveWrite(effect, target);
        }
        else
        {
            Unsupported(effect.Syntax, $"'{text}', an assignment used as a value", "write it as a statement of its own first, then use what it assigns");
        }

        return false;
    }

    /// <summary>Whether a lambda or local function of the method reads or writes <paramref name="variable"/>: moving a write past one could change what it sees.</summary>
    private bool IsCaptured(ISymbol variable) =>
        _body.DescendantsAndSelf().Where(op => op is IAnonymousFunctionOperation or ILocalFunctionOperation)
            .Any(f => f.DescendantsAndSelf().Any(op => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(op), variable)));

    /// <summary><paramref name="read"/>, evaluated now into a temporary that the rest of the expression reads.</summary>
    private void Snapshot(IOperation read, int? variable)
    {
        int copy;
        if (variable is { } id)
        {
            copy = CopyOf(id, read.Type!);
        }
        else
        {
            copy = _scope.NewTemporary(read.Type!);
            Emit(new AssignStmt(copy, new VerbatimExpr(_scope.Renderer.Render(read.Syntax)), Declares: true, Overwrites: false, Save: null));
        }

        Hoist(read, copy);
    }

    /// <summary>An element read, evaluated now into a temporary (active when its array is).</summary>
    private void SnapshotElement(IOperation read) => Hoist(read, ElementCopy(read));

    private int ElementCopy(IOperation elementRead)
    {
        if (ActivityAnalysis.ElementOf(elementRead) is { } element && ActiveArrayOf(element) is { } array)
        {
            if (IsJaggedRow(array, element) || _scope.Variables[array].Shape == ValueShape.StructArray)
            {
                // A row or a struct is no number to copy: its members (or elements) are read where they are used.
                Unsupported(elementRead.Syntax, $"'{_scope.Renderer.RenderOneLine(elementRead.Syntax)}' read before an assignment in the same expression", "read its members or elements in a statement of their own first");
                return _scope.NewTemporary(elementRead.Type!);
            }

            int copy = _scope.NewTemporary(_scope.Variables[array].Kind, active: true);
            Emit(new AssignStmt(copy, new ElementExpr(array, LowerIndices(element.Indices)), Declares: true, Overwrites: false, Save: null));
            return copy;
        }

        int inactive = _scope.NewTemporary(elementRead.Type!);
        Emit(new AssignStmt(inactive, new VerbatimExpr(_scope.Renderer.Render(elementRead.Syntax)), Declares: true, Overwrites: false, Save: null));
        return inactive;
    }

    /// <summary>A temporary holding the variable's current value (active when the variable is).</summary>
    private int CopyOf(int id, ITypeSymbol type)
    {
        Variable v = _scope.Variables[id];
        int copy = v.Active ? _scope.NewTemporary(v.Kind, active: true) : _scope.NewTemporary(type);
        Emit(new AssignStmt(copy, new CopyExpr(new VariableAtom(id)), Declares: true, Overwrites: false, Save: null));
        return copy;
    }

    private void Hoist(IOperation op, int holder)
    {
        _hoisted[op] = holder;
        _scope.Renderer.Substitutions[op.Syntax] = _scope.Variables[holder].Name;
    }

    /// <summary>
    /// A loop condition with assignments in it (<c>while (n-- &gt; 0)</c>): they run each time the condition
    /// is tested, the last, failing test included. Lowers the test into the bool <paramref name="flag"/>;
    /// called before the loop and at the end of every iteration, so the reverse sweep undoes each run.
    /// </summary>
    private void LowerEffectfulTest(IOperation condition, int flag, bool declares)
    {
        // The same syntax is lowered again for the next test: forget what the last one held.
        foreach (IOperation op in condition.DescendantsAndSelf())
        {
            if (_hoisted.Remove(op))
            {
                _scope.Renderer.Substitutions.Remove(op.Syntax);
            }
        }

        if (HoistEmbeddedEffects(condition, rootIsStatement: false))
        {
            RefuseWrites(condition, "a loop condition");
            Emit(Assign(flag, new VerbatimExpr(_scope.Renderer.Render(condition.Syntax)), declares));
        }
    }
}
