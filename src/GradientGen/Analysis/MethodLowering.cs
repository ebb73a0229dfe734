using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Walks the method's IOperation tree into the structured IR. Active computations are split into
/// three-address operations (each active intermediate gets its own temporary); inactive code is copied
/// as is. This is the single place that decides whether a construct is supported: everything it cannot
/// lower becomes an <see cref="Issue"/> located on the construct.
/// </summary>
internal sealed class MethodLowering
{
    private readonly MethodScope _scope;
    private readonly CalleeResolution _callees;
    private readonly List<Issue> _issues;
    private List<Stmt> _output = new();

    public MethodLowering(MethodScope scope, CalleeResolution callees, List<Issue> issues)
    {
        _scope = scope;
        _callees = callees;
        _issues = issues;
    }

    public ImmutableArray<Stmt> Lower(IBlockOperation body)
    {
        var statements = new List<IOperation>();
        Flatten(body, statements);
        var result = ImmutableArray.CreateBuilder<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            IOperation statement = statements[i];
            _output = new List<Stmt>();
            LowerStatement(statement, isLast: i == statements.Count - 1);
            if (_output.Count > 0)
            {
                result.Add(new SourceStmt(CommentText(statement), _output.ToEquatableArray()));
            }
        }

        if (statements.Count == 0 || statements[statements.Count - 1] is not IReturnOperation)
        {
            _issues.Add(_scope.IssueAt(Descriptors.UnsupportedConstructId, _scope.MethodSyntax.Identifier.GetLocation().SourceSpan, "a method that does not end with 'return'", "end the method with a single return of the result"));
        }

        return result.ToImmutable();
    }

    /// <summary>Nested blocks add no meaning to straight-line code: their locals get method-unique names instead.</summary>
    private static void Flatten(IBlockOperation block, List<IOperation> statements)
    {
        foreach (IOperation op in block.Operations)
        {
            if (op is IBlockOperation inner)
            {
                Flatten(inner, statements);
            }
            else if (op is not IEmptyOperation)
            {
                statements.Add(op);
            }
        }
    }

    private string CommentText(IOperation statement) =>
        statement is IReturnOperation { IsImplicit: true, ReturnedValue: { } value }
            ? "return " + _scope.Renderer.RenderOneLine(value.Syntax) + ";"
            : _scope.Renderer.RenderOneLine(statement.Syntax);

    private void LowerStatement(IOperation statement, bool isLast)
    {
        switch (statement)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        int id = _scope.VariableOf(declarator.Symbol);
                        IVariableInitializerOperation? init = declarator.Initializer ?? declaration.Initializer;
                        if (declarator.Symbol.IsConst && init is not null)
                        {
                            // Stays a constant: uses that the compiler folded (e.g. an int constant converted
                            // to double) leave it unread, and an unread variable would be warning CS0219.
                            Variable constant = _scope.Variables[id];
                            Emit(new VerbatimStmt($"const {constant.TypeName} {constant.Name} = {_scope.Renderer.Render(init.Value.Syntax)};", EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty));
                        }
                        else if (init is null)
                        {
                            Emit(new DeclareStmt(id));
                        }
                        else
                        {
                            LowerAssignment(id, init.Value, declares: true);
                        }
                    }
                }

                break;
            case IExpressionStatementOperation expression:
                LowerExpressionStatement(expression);
                break;
            case IReturnOperation { ReturnedValue: { } value } when isLast:
                LowerReturn(value);
                break;
            case IReturnOperation:
                Unsupported(statement.Syntax, "a 'return' before the end of the method", "branches and early returns are not supported yet; compute the result into a local and return it once at the end");
                break;
            default:
                LowerInactiveStatement(statement);
                break;
        }
    }

    private void LowerExpressionStatement(IExpressionStatementOperation statement)
    {
        switch (statement.Operation)
        {
            case ISimpleAssignmentOperation assignment when ActivityAnalysis.VariableOf(assignment.Target) is { } symbol:
                LowerAssignment(_scope.VariableOf(symbol), assignment.Value, declares: false);
                return;
            case ICompoundAssignmentOperation compound when ActivityAnalysis.VariableOf(compound.Target) is { } symbol && _scope.IsActive(symbol):
                LowerCompound(_scope.VariableOf(symbol), compound.OperatorKind, compound.Value, compound);
                return;
            case IIncrementOrDecrementOperation step when ActivityAnalysis.VariableOf(step.Target) is { } symbol && _scope.IsActive(symbol):
                int id = _scope.VariableOf(symbol);
                Variable v = _scope.Variables[id];
                var one = new ConstantAtom(v.Kind == ScalarKind.Float ? "1f" : "1.0", 1);
                var op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                Emit(new AssignStmt(id, new BinaryExpr(op, new VariableAtom(id), one), Declares: false, Overwrites: false, SaveName: null));
                return;
            default:
                LowerInactiveStatement(statement);
                return;
        }
    }

    /// <summary>
    /// A statement that writes no active variable is copied as is (a log line, a guard that throws, an
    /// integer update). The variables it writes are recorded so that the reverse sweep can restore them.
    /// </summary>
    private void LowerInactiveStatement(IOperation statement)
    {
        var writes = new SortedSet<int>();
        foreach (IOperation op in statement.DescendantsAndSelf())
        {
            if (op is IReturnOperation)
            {
                Unsupported(op.Syntax, "a 'return' inside a nested statement", "branches and early returns are not supported yet; return once at the end of the method");
                return;
            }

            IOperation? target = op switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation s => s.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg => arg.Value,
                _ => null,
            };
            if (target is null)
            {
                continue;
            }

            if (ActivityAnalysis.VariableOf(target) is { } symbol)
            {
                if (_scope.IsActive(symbol))
                {
                    Unsupported(op.Syntax, $"'{_scope.Renderer.RenderOneLine(op.Syntax)}', which changes the active variable '{symbol.Name}' inside a statement GradientGen cannot differentiate yet", "assign it with a plain '=' or compound assignment at the top level of the method");
                    return;
                }

                if (_scope.TryGetVariable(symbol, out int written))
                {
                    writes.Add(written);
                }
            }
            else if (op is ISimpleAssignmentOperation or ICompoundAssignmentOperation && ValueOf(op) is { } value && _scope.IsActiveExpression(value))
            {
                Unsupported(op.Syntax, $"writing an active value into '{_scope.Renderer.RenderOneLine(target.Syntax)}'", "derivatives are tracked through locals and parameters only; keep the value in a local and return it");
                return;
            }
        }

        if (statement is not IExpressionStatementOperation && statement is not IThrowOperation && ContainsActiveRead(statement))
        {
            Unsupported(statement.Syntax, $"a '{Describe(statement)}' statement over active values", "control flow is not supported yet; compute with expressions and Math functions instead");
            return;
        }

        Emit(new VerbatimStmt(_scope.Renderer.Render(statement.Syntax), writes.ToEquatableArray(), EquatableArray<SavedVariable>.Empty));
    }

    private bool ContainsActiveRead(IOperation statement)
    {
        foreach (IOperation op in statement.DescendantsAndSelf())
        {
            if (ActivityAnalysis.VariableOf(op) is { } symbol && _scope.IsActive(symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(IOperation statement) => statement.Syntax.Kind().ToString().Replace("Statement", string.Empty).ToLowerInvariant();

    private static IOperation? ValueOf(IOperation op) => op switch
    {
        ISimpleAssignmentOperation a => a.Value,
        ICompoundAssignmentOperation c => c.Value,
        _ => null,
    };

    private void LowerAssignment(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (!v.Active || !_scope.IsActiveExpression(value))
        {
            Emit(new AssignStmt(target, InactiveValue(value), declares, Overwrites: false, SaveName: null));
            return;
        }

        Expr expr = LowerOperation(value);
        if (Reads(expr, target))
        {
            // The reverse sweep needs the operands as they were before the assignment: compute into a temporary.
            int temp = _scope.NewTemporary(v.Kind, v.TypeName, active: true);
            Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, SaveName: null));
            expr = new CopyExpr(new VariableAtom(temp));
        }

        Emit(new AssignStmt(target, expr, declares, Overwrites: false, SaveName: null));
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
            Emit(new AssignStmt(target, expr, Declares: false, Overwrites: false, SaveName: null));
            return;
        }

        int temp = _scope.NewTemporary(v.Kind, v.TypeName, active: true);
        Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, SaveName: null));
        Emit(new AssignStmt(target, new CopyExpr(new VariableAtom(temp)), Declares: false, Overwrites: false, SaveName: null));
    }

    private void LowerReturn(IOperation value)
    {
        int result = _scope.ResultVariable;
        if (_scope.IsActiveExpression(value))
        {
            Emit(new AssignStmt(result, LowerOperation(value), Declares: true, Overwrites: false, SaveName: null));
        }
        else
        {
            Emit(new AssignStmt(result, InactiveValue(value), Declares: true, Overwrites: false, SaveName: null));
        }

        Emit(new ReturnStmt(new VariableAtom(result)));
    }

    /// <summary>Lowers an active expression to one operation whose operands are atoms.</summary>
    private Expr LowerOperation(IOperation op)
    {
        switch (op)
        {
            case var _ when ActivityAnalysis.VariableOf(op) is { } symbol:
                return new CopyExpr(new VariableAtom(_scope.VariableOf(symbol)));
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus } unary:
                return new UnaryExpr(UnaryOperator.Negate, LowerAtom(unary.Operand));
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Plus } unary:
                return new CopyExpr(LowerAtom(unary.Operand));
            case IBinaryOperation { OperatorMethod: null } binary when Operator(binary.OperatorKind) is { } bop:
                Atom left = LowerAtom(binary.LeftOperand);
                return new BinaryExpr(bop, left, LowerAtom(binary.RightOperand));
            case IConversionOperation { OperatorMethod: null } conversion when SymbolFacts.KindOf(conversion.Operand.Type) != ScalarKind.None:
                ScalarKind to = SymbolFacts.KindOf(conversion.Type);
                Atom operand = LowerAtom(conversion.Operand);
                return to == SymbolFacts.KindOf(conversion.Operand.Type) ? new CopyExpr(operand) : new ConvertExpr(to, operand);
            case IInvocationOperation invocation:
                return LowerInvocation(invocation);
            default:
                Unsupported(op.Syntax, $"the expression '{_scope.Renderer.RenderOneLine(op.Syntax)}'", "GradientGen differentiates arithmetic (+ - * /), casts between float and double, Math/MathF functions and calls to [Differentiable] methods");
                return new CopyExpr(new ConstantAtom("0", 0));
        }
    }

    private Expr LowerInvocation(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (DerivativeRules.Find(method) is { } function)
        {
            return new MathCallExpr(SymbolFacts.TypeName(method.ContainingType), method.Name, function, SymbolFacts.KindOf(method.ReturnType), LowerArguments(invocation));
        }

        CalleeResolution.Result resolved = _callees.Resolve(invocation);
        if (resolved.Callee is null)
        {
            _issues.Add(_scope.IssueAt(Descriptors.CallWithoutDerivativeId, invocation.Syntax.Span, method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), resolved.Reason!));
            return new CopyExpr(new ConstantAtom("0", 0));
        }

        // The callee's backward has no adjoint for a [NoDerivative] parameter: the derivative of an active
        // argument passed there would be dropped, a silent zero.
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && SymbolFacts.KindOf(parameter.Type) != ScalarKind.None
                && !resolved.Callee.ActiveParameters[parameter.Ordinal] && _scope.IsActiveExpression(argument.Value))
            {
                Unsupported(argument.Syntax, $"the active argument '{_scope.Renderer.RenderOneLine(argument.Value.Syntax)}' passed to the [NoDerivative] parameter '{parameter.Name}' of '{method.Name}'", $"its derivative would be lost; pass a value that does not depend on the differentiated parameters, or remove [NoDerivative] from '{parameter.Name}'");
            }
        }

        string? receiver = resolved.Callee.Receiver;
        if (invocation.Instance is { } instance && !(instance is IInstanceReferenceOperation { IsImplicit: true }))
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

        return new DiffCallExpr(resolved.Callee with { Receiver = receiver }, LowerArguments(invocation));
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
        if (ActivityAnalysis.VariableOf(op) is { } symbol)
        {
            return new VariableAtom(_scope.VariableOf(symbol));
        }

        if (!_scope.IsActiveExpression(op))
        {
            if (ConstantOf(op) is { } constant)
            {
                return constant;
            }

            int inactive = _scope.NewTemporary(SymbolFacts.KindOf(op.Type), TypeNameOf(op), active: false);
            Emit(new AssignStmt(inactive, new VerbatimExpr(_scope.Renderer.Render(op.Syntax)), Declares: true, Overwrites: false, SaveName: null));
            return new VariableAtom(inactive);
        }

        ScalarKind kind = SymbolFacts.KindOf(op.Type);
        Expr expr = LowerOperation(op);
        int temp = _scope.NewTemporary(kind, SymbolFacts.KeywordFor(kind), active: true);
        Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, SaveName: null));
        return new VariableAtom(temp);
    }

    private static string TypeNameOf(IOperation op) =>
        SymbolFacts.KindOf(op.Type) is var kind and not ScalarKind.None ? SymbolFacts.KeywordFor(kind)
        : op.Type is { } type ? SymbolFacts.TypeName(type)
        : "var";

    /// <summary>An inactive right-hand side: a constant, or the user's expression copied as is.</summary>
    private Expr InactiveValue(IOperation value) =>
        ConstantOf(value) is { } constant ? new CopyExpr(constant)
        : ActivityAnalysis.VariableOf(value) is { } symbol ? new CopyExpr(new VariableAtom(_scope.VariableOf(symbol)))
        : new VerbatimExpr(_scope.Renderer.Render(value.Syntax));

    private ConstantAtom? ConstantOf(IOperation op)
    {
        if (op is IFieldReferenceOperation { Field: { IsStatic: true } field } && (field.IsConst || field.IsReadOnly))
        {
            double? numeric = field.HasConstantValue && field.ConstantValue is { } v && v is not bool and not string ? System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;
            return new ConstantAtom(SymbolFacts.TypeName(field.ContainingType) + "." + field.Name, numeric);
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
        return $"({TypeNameOf(op)})" + (op.Syntax is IdentifierNameSyntax ? text : "(" + text + ")");
    }

    private static bool Reads(Expr expr, int variable)
    {
        IEnumerable<Atom> atoms = expr switch
        {
            CopyExpr c => new[] { c.Value },
            UnaryExpr u => new[] { u.Operand },
            ConvertExpr c => new[] { c.Operand },
            BinaryExpr b => new[] { b.Left, b.Right },
            MathCallExpr m => m.Arguments,
            DiffCallExpr d => d.Arguments,
            _ => System.Array.Empty<Atom>(),
        };
        return atoms.Any(a => a is VariableAtom v && v.VariableId == variable);
    }

    private static BinaryOperator? Operator(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOperator.Add,
        BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
        BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
        BinaryOperatorKind.Divide => BinaryOperator.Divide,
        _ => null,
    };

    private void Emit(Stmt stmt) => _output.Add(stmt);

    private void Unsupported(SyntaxNode at, string construct, string wayOut) =>
        _issues.Add(_scope.IssueAt(Descriptors.UnsupportedConstructId, at.Span, construct, wayOut));
}
