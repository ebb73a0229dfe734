using System.Globalization;

namespace GradientGen.Tests.Properties;

/// <summary>
/// Builds a <see cref="CollectionProgram"/> from a seed, at a given size: statements over the locals a, b, c
/// (and, in instance methods, the member Scale) whose expressions read jagged elements, members of struct elements, vector expressions on whole elements,
/// the loop's own index or element inside loops, and the fixed helpers that take the collections on.
/// </summary>
internal sealed class CollectionProgramGenerator : ExpressionGenerator
{
    private static readonly string[] Axes = ["X", "Y", "Z"];

    private readonly ProgramShape _shape;

    /// <summary>The loops around the statement being generated, innermost last: their indices and elements are readable.</summary>
    private readonly List<(LoopKind Kind, string Id)> _scope = [];
    private int _loops;

    private CollectionProgramGenerator(int seed, int size)
        : base(seed, size, ["a", "b", "c"], ["Sin", "Cos", "Tanh", "Exp", "Sqrt", "Log", "Atan", "Abs", "SinPi", "Exp2"], ["Max", "Min", "Pow", "Atan2", "Hypot"])
    {
        bool output = Rng.Next(3) == 0;
        _shape = new ProgramShape(Instance: Rng.Next(3) == 0, Output: output, Void: output && Rng.Next(2) == 0, SpanOfParticles: Rng.Next(4) == 0);
        if (_shape.Instance && Rng.Next(2) == 0)
        {
            // Two objects of one class: this and another, whose members are other variables.
            _shape = _shape with { Other = true };
        }
    }

    public static CollectionProgram Generate(int seed, int size)
    {
        var g = new CollectionProgramGenerator(seed, size);
        return new CollectionProgram(g._shape, g.Statements(depth: 0, count: 1 + g.Rng.Next(size + 2)), g.Expression(size));
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
        if (_shape.Instance && Rng.Next(7) == 0)
        {
            // A call writing a member, of this or of the other object (its backward given their shadows).
            return new MemberCallStatement(Rng.Next(2) == 0, _shape.Other && Rng.Next(2) == 0, Expression(Size / 2), Target());
        }

        if (_shape.Instance && Rng.Next(6) == 0)
        {
            // A write into this's member (restored by the reverse sweep); another object's are only read.
            return new AssignStatement("Scale", Rng.Next(2) == 0 ? "+=" : "=", new BinaryExpr("*", Expression(Size / 2), new ConstExpr(0.25)));
        }

        if (depth == 0 && Rng.Next(8) == 0)
        {
            return new ElementwiseStatement(_shape.Points, _loops++, Rng.Next(4), Expression(Size / 2), Bounded(), Bounded(), Target());
        }

        // Depth 2 is a loop's body (or a branch in one): an array local that names arrays there is one per iteration.
        int roll = Rng.Next(depth >= 3 ? 8 : depth == 2 ? 9 : depth == 0 ? 14 : 12);
        return roll switch
        {
            8 when depth == 2 => Rebound(),
            13 => Rebound(),
            11 when Rng.Next(2) == 0 => new OutputCallStatement(_loops++, Expression(Size / 2), Expression(Size / 2), Bounded(), 1 + Rng.Next(3), Target()),
            12 => new LocalJaggedStatement(_loops++, Expression(Size / 2), Expression(Size / 2), Bounded(), Rng.Next(2) == 0, Rng.Next(2) == 0, Target()),
            < 3 => Assign(),
            3 => new AssignStatement(Target(), Rng.Next(2) == 0 ? "+=" : "-=", Expression(Size / 2)),
            4 => new AssignStatement(Target(), "*=", Bounded()),
            5 => Swap(),
            6 => _shape.Output && Rng.Next(3) > 0 ? Output() : new VectorLocalStatement(_shape.Points, Rng.Next(CollectionProgram.Points), Rng.Next(CollectionProgram.Points), Axis(), Target(), _loops++, Rng.Next(3) switch { 0 => "*=", 1 => "+=", _ => "-=" }),
            7 => Comparison((left, right) => new IfStatement(left, right, [EarlyReturn()], [])),
            8 or 9 => Comparison((left, right) => new IfStatement(left, right, Statements(depth + 1, 1 + Rng.Next(2)), Rng.Next(2) == 0 ? [] : Statements(depth + 1, 1 + Rng.Next(2)))),
            _ => Loop(depth),
        };
    }

    /// <summary>An array local that names arrays: a helper's array, then new ones per iteration or a helper's layers.</summary>
    private ReboundArrayStatement Rebound() =>
        new(_loops++, Expression(Size / 2), Expression(Size / 2), Bounded(), Rng.Next(3), Rng.Next(2) == 0, Rng.Next(2) == 0, Target());

    private Statement EarlyReturn() =>
        _shape.Void ? new VoidReturnStatement(Rng.Next(CollectionProgram.Outputs), Expression(Size / 2)) : new ReturnStatement(Expression(Size / 2));

    private OutputStatement Output() => new(Rng.Next(CollectionProgram.Outputs), Rng.Next(3), Bounded(), Expression(Size / 2));

    /// <summary>A loop over one collection; its accumulator and body are generated with its index or element in scope.</summary>
    private CollectionLoopStatement Loop(int depth)
    {
        var kind = (LoopKind)Rng.Next(Enum.GetValues<LoopKind>().Length);
        string id = (_loops++).ToString(CultureInfo.InvariantCulture);
        string collection = kind switch
        {
            LoopKind.Rows => _shape.Jagged,
            LoopKind.PointIndices or LoopKind.PointElements => _shape.Points,
            _ => "q",
        };
        _scope.Add((kind, id));
        Expr accumulate = ScopedElement(_scope[^1]);
        if (Rng.Next(2) == 0)
        {
            accumulate = new BinaryExpr("*", accumulate, Bounded());
        }

        List<Statement> body = Rng.Next(3) == 0 ? [] : Statements(depth + 2, 1 + Rng.Next(2));
        _scope.RemoveAt(_scope.Count - 1);
        return new CollectionLoopStatement(kind, collection, int.Parse(id, CultureInfo.InvariantCulture), accumulate, Target(), body);
    }

    /// <summary>A local, x, a constant, or (half the time) a read of the collections.</summary>
    protected override Expr Leaf() => Rng.Next(8) switch
    {
        0 => new ConstExpr(Math.Round(Rng.NextDouble() * 4 - 2, 2)),
        1 => new VarExpr("x"),
        2 or 3 => new VarExpr(Target()),
        _ => Element(),
    };

    private Expr Element()
    {
        // Inside a loop, its own index or element half the time.
        if (_scope.Count > 0 && Rng.Next(2) == 0)
        {
            return ScopedElement(_scope[Rng.Next(_scope.Count)]);
        }

        string w = _shape.Jagged, p = _shape.Points;
        int first = Rng.Next(CollectionProgram.Points), second = (first + 1 + Rng.Next(CollectionProgram.Points - 1)) % CollectionProgram.Points;
        return Rng.Next(_shape.Output ? 12 : 11) switch
        {
            0 => JaggedCell(w),
            1 => new ElementExpr(Rng.Next(2) == 0 ? $"{w}[{w}.Length - 1][0]" : $"{w}[0][n % 3]"),
            2 => new ElementExpr($"{p}[{(Rng.Next(2) == 0 ? "n % 3" : first.ToString(CultureInfo.InvariantCulture))}].{Axis()}"),
            3 => new ElementExpr(Rng.Next(2) == 0 ? $"Vector3.Distance({p}[{first}], {p}[{second}])" : $"{p}[{first}].LengthSquared()"),
            4 => new ElementExpr(Rng.Next(2) == 0 ? $"Vector3.Dot({p}[{first}] - {p}[{second}], {p}[{Rng.Next(3)}])" : $"Vector3.DistanceSquared({p}[{first}] * 0.5f, {p}[{second}])"),
            5 => new ElementExpr($"q[{(Rng.Next(2) == 0 ? "n % 2" : Rng.Next(CollectionProgram.Particles).ToString(CultureInfo.InvariantCulture))}].{(Rng.Next(2) == 0 ? "X" : "V")}"),
            6 => new HelperCallExpr($"Programs.RowSum({w}, ", Expression(1)),
            7 => new ElementExpr($"Programs.Spread({p})"),
            8 => new HelperCallExpr("Programs.Kinetic(q, ", Expression(1)),
            9 when _shape.Other => Rng.Next(3) switch
            {
                0 => new ElementExpr("Scale"),
                1 => new ElementExpr("other.Scale * Scale"),
                _ => JaggedCell("other.W"),
            },
            9 => _shape.Instance ? new ElementExpr("Scale") : JaggedCell(w),
            10 => new ElementExpr($"({w}[{Rng.Next(CollectionProgram.RowLengths.Length)}].Length * 0.25 + {p}.Length * q[1].V)"),
            _ => new ElementExpr($"y[{Rng.Next(CollectionProgram.Outputs)}]"),
        };
    }

    /// <summary>An element of the jagged array at a fixed cell (row 1 is empty).</summary>
    private ElementExpr JaggedCell(string w)
    {
        int row;
        do
        {
            row = Rng.Next(CollectionProgram.RowLengths.Length);
        }
        while (CollectionProgram.RowLengths[row] == 0);
        return new ElementExpr($"{w}[{row}][{Rng.Next(CollectionProgram.RowLengths[row])}]");
    }

    /// <summary>A read through a loop's index or element.</summary>
    private ElementExpr ScopedElement((LoopKind Kind, string Id) loop)
    {
        string i = "i" + loop.Id, j = "j" + loop.Id, v = "v" + loop.Id, p = _shape.Points;
        return loop.Kind switch
        {
            LoopKind.Rows => new ElementExpr(Rng.Next(3) == 0 ? $"({_shape.Jagged}[{i}][{j}] * ({j} + 1) / {_shape.Jagged}[{i}].Length)" : $"{_shape.Jagged}[{i}][{j}]"),
            LoopKind.PointIndices => new ElementExpr(Rng.Next(3) == 0 ? $"({p}[{i}] - {p}[({i} + 1) % {p}.Length]).Length()" : $"{p}[{i}].{Axis()}"),
            LoopKind.ParticleIndices => new ElementExpr($"q[{i}].{(Rng.Next(2) == 0 ? "X" : "V")}"),
            LoopKind.PointElements => new ElementExpr(Rng.Next(3) switch
            {
                0 => $"Vector3.Dot({v}, {p}[0])",
                1 => $"{v}.LengthSquared()",
                _ => $"{v}.{Axis()}",
            }),
            _ => new ElementExpr($"{v}.{(Rng.Next(2) == 0 ? "X" : "V")}"),
        };
    }

    private string Axis() => Axes[Rng.Next(Axes.Length)];
}
