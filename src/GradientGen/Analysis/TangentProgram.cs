using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Forward mode as a program in the IR: the method's lowered statements with, after each one that writes an
/// active value, the statements that carry its tangent along (<c>tV = Σ ∂e/∂a · tA</c>), written as IR
/// operations themselves: the partial derivatives are computed by arithmetic and <c>Math</c> calls on active
/// values, not copied as text. So the program is an ordinary IR method whose inputs are the parameters and their
/// tangents and whose result is the result's tangent, and the reverse-mode machinery (saves, reverse sweep) can
/// differentiate it again: its backward with respect to the parameters is a Hessian-vector product (reverse over
/// forward). A piecewise-constant factor (Abs's sign, which argument Max picks) is an inactive value; a factor
/// that is only defined on part of the domain (Hypot's a/r, Pow's ln a) is computed under a recorded branch.
/// </summary>
internal sealed class TangentProgram
{
    /// <summary>Why a call stops second order, naming what the user called (a nested XTangent or XBackward, not its helper).</summary>
    private static string CallRefusal(DiffCallExpr call)
    {
        string name = call.Callee.Name;
        foreach ((string helper, string called) in new[] { (GradientDerivativesEmitter.ValueAndTangentSuffix, "Tangent"), (GradientDerivativesEmitter.BackwardTupleSuffix, "Backward") })
        {
            int at = name.IndexOf(helper, System.StringComparison.Ordinal);
            if (at > 0 && (at + helper.Length == name.Length || name[at + helper.Length] == '<'))
            {
                name = name.Substring(0, at) + called + name.Substring(at + helper.Length);
            }
        }

        return $"it calls '{name}'; second order doesn't follow calls to other [Differentiable] methods yet";
    }

    private readonly List<Variable> _variables;
    private readonly NameAllocator _names;
    private readonly int?[] _tangent;
    private readonly int _original;
    private int _partialCounter;

    private TangentProgram(IReadOnlyList<Variable> variables, NameAllocator names)
    {
        _variables = variables.ToList();
        _names = names;
        _original = variables.Count;
        _tangent = new int?[variables.Count];
    }

    /// <summary>The original variables (same ids), then the tangents and the partial derivatives' temporaries.</summary>
    public IReadOnlyList<Variable> Variables => _variables;

    public ImmutableArray<Stmt> Body { get; private set; }

    /// <summary>Why the program can't be built (a construct this transform doesn't follow), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The tangent variable of an original active variable.</summary>
    public int? TangentOf(int variable) => variable < _tangent.Length ? _tangent[variable] : null;

    /// <param name="parameters">The active parameters, whose tangents become the program's extra (inactive) inputs.</param>
    /// <param name="result">The variable the method's result is assigned to.</param>
    public static TangentProgram Build(IReadOnlyList<Variable> variables, IReadOnlyList<int> parameters, int result, NameAllocator names, ImmutableArray<Stmt> body)
    {
        var program = new TangentProgram(variables, names);
        foreach (int p in parameters)
        {
            Variable v = variables[p];
            string type = v.Shape == ValueShape.Vector ? $"global::System.ReadOnlySpan<{SymbolFacts.KeywordFor(v.Kind)}>" : v.TypeName;
            program._tangent[p] = program.Add(program.TangentName(v.Name), type, v.Kind, v.Shape, VariableRole.Parameter, v.DefaultValue);
        }

        // A call is the reason to give first: it is what the user wrote (its struct result is a temporary).
        if (body.Flattened().Select(StatementWalk.CallOf).OfType<DiffCallExpr>().FirstOrDefault() is { } firstCall)
        {
            program.Refusal ??= CallRefusal(firstCall);
        }

        foreach (Variable v in variables.Where(v => v.Active && program._tangent[v.Id] is null))
        {
            if (v.View is not null)
            {
                program.Refusal ??= $"second order doesn't follow the slice '{v.Name}' yet";
                continue;
            }

            if (v.Role == VariableRole.Parameter || v.Shape is not (ValueShape.Scalar or ValueShape.Vector or ValueShape.Matrix))
            {
                program.Refusal ??= v.Role == VariableRole.Temporary
                    ? "second order doesn't follow struct values yet (structs are first order only)"
                    : $"second order doesn't follow '{v.Name}' yet (members of objects, structs, jagged arrays and arrays of structs are first order only)";
                continue;
            }

            program._tangent[v.Id] = program.Add(program.TangentName(v.Name), v.TypeName, v.Kind, v.Shape, v.Role, v.DefaultValue);
        }

        if (program._tangent[result] is null)
        {
            program.Refusal ??= "its result doesn't depend on its parameters";
        }

        program.Body = program.Rewrite(body);
        program.FindActive();
        program.KeepUseful(program._tangent[result]);
        program.Body = program.InactiveReads(program.Body);
        return program;
    }

    private string TangentName(string name)
    {
        string bare = name.TrimStart('@');
        return _names.Allocate(bare.Length == 0 ? "t" : "t" + char.ToUpperInvariant(bare[0]) + bare.Substring(1));
    }

    private int Add(string name, string typeName, ScalarKind kind, ValueShape shape, VariableRole role, string defaultValue)
    {
        int id = _variables.Count;
        _variables.Add(new Variable(id, name, typeName, kind, shape, role, Active: false, AdjointName: null, defaultValue));
        return id;
    }

    /// <summary>A temporary holding a partial derivative or a product of one with a tangent (<c>p0</c>, <c>p1</c>, …).</summary>
    private int NewPartial(ScalarKind kind) =>
        Add(_names.AllocateNumbered("p", ref _partialCounter), SymbolFacts.KeywordFor(kind), kind, ValueShape.Scalar, VariableRole.Temporary, Literals.Zero(kind));

    private ImmutableArray<Stmt> Rewrite(IEnumerable<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        var output = new List<Stmt>();
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    output.Add(source with { Body = Rewrite(source.Body).ToEquatableArray() });
                    break;
                case IfStmt branch:
                    output.Add(branch with { Then = Rewrite(branch.Then).ToEquatableArray(), Else = Rewrite(branch.Else).ToEquatableArray() });
                    break;
                case LoopStmt loop:
                    output.Add(loop with { Body = Rewrite(loop.Body).ToEquatableArray() });
                    break;
                case AssignStmt assign:
                    Assign(assign, output);
                    break;
                case ElementAssignStmt store:
                    output.Add(store);
                    Store(store, output);
                    break;
                case DeclareStmt declare:
                    output.Add(declare);
                    if (TangentOf(declare.Variable) is { } t)
                    {
                        output.Add(new DeclareStmt(t));
                    }

                    break;
                case VerbatimStmt:
                    output.Add(s);
                    break;
                default:
                    // A statement kind this transform doesn't know: refused, never passed through without its tangent.
                    Refusal ??= $"second order doesn't follow '{s.GetType().Name}' yet";
                    output.Add(s);
                    break;
            }
        }

        return output.ToImmutableArray();
    }

    private VariableAtom? TangentAtom(Atom atom) => atom is VariableAtom { VariableId: int id } && TangentOf(id) is { } t ? new VariableAtom(t) : null;

    private static ConstantAtom Constant(ScalarKind kind, double value) => new ConstantAtom(Literals.Number(kind, value), value);

    private void Assign(AssignStmt assign, List<Stmt> output)
    {
        Variable target = _variables[assign.Target];
        if (ArrayRebinds.Is(_variables, assign))
        {
            Refusal ??= $"it gives the array local '{target.Name}' other arrays; second order doesn't follow that yet";
        }
        if (TangentOf(assign.Target) is not { } t)
        {
            output.Add(assign);
            return;
        }

        if (target.Role == VariableRole.Parameter)
        {
            Refusal ??= $"it assigns its parameter '{target.Name}'; second order doesn't follow that yet";
        }

        // r = f(r, …) reads the value it overwrites: f reads a copy, so the tangent after it sees the old operand.
        bool accumulates = Atoms.IsAccumulation(assign);
        if (!accumulates && assign.Value.Operands().Any(a => a is VariableAtom { VariableId: int id } && id == assign.Target)
            && assign.Value is BinaryExpr or UnaryExpr or ConvertExpr or CopyExpr or MathCallExpr)
        {
            int old = Add(_names.Allocate(target.Name.TrimStart('@') + "Old"), target.TypeName, target.Kind, target.Shape, VariableRole.Temporary, target.DefaultValue);
            var copy = new AssignStmt(old, new CopyExpr(new VariableAtom(assign.Target)), Declares: true, Overwrites: false, Save: null);
            output.Add(copy);
            int tOld = NewPartial(target.Kind);
            output.Add(new AssignStmt(tOld, new CopyExpr(new VariableAtom(t)), Declares: true, Overwrites: false, Save: null));
            assign = assign with { Value = Substitute(assign.Value, assign.Target, old) };
            output.Add(assign);
            var builder = new Builder(this, output, target.Kind);
            builder.AssignTangent(t, assign.Declares, assign.Value, new VariableAtom(assign.Target), id => id == old ? new VariableAtom(tOld) : TangentAtom(new VariableAtom(id)), accumulates: false);
            return;
        }

        output.Add(assign);
        switch (assign.Value)
        {
            case DiffCallExpr call:
                Refusal ??= CallRefusal(call);
                break;
            case VerbatimExpr when target.Shape is ValueShape.Vector or ValueShape.Matrix:
                // A new local array: its tangent is zeros of its shape.
                string keyword = SymbolFacts.KeywordFor(target.Kind);
                string shape = target.Shape == ValueShape.Vector ? $"{target.Name}.Length" : $"{target.Name}.GetLength(0), {target.Name}.GetLength(1)";
                output.Add(new AssignStmt(t, new VerbatimExpr($"new {keyword}[{shape}]"), assign.Declares, Overwrites: false, Save: null));
                break;
            case VerbatimExpr:
                // An inactive value: its tangent is zero.
                output.Add(new AssignStmt(t, new CopyExpr(Constant(target.Kind, 0)), assign.Declares, Overwrites: false, Save: null));
                break;
            case ElementExpr element when element.Member.Length > 0:
                Refusal ??= $"it reads the member '{element.Member}' of a struct; second order doesn't follow structs yet";
                break;
            case ElementExpr element:
                Expr value = TangentOf(element.Array) is { } array
                    ? element with { Array = array }
                    : new CopyExpr(Constant(target.Kind, 0));
                output.Add(new AssignStmt(t, value, assign.Declares, Overwrites: false, Save: null));
                break;
            case BinaryExpr or UnaryExpr or ConvertExpr or CopyExpr or MathCallExpr:
                new Builder(this, output, target.Kind).AssignTangent(t, assign.Declares, assign.Value, new VariableAtom(assign.Target), id => TangentAtom(new VariableAtom(id)), accumulates);
                break;
            default:
                Refusal ??= $"second order doesn't follow '{assign.Value.GetType().Name}' yet";
                break;
        }
    }

    private static Expr Substitute(Expr expr, int from, int to)
    {
        Atom S(Atom a) => a is VariableAtom { VariableId: int id } && id == from ? new VariableAtom(to) : a;
        return expr switch
        {
            CopyExpr c => c with { Value = S(c.Value) },
            UnaryExpr u => u with { Operand = S(u.Operand) },
            ConvertExpr c => c with { Operand = S(c.Operand) },
            BinaryExpr b => b with { Left = S(b.Left), Right = S(b.Right) },
            MathCallExpr m => m with { Arguments = m.Arguments.Select(S).ToEquatableArray() },
            _ => expr,
        };
    }

    /// <summary><c>a[i] = v</c> (or += / -=): the tangent array's element gets v's tangent the same way.</summary>
    private void Store(ElementAssignStmt store, List<Stmt> output)
    {
        if (TangentOf(store.Array) is not { } t)
        {
            return;
        }

        if (store.Member.Length > 0 || _variables[store.Array].Role == VariableRole.Parameter)
        {
            Refusal ??= $"it writes into '{_variables[store.Array].Name}'; second order doesn't follow that yet";
            return;
        }

        Atom? value = TangentAtom(store.Value);
        if (store.Compound is not null && value is null)
        {
            return;
        }

        output.Add(new ElementAssignStmt(t, store.Indices, value ?? Constant(_variables[store.Array].Kind, 0), store.Compound));
    }

    /// <summary>
    /// Marks the new variables that carry a derivative with respect to the parameters (not their tangents, which
    /// are constants of the program): those a statement computes from an active value, to a fixed point around
    /// loops. Original variables keep the activity the method's own analysis gave them.
    /// </summary>
    private void FindActive()
    {
        List<Stmt> statements = Body.Flattened().ToList();
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (Stmt s in statements)
            {
                switch (s)
                {
                    case AssignStmt assign when assign.Target >= _original && assign.Value is not VerbatimExpr:
                        bool reads = assign.Value is ElementExpr element ? IsActive(element.Array) : assign.Value.Operands().Any(IsActiveAtom);
                        changed |= reads && MakeActive(assign.Target);
                        break;
                    case ElementAssignStmt store when store.Array >= _original && IsActiveAtom(store.Value):
                        changed |= MakeActive(store.Array);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Active means varied and useful: a variable whose value never reaches the directional derivative (the method's
    /// own result, say, when the tangent's formula doesn't read it) carries no derivative in this program, even when
    /// it did in the method's.
    /// </summary>
    private void KeepUseful(int? result)
    {
        var useful = new HashSet<int>();
        if (result is { } r)
        {
            useful.Add(r);
        }

        List<Stmt> statements = Body.Flattened().ToList();
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (Stmt s in statements)
            {
                IEnumerable<int> reads = s switch
                {
                    AssignStmt { Value: ElementExpr element } assign when useful.Contains(assign.Target) => [element.Array],
                    AssignStmt assign when useful.Contains(assign.Target) => assign.Value.Operands().OfType<VariableAtom>().Select(a => a.VariableId),
                    ElementAssignStmt { Value: VariableAtom value } store when useful.Contains(store.Array) => [value.VariableId],
                    _ => [],
                };
                foreach (int id in reads)
                {
                    changed |= useful.Add(id);
                }
            }
        }

        for (int id = 0; id < _variables.Count; id++)
        {
            if (_variables[id].Active && !useful.Contains(id))
            {
                _variables[id] = _variables[id] with { Active = false };
            }
        }
    }

    /// <summary>
    /// An active tangent that starts from an element of an inactive array (a direction's entry) reads it as a
    /// constant: the reverse sweep has no adjoint to give it.
    /// </summary>
    private ImmutableArray<Stmt> InactiveReads(IEnumerable<Stmt> body) => body.Select(s => s switch
    {
        SourceStmt source => source with { Body = InactiveReads(source.Body).ToEquatableArray() },
        IfStmt branch => branch with { Then = InactiveReads(branch.Then).ToEquatableArray(), Else = InactiveReads(branch.Else).ToEquatableArray() },
        LoopStmt loop => loop with { Body = InactiveReads(loop.Body).ToEquatableArray() },
        AssignStmt { Value: ElementExpr element } assign when IsActive(assign.Target) && !IsActive(element.Array) =>
            assign with { Value = new VerbatimExpr($"{_variables[element.Array].Name}[{string.Join(", ", element.Indices.Select(Text))}]") },
        _ => s,
    }).ToImmutableArray();

    private string Text(Atom atom) => atom switch
    {
        VariableAtom v => _variables[v.VariableId].Name,
        ConstantAtom c => c.Text,
        _ => throw new System.ArgumentOutOfRangeException(nameof(atom)),
    };

    private bool IsActive(int id) => _variables[id].Active;

    private bool IsActiveAtom(Atom atom) => atom is VariableAtom { VariableId: int id } && IsActive(id);

    private bool MakeActive(int id)
    {
        if (_variables[id].Active || _variables[id].Role == VariableRole.Parameter)
        {
            return false;
        }

        _variables[id] = _variables[id] with { Active = true };
        return true;
    }

    /// <summary>Writes <c>tR = Σ ∂e/∂a · tA</c> for one operation as IR operations.</summary>
    private sealed class Builder
    {
        private readonly TangentProgram _program;
        private readonly List<Stmt> _output;
        private readonly ScalarKind _kind;

        public Builder(TangentProgram program, List<Stmt> output, ScalarKind kind)
        {
            _program = program;
            _output = output;
            _kind = kind;
        }

        /// <summary>One term of a tangent: <c>Tangent · Factor</c> (or <c>Tangent / Factor</c>), negated when asked.</summary>
        private readonly record struct Term(Atom Tangent, Atom? Factor, bool Divide = false, bool Negate = false);

        private ConstantAtom One => Constant(_kind, 1);

        private ConstantAtom Number(double value) => Constant(_kind, value);

        private VariableAtom Temp(Expr value)
        {
            int id = _program.NewPartial(_kind);
            _output.Add(new AssignStmt(id, value, Declares: true, Overwrites: false, Save: null));
            return new VariableAtom(id);
        }

        private VariableAtom Times(Atom a, Atom b) => Temp(new BinaryExpr(BinaryOperator.Multiply, a, b));

                private VariableAtom Plus(Atom a, Atom b) => Temp(new BinaryExpr(BinaryOperator.Add, a, b));

        private VariableAtom Minus(Atom a, Atom b) => Temp(new BinaryExpr(BinaryOperator.Subtract, a, b));

        private VariableAtom Over(Atom a, Atom b) => Temp(new BinaryExpr(BinaryOperator.Divide, a, b));

        /// <summary>
        /// <paramref name="value"/> where <paramref name="condition"/> holds, 1 elsewhere, as active arithmetic with an
        /// inactive switch s: value·s + (1 − s). A factor that is only defined where the condition holds (ln a, 1/r) is
        /// computed from it, so it stays finite elsewhere, and its derivatives are the value's where the condition holds.
        /// </summary>
        private VariableAtom OneUnless(Atom value, string condition) =>
            Plus(Times(value, Inactive(Switch(condition))), Inactive(Switch($"!({condition})")));

        private VariableAtom Square(Atom a) => Times(a, a);

        private VariableAtom Call(string function, params Atom[] arguments) => Call(Literals.MathClass(_kind), function, arguments);

        private VariableAtom Call(string type, string function, params Atom[] arguments) =>
            Temp(new MathCallExpr(type, function, (MathFunction)System.Enum.Parse(typeof(MathFunction), function), _kind, arguments.ToEquatableArray()));

        /// <summary>An inactive factor (piecewise constant: a sign, a 0/1 switch), computed from C# text.</summary>
        private VariableAtom Inactive(string text)
        {
            int id = _program.NewPartial(_kind);
            _output.Add(new AssignStmt(id, new VerbatimExpr(text), Declares: true, Overwrites: false, Save: null));
            return new VariableAtom(id);
        }

        private string Text(Atom atom) => _program.Text(atom);

        private string Switch(string condition) => $"{condition} ? {Literals.One(_kind)} : {Literals.Zero(_kind)}";

        /// <param name="tangentOf">The tangent of a variable operand, or null when it has none (inactive).</param>
        public void AssignTangent(int t, bool declares, Expr value, Atom r, System.Func<int, Atom?> tangentOf, bool accumulates)
        {
            Atom? T(Atom a) => a is VariableAtom { VariableId: int id } ? tangentOf(id) : null;
            IReadOnlyList<Atom> x = value.Operands();
            if (accumulates)
            {
                // r = r ± b in place: tR = tR ± tB, in place too (nothing to add when b is inactive).
                if (T(x[1]) is { } tb)
                {
                    Finish(t, declares: false, new BinaryExpr(((BinaryExpr)value).Operator, new VariableAtom(t), tb));
                }

                return;
            }

            var terms = new List<Term>();
            void On(int operand, System.Func<Atom?> factor, bool divide = false, bool negate = false)
            {
                if (T(x[operand]) is { } tangent)
                {
                    terms.Add(new Term(tangent, factor(), divide, negate));
                }
            }

            switch (value)
            {
                case CopyExpr:
                    On(0, () => null);
                    break;
                case UnaryExpr:
                    On(0, () => null, negate: true);
                    break;
                case ConvertExpr convert:
                    if (T(x[0]) is { } converted)
                    {
                        Finish(t, declares, new ConvertExpr(convert.To, converted));
                        return;
                    }

                    break;
                case BinaryExpr binary:
                    switch (binary.Operator)
                    {
                        case BinaryOperator.Add:
                            On(0, () => null);
                            On(1, () => null);
                            break;
                        case BinaryOperator.Subtract:
                            On(0, () => null);
                            On(1, () => null, negate: true);
                            break;
                        case BinaryOperator.Multiply when x[0] is VariableAtom { VariableId: int squared } && x[1] is VariableAtom { VariableId: int other } && squared == other:
                            // a·a: one product, twice (2·a·tA).
                            if (T(x[0]) is { } ta)
                            {
                                VariableAtom half = Times(ta, x[0]);
                                Finish(t, declares, new BinaryExpr(BinaryOperator.Add, half, half));
                                return;
                            }

                            break;
                        case BinaryOperator.Multiply:
                            On(0, () => x[1]);
                            On(1, () => x[0]);
                            break;
                        default:
                            // (ta − r·tb) / b
                            if (T(x[1]) is null)
                            {
                                On(0, () => x[1], divide: true);
                                break;
                            }

                            On(0, () => null);
                            On(1, () => r, negate: true);
                            Atom numerator = Sum(terms);
                            Finish(t, declares, new BinaryExpr(BinaryOperator.Divide, numerator, x[1]));
                            return;
                    }

                    break;
                case MathCallExpr call:
                    if (!MathCall(call, x, r, terms, T))
                    {
                        _program.Refusal ??= $"second order doesn't follow '{call.MethodName}' with these arguments yet";
                        return;
                    }

                    break;
            }

            FinishSum(t, declares, terms);
        }

        /// <summary>Adds the terms of a built-in function's derivative; false when it has no rule here.</summary>
        private bool MathCall(MathCallExpr call, IReadOnlyList<Atom> x, Atom r, List<Term> terms, System.Func<Atom, Atom?> tangent)
        {
            void On(int operand, System.Func<Atom?> factor, bool divide = false, bool negate = false)
            {
                if (tangent(x[operand]) is { } t)
                {
                    terms.Add(new Term(t, factor(), divide, negate));
                }
            }

            double ln2 = 0.6931471805599453, ln10 = 2.302585092994046, pi = System.Math.PI;
            string type = Literals.FloatingType(_kind);
            Atom a = x[0];
            switch (call.Function)
            {
                case MathFunction.Sin:
                    On(0, () => Call("Cos", a));
                    return true;
                case MathFunction.Cos:
                    On(0, () => Call("Sin", a), negate: true);
                    return true;
                case MathFunction.Tan:
                    On(0, () => Plus(One, Square(r)));
                    return true;
                case MathFunction.Asin:
                    On(0, () => Call("Sqrt", Minus(One, Square(a))), divide: true);
                    return true;
                case MathFunction.Acos:
                    On(0, () => Call("Sqrt", Minus(One, Square(a))), divide: true, negate: true);
                    return true;
                case MathFunction.Atan:
                    On(0, () => Plus(One, Square(a)), divide: true);
                    return true;
                case MathFunction.Atan2 or MathFunction.Atan2Pi:
                    // Atan2(y, x): (x·ty − y·tx) / (x² + y²), over π for Atan2Pi.
                    On(0, () => x[1]);
                    On(1, () => a, negate: true);
                    if (terms.Count > 0)
                    {
                        Atom norm = Plus(Square(a), Square(x[1]));
                        Atom numerator = Sum(terms);
                        terms.Clear();
                        terms.Add(new Term(numerator, call.Function == MathFunction.Atan2 ? norm : Times(norm, Number(pi)), Divide: true));
                    }

                    return true;
                case MathFunction.Sinh:
                    On(0, () => Call("Cosh", a));
                    return true;
                case MathFunction.Cosh:
                    On(0, () => Call("Sinh", a));
                    return true;
                case MathFunction.Tanh:
                    On(0, () => Minus(One, Square(r)));
                    return true;
                case MathFunction.Asinh:
                    On(0, () => Call("Sqrt", Plus(Square(a), One)), divide: true);
                    return true;
                case MathFunction.Acosh:
                    On(0, () => Call("Sqrt", Minus(Square(a), One)), divide: true);
                    return true;
                case MathFunction.Atanh:
                    On(0, () => Minus(One, Square(a)), divide: true);
                    return true;
                case MathFunction.Exp:
                    On(0, () => r);
                    return true;
                case MathFunction.Log when x.Count == 1:
                    On(0, () => a, divide: true);
                    return true;
                case MathFunction.Log10:
                    On(0, () => Times(a, Number(ln10)), divide: true);
                    return true;
                case MathFunction.Log2:
                    On(0, () => Times(a, Number(ln2)), divide: true);
                    return true;
                case MathFunction.Sqrt:
                    On(0, () => Times(Number(2), r), divide: true);
                    return true;
                case MathFunction.Cbrt:
                    On(0, () => Times(Number(3), Square(r)), divide: true);
                    return true;
                case MathFunction.Pow when x[1] is ConstantAtom { NumericValue: { } n }:
                    if (n != 0)
                    {
                        On(0, () => n == 1 ? null : n == 2 ? Times(Number(2), a) : Times(Number(n), Call("Pow", a, Number(n - 1))));
                    }

                    return true;
                case MathFunction.Pow:
                    // ∂/∂a = b·a^(b−1); ∂/∂b = a^b ln a, taken as 0 where a <= 0 (as the backward does): ln of 1 there.
                    On(0, () => Times(x[1], Call("Pow", a, Minus(x[1], One))));
                    On(1, () => Times(r, Call("Log", OneUnless(a, $"{Text(a)} > {Literals.Zero(_kind)}"))));
                    return true;
                case MathFunction.Log:
                    // Log(a, b) = ln a / ln b: ta / (a ln b) − tb · r / (b ln b).
                    On(0, () => Times(a, Call("Log", x[1])), divide: true);
                    On(1, () => Over(r, Times(x[1], Call("Log", x[1]))), negate: true);
                    return true;
                case MathFunction.Hypot:
                    // (a·ta + b·tb) / r, taken as 0 at the origin (r = 0, where a = b = 0): divided by 1 there.
                    On(0, () => Over(a, OneUnless(r, $"{Text(r)} > {Literals.Zero(_kind)}")));
                    On(1, () => Over(x[1], OneUnless(r, $"{Text(r)} > {Literals.Zero(_kind)}")));
                    return true;
                case MathFunction.Abs:
                    On(0, () => Inactive(Generic($"{Literals.MathClass(_kind)}.Sign({Text(a)})")));
                    return true;
                case MathFunction.Max or MathFunction.Min when Text(a) == Text(x[1]):
                    On(0, () => null);
                    return true;
                case MathFunction.Max or MathFunction.Min:
                    string op = call.Function == MathFunction.Max ? ">=" : "<=";
                    On(0, () => Inactive(Switch($"{Text(a)} {op} {Text(x[1])}")));
                    On(1, () => Inactive(Switch($"!({Text(a)} {op} {Text(x[1])})")));
                    return true;
                case MathFunction.Clamp:
                    var inside = new List<string>();
                    if (Text(a) != Text(x[1]))
                    {
                        inside.Add($"{Text(a)} >= {Text(x[1])}");
                    }

                    if (Text(a) != Text(x[2]))
                    {
                        inside.Add($"{Text(a)} <= {Text(x[2])}");
                    }

                    On(0, () => inside.Count == 0 ? null : Inactive(Switch(string.Join(" && ", inside))));
                    if (Text(a) != Text(x[1]))
                    {
                        On(1, () => Inactive(Switch($"{Text(a)} < {Text(x[1])}")));
                    }

                    if (Text(a) != Text(x[2]))
                    {
                        On(2, () => Inactive(Switch($"{Text(a)} > {Text(x[2])}")));
                    }

                    return true;
                case MathFunction.FusedMultiplyAdd:
                    On(0, () => x[1]);
                    On(1, () => a);
                    On(2, () => null);
                    return true;
                case MathFunction.Exp2:
                    On(0, () => Times(r, Number(ln2)));
                    return true;
                case MathFunction.Exp10:
                    On(0, () => Times(r, Number(ln10)));
                    return true;
                case MathFunction.ExpM1:
                    On(0, () => Plus(r, One));
                    return true;
                case MathFunction.Exp2M1:
                    On(0, () => Times(Plus(r, One), Number(ln2)));
                    return true;
                case MathFunction.Exp10M1:
                    On(0, () => Times(Plus(r, One), Number(ln10)));
                    return true;
                case MathFunction.LogP1:
                    On(0, () => Plus(a, One), divide: true);
                    return true;
                case MathFunction.Log2P1:
                    On(0, () => Times(Plus(a, One), Number(ln2)), divide: true);
                    return true;
                case MathFunction.Log10P1:
                    On(0, () => Times(Plus(a, One), Number(ln10)), divide: true);
                    return true;
                case MathFunction.SinPi:
                    On(0, () => Times(Call(type, "CosPi", a), Number(pi)));
                    return true;
                case MathFunction.CosPi:
                    On(0, () => Times(Call(type, "SinPi", a), Number(pi)), negate: true);
                    return true;
                case MathFunction.TanPi:
                    On(0, () => Times(Plus(One, Square(r)), Number(pi)));
                    return true;
                case MathFunction.AsinPi:
                    On(0, () => Times(Call("Sqrt", Minus(One, Square(a))), Number(pi)), divide: true);
                    return true;
                case MathFunction.AcosPi:
                    On(0, () => Times(Call("Sqrt", Minus(One, Square(a))), Number(pi)), divide: true, negate: true);
                    return true;
                case MathFunction.AtanPi:
                    On(0, () => Times(Plus(One, Square(a)), Number(pi)), divide: true);
                    return true;
                case MathFunction.DegreesToRadians:
                    On(0, () => Number(pi / 180));
                    return true;
                case MathFunction.RadiansToDegrees:
                    On(0, () => Number(180 / pi));
                    return true;
                case MathFunction.Lerp:
                    // Lerp(a, b, s) = a·(1 − s) + b·s.
                    On(0, () => Minus(One, x[2]));
                    On(1, () => x[2]);
                    On(2, () => Minus(x[1], a));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A sign (an int) as a value of the kind: generic math converts it.</summary>
        private string Generic(string signCall) => _kind switch
        {
            ScalarKind.Generic => $"{GenericScalar.Placeholder}.CreateChecked({signCall})",
            _ => $"({SymbolFacts.KeywordFor(_kind)}){signCall}",
        };

        private Atom Product(Term term) => term.Factor switch
        {
            null => term.Tangent,
            { } factor => Temp(new BinaryExpr(term.Divide ? BinaryOperator.Divide : BinaryOperator.Multiply, term.Tangent, factor)),
        };

        /// <summary>The sum of the terms in a temporary.</summary>
        private VariableAtom Sum(List<Term> terms)
        {
            int id = _program.NewPartial(_kind);
            FinishSum(id, declares: true, terms);
            return new VariableAtom(id);
        }

        private void FinishSum(int target, bool declares, List<Term> terms)
        {
            if (terms.Count == 0)
            {
                Finish(target, declares, new CopyExpr(Number(0)));
                return;
            }

            if (terms.Count == 1)
            {
                Term only = terms[0];
                Finish(target, declares, only.Factor is null
                    ? only.Negate ? new UnaryExpr(UnaryOperator.Negate, only.Tangent) : new CopyExpr(only.Tangent)
                    : only.Negate ? new UnaryExpr(UnaryOperator.Negate, Product(only)) : new BinaryExpr(only.Divide ? BinaryOperator.Divide : BinaryOperator.Multiply, only.Tangent, only.Factor));
                return;
            }

            Atom sum = Product(terms[0]);
            if (terms[0].Negate)
            {
                sum = Temp(new UnaryExpr(UnaryOperator.Negate, sum));
            }

            for (int i = 1; i < terms.Count; i++)
            {
                Expr next = new BinaryExpr(terms[i].Negate ? BinaryOperator.Subtract : BinaryOperator.Add, sum, Product(terms[i]));
                if (i == terms.Count - 1)
                {
                    Finish(target, declares, next);
                    return;
                }

                sum = Temp(next);
            }
        }

        private void Finish(int target, bool declares, Expr value) =>
            _output.Add(new AssignStmt(target, value, declares, Overwrites: false, Save: null));
    }
}
