using System.Collections.Generic;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Expressions: an active expression becomes three-address operations on atoms (variables and
/// constants), each intermediate in its own temporary; an inactive one is copied as is.
/// </summary>
internal sealed partial class MethodLowering
{
    private void LowerAssignment(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (ThrowOf(value) is { } @throw)
        {
            // A throw expression in a branch of ?: or a switch arm: nothing is assigned, nothing to undo.
            Emit(new VerbatimStmt(_scope.Renderer.Render(@throw.Syntax) + ";", EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty));
            return;
        }

        if (!CheckArrayAssignment(target, value, declares))
        {
            return;
        }

        if (v.Shape == ValueShape.Struct && v.Active)
        {
            LowerStructAssignment(target, value, declares);
            return;
        }

        if (!v.Active || !_scope.IsActiveExpression(value))
        {
            if (MemberWritingCallOf(value) is { } writer)
            {
                // Its writes into the members matter whether its value carries a derivative or not (MethodLowering.WritingCalls).
                Emit(new AssignStmt(target, LowerInvocation(writer), declares, Overwrites: false, Save: null));
                return;
            }

            if (!LowerActiveOutArguments(target, value, declares))
            {
                return;
            }

            RefuseHiddenDerivative(target, value);
            Emit(new AssignStmt(target, InactiveValue(value), declares, Overwrites: false, Save: null));
            return;
        }

        Expr expr = LowerOperation(value);
        if (Reads(expr, target))
        {
            // The reverse sweep needs the operands as they were before the assignment: compute into a temporary.
            int temp = _scope.NewTemporary(v.Kind, active: true);
            Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, Save: null));
            expr = new CopyExpr(new VariableAtom(temp));
        }

        Emit(new AssignStmt(target, expr, declares, Overwrites: false, Save: null));
    }

    private void LowerCompound(int target, BinaryOperatorKind kind, IOperation value, ICompoundAssignmentOperation compound)
    {
        Variable v = _scope.Variables[target];
        if (SymbolFacts.KindOf(value.Type) != v.Kind)
        {
            Unsupported(compound.Syntax, "a compound assignment that mixes float and double", $"write it out with an explicit cast: {v.Name} = ({SymbolFacts.KeywordFor(v.Kind)})(…)");
            return;
        }

        BinaryOperator? op = Operator(kind);
        if (op is null)
        {
            Unsupported(compound.Syntax, $"the compound operator in '{_scope.Renderer.RenderOneLine(compound.Syntax)}'", "use +=, -=, *= or /=");
            return;
        }

        Atom right = LowerAtom(value);
        var expr = new BinaryExpr(op.Value, new VariableAtom(target), right);
        if (op is BinaryOperator.Add or BinaryOperator.Subtract && !(right is VariableAtom r && r.VariableId == target))
        {
            // v ± b in place: its reverse doesn't read v, so no temporary is needed.
            Emit(new AssignStmt(target, expr, Declares: false, Overwrites: false, Save: null));
            return;
        }

        int temp = _scope.NewTemporary(v.Kind, active: true);
        Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, Save: null));
        Emit(new AssignStmt(target, new CopyExpr(new VariableAtom(temp)), Declares: false, Overwrites: false, Save: null));
    }

    /// <summary>Lowers an active expression to one operation whose operands are atoms.</summary>
    private Expr LowerOperation(IOperation op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        switch (op)
        {
            case var _ when HoistedValue(op) is { } held:
                return new CopyExpr(new VariableAtom(held));
            case var _ when BoundLeaf(op) is { } member:
                return new CopyExpr(member);
            case var _ when ActivityAnalysis.VariableOf(op) is { } symbol:
                return new CopyExpr(new VariableAtom(_scope.VariableOf(symbol)));
            case var _ when ActivityAnalysis.ElementOf(op) is { } element && ActiveArrayOf(element) is { } array:
                EquatableArray<Atom> indices = LowerIndices(element.Indices);
                return new ElementExpr(array, indices, IsRereadable(element.Array, indices));
            case var _ when ActiveStructMemberOf(op) is { } member && _scope.IsConstantLeaf(member.Variable, member.Path):
                // A [NoDerivative] member: its value, read as a constant.
                return new CopyExpr(ReadMember(member.Variable, member.Path, SymbolFacts.KindOf(op.Type), LowerIndices(member.Indices)));
            case var _ when ActiveStructMemberOf(op) is { } member:
                EquatableArray<Atom> at = LowerIndices(member.Indices);
                return new ElementExpr(member.Variable, at, member.Array is null ? IsReadOnlyStruct(member.Variable) : IsRereadableMember(member.Array, at), member.Path);
            case IMemberReferenceOperation { Instance: { } instance } member when SymbolFacts.KindOf(member.Type) != ScalarKind.None && IsMemberOfStructExpression(instance, member) is { } leaf:
                // (a + b).Z, F(x).dX: the struct expression's members, then the one read.
                return StructLeaves(instance) is { } leaves ? new CopyExpr(leaves[leaf]) : new CopyExpr(new ConstantAtom("0", 0));
            case var _ when UsesInlinedStructMember(op):
                // A struct's own member with a float result (v.Length, a.Dot(b)), inlined.
                return StructMemberLeaves(op) is [var value] ? new CopyExpr(value) : new CopyExpr(new ConstantAtom("0", 0));
            case IInvocationOperation invocation when VectorScalarFunction(invocation) is { } vectorResult:
                return vectorResult;
            case IInvocationOperation or IPropertyReferenceOperation when ComplexScalar(op) is { } complexResult:
                return complexResult;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary when GenericMath.IsBuiltInOperator(unary.OperatorMethod, unary.Type):
                return new UnaryExpr(UnaryOperator.Negate, LowerAtom(unary.Operand));
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } unary when GenericMath.IsBuiltInOperator(unary.OperatorMethod, unary.Type):
                return new CopyExpr(LowerAtom(unary.Operand));
            case IBinaryOperation binary when GenericMath.IsBuiltInOperator(binary.OperatorMethod, binary.Type) && Operator(binary.OperatorKind) is { } bop:
                Atom left = LowerAtom(binary.LeftOperand);
                if (IsSameRead(binary.LeftOperand, binary.RightOperand))
                {
                    return new BinaryExpr(bop, left, left);
                }

                int readsFrom = _output.Count;
                Atom right = LowerAtom(binary.RightOperand);
                return new BinaryExpr(bop, left, RepeatsLeftRead(left, right, readsFrom) ? left : right);
            case IConversionOperation { OperatorMethod: null } conversion when SymbolFacts.KindOf(conversion.Operand.Type) != ScalarKind.None:
                ScalarKind to = SymbolFacts.KindOf(conversion.Type);
                Atom operand = LowerAtom(conversion.Operand);
                return to == SymbolFacts.KindOf(conversion.Operand.Type) ? new CopyExpr(operand) : new ConvertExpr(to, operand);
            case IInvocationOperation invocation:
                return LowerInvocation(invocation);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return LowerConditional(conditional, whenFalse);
            case ISwitchExpressionOperation @switch:
                return LowerSwitchExpression(@switch);
            default:
                RefuseExpression(op);
                return new CopyExpr(new ConstantAtom("0", 0));
        }
    }

    /// <summary>
    /// <c>a[i] * a[i]</c>, <c>q[i].X * q[i].X</c>: the same element or struct member read twice in one operation, with
    /// indices that change nothing. One temporary holds it, so the reverse sweep keeps (or reads again) one copy instead of two.
    /// </summary>
    private static bool IsSameRead(IOperation left, IOperation right) =>
        IsPlainRead(left) && IsPlainRead(right)
        && left.Syntax.IsEquivalentTo(right.Syntax, topLevel: false)
        && !left.DescendantsAndSelf().Any(o => o is IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation or IObjectCreationOperation);

    /// <summary>
    /// The right operand's lowering only read again the element or member the left operand's had just read, written
    /// differently in the source (<c>X * b.X</c> in an inlined <c>Dot(this)</c>, <c>b</c> being <c>this</c>): nothing ran
    /// between the two reads, so they read one value. The second read and its temporary are dropped; the operation
    /// reads the first twice, and a square's reverse is one term.
    /// </summary>
    /// <param name="readsFrom">Where the right operand's statements start in the output.</param>
    private bool RepeatsLeftRead(Atom left, Atom right, int readsFrom)
    {
        if (_output.Count != readsFrom + 1 || readsFrom == 0
            || left is not VariableAtom { VariableId: int first } || right is not VariableAtom { VariableId: int second }
            || _output[readsFrom - 1] is not AssignStmt { Value: ElementExpr firstRead } firstAssign || firstAssign.Target != first
            || _output[readsFrom] is not AssignStmt { Value: ElementExpr secondRead, Declares: true } secondAssign || secondAssign.Target != second
            || firstRead != secondRead
            || _scope.Variables[first].Role != VariableRole.Temporary
            || _scope.Variables[first].TypeName != _scope.Variables[second].TypeName
            || !_scope.ForgetLastTemporary(second))
        {
            return false;
        }

        _output.RemoveAt(readsFrom);
        return true;
    }

    /// <summary>An element (<c>x[i]</c>) or a stored member (<c>p.X</c>, <c>q[i].V</c>): reading it twice in a row reads one value.</summary>
    private static bool IsPlainRead(IOperation op) => op switch
    {
        IArrayElementReferenceOperation => true,
        IFieldReferenceOperation { Instance: { } instance } => instance.Type is { IsValueType: true } && (IsPlainRead(instance) || instance is ILocalReferenceOperation or IParameterReferenceOperation),
        _ => false,
    };

    /// <summary>An active expression the lowering has no rule for: the most specific diagnostic for it.</summary>
    private void RefuseExpression(IOperation op)
    {
        string text = _scope.Renderer.RenderOneLine(op.Syntax);
        switch (op)
        {
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation or IDynamicObjectCreationOperation:
            case IConversionOperation { Operand.Type.TypeKind: TypeKind.Dynamic }:
                Report(Descriptors.DynamicOperationId, op.Syntax, text);
                break;
            case IAddressOfOperation:
            case { Type.TypeKind: TypeKind.Pointer }:
            case IConversionOperation { Operand.Type.TypeKind: TypeKind.Pointer }:
                Report(Descriptors.PointerOperationId, op.Syntax, text);
                break;
            case IConversionOperation { Operand.Type: { } from } when SymbolFacts.KindOf(from) == ScalarKind.None:
                Report(Descriptors.UnsupportedActiveTypeId, op.Syntax, text, _scope.Renderer.RenderOneLine(((IConversionOperation)op).Operand.Syntax), from.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                break;
            case IAssignmentOperation or IIncrementOrDecrementOperation:
                Unsupported(op.Syntax, $"'{text}', an assignment used as a value", "write it as a statement of its own first, then use the variable it assigns");
                break;
            default:
                Unsupported(op.Syntax, $"the expression '{text}'", "GradientGen differentiates arithmetic (+ - * /), casts between float and double, Math/MathF functions and calls to [Differentiable] methods");
                break;
        }
    }

    private Expr LowerInvocation(IInvocationOperation invocation)
    {
        if (InlinedFunctions.Find(invocation) is { } inlined)
        {
            return LowerInlinedCall(invocation, inlined);
        }

        if (IsNestedCall(invocation))
        {
            return LowerNestedCall(invocation);
        }

        IMethodSymbol method = invocation.TargetMethod;
        CalleeResolution.Result resolved = _callees.Resolve(invocation);
        if (resolved.Rule is { } function)
        {
            // T.Sin(x) binds to ITrigonometricFunctions<T>.Sin, which C# can't call by that name: call it on T.
            string type = GenericMath.IsNumericInterfaceMember(method) ? SymbolFacts.KeywordFor(SymbolFacts.KindOf(method.ReturnType)) : SymbolFacts.TypeName(method.ContainingType);
            return new MathCallExpr(type, method.Name, function, SymbolFacts.KindOf(method.ReturnType), LowerArguments(invocation));
        }

        if (resolved.Callee is null)
        {
            if (!_callsOnThisRefused.Contains(invocation))
            {
                RefuseCall(invocation, resolved.Reason!);
            }

            return new CopyExpr(new ConstantAtom("0", 0));
        }

        Atom? structReceiver = null;
        if (StructThis.Takes(method))
        {
            // Its backward takes the receiver's adjoint as 'ref dThis': the receiver is a struct variable of the method.
            if (invocation.Instance is not { } structInstance || LowerAtom(structInstance) is not VariableAtom { VariableId: int receiverId }
                || _scope.Variables[receiverId] is not { Active: true, Shape: ValueShape.Struct })
            {
                Unsupported(invocation.Syntax, $"'{_scope.Renderer.RenderOneLine(invocation.Syntax)}', a [Differentiable] method of the struct '{method.ContainingType.Name}' called on a value that carries no derivative",
                    "call it on a struct variable the derivative flows through, or make it static and pass the struct");
                return new CopyExpr(new ConstantAtom("0", 0));
            }

            structReceiver = new VariableAtom(receiverId);
        }

        if ((resolved.Callee.TakesShadow || !resolved.Callee.ObjectParameters.IsEmpty) && !CheckObjectCall(invocation, resolved.Callee))
        {
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        // The callee's backward has no adjoint for a [NoDerivative] parameter: the derivative of an active
        // argument passed there would be dropped, a silent zero.
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && SymbolFacts.KindOf(parameter.Type) != ScalarKind.None
                && !resolved.Callee.ActiveParameters[parameter.Ordinal] && _scope.IsActiveExpression(argument.Value))
            {
                Report(Descriptors.ActiveArgumentToNoDerivativeId, argument.Syntax, _scope.Renderer.RenderOneLine(argument.Value.Syntax), parameter.Name, method.Name);
            }
        }

        string? receiver = resolved.Callee.Receiver;
        if (structReceiver is null && invocation.Instance is { } instance && !(instance is IInstanceReferenceOperation { IsImplicit: true }))
        {
            receiver = instance switch
            {
                IInstanceReferenceOperation => "this",
                _ when ActivityAnalysis.VariableOf(instance) is { } v => _scope.Variables[_scope.VariableOf(v)].Name,
                IFieldReferenceOperation => _scope.Renderer.Render(instance.Syntax),
                _ => null,
            };
            if (receiver is null)
            {
                Unsupported(instance.Syntax, $"the receiver '{_scope.Renderer.RenderOneLine(instance.Syntax)}' of a differentiable call", "store it in a local first: the reverse sweep calls the backward on the same object");
            }
        }

        RefuseInactiveArraysChangedLater(invocation);
        EquatableArray<Atom> arguments = LowerArguments(invocation);
        for (int i = 0; i < arguments.Count; i++)
        {
            // A struct adjoint is passed by ref: an inactive struct would need a scratch of its type, not kept yet.
            if (resolved.Callee.ActiveParameters[i] && resolved.Callee.ParameterShapes[i] == ValueShape.Struct
                && !(arguments[i] is VariableAtom { VariableId: int id } && _scope.Variables[id].Active))
            {
                IOperation argument = invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
                Unsupported(argument.Syntax, $"the constant struct '{_scope.Renderer.RenderOneLine(argument.Syntax)}' passed where '{method.Name}' takes a derivative", $"mark that parameter of '{method.Name}' [NoDerivative], or pass its members as doubles");
            }

            // The backward leaves an output span holding what the method wrote, so it never restores the span's
            // elements for a callee's backward to read them again: an output span is not passed on.
            if (arguments[i] is VariableAtom { VariableId: int written } && WrittenSpans().Contains(written))
            {
                IOperation argument = invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
                Unsupported(argument.Syntax, $"the output span '{_scope.Variables[written].Name}' passed to '{method.Name}'", $"pass the values it needs in a separate array, or compute them in '{_scope.Method.Name}' itself");
            }

            if (arguments[i] is VariableAtom { VariableId: int member })
            {
                RefuseWrittenMemberArrayArgument(member, invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value, method.Name);
            }

            // An inactive array of structs gets a scratch adjoint of its element type, named by its variable's type.
            if (resolved.Callee.ActiveParameters[i] && resolved.Callee.ParameterShapes[i] == ValueShape.StructArray && arguments[i] is not VariableAtom)
            {
                IOperation argument = invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
                Unsupported(argument.Syntax, $"the array of structs '{_scope.Renderer.RenderOneLine(argument.Syntax)}' passed where '{method.Name}' takes a derivative", "store it in a local first");
            }
        }

        var call = new DiffCallExpr(resolved.Callee with { Receiver = receiver }, arguments, structReceiver);
        return _memberWritingCalls.Contains(invocation) ? LowerMemberWritingValue(invocation, call) : call;
    }

    /// <summary>Arguments lowered in evaluation order, returned in parameter order (named arguments may be reordered).</summary>
    private EquatableArray<Atom> LowerArguments(IInvocationOperation invocation)
    {
        var atoms = new Atom[invocation.TargetMethod.Parameters.Length];
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                Unsupported(argument.Syntax, $"the argument '{_scope.Renderer.RenderOneLine(argument.Syntax)}'", "pass each argument by value");
                return EquatableArray<Atom>.Empty;
            }

            atoms[argument.Parameter.Ordinal] = LowerAtom(argument.Value);
        }

        return atoms.ToEquatableArray();
    }

    /// <summary>An operand: a variable or constant as it is, anything else computed into a temporary.</summary>
    private Atom LowerAtom(IOperation op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        // An array passed where a span is expected is the same data: its adjoint is the same span.
        while (op is IConversionOperation { IsImplicit: true, Operand: var operand } && SymbolFacts.ShapeOf(op.Type) is ValueShape.Vector or ValueShape.StructArray && SymbolFacts.ShapeOf(operand.Type) == SymbolFacts.ShapeOf(op.Type))
        {
            op = operand;
        }

        if (HoistedValue(op) is { } held)
        {
            return new VariableAtom(held);
        }

        if (BoundLeaf(op) is { } member)
        {
            return member;
        }

        if (ActivityAnalysis.VariableOf(op) is { } symbol)
        {
            return new VariableAtom(_scope.VariableOf(symbol));
        }

        if (SymbolFacts.ShapeOf(op.Type) == ValueShape.Struct && ActivityAnalysis.DifferentiableReads(op).Any(_scope.IsActive))
        {
            // A struct expression passed to a call: computed into a struct temporary, whose adjoint the callee's backward takes.
            int value = _scope.NewStructTemporary(op.Type!);
            LowerStructAssignment(value, op, declares: true);
            return new VariableAtom(value);
        }

        if (CallResultArray(op) is { } result)
        {
            return result;
        }

        if (SymbolFacts.ShapeOf(op.Type) is ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.StructArray && ActivityAnalysis.DifferentiableReads(op).Any(_scope.IsActive))
        {
            if (TryLowerSliceArgument(op) is { } view)
            {
                return view;
            }

            Unsupported(op.Syntax, $"the array expression '{_scope.Renderer.RenderOneLine(op.Syntax)}' over active data", "pass the array variable itself; slices and copies of active arrays are not followed");
            return new ConstantAtom("default!", null);
        }

        if (!_scope.IsActiveExpression(op))
        {
            if (ConstantOf(op) is { } constant)
            {
                return constant;
            }

            RefuseActiveArrayArguments(op);
            if (SymbolFacts.KindOf(op.Type) != ScalarKind.None && _scope.HiddenActiveRead(op) is { } hidden)
            {
                RefuseHiddenRead(op, hidden);
            }


            if (op.Type is null)
            {
                Unsupported(op.Syntax, $"the expression '{_scope.Renderer.RenderOneLine(op.Syntax)}'", "give it a type: store it in a typed local first");
                return new ConstantAtom("0", 0);
            }

            if ((op.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double || GenericMath.IsFloatingTypeParameter(op.Type)) && IsRecomputable(op))
            {
                // Evaluated again wherever the reverse sweep needs it: nothing to keep.
                string text = _scope.Renderer.Render(op.Syntax);
                return new ConstantAtom(op is IArrayElementReferenceOperation or IParameterReferenceOperation or ILocalReferenceOperation ? text : "(" + text + ")", null);
            }

            int inactive = _scope.NewTemporary(op.Type);
            Emit(new AssignStmt(inactive, new VerbatimExpr(_scope.Renderer.Render(op.Syntax)), Declares: true, Overwrites: false, Save: null));
            return new VariableAtom(inactive);
        }

        ScalarKind kind = SymbolFacts.KindOf(op.Type);
        Expr expr = LowerOperation(op);
        int temp = _scope.NewTemporary(kind, active: true);
        Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(temp);
    }

    /// <summary>The throw expression <paramref name="value"/> is, under the conversion to the target type.</summary>
    private static IThrowOperation? ThrowOf(IOperation value) => value switch
    {
        IThrowOperation t => t,
        IConversionOperation { Operand: IThrowOperation t } => t,
        _ => null,
    };

    /// <summary>An inactive right-hand side: a constant, or the user's expression copied as is.</summary>
    private Expr InactiveValue(IOperation value) =>
        RefuseActiveArrayArguments(value) ? new CopyExpr(new ConstantAtom("default!", null))
        : HoistedValue(value) is { } held ? new CopyExpr(new VariableAtom(held))
        : ConstantOf(value) is { } constant ? new CopyExpr(constant)
        : ActivityAnalysis.VariableOf(value) is { } symbol ? new CopyExpr(new VariableAtom(_scope.VariableOf(symbol)))
        : new VerbatimExpr(_scope.Renderer.Render(value.Syntax));

    private ConstantAtom? ConstantOf(IOperation op)
    {
        if (op is IFieldReferenceOperation { Field: { IsStatic: true } field } && (field.IsConst || field.IsReadOnly))
        {
            double? numeric = field.HasConstantValue && field.ConstantValue is { } v && v is not bool and not string ? System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;
            return new ConstantAtom(SymbolFacts.TypeName(field.ContainingType) + "." + SymbolFacts.Escape(field.Name), numeric);
        }

        if (GenericMath.Constant(op) is { } generic)
        {
            return new ConstantAtom(generic.Text, generic.Value);
        }

        if (op.ConstantValue is { HasValue: true, Value: { } value } && SymbolFacts.Literal(value, op.Type) is { } text)
        {
            double? numeric = value is bool ? null : System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            return new ConstantAtom(ReadsLocalConstant(op) ? CastText(op) : text, numeric);
        }

        return null;
    }

    /// <summary>
    /// A folded constant that mentions a local <c>const</c> is written as the user's expression, not its value:
    /// the generated code declares the local too, and would warn (CS0219) if nothing read it.
    /// </summary>
    private static bool ReadsLocalConstant(IOperation op) =>
        op.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation { Local.IsConst: true });

    private string CastText(IOperation op)
    {
        string text = _scope.Renderer.Render(op.Syntax);
        string type = SymbolFacts.KindOf(op.Type) is var kind and not ScalarKind.None ? SymbolFacts.KeywordFor(kind) : SymbolFacts.TypeName(op.Type!);
        return $"({type})" + (op.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax ? text : "(" + text + ")");
    }

    private static bool Reads(Expr expr, int variable) => expr.Operands().Any(a => a is VariableAtom v && v.VariableId == variable);

    private static BinaryOperator? Operator(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOperator.Add,
        BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
        BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
        BinaryOperatorKind.Divide => BinaryOperator.Divide,
        _ => null,
    };

    /// <summary>A value that reaches the result must not depend on an active variable in a way the lowering can't follow.</summary>
    private void RefuseHiddenDerivative(int target, IOperation value)
    {
        if (SymbolFacts.KindOf(value.Type) != ScalarKind.None && _scope.IsUseful(target) && _scope.HiddenActiveRead(value) is { } hidden)
        {
            RefuseHiddenRead(value, hidden);
        }
    }

    /// <summary><c>c ? a : b</c> with an active branch: a recorded condition and a temporary assigned in each branch.</summary>
    private CopyExpr LowerConditional(IConditionalOperation conditional, IOperation whenFalse)
    {
        int condition = LowerCondition(conditional.Condition);
        int temp = _scope.NewTemporary(SymbolFacts.KindOf(conditional.Type), active: true);
        bool thenThrows = ThrowOf(conditional.WhenTrue) is not null;
        EquatableArray<Stmt> then = Block(() => LowerAssignment(temp, conditional.WhenTrue, declares: true));
        EquatableArray<Stmt> @else = Block(() => LowerAssignment(temp, whenFalse, declares: thenThrows));
        Emit(new IfStmt(condition, then, @else));
        return new CopyExpr(new VariableAtom(temp));
    }

    /// <summary>A switch expression with an active arm: an if/else chain over its arms, in order, into a temporary.</summary>
    private CopyExpr LowerSwitchExpression(ISwitchExpressionOperation @switch)
    {
        string value = SwitchValue(@switch.Value, []);
        int temp = _scope.NewTemporary(SymbolFacts.KindOf(@switch.Type), active: true);
        bool declared = false;
        LowerArms(0);
        return new CopyExpr(new VariableAtom(temp));

        void LowerArms(int i)
        {
            if (i == @switch.Arms.Length)
            {
                // No arm matched: what the switch expression itself throws.
                Emit(new VerbatimStmt($"throw new global::System.Runtime.CompilerServices.SwitchExpressionException({value});", EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty));
                return;
            }

            ISwitchExpressionArmOperation arm = @switch.Arms[i];
            if (arm.Pattern is IDiscardPatternOperation && arm.Guard is null)
            {
                LowerArm(arm);
                return;
            }

            if (DeclaresVariables(arm.Pattern.Syntax))
            {
                Unsupported(arm.Pattern.Syntax, $"the pattern '{_scope.Renderer.RenderOneLine(arm.Pattern.Syntax)}'", "use constant or relational patterns without variable declarations");
                return;
            }

            string test = $"{value} is {_scope.Renderer.Render(arm.Pattern.Syntax)}";
            if (arm.Guard is { } guard)
            {
                test += $" && ({_scope.Renderer.Render(guard.Syntax)})";
            }

            int condition = LowerCondition(arm.Pattern, test);
            Emit(new IfStmt(condition, Block(() => LowerArm(arm)), Block(() => LowerArms(i + 1))));
        }

        void LowerArm(ISwitchExpressionArmOperation arm)
        {
            LowerAssignment(temp, arm.Value, declares: !declared);
            declared |= ThrowOf(arm.Value) is null;
        }
    }
}
