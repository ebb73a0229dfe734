namespace GradientGen.Tests.Properties;

/// <summary>Builds a <see cref="RandomProgram"/> from a seed, at a given size (deeper and longer as it grows).</summary>
internal sealed class ProgramGenerator : ExpressionGenerator
{
    private int _loops;
    private int _copied;
    private int _structs;
    private int _members;
    private int _functions;

    // A program either has local functions or C-style expression forms: an assignment used as a value to a
    // variable a local function captures is refused (GG0001), and these capture every variable they like.
    private bool _withFunctions;

    private ProgramGenerator(int seed, int size)
        : base(seed, size, ["x", "y", "a", "b", "c"], ["Sin", "Cos", "Tanh", "Exp", "Sqrt", "Log", "Atan", "Abs", "H2", "H3", "SinPi", "Exp2"], ["Max", "Min", "H1", "Pow", "Atan2", "Hypot"])
    {
    }

    /// <summary>A constant one time in five, else a local.</summary>
    protected override Expr Leaf() =>
        Rng.Next(5) == 0 ? new ConstExpr(Math.Round(Rng.NextDouble() * 4 - 2, 2)) : new VarExpr(Targets[Rng.Next(Targets.Length)]);

    public static RandomProgram Generate(int seed, int size)
    {
        var g = new ProgramGenerator(seed, size);
        g._withFunctions = g.Rng.Next(4) == 0;
        return new RandomProgram(g.Statements(depth: 0, count: 1 + g.Rng.Next(size + 1)), g.Expression(size), EscapedNames: g.Rng.Next(4) == 0, InParameters: g.Rng.Next(4) == 0);
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
        if (Rng.Next(12) == 0)
        {
            return Rng.Next(4) == 0
                ? new DeepSumStatement(Target(), Enumerable.Range(0, 20 + Rng.Next(180)).Select(_ => Targets[Rng.Next(Targets.Length)]).ToList())
                : new CopiedCodeStatement(Rng.Next(CopiedCodeStatement.Kinds), Target(), _copied++);
        }

        // One in 8 is a C-style expression form: an assignment used as a value, or a countdown loop.
        if (Rng.Next(8) == 0 && !_withFunctions)
        {
            return ExpressionForm(depth);
        }

        // One in 10 of the rest takes values through a struct, a tuple or a record struct.
        if (Rng.Next(10) == 0)
        {
            SwapStatement pair = Swap();
            return new StructStatement(Rng.Next(StructStatement.Kinds), pair.First, pair.Second, Bounded(), _structs++);
        }

        // One in 12 of the rest keeps a running minimum or maximum over a loop.
        if (Rng.Next(12) == 0)
        {
            return new SelectionStatement("i" + _loops++.ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + Rng.Next(4), Rng.Next(2) == 0, Target(), Rng.Next(2) == 0, Rng.Next(2) == 0, Rng.Next(3) == 0, Expression(Size / 2));
        }

        // One in 10 of the rest reads the members of 'this' (a swap where the container has none).
        if (Rng.Next(10) == 0)
        {
            SwapStatement pair = Swap();
            return new MemberStatement(Rng.Next(MemberStatement.Kinds), pair.First, pair.Second, Bounded(), Rng.Next(2), Rng.Next(2), _members++);
        }

        // In a program with functions, one in 5 of the rest goes through a local function or a lambda.
        if (_withFunctions && Rng.Next(5) == 0)
        {
            return new LocalFunctionStatement(Rng.Next(LocalFunctionStatement.Kinds), Target(), Expression(Size / 2), Expression(Size / 2), Bounded(), _functions++);
        }

        int roll = Rng.Next(depth >= 2 ? 6 : 10);
        return roll switch
        {
            < 3 => Assign(),
            3 => new AssignStatement(Target(), Rng.Next(2) == 0 ? "+=" : "-=", Expression(Size / 2)),
            4 => new AssignStatement(Target(), "*=", Bounded()),
            5 => Swap(),
            6 or 7 => Comparison((left, right) => new IfStatement(left, right, Statements(depth + 1, 1 + Rng.Next(2)), Rng.Next(2) == 0 ? [] : Statements(depth + 1, 1 + Rng.Next(2)))),
            8 => new LoopStatement("i" + _loops++.ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + Rng.Next(3), Rng.Next(2) == 0, Statements(depth + 1, 1 + Rng.Next(2)), Rng.Next(4) == 0, Rng.Next(5)),
            _ => Comparison((left, right) => new IfStatement(left, right, [new ReturnStatement(Expression(Size / 2))], [])),
        };
    }

    private Statement ExpressionForm(int depth)
    {
        int first = Rng.Next(Targets.Length), second = (first + 1 + Rng.Next(Targets.Length - 1)) % Targets.Length;
        string inner = Target();

        // 'b = b' would be a self-assignment warning in the user's code.
        Expr NotItself(Expr value, string target) => value is VarExpr v && v.Name == target ? new CallExpr("Sin", value) : value;
        return Rng.Next(depth >= 2 ? 2 : 3) switch
        {
            0 => new ChainedAssignStatement(Targets[first], Targets[second], NotItself(Expression(Size / 2), Targets[second])),
            1 => Rng.Next(2) == 0
                ? new AssignmentOperandStatement(Target(), inner, NotItself(Expression(Size / 2), inner), Rng.Next(2) == 0 ? "+" : "-", Target())
                : new AssignmentOperandStatement(Target(), inner, Bounded(), "*", Target()),
            _ => new CountdownStatement("k" + _loops++.ToString(System.Globalization.CultureInfo.InvariantCulture), 1 + Rng.Next(3), Rng.Next(2) == 0 ? Target() : null, Expression(1), Statements(depth + 1, 1 + Rng.Next(2))),
        };
    }

}
