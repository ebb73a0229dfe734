namespace GradientGen.Tests.Properties;

/// <summary>
/// What both random-program generators draw alike: arithmetic, Math calls and comparisons over their locals,
/// assignments and swaps of those locals. A generator says what a leaf of an expression may read.
/// </summary>
internal abstract class ExpressionGenerator
{
    private readonly string[] _unary;
    private readonly string[] _binaryCalls;

    protected ExpressionGenerator(int seed, int size, string[] targets, string[] unary, string[] binaryCalls)
    {
        Rng = new Random(seed);
        Size = size;
        Targets = targets;
        _unary = unary;
        _binaryCalls = binaryCalls;
    }

    protected Random Rng { get; }

    protected int Size { get; }

    /// <summary>The locals statements assign.</summary>
    protected string[] Targets { get; }

    /// <summary>What an expression reads at a leaf: a constant, a local, or whatever else the generator's programs hold.</summary>
    protected abstract Expr Leaf();

    protected Expr Expression(int depth)
    {
        if (depth <= 0 || Rng.Next(4) == 0)
        {
            return Leaf();
        }

        return Rng.Next(7) switch
        {
            0 => new BinaryExpr("+", Expression(depth - 1), Expression(depth - 1)),
            1 => new BinaryExpr("-", Expression(depth - 1), Expression(depth - 1)),
            2 => new BinaryExpr("*", Expression(depth - 1), Bounded()),
            3 => new BinaryExpr("/", Expression(depth - 1), Expression(depth - 1)),
            4 => new CallExpr(_unary[Rng.Next(_unary.Length)], Expression(depth - 1), Class: MathClass()),
            5 => new CallExpr(_binaryCalls[Rng.Next(_binaryCalls.Length)], Expression(depth - 1), Expression(depth - 1), MathClass()),
            _ => Comparison((left, right) => new TernaryExpr(left, right, Expression(depth - 1), Expression(depth - 1))),
        };
    }

    /// <summary>A factor with magnitude at most about 1.5: products of these stay bounded.</summary>
    protected Expr Bounded() => Rng.Next(4) switch
    {
        0 => new ConstExpr(Math.Round(Rng.NextDouble() * 3 - 1.5, 2)),
        1 => new CallExpr("Sin", Expression(1)),
        2 => new CallExpr("Cos", Expression(1)),
        _ => new CallExpr("Tanh", Expression(1)),
    };

    protected AssignStatement Assign()
    {
        string target = Target();
        Expr value = Expression(Size / 2 + 1);
        return new AssignStatement(target, "=", value is VarExpr v && v.Name == target ? new CallExpr("Sin", value) : value);
    }

    /// <summary>Two different variables swapped (the same one twice would be a self-assignment warning).</summary>
    protected SwapStatement Swap()
    {
        int first = Rng.Next(Targets.Length), second = (first + 1 + Rng.Next(Targets.Length - 1)) % Targets.Length;
        return new SwapStatement(Targets[first], Targets[second]);
    }

    /// <summary>A comparison whose sides differ and aren't both constant (either would be a warning in the user's code).</summary>
    protected T Comparison<T>(Func<Expr, Expr, T> make)
    {
        Expr left = Expression(1), right = Expression(1);
        if ((IsConstant(left) && IsConstant(right)) || left.Render() == right.Render())
        {
            left = new BinaryExpr("+", new VarExpr(Target()), new ConstExpr(0.25));
        }

        return make(left, right);
    }

    protected string Target() => Targets[Rng.Next(Targets.Length)];

    /// <summary>One call in three goes through double's own static members (double.Sin), which follow Math's rules.</summary>
    protected string MathClass() => Rng.Next(3) == 0 ? "double" : "Math";

    /// <summary>Folded by the compiler: comparing two of these makes a branch it reports as unreachable.</summary>
    private static bool IsConstant(Expr e) => e is ConstExpr || (e is BinaryExpr { Op: not "/" } b && IsConstant(b.Left) && IsConstant(b.Right));
}
