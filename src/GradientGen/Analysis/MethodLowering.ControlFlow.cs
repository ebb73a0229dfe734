using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Branches, loops and jumps. Conditions are recorded in bool variables so the reverse sweep replays
/// the branch taken; loops count their iterations so the reverse sweep runs them backwards without
/// re-evaluating conditions. <c>break</c>, <c>continue</c> and early <c>return</c> set flags: the rest of
/// the block runs under a guard, and loop conditions test the flags, so the IR has no jumps.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The loop whose body is being lowered, with the flags its jumps set.</summary>
    private sealed class LoopContext
    {
        public LoopContext(ILabelSymbol exit, ILabelSymbol @continue)
        {
            Exit = exit;
            Continue = @continue;
        }

        public ILabelSymbol Exit { get; }

        public ILabelSymbol Continue { get; }

        public int? Broke { get; set; }

        public int? Continued { get; set; }

        /// <summary>A guard reads <see cref="Continued"/>: some statement follows a continue.</summary>
        public bool ContinuedRead { get; set; }
    }

    private LoopContext? _loop;

    /// <summary>The exit label of the switch whose sections are being lowered (a trailing break is dropped; others are refused).</summary>
    private ILabelSymbol? _switchExit;

    /// <summary>The flags a statement may set by jumping: returned, and broke/continued of the loop being lowered.</summary>
    private List<int> JumpFlags(IOperation statement)
    {
        var flags = new List<int>();
        foreach (IOperation op in Walk(statement))
        {
            int? flag = op switch
            {
                IReturnOperation => _returned,
                IBranchOperation b when _loop is not null && SymbolEqualityComparer.Default.Equals(b.Target, _loop.Exit) => _loop.Broke,
                IBranchOperation b when _loop is not null && SymbolEqualityComparer.Default.Equals(b.Target, _loop.Continue) => _loop.Continued,
                _ => null,
            };
            if (flag is { } f && !flags.Contains(f))
            {
                flags.Add(f);
            }
        }

        return flags;
    }

    /// <summary>The statements without the assignments to <paramref name="flag"/>, and without the blocks that held only those.</summary>
    private static EquatableArray<Stmt> WithoutFlag(EquatableArray<Stmt> body, int flag)
    {
        var kept = new List<Stmt>();
        foreach (Stmt s in body)
        {
            Stmt? rest = s switch
            {
                AssignStmt assign when assign.Target == flag => null,
                SourceStmt source => WithoutFlag(source.Body, flag) is { Count: > 0 } inner ? source with { Body = inner } : null,
                IfStmt branch => (WithoutFlag(branch.Then, flag), WithoutFlag(branch.Else, flag)) is var (then, @else) && then.Count + @else.Count > 0 ? branch with { Then = then, Else = @else } : null,
                _ => s,
            };
            if (rest is not null)
            {
                kept.Add(rest);
            }
        }

        return kept.ToEquatableArray();
    }

    private string NoneOf(IEnumerable<int> flags) => string.Join(" && ", flags.Select(f => "!" + _scope.Variables[f].Name));

    private void LowerBranch(IBranchOperation branch)
    {
        if (RefuseMisplacedGotoCase(branch))
        {
            return;
        }

        if (_loop is not null && SymbolEqualityComparer.Default.Equals(branch.Target, _loop.Exit) && _loop.Broke is { } broke)
        {
            Emit(Assign(broke, BoolConstant(true), declares: false));
        }
        else if (_loop is not null && SymbolEqualityComparer.Default.Equals(branch.Target, _loop.Continue) && _loop.Continued is { } continued)
        {
            Emit(Assign(continued, BoolConstant(true), declares: false));
        }
        else if (_switchExit is not null && SymbolEqualityComparer.Default.Equals(branch.Target, _switchExit))
        {
            Unsupported(branch.Syntax, "a 'break' before the end of a switch section", "end each section with a single break, or restructure it with if/else");
        }
        else
        {
            Unsupported(branch.Syntax, $"'{branch.Syntax}'", "'goto' is not supported: write the control flow with if, loops, break and continue");
        }
    }

    private void LowerIf(IConditionalOperation conditional)
    {
        if (!HoistEmbeddedEffects(conditional.Condition, rootIsStatement: false))
        {
            return;
        }

        int condition = LowerCondition(conditional.Condition);
        EquatableArray<Stmt> then = Block(() => LowerStatements(Flatten(conditional.WhenTrue), 0));
        EquatableArray<Stmt> @else = conditional.WhenFalse is { } whenFalse ? Block(() => LowerStatements(Flatten(whenFalse), 0)) : EquatableArray<Stmt>.Empty;
        Emit(new IfStmt(condition, then, @else));
    }

    /// <summary>Evaluates a condition into a recorded bool variable.</summary>
    private int LowerCondition(IOperation condition) => LowerCondition(condition, _scope.Renderer.Render(condition.Syntax));

    private int LowerCondition(IOperation condition, string text)
    {
        RefuseWrites(condition, "a condition");
        int c = _scope.NewCondition();
        Emit(Assign(c, new VerbatimExpr(text), declares: true));
        return c;
    }

    private void RefuseWrites(IOperation operation, string where)
    {
        foreach (IOperation op in operation.DescendantsAndSelf())
        {
            if (op is IDeclarationPatternOperation { DeclaredSymbol: { } declared } && _scope.IsActive(declared))
            {
                Unsupported(op.Syntax, $"the pattern variable '{declared.Name}', which would carry an active value", "assign the value to a local with '=' instead");
                return;
            }

            if ((op is ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation && HoistedValue(op) is null)
                || op is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out })
            {
                Unsupported(op.Syntax, $"an assignment inside {where}", "assign in a statement of its own before it");
                return;
            }
        }
    }

    private void LowerLoop(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForLoopOperation @for:
                List<IOperation> increments = @for.AtLoopBottom.ToList();
                IOperation? forTest = EffectfulCondition(@for.Condition);
                LowerLoop(loop, @for.Before, forTest is null ? LoopCondition(@for.Condition) : null, LoopShape.TestFirst, @for.Body, head: null, increments.Count == 0 ? null : () => increments.ForEach(LowerSourceStatement), forTest is null ? CounterOf(@for) : null, forTest);
                break;
            case IWhileLoopOperation { ConditionIsUntil: false } @while:
                IOperation? whileTest = EffectfulCondition(@while.Condition);
                LowerLoop(loop, [], whileTest is null ? LoopCondition(@while.Condition) : null, @while.ConditionIsTop ? LoopShape.TestFirst : LoopShape.TestLast, @while.Body, head: null, increments: null, counter: null, whileTest);
                break;
            case IForEachLoopOperation forEach:
                LowerForEach(forEach);
                break;
            default:
                Unsupported(loop.Syntax, "this kind of loop", "use for, while, do or foreach over an array or span");
                break;
        }
    }

    /// <summary>
    /// <c>for (int i = start; …; i++)</c> (or <c>i--</c>, <c>i += c</c>, <c>i -= c</c> with a constant c) whose
    /// body and condition never write i, starting from a constant, a variable the loop doesn't write, or a
    /// value the reverse sweep can compute again.
    /// </summary>
    private LoopCounter? CounterOf(IForLoopOperation loop)
    {
        if (loop.Before is not [IVariableDeclarationGroupOperation { Declarations: [{ Declarators: [{ Symbol: { Type.SpecialType: SpecialType.System_Int32 } index } declarator] } declaration] }]
            || (declarator.Initializer ?? declaration.Initializer)?.Value is not { } start
            || loop.AtLoopBottom is not [var bottom])
        {
            return null;
        }

        IOperation step = bottom is IExpressionStatementOperation statement ? statement.Operation : bottom;
        int? delta = step switch
        {
            IIncrementOrDecrementOperation s when SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(s.Target), index) => s.Kind == OperationKind.Increment ? 1 : -1,
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, Value.ConstantValue: { HasValue: true, Value: int c } } a
                when SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(a.Target), index) => a.OperatorKind == BinaryOperatorKind.Add ? c : -c,
            _ => null,
        };
        if (delta is null || WritesVariable(loop.Body, index) || (loop.Condition is { } condition && WritesVariable(condition, index)))
        {
            return null;
        }

        // The start as the reverse loop evaluates it again: a constant, a variable the loop doesn't write, or an
        // expression over values that stay the same (a.Length - 1 when counting down).
        Atom? first = start.ConstantValue is { HasValue: true, Value: int constant }
            ? new ConstantAtom(constant.ToString(System.Globalization.CultureInfo.InvariantCulture), constant)
            : ActivityAnalysis.VariableOf(start) is { } variable && !WritesVariable(loop.Body, variable) && _scope.TryGetVariable(variable, out int id) ? new VariableAtom(id)
            : IsRecomputable(start) ? new ConstantAtom(Parenthesized(start), null)
            : null;
        if (first is null)
        {
            return null;
        }

        (string Trips, string? Last)? count = TripCount(loop.Condition, index, start, delta.Value);
        return new LoopCounter(_scope.VariableOf(index), first, delta.Value, count?.Trips, Last: count?.Last);
    }

    /// <summary>
    /// The number of iterations of <c>for (int i = start; i &lt; bound; i += step)</c> (or <c>&lt;=</c>, or
    /// <c>&gt;</c>/<c>&gt;=</c> counting down) as C#, when start and bound are values the reverse sweep can
    /// evaluate again; otherwise null, and the forward sweep counts the iterations. Computed in long: an int
    /// index runs up to 2³² − 1 times, and bound − start overflows an int past int.MaxValue. With a step of 1, also
    /// the last value the index would take (<see cref="LoopCounter.Last"/>).
    /// </summary>
    private (string Trips, string? Last)? TripCount(IOperation? condition, ILocalSymbol index, IOperation start, int step)
    {
        if (condition is not IBinaryOperation { OperatorMethod: null } compare
            || compare.LeftOperand.Type?.SpecialType != SpecialType.System_Int32
            || compare.RightOperand.Type?.SpecialType != SpecialType.System_Int32)
        {
            return null;
        }

        int? leftOffset = OffsetFrom(compare.LeftOperand, index), rightOffset = OffsetFrom(compare.RightOperand, index);
        bool indexLeft = leftOffset is not null;
        if (indexLeft == rightOffset is not null)
        {
            return null;
        }

        // i + c < b runs as long as i < b − c.
        int offset = (leftOffset ?? rightOffset)!.Value;
        IOperation bound = indexLeft ? compare.RightOperand : compare.LeftOperand;
        BinaryOperatorKind kind = indexLeft ? compare.OperatorKind : Mirror(compare.OperatorKind);
        if (!IsRecomputable(bound) || !IsRecomputable(start))
        {
            return null;
        }

        // Counting up to an exclusive bound b from s by k runs ⌈(b − s) / k⌉ times, at least 0; the other
        // forms reduce to it (an inclusive bound is one further, counting down swaps the two).
        int k = System.Math.Abs(step);
        string limit = offset == 0 ? Parenthesized(bound)
            : $"((long){Parenthesized(bound)} {(offset > 0 ? "-" : "+")} {System.Math.Abs(offset).ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        (string from, string to, bool inclusive)? range = (kind, step > 0) switch
        {
            (BinaryOperatorKind.LessThan, true) => (Parenthesized(start), limit, false),
            (BinaryOperatorKind.LessThanOrEqual, true) => (Parenthesized(start), limit, true),
            (BinaryOperatorKind.GreaterThan, false) => (limit, Parenthesized(start), false),
            (BinaryOperatorKind.GreaterThanOrEqual, false) => (limit, Parenthesized(start), true),
            _ => null,
        };
        if (range is not (string s, string b, bool inclusive))
        {
            return null;
        }

        if (start.ConstantValue is { HasValue: true, Value: int first } && bound.ConstantValue is { HasValue: true, Value: int end })
        {
            long last = (long)end - offset;
            long span = step > 0 ? (long)last - first : (long)first - last;
            long count = inclusive ? (span >= 0 ? span / k + 1 : 0) : (span > 0 ? (span + k - 1) / k : 0);
            long lastValue = inclusive ? last : last + (step > 0 ? -1 : 1);
            return (count.ToString(System.Globalization.CultureInfo.InvariantCulture), k == 1 ? lastValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }

        // Counting by 1, the index ends at the bound, one short of it when the bound is exclusive.
        string? lastIndex = k != 1 ? null : inclusive ? limit : $"{Wide(limit)} {(step > 0 ? "-" : "+")} 1";

        // From 0 up to an int, exclusive, the count is that int; anything else may not fit one.
        string difference = s == "0" ? (inclusive || k > 1 ? Wide(b) : b) : $"{Wide(b)} - {s}";
        string trips = (inclusive, k) switch
        {
            (false, 1) => $"global::System.Math.Max({difference}, 0)",
            (true, 1) => $"{b} >= {s} ? {difference} + 1 : 0",
            (false, _) => $"{b} > {s} ? ({difference} + {k - 1}) / {k} : 0",
            (true, _) => $"{b} >= {s} ? ({difference}) / {k} + 1 : 0",
        };
        return (trips, lastIndex);

        static string Wide(string operand) => operand.StartsWith("((long)", System.StringComparison.Ordinal) ? operand : "(long)" + operand;

        static bool IsLocal(IOperation op, ILocalSymbol local) => op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

        // c when op is i + c (or i − c, or i itself); null when it is anything else.
        static int? OffsetFrom(IOperation op, ILocalSymbol local) => op switch
        {
            _ when IsLocal(op, local) => 0,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null, RightOperand.ConstantValue: { HasValue: true, Value: int c } } add when IsLocal(add.LeftOperand, local) => c,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, OperatorMethod: null, RightOperand.ConstantValue: { HasValue: true, Value: int c } } sub when IsLocal(sub.LeftOperand, local) => -c,
            _ => null,
        };

        static BinaryOperatorKind Mirror(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            _ => kind,
        };
    }

    private string Parenthesized(IOperation op)
    {
        string text = _scope.Renderer.Render(op.Syntax);
        return op is ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation ? text : "(" + text + ")";
    }

    /// <summary>The loop's condition when an assignment in it is used as a value (<c>while (n-- &gt; 0)</c>); otherwise null.</summary>
    private IOperation? EffectfulCondition(IOperation? condition) =>
        condition is not null && HasEmbeddedEffect(condition, rootIsStatement: false) ? condition : null;

    private string? LoopCondition(IOperation? condition)
    {
        if (condition is null)
        {
            return null;
        }

        RefuseWrites(condition, "a loop condition");
        return _scope.Renderer.Render(condition.Syntax);
    }

    /// <param name="before">Statements run once before the loop (a for loop's initializers).</param>
    /// <param name="condition">The user's condition as C#; null for none (<c>for (;;)</c>).</param>
    /// <param name="head">Lowers what starts every iteration (a foreach's element).</param>
    /// <param name="increments">Lowers what ends every iteration, after a continue too (a for loop's increments).</param>
    /// <param name="counter">The loop's counted index, if it has one.</param>
    /// <param name="effectfulTest">A condition with assignments in it, tested into a flag before the loop (or first iteration) and after each iteration's increments.</param>
    private void LowerLoop(ILoopOperation loop, IEnumerable<IOperation> before, string? condition, LoopShape kind, IOperation body, System.Action? head, System.Action? increments, LoopCounter? counter = null, IOperation? effectfulTest = null)
    {
        var context = new LoopContext(loop.ExitLabel, loop.ContinueLabel);
        bool breaks = Walk(body).Any(op => op is IBranchOperation b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel));
        bool continues = Walk(body).Any(op => op is IBranchOperation b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel));
        bool returns = _returned is not null && Walk(body).Any(op => op is IReturnOperation);
        foreach (IOperation statement in before)
        {
            LowerSourceStatement(statement);
        }

        if (effectfulTest is not null)
        {
            // The condition's assignments run at every test, the last, failing one included: once before the
            // loop (for a test-first loop) and at the end of every iteration, where a continue still gets.
            int flag = _scope.NewCondition();
            string quoted = "(the loop condition) " + _scope.Renderer.RenderOneLine(effectfulTest.Syntax);
            bool refused = false;
            void Test(bool declares)
            {
                if (refused)
                {
                    return; // Reported once is enough.
                }

                int issues = _issues.Count;
                List<Stmt> outerTest = Swap(new List<Stmt>());
                LowerEffectfulTest(effectfulTest, flag, declares);
                refused = _issues.Count > issues;
                List<Stmt> test = _output;
                _output = outerTest;
                Emit(new SourceStmt(quoted, test.ToEquatableArray()));
            }

            if (kind == LoopShape.TestFirst)
            {
                Test(declares: true);
            }
            else
            {
                Emit(Assign(flag, BoolConstant(false), declares: true));
            }

            condition = _scope.Variables[flag].Name;
            System.Action? own = increments;
            increments = () =>
            {
                own?.Invoke();
                Test(declares: false);
            };
        }

        if (breaks)
        {
            context.Broke = _scope.NewInactive("broke", isBool: true);
            Emit(Assign(context.Broke.Value, BoolConstant(false), declares: true));
        }

        if (continues)
        {
            context.Continued = _scope.NewInactive("continued", isBool: true);
        }

        // Leaving early makes the number of iterations something only the forward sweep can count.
        if (breaks || returns)
        {
            counter = counter is null ? null : counter with { TripCount = null, Last = null };
        }

        int? trips = null;
        if (counter?.TripCount is null)
        {
            trips = _scope.NewTripCounter();
            Emit(Assign(trips.Value, new CopyExpr(new ConstantAtom("0", 0)), declares: true));
        }

        // The condition, with the flags of jumps that leave the loop folded in.
        var stops = new List<int>();
        if (returns)
        {
            stops.Add(_returned!.Value);
        }

        if (context.Broke is { } brokeFlag)
        {
            stops.Add(brokeFlag);
        }

        string text = stops.Count == 0 ? condition ?? "true"
            : condition is null ? NoneOf(stops)
            : NoneOf(stops) + " && (" + condition + ")";

        LoopContext? outer = _loop;
        ILabelSymbol? outerSwitch = _switchExit;
        _loop = context;
        _switchExit = null;
        var recomputedLocals = new List<RecomputedLocal>();
        (List<RecomputedLocal>? Locals, int Depth, IOperation? Body) outerRecomputed = (_recomputedHere, _recomputedDepth, _recomputedBody);
        EquatableArray<Stmt> lowered = LoopBlock(() =>
        {
            (_recomputedHere, _recomputedBody) = (null, null);
            if (counter is not null)
            {
                _counters.Add(counter.Variable);
                recomputedLocals.AddRange(counter.Locals);
                _counters.UnionWith(counter.Locals.Select(l => l.Variable));
                if (stops.Count == 0 && !continues)
                {
                    recomputedLocals.AddRange(RecomputedLocalsOf(body));
                    (_recomputedHere, _recomputedDepth, _recomputedBody) = (recomputedLocals, _depth, body);
                }
            }

            if (context.Continued is { } continued)
            {
                Emit(Assign(continued, BoolConstant(false), declares: true));
            }

            head?.Invoke();
            LowerStatements(Flatten(body), 0);
            if (counter is not null)
            {
                _counters.Remove(counter.Variable);
                _counters.ExceptWith(recomputedLocals.Select(l => l.Variable));
            }

            if (increments is not null)
            {
                if (stops.Count > 0)
                {
                    // A break or return skips the increment; a continue doesn't.
                    int go = _scope.NewCondition();
                    Emit(Assign(go, new VerbatimExpr(NoneOf(stops)), declares: true));
                    Emit(new IfStmt(go, Block(increments), EquatableArray<Stmt>.Empty));
                }
                else
                {
                    increments();
                }
            }
        });
        _loop = outer;
        _switchExit = outerSwitch;
        (_recomputedHere, _recomputedDepth, _recomputedBody) = outerRecomputed;
        if (context.Continued is { } unread && !context.ContinuedRead)
        {
            // Every continue ends the body: nothing reads the flag, and an unread local is a warning.
            lowered = WithoutFlag(lowered, unread);
        }

        counter = counter is null ? null : counter with { Locals = recomputedLocals.ToEquatableArray() };
        Emit(new LoopStmt(kind, text, trips, _scope.Names.Allocate("iteration"), lowered, counter) { ScaleName = _scope.Names.Allocate("scale") });
    }

    /// <summary>
    /// The numeric locals a counted loop's body declares, as statements of its own (so every iteration runs
    /// them: the loop has no jumps), from values the reverse iteration can evaluate again, and never assigns
    /// again: inactive ones from recomputable values, active ones by arithmetic on elements of parameters the
    /// method only reads (extended Rosenbrock's <c>a = x[i]</c>, <c>v = a * a - x[i + 1]</c>). Each one accepted counts as recomputable for the next ones and for the rest of the body.
    /// </summary>
    private List<RecomputedLocal> RecomputedLocalsOf(IOperation body)
    {
        var result = new List<RecomputedLocal>();
        foreach ((ILocalSymbol local, IOperation value) in DeclaredOnce(body))
        {
            if (((local.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double || GenericMath.IsFloatingTypeParameter(local.Type))
                && !local.IsConst
                && (_scope.IsActive(local) ? IsReplayable(value) : IsRecomputable(value)))
                || IsRecomputedSlice(local, value))
            {
                int id = _scope.VariableOf(local);
                _counters.Add(id);
                result.Add(new RecomputedLocal(id, _scope.Renderer.Render(value.Syntax)));
            }
        }

        return result;
    }

    /// <summary>
    /// A <c>ref</c> foreach variable over floating-point data writes the data where no derivative follows it, and
    /// the activity analysis doesn't see the write either (the data looks unwritten, its derivative zero): refused,
    /// wherever the loop is, before anything else is lowered.
    /// </summary>
    private void RefuseIterationByReference(IOperation body)
    {
        foreach (IForEachLoopOperation forEach in body.DescendantsAndSelf().OfType<IForEachLoopOperation>())
        {
            if (forEach.LoopControlVariable is IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.Ref } variable }
                && forEach.Syntax is ForEachStatementSyntax statement
                && SymbolFacts.ShapeOf(forEach.Collection is IConversionOperation { IsImplicit: true } c ? c.Operand.Type : forEach.Collection.Type) != ValueShape.None)
            {
                // On 'ref double v', the variable's declaration.
                var at = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.Type.SpanStart, statement.Identifier.Span.End);
                _issues.Add(_scope.IssueAt(Diagnostics.Descriptors.UnsupportedConstructId, at, $"the ref foreach variable '{variable.Name}' over floating-point data", "iterate with an index and assign the elements"));
            }
        }
    }

    /// <summary>foreach over an array or span: an index loop, with the element assigned at the top of each iteration.</summary>
    private void LowerForEach(IForEachLoopOperation forEach)
    {
        IOperation collection = ImplicitConversions.Unwrapped(forEach.Collection);

        bool indexable = collection.Type is IArrayTypeSymbol { Rank: 1 }
            || collection.Type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" }
            || FloatLists.IsList(collection.Type);
        string count = FloatLists.IsList(collection.Type) ? "Count" : "Length";
        if (RefuseListChangedInForeach(forEach, collection))
        {
            return;
        }
        if (!indexable || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } element })
        {
            Unsupported(forEach.Collection.Syntax, $"a foreach over '{collection.Type?.ToDisplayString()}'", "iterate over an array or a span, or use an index loop");
            return;
        }

        // The collection is evaluated once, as C# does.
        string items;
        if (ActivityAnalysis.VariableOf(collection) is { } symbol && !WritesVariable(forEach.Body, symbol))
        {
            items = _scope.Variables[_scope.VariableOf(symbol)].Name;
        }
        else
        {
            int temp = _scope.NewTemporary(collection.Type!);
            Emit(Assign(temp, new VerbatimExpr(_scope.Renderer.Render(collection.Syntax)), declares: true));
            items = _scope.Variables[temp].Name;
        }

        int index = _scope.NewInactive("index", isBool: false);
        Emit(Assign(index, new CopyExpr(new ConstantAtom("0", 0)), declares: true));
        string indexName = _scope.Variables[index].Name;
        int elementId = _scope.VariableOf(element);
        ITypeSymbol elementType = collection.Type is IArrayTypeSymbol array ? array.ElementType : ((INamedTypeSymbol)collection.Type!).TypeArguments[0];
        string read = $"{items}[{indexName}]";
        if (!SymbolEqualityComparer.Default.Equals(elementType, element.Type))
        {
            read = $"({_scope.Variables[elementId].TypeName}){read}";
        }

        var increment = new VerbatimStmt(indexName + "++;", new EquatableArray<int>(System.Collections.Immutable.ImmutableArray.Create(index)), EquatableArray<SavedVariable>.Empty);

        // The index counts from 0 by 1 and nothing else writes it: the reverse loop sets it again instead of
        // saving it. Over a collection that stays the same, the trip count is its length again, and an element
        // that carries no derivative is read again by each reverse iteration.
        bool stable = IsUnchangedCollection(collection) && !FloatLists.IsList(collection.Type);
        var at = new[] { (Atom)new VariableAtom(index) }.ToEquatableArray();
        bool numeric = element.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double;
        var counter = new LoopCounter(index, new ConstantAtom("0", 0), 1, stable ? $"{items}.{count}" : null,
            stable && numeric && !_scope.IsActive(element) ? new[] { new RecomputedLocal(elementId, read) }.ToEquatableArray() : default,
            stable ? $"(long){items}.{count} - 1" : null);

        // The element of an active array is read like any element: its adjoint flows back into the array's.
        Expr elementValue = new VerbatimExpr(read);
        if (ActivityAnalysis.VariableOf(collection) is { } c && _scope.IsActive(c))
        {
            if (WritesVariable(forEach.Body, c))
            {
                // Its elements are read through the variable, which would name the other array.
                Unsupported(forEach.Collection.Syntax, $"a foreach over the array local '{c.Name}', which the loop gives another array", $"loop over a local naming the array the loop starts with (double[] items = {c.Name};)");
                return;
            }

            if (_scope.Variables[_scope.VariableOf(c)].Shape == ValueShape.Jagged)
            {
                LowerForEachRow(forEach, c, element, read, indexName, stable && SymbolEqualityComparer.Default.Equals(elementType, element.Type), counter, increment, $"{indexName} < {items}.{count}");
                return;
            }

            if (_scope.Variables[_scope.VariableOf(c)].Shape == ValueShape.StructArray && !_scope.Variables[elementId].Active)
            {
                // A loop variable whose value never reaches the result: a plain copy, like code that carries no derivative.
                LowerLoop(forEach, [], $"{indexName} < {items}.{count}", LoopShape.TestFirst, forEach.Body, () => Emit(Assign(elementId, elementValue, declares: true)), () => Emit(increment), counter);
                return;
            }

            if (_scope.Variables[_scope.VariableOf(c)].Shape == ValueShape.StructArray && _scope.Variables[elementId].Shape == ValueShape.Struct)
            {
                // foreach (Vector3 p in points): the struct local takes the element's members, read at the index.
                if (StructShapes.OtherStateOf(element.Type) is { } other)
                {
                    RefuseLostState(forEach.Collection, element.Type, other);
                    return;
                }

                int structs = _scope.VariableOf(c);
                System.Collections.Immutable.ImmutableArray<string> paths = StructShapes.LeavesOf(element.Type);
                ScalarKind kind = StructShapes.KindOf(element.Type);
                void Head()
                {
                    Emit(new DeclareStmt(elementId));
                    StoreLeaves(elementId, paths, paths.Select(path => (Atom)ReadMember(structs, path, kind, at, IsRereadable(collection, at))).ToList());
                }

                LowerLoop(forEach, [], $"{indexName} < {items}.{count}", LoopShape.TestFirst, forEach.Body, Head, () => Emit(increment), counter);
                return;
            }

            if (SymbolFacts.KindOf(element.Type) != SymbolFacts.ElementKindOf(collection.Type))
            {
                Unsupported(forEach.LoopControlVariable.Syntax, "a foreach variable whose type differs from the active array's elements", "declare it with the element type and convert inside the loop");
                return;
            }

            int elements = _scope.VariableOf(c);
            LowerLoop(forEach, [], $"{indexName} < {items}.{count}", LoopShape.TestFirst, forEach.Body, () => Emit(Assign(elementId, new ElementExpr(elements, at, IsRereadable(collection, at)), declares: true)), () => Emit(increment), counter);
            return;
        }

        if (ActivityAnalysis.DifferentiableReads(collection).Any(_scope.IsActive))
        {
            LowerForEachOverRow(forEach, collection, element, indexName, at, counter, increment, $"{indexName} < {items}.{count}");
            return;
        }

        LowerLoop(forEach, [], $"{indexName} < {items}.{count}", LoopShape.TestFirst, forEach.Body, () => Emit(Assign(elementId, elementValue, declares: true)), () => Emit(increment), counter);
    }

    /// <summary>
    /// <c>foreach (double v in w[i])</c> over a row of an active jagged array: its elements are <c>w[i][index]</c>, read
    /// like any element, at the row the loop started with. Over any other active array that isn't a variable, refused:
    /// its elements' derivatives would have nowhere to go.
    /// </summary>
    private void LowerForEachOverRow(IForEachLoopOperation forEach, IOperation collection, ILocalSymbol element, string indexName, EquatableArray<Atom> at, LoopCounter counter, VerbatimStmt increment, string condition)
    {
        if (ActivityAnalysis.ElementOf(collection) is not { Indices: [var rowIndex] } row || ActiveArrayOf(row) is not { } rows || !IsJaggedRow(rows, row)
            || !IsPureIndex(rowIndex) || (ActivityAnalysis.VariableOf(row.Array) is { } jagged && (WritesVariable(forEach.Body, jagged) || ReplacesRowsOf(forEach.Body, jagged)))
            || SymbolFacts.KindOf(element.Type) != _scope.Variables[rows].Kind)
        {
            Unsupported(forEach.Collection.Syntax, $"a foreach over '{_scope.Renderer.RenderOneLine(collection.Syntax)}', an active array that is not a variable (or a row the loop changes)", "hold it in a local first, or index it in a counted loop");
            return;
        }

        // The row as the loop starts: a copy of its index, which the body may change.
        int rowAt = _scope.NewInactive("row", isBool: false);
        Emit(Assign(rowAt, new CopyExpr(LowerAtom(rowIndex)), declares: true));
        int elementId = _scope.VariableOf(element);
        var indices = new[] { (Atom)new VariableAtom(rowAt), at[0] }.ToEquatableArray();
        LowerLoop(forEach, [], condition, LoopShape.TestFirst, forEach.Body, () => Emit(Assign(elementId, new ElementExpr(rows, indices), declares: true)), () => Emit(increment), counter);
    }

    /// <summary>
    /// <c>foreach (double[] row in w)</c> over a jagged array: each row is a view of <c>w</c> whose adjoint is the same
    /// row of <c>dW</c>, like <c>double[] row = w[i];</c> at the top of a counted loop's body; the reverse loop sets
    /// both again from the index. Over a jagged array the method changes, or into a variable of another type, refused.
    /// </summary>
    private void LowerForEachRow(IForEachLoopOperation forEach, ISymbol collection, ILocalSymbol element, string read, string indexName, bool stable, LoopCounter counter, VerbatimStmt increment, string condition)
    {
        // A row the body replaces would be the new one when the reverse iteration takes the row again.
        if (!stable || ReplacesRowsOf(forEach.Body, collection))
        {
            Unsupported(forEach.Collection.Syntax, $"a foreach over the rows of the jagged array '{collection.Name}', which the method changes or converts", $"index its rows instead: for (int i = 0; i < {collection.Name}.Length; i++) {{ var row = {collection.Name}[i]; … }}");
            return;
        }

        int rows = _scope.VariableOf(collection), row = _scope.VariableOf(element);
        void Head()
        {
            _scope.Variables[row] = _scope.Variables[row] with { View = new SliceView(rows, indexName, PerIteration: true, Row: true) };
            Emit(Assign(row, new VerbatimExpr(read), declares: true));
        }

        var rowCounter = counter with { Locals = new[] { new RecomputedLocal(row, read) }.ToEquatableArray() };
        LowerLoop(forEach, [], condition, LoopShape.TestFirst, forEach.Body, Head, () => Emit(increment), rowCounter);
    }

    /// <summary>A collection that is the same for the whole call: a parameter passed by value the method never assigns, or a local array it writes once at the top.</summary>
    private bool IsUnchangedCollection(IOperation collection) => collection switch
    {
        IParameterReferenceOperation p => SymbolFacts.IsPassedByValue(p.Parameter) && !WritesVariable(_body, p.Parameter),
        ILocalReferenceOperation l => l.Local.Type is IArrayTypeSymbol && WrittenOnce().Contains(l.Local),
        _ => false,
    };

    private static bool WritesVariable(IOperation root, ISymbol symbol) =>
        root.DescendantsAndSelf().Any(op => op switch
        {
            ISimpleAssignmentOperation a => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(a.Target), symbol),
            ICompoundAssignmentOperation c => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(c.Target), symbol),
            IIncrementOrDecrementOperation s => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(s.Target), symbol),
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(arg.Value), symbol),
            _ => false,
        });

    /// <summary>Whether <paramref name="root"/> gives a row of the jagged array <paramref name="jagged"/> another array (<c>h[i] = new T[n]</c>).</summary>
    private static bool ReplacesRowsOf(IOperation root, ISymbol jagged) => ReplacesOtherRowsThan(root, jagged, passed: null);

    /// <summary>A switch statement becomes an if/else chain over its cases, in order, with default last.</summary>
    private void LowerSwitch(ISwitchOperation @switch)
    {
        if (!HoistEmbeddedEffects(@switch.Value, rootIsStatement: false))
        {
            return;
        }

        string value = SwitchValue(@switch.Value, @switch.Cases.SelectMany(c => c.Body));
        ISwitchCaseOperation? fallback = @switch.Cases.FirstOrDefault(c => c.Clauses.Any(clause => clause is IDefaultCaseClauseOperation));
        List<ISwitchCaseOperation> cases = @switch.Cases.Where(c => c != fallback).ToList();
        ILabelSymbol? outer = _switchExit;
        _switchExit = @switch.ExitLabel;
        System.Action<ISwitchCaseOperation> run = LowerSection;
        if (HasGotoCase(@switch))
        {
            // The case tests pick the first section; MethodLowering.GotoCase runs it and those it jumps to.
            LowerSwitchWithGotos(@switch, pick =>
            {
                run = section => pick(@switch.Cases.IndexOf(section));
                LowerCases(0);
            });
        }
        else
        {
            LowerCases(0);
        }

        _switchExit = outer;

        void LowerCases(int i)
        {
            if (i == cases.Count)
            {
                if (fallback is not null)
                {
                    run(fallback);
                }

                return;
            }

            string? test = CaseTest(value, cases[i].Clauses);
            if (test is null)
            {
                return;
            }

            int c = LowerCondition(@switch.Value, test);
            Emit(new IfStmt(c, Block(() => run(cases[i])), Block(() => LowerCases(i + 1))));
        }

        void LowerSection(ISwitchCaseOperation section)
        {
            var statements = section.Body.SelectMany(Flatten).ToList();
            if (statements.Count > 0 && statements[statements.Count - 1] is IBranchOperation last && SymbolEqualityComparer.Default.Equals(last.Target, @switch.ExitLabel))
            {
                statements.RemoveAt(statements.Count - 1);
            }

            LowerStatements(statements, 0);
        }
    }

    /// <summary>The switch value in a variable: the user's own when it isn't changed by the cases, otherwise a temporary.</summary>
    private string SwitchValue(IOperation value, IEnumerable<IOperation> body)
    {
        if (ActivityAnalysis.VariableOf(value) is { } symbol && !body.Any(s => WritesVariable(s, symbol)))
        {
            return _scope.Variables[_scope.VariableOf(symbol)].Name;
        }

        int temp = _scope.NewTemporary(value.Type!);
        Emit(Assign(temp, new VerbatimExpr(_scope.Renderer.Render(value.Syntax)), declares: true));
        return _scope.Variables[temp].Name;
    }

    /// <summary><c>value is P1 || value is P2 …</c> for a section's labels; null (after reporting) for a label it can't express.</summary>
    private string? CaseTest(string value, IEnumerable<ICaseClauseOperation> clauses)
    {
        var tests = new List<string>();
        foreach (ICaseClauseOperation clause in clauses)
        {
            switch (clause)
            {
                case ISingleValueCaseClauseOperation single:
                    tests.Add($"{value} is {_scope.Renderer.Render(single.Value.Syntax)}");
                    break;
                case IPatternCaseClauseOperation pattern when !DeclaresVariables(pattern.Pattern.Syntax):
                    string test = $"{value} is {_scope.Renderer.Render(pattern.Pattern.Syntax)}";
                    tests.Add(pattern.Guard is { } guard ? $"{test} && ({_scope.Renderer.Render(guard.Syntax)})" : test);
                    break;
                default:
                    Unsupported(clause.Syntax, $"the case label '{_scope.Renderer.RenderOneLine(clause.Syntax)}'", "use constant or relational patterns without variable declarations");
                    return null;
            }
        }

        return string.Join(" || ", tests);
    }

    private static bool DeclaresVariables(SyntaxNode pattern) =>
        pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Any();
}
