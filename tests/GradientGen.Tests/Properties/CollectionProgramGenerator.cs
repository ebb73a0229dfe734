using System.Globalization;

namespace GradientGen.Tests.Properties;

/// <summary>
/// Builds a <see cref="CollectionProgram"/> from a seed, at a given size: statements over the locals a, b, c
/// whose expressions read jagged elements, members of struct elements, vector expressions on whole elements,
/// the loop's own index or element inside loops, and the fixed helpers that take the collections on.
/// </summary>
internal sealed class CollectionProgramGenerator
{
    private static readonly string[] Targets = ["a", "b", "c"];
    private static readonly string[] Unary = ["Sin", "Cos", "Tanh", "Exp", "Sqrt", "Log", "Atan", "Abs", "SinPi", "Exp2"];
    private static readonly string[] BinaryCalls = ["Max", "Min", "Pow", "Atan2", "Hypot"];
    private static readonly string[] Axes = ["X", "Y", "Z"];

    private readonly Random _random;
    private readonly int _size;
    private readonly ProgramShape _shape;

    /// <summary>The loops around the statement being generated, innermost last: their indices and elements are readable.</summary>
    private readonly List<(LoopKind Kind, string Id)> _scope = [];
    private int _loops;

    private CollectionProgramGenerator(int seed, int size)
    {
        _random = new Random(seed);
        _size = size;
        bool output = _random.Next(3) == 0;
        _shape = new ProgramShape(Instance: _random.Next(3) == 0, Output: output, Void: output && _random.Next(2) == 0, SpanOfParticles: _random.Next(4) == 0);
    }

    public static CollectionProgram Generate(int seed, int size)
    {
        var g = new CollectionProgramGenerator(seed, size);
        return new CollectionProgram(g._shape, g.Statements(depth: 0, count: 1 + g._random.Next(size + 2)), g.Expression(size));
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
        int roll = _random.Next(depth >= 2 ? 8 : 12);
        return roll switch
        {
            < 3 => Assign(),
            3 => new AssignStatement(Target(), _random.Next(2) == 0 ? "+=" : "-=", Expression(_size / 2)),
            4 => new AssignStatement(Target(), "*=", Bounded()),
            5 => Swap(),
            6 => _shape.Output && _random.Next(3) > 0 ? Output() : new VectorLocalStatement(_shape.Points, _random.Next(CollectionProgram.Points), _random.Next(CollectionProgram.Points), Axis(), Target(), _loops++),
            7 => Comparison((left, right) => new IfStatement(left, right, [EarlyReturn()], [])),
            8 or 9 => Comparison((left, right) => new IfStatement(left, right, Statements(depth + 1, 1 + _random.Next(2)), _random.Next(2) == 0 ? [] : Statements(depth + 1, 1 + _random.Next(2)))),
            _ => Loop(depth),
        };
    }

    private Statement EarlyReturn() =>
        _shape.Void ? new VoidReturnStatement(_random.Next(CollectionProgram.Outputs), Expression(_size / 2)) : new ReturnStatement(Expression(_size / 2));

    private OutputStatement Output() => new(_random.Next(CollectionProgram.Outputs), _random.Next(3), Bounded(), Expression(_size / 2));

    /// <summary>A loop over one collection; its accumulator and body are generated with its index or element in scope.</summary>
    private CollectionLoopStatement Loop(int depth)
    {
        var kind = (LoopKind)_random.Next(Enum.GetValues<LoopKind>().Length);
        string id = (_loops++).ToString(CultureInfo.InvariantCulture);
        string collection = kind switch
        {
            LoopKind.Rows => _shape.Jagged,
            LoopKind.PointIndices or LoopKind.PointElements => _shape.Points,
            _ => "q",
        };
        _scope.Add((kind, id));
        Expr accumulate = ScopedElement(_scope[^1]);
        if (_random.Next(2) == 0)
        {
            accumulate = new BinaryExpr("*", accumulate, Bounded());
        }

        List<Statement> body = _random.Next(3) == 0 ? [] : Statements(depth + 2, 1 + _random.Next(2));
        _scope.RemoveAt(_scope.Count - 1);
        return new CollectionLoopStatement(kind, collection, int.Parse(id, CultureInfo.InvariantCulture), accumulate, Target(), body);
    }

    private AssignStatement Assign()
    {
        string target = Target();
        Expr value = Expression(_size / 2 + 1);
        return new AssignStatement(target, "=", value is VarExpr v && v.Name == target ? new CallExpr("Sin", value) : value);
    }

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
            left = new BinaryExpr("+", new VarExpr(Target()), new ConstExpr(0.25));
        }

        return make(left, right);
    }

    /// <summary>Folded by the compiler: comparing two of these makes a branch it reports as unreachable.</summary>
    private static bool IsConstant(Expr e) => e is ConstExpr || (e is BinaryExpr { Op: not "/" } b && IsConstant(b.Left) && IsConstant(b.Right));

    private string Target() => Targets[_random.Next(Targets.Length)];

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
            return Leaf();
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

    /// <summary>A local, x, a constant, or (half the time) a read of the collections.</summary>
    private Expr Leaf() => _random.Next(8) switch
    {
        0 => new ConstExpr(Math.Round(_random.NextDouble() * 4 - 2, 2)),
        1 => new VarExpr("x"),
        2 or 3 => new VarExpr(Target()),
        _ => Element(),
    };

    private Expr Element()
    {
        // Inside a loop, its own index or element half the time.
        if (_scope.Count > 0 && _random.Next(2) == 0)
        {
            return ScopedElement(_scope[_random.Next(_scope.Count)]);
        }

        string w = _shape.Jagged, p = _shape.Points;
        int first = _random.Next(CollectionProgram.Points), second = (first + 1 + _random.Next(CollectionProgram.Points - 1)) % CollectionProgram.Points;
        return _random.Next(_shape.Output ? 12 : 11) switch
        {
            0 => JaggedCell(w),
            1 => new ElementExpr(_random.Next(2) == 0 ? $"{w}[{w}.Length - 1][0]" : $"{w}[0][n % 3]"),
            2 => new ElementExpr($"{p}[{(_random.Next(2) == 0 ? "n % 3" : first.ToString(CultureInfo.InvariantCulture))}].{Axis()}"),
            3 => new ElementExpr(_random.Next(2) == 0 ? $"Vector3.Distance({p}[{first}], {p}[{second}])" : $"{p}[{first}].LengthSquared()"),
            4 => new ElementExpr(_random.Next(2) == 0 ? $"Vector3.Dot({p}[{first}] - {p}[{second}], {p}[{_random.Next(3)}])" : $"Vector3.DistanceSquared({p}[{first}] * 0.5f, {p}[{second}])"),
            5 => new ElementExpr($"q[{(_random.Next(2) == 0 ? "n % 2" : _random.Next(CollectionProgram.Particles).ToString(CultureInfo.InvariantCulture))}].{(_random.Next(2) == 0 ? "X" : "V")}"),
            6 => new HelperCallExpr($"Programs.RowSum({w}, ", Expression(1)),
            7 => new ElementExpr($"Programs.Spread({p})"),
            8 => new HelperCallExpr("Programs.Kinetic(q, ", Expression(1)),
            9 => _shape.Instance ? new ElementExpr("Scale") : JaggedCell(w),
            10 => new ElementExpr($"({w}[{_random.Next(CollectionProgram.RowLengths.Length)}].Length * 0.25 + {p}.Length * q[1].V)"),
            _ => new ElementExpr($"y[{_random.Next(CollectionProgram.Outputs)}]"),
        };
    }

    /// <summary>An element of the jagged array at a fixed cell (row 1 is empty).</summary>
    private ElementExpr JaggedCell(string w)
    {
        int row;
        do
        {
            row = _random.Next(CollectionProgram.RowLengths.Length);
        }
        while (CollectionProgram.RowLengths[row] == 0);
        return new ElementExpr($"{w}[{row}][{_random.Next(CollectionProgram.RowLengths[row])}]");
    }

    /// <summary>A read through a loop's index or element.</summary>
    private ElementExpr ScopedElement((LoopKind Kind, string Id) loop)
    {
        string i = "i" + loop.Id, j = "j" + loop.Id, v = "v" + loop.Id, p = _shape.Points;
        return loop.Kind switch
        {
            LoopKind.Rows => new ElementExpr(_random.Next(3) == 0 ? $"({_shape.Jagged}[{i}][{j}] * ({j} + 1) / {_shape.Jagged}[{i}].Length)" : $"{_shape.Jagged}[{i}][{j}]"),
            LoopKind.PointIndices => new ElementExpr(_random.Next(3) == 0 ? $"({p}[{i}] - {p}[({i} + 1) % {p}.Length]).Length()" : $"{p}[{i}].{Axis()}"),
            LoopKind.ParticleIndices => new ElementExpr($"q[{i}].{(_random.Next(2) == 0 ? "X" : "V")}"),
            LoopKind.PointElements => new ElementExpr(_random.Next(3) switch
            {
                0 => $"Vector3.Dot({v}, {p}[0])",
                1 => $"{v}.LengthSquared()",
                _ => $"{v}.{Axis()}",
            }),
            _ => new ElementExpr($"{v}.{(_random.Next(2) == 0 ? "X" : "V")}"),
        };
    }

    private string Axis() => Axes[_random.Next(Axes.Length)];
}
