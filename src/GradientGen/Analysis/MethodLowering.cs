using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Walks the method's IOperation tree into the structured IR. Active computations are split into
/// three-address operations (each active intermediate gets its own temporary); inactive code is copied
/// as is; branches and loops stay blocks; jumps become flags and guarded blocks. This is the single
/// place that decides whether a construct is supported: everything it cannot lower becomes an
/// <see cref="Issue"/> located on the construct.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly MethodScope _scope;
    private readonly CalleeResolution _callees;
    private readonly List<Issue> _issues;

    // Reads of float or double variables holding a lost derivative, reported only if no other error explains them.
    private readonly List<(IOperation Read, ISymbol Hidden, ITypeSymbol Type)> _hiddenVariableReads = new();
    private List<Stmt> _output = new();

    /// <summary>Set when the method returns from anywhere but its last statement: the flag that skips the rest.</summary>
    private int? _returned;
    private IOperation? _finalReturn;

    private IOperation _body = null!;

    /// <summary>How many branches and loops enclose the statement being lowered.</summary>
    private int _depth;

    // How many loop bodies (or switch sections that goto case can run again) enclose what is being lowered.
    private int _loopDepth;
    private bool _resultAssigned;

    public MethodLowering(MethodScope scope, CalleeResolution callees, List<Issue> issues)
    {
        _scope = scope;
        _callees = callees;
        _issues = issues;
    }

    public ImmutableArray<Stmt> Lower(IBlockOperation body)
    {
        _body = body;
        List<IOperation> statements = Flatten(body);
        _finalReturn = statements.Count > 0 ? statements[statements.Count - 1] as IReturnOperation : null;
        if (HasEarlyReturn(statements))
        {
            _returned = _scope.NewInactive("returned", isBool: true);
            Emit(new SourceStmt("(returns before the end set this flag; the statements after them are skipped)", ImmutableArray.Create<Stmt>(Assign(_returned.Value, BoolConstant(false), declares: true)).ToEquatableArray()));
        }

        RefuseHiddenUsesOfThis(body);
        RefuseOwnStructState(body);
        RefuseIterationByReference(body);
        RefuseCalleeSpanOutputs(body);
        LowerStatements(statements, 0);
        RefuseUnloweredMemberWritingCalls();
        if (_issues.Count == 0)
        {
            RefuseHiddenPointerCode(body);
        }

        ReportUnexplainedHiddenReads();
        return WithArrayScopes(WithoutUncalledCopies(_output)).ToImmutableArray();
    }

    /// <summary>Nested blocks add no meaning once their locals have method-unique names: their statements join the list.</summary>
    private List<IOperation> Flatten(IOperation statement)
    {
        var statements = new List<IOperation>();
        void Add(IOperation op)
        {
            // An inactive unsafe block stays one statement: the pointer code in it needs the unsafe context.
            // One over active values is unwrapped, so that each refusal lands on its pointer operation.
            if (op is IBlockOperation block && (op.Syntax.Parent is not UnsafeStatementSyntax || ContainsActiveReference(op)))
            {
                foreach (IOperation inner in block.Operations)
                {
                    Add(inner);
                }
            }
            else if (op is not IEmptyOperation)
            {
                statements.Add(op);
            }
        }

        Add(statement);

        return LocalFunctionsBeforeFinalReturn(statements);
    }

    /// <summary>
    /// Whether a return needs the flag: one that something may run after. A return that ends the method,
    /// or ends a branch or switch section that itself ends the method, needs none.
    /// </summary>
    private bool HasEarlyReturn(List<IOperation> statements)
    {
        var tails = new HashSet<IOperation>();
        CollectTails(statements, tails);
        return statements.SelectMany(Walk).Any(op => op is IReturnOperation && !tails.Contains(op));
    }

    private void CollectTails(List<IOperation> statements, HashSet<IOperation> tails)
    {
        switch (statements.Count == 0 ? null : statements[statements.Count - 1])
        {
            case IReturnOperation last:
                tails.Add(last);
                break;
            case IConditionalOperation branch:
                CollectTails(Flatten(branch.WhenTrue), tails);
                if (branch.WhenFalse is { } whenFalse)
                {
                    CollectTails(Flatten(whenFalse), tails);
                }

                break;
            case ISwitchOperation @switch:
                foreach (ISwitchCaseOperation section in @switch.Cases)
                {
                    CollectTails(section.Body.SelectMany(Flatten).ToList(), tails);
                }

                break;
        }
    }

    /// <summary>
    /// Lowers statements[start..]. After a statement that may jump (return, or break/continue of the loop
    /// being lowered), the rest runs only if no jump was taken: a guard the reverse sweep replays.
    /// </summary>
    private void LowerStatements(List<IOperation> statements, int start)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        for (int i = start; i < statements.Count; i++)
        {
            LowerSourceStatement(statements[i]);
            List<int> flags = JumpFlags(statements[i]);
            if (flags.Count > 0 && i < statements.Count - 1)
            {
                if (_loop?.Continued is { } continued && flags.Contains(continued))
                {
                    _loop.ContinuedRead = true;
                }

                var guard = new List<Stmt>();
                List<Stmt> outer = Swap(guard);
                int condition = _scope.NewCondition();
                Emit(Assign(condition, new VerbatimExpr(NoneOf(flags)), declares: true));
                Emit(new IfStmt(condition, Block(() => LowerStatements(statements, i + 1)), EquatableArray<Stmt>.Empty));
                _output = outer;
                Emit(new SourceStmt("(the rest runs only if no return, break or continue above was taken)", guard.ToEquatableArray()));
                return;
            }
        }
    }

    /// <summary>Lowers one user statement into a <see cref="SourceStmt"/> that quotes it.</summary>
    private void LowerSourceStatement(IOperation statement)
    {
        List<Stmt> outer = Swap(new List<Stmt>());
        LowerStatement(statement);
        List<Stmt> lowered = _output;
        _output = outer;
        if (lowered.Count > 0)
        {
            Emit(new SourceStmt(CommentText(statement), lowered.ToEquatableArray()));
        }
    }

    /// <summary>The comment that quotes a statement: the statement itself, or the header of a branch or loop.</summary>
    private string CommentText(IOperation statement)
    {
        string One(SyntaxNode node) => _scope.Renderer.RenderOneLine(node);
        string List(IEnumerable<SyntaxNode> nodes) => string.Join(", ", nodes.Select(One));
        return statement.Syntax switch
        {
            _ when statement is IReturnOperation { IsImplicit: true, ReturnedValue: { } value } => "return " + One(value.Syntax) + ";",
            IfStatementSyntax s => $"if ({One(s.Condition)})",
            WhileStatementSyntax s => $"while ({One(s.Condition)})",
            DoStatementSyntax s => $"do … while ({One(s.Condition)});",
            ForStatementSyntax s => $"for ({(s.Declaration is { } d ? One(d) : List(s.Initializers))}; {(s.Condition is { } c ? One(c) : string.Empty)}; {List(s.Incrementors)})",
            ForEachStatementSyntax s => $"foreach ({One(s.Type)} {s.Identifier.ValueText} in {One(s.Expression)})",
            SwitchStatementSyntax s => $"switch ({One(s.Expression)})",
            var node => One(node),
        };
    }

    private void LowerStatement(IOperation statement)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        switch (statement)
        {
            case IVariableDeclarationGroupOperation or ILocalFunctionOperation when LowerInlinedDeclaration(statement):
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                    {
                        int id = _scope.VariableOf(declarator.Symbol);
                        IVariableInitializerOperation? init = declarator.Initializer ?? declaration.Initializer;
                        if (declarator.Symbol.RefKind != RefKind.None && init is not null && ContainsActiveReference(init.Value))
                        {
                            // Writes through a reference to active data would bypass the tape.
                            Unsupported(declarator.Syntax, $"the ref local '{declarator.Symbol.Name}' to active data", "read the element into an ordinary local, and store it back with an assignment");
                            continue;
                        }

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
                        else if (HoistEmbeddedEffects(init.Value, rootIsStatement: false))
                        {
                            LowerAssignment(id, init.Value, declares: true);
                        }
                    }
                }

                break;
            case IExpressionStatementOperation expression:
                LowerExpressionStatement(expression);
                break;
            case IReturnOperation { ReturnedValue: { } value } @return:
                LowerReturn(value, isFinal: @return == _finalReturn);
                break;
            case IReturnOperation { ReturnedValue: null } @return when _scope.Method.ReturnsVoid:
                // return; in a method that writes its outputs into spans: the statements after it are skipped.
                if (_returned is { } returned && @return != _finalReturn)
                {
                    Emit(Assign(returned, BoolConstant(true), declares: false));
                }

                break;
            case IBranchOperation branch:
                LowerBranch(branch);
                break;
            case IConditionalOperation conditional when !IsSelfContainedAndInactive(conditional):
                LowerIf(conditional);
                break;
            case ILoopOperation loop when !IsSelfContainedAndInactive(loop):
                LowerLoop(loop);
                break;
            case ISwitchOperation @switch when !IsSelfContainedAndInactive(@switch):
                LowerSwitch(@switch);
                break;
            case ILabeledOperation:
                Unsupported(statement.Syntax, "a labeled statement", "labels and 'goto' are not supported: write the control flow with if, loops, break and continue");
                break;
            default:
                LowerInactiveStatement(statement);
                break;
        }
    }

    private void LowerExpressionStatement(IExpressionStatementOperation statement) => LowerEffect(statement.Operation, statement);

    /// <summary>
    /// An assignment, compound assignment or ++/-- as a statement (<paramref name="statement"/> is what an
    /// inactive one copies), or one used as a value, which MethodLowering.EmbeddedEffects moved ahead. The
    /// assignments used as values inside it go first (HoistEmbeddedEffects), unless it is copied as it is.
    /// </summary>
    private void LowerEffect(IOperation operation, IOperation statement)
    {
        switch (operation)
        {
            case IInvocationOperation add when TryLowerListAdd(add):
                return;
            case IInvocationOperation call when IsWritingCall(call):
                // Step(dt), Derivative(x, k, d): its outputs are the members and local arrays it writes (MethodLowering.WritingCalls).
                LowerWritingCall(call);
                return;
            case IInvocationOperation nested when IsNestedCall(nested) && ContainsActiveReference(nested):
                // XTangent(…, out tangent) or XBackward(…, ref dX) as a statement: its value is dropped, its out
                // or ref arguments assigned.
                LowerNestedCall(nested);
                return;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation
                when InstanceMembers.Of(TargetOf(operation)!) is { } member && RefuseMemberReplacement(operation, member):
                // A float member is written like a variable (below); a member array is not replaced (MethodLowering.MemberWrites).
                return;
            case ISimpleAssignmentOperation assignment when ActivityAnalysis.VariableOf(assignment.Target) is { } symbol:
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerAssignment(_scope.VariableOf(symbol), assignment.Value, declares: false);
                }

                return;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation
                when ActivityAnalysis.ElementOf(TargetOf(operation)!) is { } element && ActiveArrayOf(element) is { } array:
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerElementStore(array, element, operation);
                }

                return;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation
                when ActiveStructMemberOf(TargetOf(operation)!) is { } member:
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerStructMemberStore(member.Variable, member.Indices, member.Path, operation);
                }

                return;
            case IDeconstructionAssignmentOperation deconstruction when deconstruction.Target.DescendantsAndSelf().Any(t => ActivityAnalysis.VariableOf(t) is { } written && _scope.IsActive(written)):
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerDeconstruction(deconstruction);
                }

                return;
            case ICompoundAssignmentOperation compound when ActivityAnalysis.VariableOf(compound.Target) is { } symbol && _scope.IsActive(symbol)
                && _scope.Variables[_scope.VariableOf(symbol)].Shape == ValueShape.Struct:
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerStructCompound(_scope.VariableOf(symbol), compound);
                }

                return;
            case ICompoundAssignmentOperation compound when ActivityAnalysis.VariableOf(compound.Target) is { } symbol && _scope.IsActive(symbol):
                if (HoistEmbeddedEffects(operation, rootIsStatement: true))
                {
                    LowerCompound(_scope.VariableOf(symbol), compound.OperatorKind, compound.Value, compound);
                }

                return;
            case IIncrementOrDecrementOperation step when ActivityAnalysis.VariableOf(step.Target) is { } symbol && _scope.IsActive(symbol):
                int id = _scope.VariableOf(symbol);
                var one = new ConstantAtom(GradientGen.Emit.Literals.One(_scope.Variables[id].Kind), 1);
                var op = step.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                Emit(Assign(id, new BinaryExpr(op, new VariableAtom(id), one), declares: false));
                return;
            default:
                LowerInactiveStatement(statement);
                return;
        }
    }

    /// <param name="isFinal">The method's last statement: nothing follows that the flag would need to skip.</param>
    /// <summary>For a method returning an array: the local array it returns.</summary>
    public int? ResultArray { get; private set; }

    private void LowerReturn(IOperation value, bool isFinal)
    {
        if (SymbolFacts.ShapeOf(_scope.Method.ReturnType) is ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged)
        {
            // The reverse sweep seeds the returned array's adjoint with dResult: it must be one local array, returned once.
            if (isFinal && _returned is null && ActivityAnalysis.VariableOf(value) is ILocalSymbol local && _scope.Variables[_scope.VariableOf(local)].View is null
                && !IsReboundArray(_scope.VariableOf(local)) && !_rowsNamingVariables.Contains(_scope.VariableOf(local)))
            {
                ResultArray = _scope.VariableOf(local);
            }
            else
            {
                Unsupported(value.Syntax, $"returning '{_scope.Renderer.RenderOneLine(value.Syntax)}'", "a method returning an array returns one local array, allocated with 'new' and filled in the method, once, at its end");
            }

            return;
        }

        int result = _scope.ResultVariable;
        if (!HoistEmbeddedEffects(value, rootIsStatement: false))
        {
            return;
        }

        LowerAssignment(result, value, declares: !_resultAssigned);
        _resultAssigned = true;
        if (_returned is { } returned && !isFinal)
        {
            Emit(Assign(returned, BoolConstant(true), declares: false));
        }
    }

    /// <summary>
    /// A statement that writes no active variable is copied as is (a log line, a guard that throws, an
    /// integer update). The variables it writes are recorded so that the reverse sweep can restore them.
    /// </summary>
    private void LowerInactiveStatement(IOperation statement)
    {
        if (JumpFlags(statement).Count > 0)
        {
            SyntaxToken jumpKeyword = statement.Syntax.GetFirstToken();
            _issues.Add(_scope.IssueAt(Descriptors.UnsupportedConstructId, jumpKeyword.Span, $"a 'return', 'break' or 'continue' inside the '{jumpKeyword.ValueText}' statement", "move the jump out of it"));
            return;
        }

        // Control flow that touches active values comes with branch and loop support; report it at its keyword.
        if (statement is not IExpressionStatementOperation and not IThrowOperation and not IAssignmentOperation and not IIncrementOrDecrementOperation && ContainsActiveReference(statement))
        {
            SyntaxToken keyword = SyntaxOf(statement).GetFirstToken();
            if (statement is ILocalFunctionOperation function)
            {
                SyntaxToken name = ((LocalFunctionStatementSyntax)statement.Syntax).Identifier;
                _issues.Add(_scope.IssueAt(Descriptors.DelegateInvocationId, name.Span, $"the local function '{function.Symbol.Name}', which captures an active value"));
                return;
            }

            if (SyntaxOf(statement) is FixedStatementSyntax or UnsafeStatementSyntax)
            {
                _issues.Add(_scope.IssueAt(Descriptors.PointerOperationId, keyword.Span, keyword.ValueText));
                return;
            }

            _issues.Add(_scope.IssueAt(Descriptors.UnsupportedConstructId, keyword.Span, $"the '{keyword.ValueText}' statement over active values", "derivatives flow through assignments, if/else, switch, loops and calls; move the active computation out of it, or mark the parameters it depends on [NoDerivative]"));
            return;
        }

        if (RefuseActiveArrayArguments(statement))
        {
            return;
        }

        // A deconstruction that reaches here (inside another expression) would assign its active targets unseen.
        if (statement.DescendantsAndSelf().OfType<IDeconstructionAssignmentOperation>().FirstOrDefault(d => d.Target.DescendantsAndSelf().Any(t => ActivityAnalysis.VariableOf(t) is { } v && _scope.IsActive(v))) is { } hidden)
        {
            Unsupported(hidden.Syntax, $"the deconstruction '{_scope.Renderer.RenderOneLine(hidden.Syntax)}' inside another statement", "write it as a statement of its own");
            return;
        }

        var writes = new SortedSet<int>();
        foreach (IOperation op in statement.DescendantsAndSelf())
        {
            IOperation? target = op switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation s => s.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg => arg.Value,
                // A local array a call fills through an output span (one that carries no derivative: RefusedOutputArguments).
                IArgumentOperation { Parameter: { } parameter } arg when SymbolFacts.IsWritableSpanParameter(parameter) => ImplicitConversions.Unwrapped(arg.Value),
                _ => null,
            };
            // A member set by an object initializer or 'with' belongs to the value being made, not to storage:
            // where that value goes decides (a read through it is refused as hidden if it carries a derivative).
            if (target is null or IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } })
            {
                continue;
            }

            if (ActivityAnalysis.VariableOf(target) is { } symbol)
            {
                if (_scope.IsActive(symbol))
                {
                    if (op is IArgumentOperation { Parent: IInvocationOperation call } argument)
                    {
                        Report(Descriptors.ActiveWriteOutsideLocalsId, op.Syntax, $"passing the active variable '{symbol.Name}' as {(argument.Parameter!.RefKind == RefKind.Out ? "an out" : "a ref")} argument to '{call.TargetMethod.Name}'");
                    }
                    else
                    {
                        Unsupported(op.Syntax, $"'{_scope.Renderer.RenderOneLine(op.Syntax)}', which changes the active variable '{symbol.Name}' where GradientGen cannot follow it", "assign it with '=' or a compound assignment as a statement of its own");
                    }

                    return;
                }

                if (_scope.TryGetVariable(symbol, out int written))
                {
                    writes.Add(written);
                }
            }
            else if (ActivityAnalysis.StructMemberOf(target) is { } member && ActivityAnalysis.HolderOf(member.Root) is { } holder)
            {
                // A member of an active struct changed where GradientGen can't follow it (a ref argument, …).
                if (_scope.IsActive(holder))
                {
                    Unsupported(op.Syntax, $"'{_scope.Renderer.RenderOneLine(op.Syntax)}', which changes the active struct '{holder.Name}' where GradientGen cannot follow it", "assign the member with '=' or a compound assignment as a statement of its own");
                    return;
                }

                // A member of an inactive struct variable (one whose value never reaches the result): a write of it.
                if (_scope.TryGetVariable(holder, out int written))
                {
                    writes.Add(written);
                }
            }
            else if (ActivityAnalysis.ElementOf(target) is { } element && ActivityAnalysis.VariableOf(element.Array) is ILocalSymbol array
                && !_scope.IsActive(array) && _scope.TryGetVariable(array, out int local))
            {
                // An element of a local array whose values never reach the result (its own memory: an inactive array
                // aliases no active one), so what it holds needs no derivative, active or not.
                writes.Add(local);
            }
            else if (ValueOf(op) is { } value && (_scope.IsActiveExpression(value) || (IsReadBack(target) && _scope.HiddenActiveRead(value) is not null)))
            {
                RefuseActiveWrite(op, target);
                return;
            }
        }

        // A for loop's increments are expressions, not statements.
        string text = _scope.Renderer.Render(SyntaxOf(statement)) + (statement.Syntax is ExpressionSyntax ? ";" : string.Empty);
        Emit(new VerbatimStmt(text, writes.ToEquatableArray(), EquatableArray<SavedVariable>.Empty, writes.Count == 1 ? InverseOf(statement, writes.Min) : null));
    }

    /// <summary>
    /// The statement that undoes an update of an int or long local or parameter by a value the reverse sweep
    /// evaluates again (<c>li++</c>, <c>k -= 2</c>, <c>j += step</c>): exact in two's complement, even past an
    /// overflow, so running it in the reverse sweep gives back the old value without saving it.
    /// </summary>
    private string? InverseOf(IOperation statement, int variable)
    {
        IOperation op = statement is IExpressionStatementOperation expression ? expression.Operation : statement;
        string name = _scope.Variables[variable].Name;
        bool IsTarget(IOperation target) =>
            target.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
            && ActivityAnalysis.VariableOf(target) is { } symbol && _scope.TryGetVariable(symbol, out int id) && id == variable;
        return op switch
        {
            IIncrementOrDecrementOperation { OperatorMethod: null } step when IsTarget(step.Target) =>
                step.Kind == OperationKind.Increment ? name + "--;" : name + "++;",
            ICompoundAssignmentOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, InConversion.IsIdentity: true, OutConversion.IsIdentity: true } update
                when IsTarget(update.Target) && IsRecomputable(update.Value) && !Mentions(update.Value, variable) =>
                $"{name} {(update.OperatorKind == BinaryOperatorKind.Add ? "-=" : "+=")} {Parenthesized(update.Value)};",
            _ => null,
        };
    }

    private bool Mentions(IOperation value, int variable) =>
        value.DescendantsAndSelf().Any(o => ActivityAnalysis.VariableOf(o) is { } symbol && _scope.TryGetVariable(symbol, out int id) && id == variable);

    // Lambdas included: one that captures an active variable could change it.
    private bool ContainsActiveReference(IOperation statement)
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

    /// <summary>The statement's syntax; an unsafe block's operation is its inner block, without the 'unsafe'.</summary>
    private static SyntaxNode SyntaxOf(IOperation statement) =>
        statement is IBlockOperation && statement.Syntax.Parent is UnsafeStatementSyntax unsafeStatement ? unsafeStatement : statement.Syntax;

    /// <summary>
    /// Whether the field or property <paramref name="target"/> writes is read elsewhere in the method: a value
    /// that depends on the differentiated parameters would come back from it without its derivative.
    /// </summary>
    private bool IsReadBack(IOperation target)
    {
        ISymbol? member = MemberOf(target);
        return member is not null && _body.DescendantsAndSelf().Any(op => op != target && SymbolEqualityComparer.Default.Equals(MemberOf(op), member) && TargetOf(op.Parent!) != op);
    }

    private static ISymbol? MemberOf(IOperation op) => op switch
    {
        IFieldReferenceOperation f => f.Field,
        IPropertyReferenceOperation p => p.Property,
        _ => null,
    };

    private static IOperation? ValueOf(IOperation op) => op switch
    {
        ISimpleAssignmentOperation a => a.Value,
        ICompoundAssignmentOperation c => c.Value,
        _ => null,
    };

    /// <summary>An inactive statement with no jumps out is copied whole, even a branch or a loop.</summary>
    private bool IsSelfContainedAndInactive(IOperation statement) =>
        !ContainsActiveReference(statement) && JumpFlags(statement).Count == 0
        && !Walk(statement).Any(op => op is IBranchOperation { BranchKind: BranchKind.GoTo } or ILabeledOperation);

    /// <summary>Descendants, without descending into lambdas and local functions (their returns are their own).</summary>
    private static IEnumerable<IOperation> Walk(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            IOperation op = stack.Pop();
            yield return op;
            if (op is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (IOperation child in op.ChildOperations)
            {
                stack.Push(child);
            }
        }
    }

    private static IOperation? TargetOf(IOperation op) => op switch
    {
        ISimpleAssignmentOperation a => a.Target,
        ICompoundAssignmentOperation c => c.Target,
        IIncrementOrDecrementOperation s => s.Target,
        _ => null,
    };

    private static AssignStmt Assign(int target, Expr value, bool declares) => new(target, value, declares, Overwrites: false, Save: null);

    private static CopyExpr BoolConstant(bool value) => new(new ConstantAtom(value ? "true" : "false", null));

    /// <summary>A loop body's block: what it lowers may run many times (<see cref="_loopDepth"/>).</summary>
    private EquatableArray<Stmt> LoopBlock(System.Action lower)
    {
        _loopDepth++;
        EquatableArray<Stmt> block = Block(lower);
        _loopDepth--;
        return block;
    }

    /// <summary>Lowers into a fresh list and returns it (for the blocks of branches and loops).</summary>
    private EquatableArray<Stmt> Block(System.Action lower)
    {
        List<Stmt> outer = Swap(new List<Stmt>());
        _depth++;
        lower();
        _depth--;
        List<Stmt> block = _output;
        _output = outer;
        return block.ToEquatableArray();
    }

    private List<Stmt> Swap(List<Stmt> next)
    {
        List<Stmt> previous = _output;
        _output = next;
        return previous;
    }

    private void Emit(Stmt stmt) => _output.Add(stmt);

}
