using System.Globalization;
using System.Text;

namespace GradientGen.Tests.Properties;

/// <summary>
/// A small random program over two active parameters (x, y) and an int (n): assignments, compound
/// assignments, Math calls, branches, bounded loops, overwrites, early returns and calls to a few
/// differentiable helpers. Values are kept bounded (products with sin/cos/tanh or constants, safe
/// denominators) so finite differences stay meaningful. A tree, so a failing program can be shrunk.
/// </summary>
internal abstract record Node
{
    public abstract IEnumerable<Node> Smaller();
}

internal abstract record Expr : Node
{
    public abstract string Render();

    public override IEnumerable<Node> Smaller() => [];
}

internal sealed record VarExpr(string Name) : Expr
{
    public override string Render() => Name;
}

internal sealed record ConstExpr(double Value) : Expr
{
    public override string Render() => Value.ToString("0.0##", CultureInfo.InvariantCulture);
}

internal sealed record BinaryExpr(string Op, Expr Left, Expr Right) : Expr
{
    public override string Render() => Op switch
    {
        "/" => $"({Left.Render()} / (1.5 + Math.Sin({Right.Render()})))",
        _ => $"({Left.Render()} {Op} {Right.Render()})",
    };

    public override IEnumerable<Node> Smaller() => [Left, Right];
}

internal sealed record CallExpr(string Function, Expr Argument, Expr? Second = null) : Expr
{
    public override string Render() => Function switch
    {
        "Exp" => $"Math.Exp(Math.Tanh({Argument.Render()}))",
        "Sqrt" => $"Math.Sqrt(1.0 + {Argument.Render()} * {Argument.Render()})",
        "Log" => $"Math.Log(1.0 + {Argument.Render()} * {Argument.Render()})",
        "Pow" => $"Math.Pow(1.5 + Math.Sin({Argument.Render()}), {Second!.Render()})",
        "H1" => $"H1({Argument.Render()}, {Second!.Render()})",
        "H3" => $"H3({Argument.Render()}, n)",
        "Max" or "Min" or "Atan2" => $"Math.{Function}({Argument.Render()}, {Second!.Render()})",
        "H2" => $"H2({Argument.Render()})",
        _ => $"Math.{Function}({Argument.Render()})",
    };

    public override IEnumerable<Node> Smaller() => Second is null ? [Argument] : [Argument, Second];
}

internal sealed record TernaryExpr(Expr Left, Expr Right, Expr WhenTrue, Expr WhenFalse) : Expr
{
    public override string Render() => $"({Left.Render()} > {Right.Render()} ? {WhenTrue.Render()} : {WhenFalse.Render()})";

    public override IEnumerable<Node> Smaller() => [WhenTrue, WhenFalse];
}

internal abstract record Statement : Node
{
    public abstract void Render(StringBuilder sb, string indent);
}

internal sealed record AssignStatement(string Target, string Op, Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent) => sb.Append(indent).Append(Target).Append(' ').Append(Op).Append(' ').Append(Value.Render()).Append(";\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

internal sealed record SwapStatement(string First, string Second) : Statement
{
    public override void Render(StringBuilder sb, string indent) =>
        sb.Append(indent).Append($"{{ double tmp = {First}; {First} = {Second}; {Second} = tmp; }}\n");

    public override IEnumerable<Node> Smaller() => [];
}

internal sealed record IfStatement(Expr Left, Expr Right, IReadOnlyList<Statement> Then, IReadOnlyList<Statement> Else) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append($"if ({Left.Render()} > {Right.Render()})\n").Append(indent).Append("{\n");
        foreach (Statement s in Then)
        {
            s.Render(sb, indent + "    ");
        }

        sb.Append(indent).Append("}\n");
        if (Else.Count > 0)
        {
            sb.Append(indent).Append("else\n").Append(indent).Append("{\n");
            foreach (Statement s in Else)
            {
                s.Render(sb, indent + "    ");
            }

            sb.Append(indent).Append("}\n");
        }
    }

    public override IEnumerable<Node> Smaller() =>
        Shrink.Lists(Then).Select(t => (Node)(this with { Then = t }))
            .Concat(Shrink.Lists(Else).Select(e => this with { Else = e }));
}

internal sealed record LoopStatement(string Index, int Trips, bool UsesN, IReadOnlyList<Statement> Body, bool Breaks) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string bound = UsesN ? $"n % {Trips + 1} + 1" : Trips.ToString(CultureInfo.InvariantCulture);
        sb.Append(indent).Append($"for (int {Index} = 0; {Index} < {bound}; {Index}++)\n").Append(indent).Append("{\n");
        foreach (Statement s in Body)
        {
            s.Render(sb, indent + "    ");
        }

        if (Breaks)
        {
            sb.Append(indent).Append($"    if (a > 2.0) break;\n");
        }

        sb.Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() => Shrink.Lists(Body).Select(b => this with { Body = b });
}

internal sealed record ReturnStatement(Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent) => sb.Append(indent).Append("return ").Append(Value.Render()).Append(";\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>One random method: <c>double P{k}(double x, double y, int n)</c>.</summary>
internal sealed record RandomProgram(IReadOnlyList<Statement> Body, Expr Result) : Node
{
    public string Render(string name)
    {
        var sb = new StringBuilder();
        sb.Append("    [Differentiable]\n    public static double ").Append(name).Append("(double x, double y, int n)\n    {\n");
        sb.Append("        double a = x;\n        double b = y;\n        double c = 0.5;\n");
        foreach (Statement s in Body)
        {
            s.Render(sb, "        ");
        }

        // c always takes part, so no program leaves a local unused (a warning in the user's own code).
        sb.Append("        return ").Append(Result.Render()).Append(" + c * 0.25;\n    }\n");
        return sb.ToString();
    }

    public override IEnumerable<Node> Smaller() =>
        Shrink.Lists(Body).Select(b => (Node)(this with { Body = b }))
            .Concat(Result.Smaller().OfType<Expr>().Select(e => this with { Result = e }));

    public const string Helpers = """
            [Differentiable]
            public static double H1(double p, double q) => Math.Sin(p) * q + p;

            [Differentiable]
            public static double H2(double p) => Math.Tanh(p) * 2.0;

            [Differentiable]
            public static double H3(double p, int k)
            {
                double s = p;
                for (int i = 0; i < k % 3; i++) { s = s * 0.9 + Math.Cos(s); }
                return s;
            }

        """;

    public static string Source(IReadOnlyList<RandomProgram> programs)
    {
        var sb = new StringBuilder("using System;\nusing GradientGen;\n\npublic static partial class Programs\n{\n").Append(Helpers);
        for (int i = 0; i < programs.Count; i++)
        {
            sb.Append(programs[i].Render("P" + i.ToString(CultureInfo.InvariantCulture))).Append('\n');
        }

        return sb.Append("}\n").ToString();
    }
}

internal static class Shrink
{
    /// <summary>The list without one element, or with one element replaced by a smaller one.</summary>
    public static IEnumerable<IReadOnlyList<Statement>> Lists(IReadOnlyList<Statement> list)
    {
        for (int i = 0; i < list.Count; i++)
        {
            yield return list.Where((_, j) => j != i).ToList();
        }

        for (int i = 0; i < list.Count; i++)
        {
            foreach (Statement smaller in list[i].Smaller().OfType<Statement>())
            {
                var copy = list.ToList();
                copy[i] = smaller;
                yield return copy;
            }
        }
    }
}
