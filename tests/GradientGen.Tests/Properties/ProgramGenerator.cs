namespace GradientGen.Tests.Properties;

/// <summary>Builds a <see cref="RandomProgram"/> from a seed, at a given size (deeper and longer as it grows).</summary>
internal sealed class ProgramGenerator
{
    private static readonly string[] Targets = ["x", "y", "a", "b", "c"];
    private static readonly string[] Unary = ["Sin", "Cos", "Tanh", "Exp", "Sqrt", "Log", "Atan", "Abs", "H2", "H3", "SinPi", "Exp2"];
    private static readonly string[] BinaryCalls = ["Max", "Min", "H1", "Pow", "Atan2", "Hypot"];

    private readonly Random _random;
    private readonly int _size;
    private int _loops;
    private int _copied;
    private int _structs;
    private int _functions;

    // A program either has local functions or C-style expression forms: an assignment used as a value to a
    // variable a local function captures is refused (GG0001), and these capture every variable they like.
    private bool _withFunctions;

    private ProgramGenerator(int seed, int size)
    {
        _random = new Random(seed);
        _size = size;
    }

    public static RandomProgram Generate(int seed, int size)
    {
        var g = new ProgramGenerator(seed, size);
        g._withFunctions = g._random.Next(4) == 0;
        return new RandomProgram(g.Statements(depth: 0, count: 1 + g._random.Next(size + 1)), g.Expression(size), EscapedNames: g._random.Next(4) == 0, InParameters: g._random.Next(4) == 0);
    }

    private List<Statement> Statements(int depth, int count)
    {
        var list = new List<Statement>();
        for (int i = 0; i < count; i++)
        {
            list.Add(Statement(depth));
        }

        return list;
    }

    private Statement Statement(int depth)
    {
        // One statement in 12 is copied code (strings, directives) or a deep sum.
        if (_random.Next(12) == 0)
        {
            return _random.Next(4) == 0
                ? new DeepSumStatement(Target(), Enumerable.Range(0, 20 + _random.Next(180)).Select(_ => Targets[_random.Next(Targets.Length)]).ToList())
                : new CopiedCodeStatement(_random.Next(CopiedCodeStatement.Kinds), Target(), _copied++);
        }

        // One in 8 is a C-style expression form: an assignment used as a value, or a countdown loop.
        if (_random.Next(8) == 0 && !_withFunctions)
        {
            return ExpressionForm(depth);
        }

        // One in 10 of the rest takes values through a struct, a tuple or a record struct.
        if (_random.Next(10) == 0)
        {
            SwapStatement pair = Swap();
            return new StructStatement(_random.Next(StructStatement.Kinds), pair.First, pair.Second, Bounded(), _structs++);
        }

        // In a program with functions, one in 5 of the rest goes through a local function or a lambda.
        if (_withFunctions && _random.Next(5) == 0)
        {
            return new LocalFunctionStatement(_random.Next(LocalFunctionStatement.Kinds), Target(), Expression(_size / 2), Expression(_size / 2), Bounded(), _functions++);
        }

        int roll = _random.Next(depth >= 2 ? 6 : 10);
        return roll switch
        {
            < 3 => Assign(),
            3 => new AssignStatement(Target(), _random.Next(2) == 0 ? "+=" : "-=", Expression(_size / 2)),
            4 => new AssignStatement(Target(), "*=", Bounded()),
            5 => Swap(),
            6 or 7 => Comparison((left, right) => new IfStatement(left, right, Statements(depth + 1, 1 + _random.Next(2)), _random.Next(2) == 0 ? [] : Statements(depth + 1, 1 + _random.Next(2)))),
            8 => new LoopStatement("i" + _loops++.ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + _random.Next(3), _random.Next(2) == 0, Statements(depth + 1, 1 + _random.Next(2)), _random.Next(4) == 0),
            _ => Comparison((left, right) => new IfStatement(left, right, [new ReturnStatement(Expression(_size / 2))], [])),
        };
    }

    private Statement ExpressionForm(int depth)
    {
        int first = _random.Next(Targets.Length), second = (first + 1 + _random.Next(Targets.Length - 1)) % Targets.Length;
        string inner = Target();

        // 'b = b' would be a self-assignment warning in the user's code.
        Expr NotItself(Expr value, string target) => value is VarExpr v && v.Name == target ? new CallExpr("Sin", value) : value;
        return _random.Next(depth >= 2 ? 2 : 3) switch
        {
            0 => new ChainedAssignStatement(Targets[first], Targets[second], NotItself(Expression(_size / 2), Targets[second])),
            1 => _random.Next(2) == 0
                ? new AssignmentOperandStatement(Target(), inner, NotItself(Expression(_size / 2), inner), _random.Next(2) == 0 ? "+" : "-", Target())
                : new AssignmentOperandStatement(Target(), inner, Bounded(), "*", Target()),
            _ => new CountdownStatement("k" + _loops++.ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + _random.Next(3), _random.Next(2) == 0 ? Target() : null, Expression(1), Statements(depth + 1, 1 + _random.Next(2))),
        };
    }

    /// <summary>Folded by the compiler: comparing two of these makes a branch it reports as unreachable.</summary>
    private static bool IsConstant(Expr e) => e is ConstExpr || (e is BinaryExpr { Op: not "/" } b && IsConstant(b.Left) && IsConstant(b.Right));

    private AssignStatement Assign()
    {
        string target = Target();
        Expr value = Expression(_size / 2 + 1);
        return new AssignStatement(target, "=", value is VarExpr v && v.Name == target ? new CallExpr("Sin", value) : value);
    }

    /// <summary>Two different variables swapped (the same one twice would be a self-assignment warning).</summary>
    private SwapStatement Swap()
    {
        int first = _random.Next(Targets.Length), second = (first + 1 + _random.Next(Targets.Length - 1)) % Targets.Length;
        return new SwapStatement(Targets[first], Targets[second]);
    }

    /// <summary>A comparison whose sides differ and aren't both constant (either would be a warning in the user's code).</summary>
    private T Comparison<T>(Func<Expr, Expr, T> make)
    {
        Expr left = Expression(1), right = Expression(1);
        if ((IsConstant(left) && IsConstant(right)) || left.Render() == right.Render())
        {
            left = new BinaryExpr("+", new VarExpr(Targets[_random.Next(Targets.Length)]), new ConstExpr(0.25));
        }

        return make(left, right);
    }

    private string Target() => Targets[_random.Next(Targets.Length)];

    /// <summary>One call in three goes through double's own static members (double.Sin), which follow Math's rules.</summary>
    private string MathClass() => _random.Next(3) == 0 ? "double" : "Math";

    /// <summary>A factor with magnitude at most about 1.5: products of these stay bounded.</summary>
    private Expr Bounded() => _random.Next(4) switch
    {
        0 => new ConstExpr(Math.Round(_random.NextDouble() * 3 - 1.5, 2)),
        1 => new CallExpr("Sin", Expression(1)),
        2 => new CallExpr("Cos", Expression(1)),
        _ => new CallExpr("Tanh", Expression(1)),
    };

    private Expr Expression(int depth)
    {
        if (depth <= 0 || _random.Next(4) == 0)
        {
            return _random.Next(5) == 0 ? new ConstExpr(Math.Round(_random.NextDouble() * 4 - 2, 2)) : new VarExpr(Targets[_random.Next(Targets.Length)]);
        }

        return _random.Next(7) switch
        {
            0 => new BinaryExpr("+", Expression(depth - 1), Expression(depth - 1)),
            1 => new BinaryExpr("-", Expression(depth - 1), Expression(depth - 1)),
            2 => new BinaryExpr("*", Expression(depth - 1), Bounded()),
            3 => new BinaryExpr("/", Expression(depth - 1), Expression(depth - 1)),
            4 => new CallExpr(Unary[_random.Next(Unary.Length)], Expression(depth - 1), Class: MathClass()),
            5 => new CallExpr(BinaryCalls[_random.Next(BinaryCalls.Length)], Expression(depth - 1), Expression(depth - 1), MathClass()),
            _ => Comparison((left, right) => new TernaryExpr(left, right, Expression(depth - 1), Expression(depth - 1))),
        };
    }
}
