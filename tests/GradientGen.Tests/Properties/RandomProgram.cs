using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

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

/// <param name="Class">Where the function is called from: <c>Math</c>, or <c>double</c>'s own static members (same rules).</param>
internal sealed record CallExpr(string Function, Expr Argument, Expr? Second = null, string Class = "Math") : Expr
{
    public override string Render() => Function switch
    {
        "Exp" => $"{Class}.Exp({Class}.Tanh({Argument.Render()}))",
        "Sqrt" => $"{Class}.Sqrt(1.0 + {Argument.Render()} * {Argument.Render()})",
        "Log" => $"{Class}.Log(1.0 + {Argument.Render()} * {Argument.Render()})",
        "Pow" => $"{Class}.Pow(1.5 + {Class}.Sin({Argument.Render()}), {Second!.Render()})",
        "H1" => $"H1({Argument.Render()}, {Second!.Render()})",
        "H3" => $"H3({Argument.Render()}, n)",
        "Max" or "Min" or "Atan2" => $"{Class}.{Function}({Argument.Render()}, {Second!.Render()})",
        "H2" => $"H2({Argument.Render()})",
        // Only double has these: a generic-math spelling whatever Class says.
        "Hypot" => $"double.Hypot({Argument.Render()}, {Second!.Render()})",
        "SinPi" or "Exp2" => $"double.{Function}({Class}.Tanh({Argument.Render()}))",
        _ => $"{Class}.{Function}({Argument.Render()})",
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

/// <summary>
/// A counted loop of one of five shapes: from 0 up by 1 (its body doesn't read the index), down by 1 to 0, up by 2 to an
/// inclusive bound, down by 3 to an exclusive one, up by 1 from 1; a shape other than the first first mixes a with
/// <c>H3(a, index)</c>, so the reverse loop sets the index (<c>ReverseSweep.IndexHeader</c>).
/// </summary>
internal sealed record LoopStatement(string Index, int Trips, bool UsesN, IReadOnlyList<Statement> Body, bool Breaks, int Shape = 0) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string bound = UsesN ? $"n % {Trips + 1} + 1" : Trips.ToString(CultureInfo.InvariantCulture);
        string i = Index;
        string header = Shape switch
        {
            1 => $"for (int {i} = {bound} - 1; {i} >= 0; {i}--)",
            2 => $"for (int {i} = 2; {i} <= {bound} + 1; {i} += 2)",
            3 => $"for (int {i} = {bound}; {i} > -2; {i} -= 3)",
            4 => $"for (int {i} = 1; {i} < {bound} + 1; {i}++)",
            _ => $"for (int {i} = 0; {i} < {bound}; {i}++)",
        };
        sb.Append(indent).Append(header).Append('\n').Append(indent).Append("{\n");
        if (Shape != 0)
        {
            sb.Append(indent).Append($"    a = 0.5 * (a + H3(a, {i}));\n");
        }

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

/// <summary>
/// A running minimum or maximum over a loop (<c>SelectionLoops</c>): each iteration's value is computed from a value
/// set before the loop and the index (through a helper: generic T takes no int operand), and the target takes the
/// least or greatest, with Math.Min or Math.Max (the running value first or second) or with a comparison.
/// </summary>
internal sealed record SelectionStatement(string Index, int Trips, bool UsesN, string Target, bool Minimum, bool RunningFirst, bool Compared, Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string bound = UsesN ? $"n % {Trips + 1} + 1" : Trips.ToString(CultureInfo.InvariantCulture);
        string scale = Index + "Scale", value = Index + "Value";
        string call = RunningFirst ? $"{Target}, {value}" : $"{value}, {Target}";
        sb.Append(indent).Append("{\n");
        sb.Append(indent).Append($"    double {scale} = {Value.Render()};\n");
        sb.Append(indent).Append($"    for (int {Index} = 0; {Index} < {bound}; {Index}++)\n").Append(indent).Append("    {\n");
        sb.Append(indent).Append($"        double {value} = H3({scale}, {Index}) * 0.75;\n");
        if (Compared)
        {
            sb.Append(indent).Append($"        if ({value} {(Minimum ? "<" : ">")} {Target}) {{ {Target} = {value}; }}\n");
        }
        else
        {
            sb.Append(indent).Append($"        {Target} = Math.{(Minimum ? "Min" : "Max")}({call});\n");
        }

        sb.Append(indent).Append("    }\n").Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// Inactive code the backward copies, whose meaning must not change on the way: strings spanning lines
/// (verbatim, raw, interpolated), and code under #pragma, #nullable and #if directives. The string's length
/// scales an active variable, so a changed string is a changed gradient.
/// </summary>
internal sealed record CopiedCodeStatement(int Kind, string Target, int Id) : Statement
{
    public const int Kinds = 7;

    public override void Render(StringBuilder sb, string indent)
    {
        string s = "s" + Id.ToString(CultureInfo.InvariantCulture);
        string scale = $"{indent}    {Target} = {Target} * (1.0 + 0.01 * {s}.Length);\n";
        sb.Append(indent).Append("{\n");
        switch (Kind)
        {
            case 0:
                sb.Append($"{indent}    string {s} = @\"1 2\n{indent}        3 \"\"4\"\"\n{indent}    5\";\n").Append(scale);
                break;
            case 1:
                sb.Append($"{indent}    string {s} = \"\"\"\n{indent}        1 {{2}}\n{indent}          \"3\" \\n\n{indent}        \"\"\";\n").Append(scale);
                break;
            case 2:
                sb.Append($"{indent}    string {s} = $@\"{{n,4}}\n{indent}      {{{{7}}}} \"\"8\"\" \\ {{n + 1}}\";\n").Append(scale);
                break;
            case 3:
                sb.Append($"{indent}    string {s} = $$\"\"\"\n{indent}        {{{{n}}}} {{9}} \"Q\"\n{indent}          {{{{n * 2}}}}\n{indent}        \"\"\";\n").Append(scale);
                break;
            case 4:
                // Unused in the user's code as in the copy: an error under warnings-as-errors without the pragma.
                sb.Append("#pragma warning disable CS0219\n").Append($"{indent}    int {s} = 1;\n").Append("#pragma warning restore CS0219\n");
                sb.Append($"{indent}    {Target} = {Target} * 1.25;\n");
                break;
            case 5:
                sb.Append("#nullable disable\n").Append($"{indent}    string {s} = null;\n").Append("#nullable restore\n");
                sb.Append($"{indent}    if ({s} == null) {Target} = {Target} * 0.75;\n");
                break;
            default:
                sb.Append("#if GRADIENTGEN_NEVER_DEFINED\n").Append($"{indent}    {Target} = {Target} * 100.0;\n").Append("#else\n");
                sb.Append($"{indent}    {Target} = {Target} * 0.5;\n").Append("#endif\n");
                break;
        }

        sb.Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() => [];
}

/// <summary>A sum of many terms in one expression, parsed as a left-leaning tree as deep as it is long.</summary>
internal sealed record DeepSumStatement(string Target, IReadOnlyList<string> Terms) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append(Target).Append(" = ").Append(Target).Append(" * 0.5 + (");
        for (int i = 0; i < Terms.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : " + ").Append(Terms[i]).Append(" * ").Append((0.001 * (i % 7 + 1)).ToString("0.###", CultureInfo.InvariantCulture));
        }

        sb.Append(");\n");
    }

    public override IEnumerable<Node> Smaller() => Terms.Count > 2 ? [this with { Terms = Terms.Take(Terms.Count / 2).ToList() }] : [];
}

/// <summary><c>First = Second = Value;</c>: a chained assignment (two different variables).</summary>
internal sealed record ChainedAssignStatement(string First, string Second, Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent) => sb.Append(indent).Append($"{First} = {Second} = {Value.Render()};\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// <c>Target = (Inner = Value) Op Other;</c>: an assignment used as an operand, so that Other reads Inner's new
/// value when it is Inner, and Target's old one when it is Target (C#'s left-to-right order).
/// </summary>
internal sealed record AssignmentOperandStatement(string Target, string Inner, Expr Value, string Op, string Other) : Statement
{
    public override void Render(StringBuilder sb, string indent) => sb.Append(indent).Append($"{Target} = ({Inner} = {Value.Render()}) {Op} {Other};\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// <c>int k = n % Trips + 1; while (k-- &gt; 0) { … }</c>, the counter decremented at every test, the last one
/// included; with <paramref name="ActiveTarget"/>, the condition also writes an active variable at every test
/// (<c>(a = a * 0.5 + …) &lt; 100.0 &amp; k-- &gt; 0</c>, both sides always evaluated).
/// </summary>
internal sealed record CountdownStatement(string Counter, int Trips, string? ActiveTarget, Expr Step, IReadOnlyList<Statement> Body) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        sb.Append(indent).Append("{\n").Append(indent).Append($"    int {Counter} = n % {Trips} + 1;\n");
        string condition = ActiveTarget is null ? $"{Counter}-- > 0" : $"({ActiveTarget} = {ActiveTarget} * 0.5 + Math.Sin({Step.Render()})) < 100.0 & {Counter}-- > 0";
        sb.Append(indent).Append($"    while ({condition})\n").Append(indent).Append("    {\n");
        foreach (Statement s in Body)
        {
            s.Render(sb, indent + "        ");
        }

        sb.Append(indent).Append("    }\n").Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() =>
        Shrink.Lists(Body).Select(b => (Node)(this with { Body = b })).Append(this with { ActiveTarget = null });
}

/// <summary>
/// A value taken through a struct and back: a user's struct with an initializer and a member update, a
/// tuple deconstructed all at once, a record struct's constructor and <c>with</c>, a struct passed to a
/// differentiable helper, the struct's own operators, computed property and method (inlined), with
/// compound assignment, a readonly record struct (its members rebuilt, its own [Differentiable] method
/// inlined), and Complex arithmetic and functions (<see cref="RandomProgram.StructTypes"/>).
/// </summary>
internal sealed record StructStatement(int Kind, string Target, string Other, Expr Factor, int Id) : Statement
{
    public const int Kinds = 9;

    public override void Render(StringBuilder sb, string indent)
    {
        string s = "s" + Id.ToString(CultureInfo.InvariantCulture);
        string line = Kind switch
        {
            0 => $"{{ var {s} = new Pair {{ A = {Target}, B = {Other} }}; {s}.A = {s}.A * {Factor.Render()} + {s}.B; {s}.B *= 0.5; {Target} = {s}.A + {s}.B; }}",
            1 => $"{{ ({Target}, {Other}) = ({Other} * 0.5, {Target} + 0.25); }}",
            2 => $"{{ var {s} = new Rec({Target}, {Other}); {s} = {s} with {{ Y = {s}.X * {Factor.Render()} }}; {Target} = {s}.X + {s}.Y; }}",
            3 => $"{{ {Target} = H5(new Pair {{ A = {Target}, B = {Factor.Render()} }}); }}",
            4 => $"{{ var {s} = new Pair {{ A = {Target}, B = {Other} }}; {s} = {s} + {Factor.Render()} * {s}; {Target} = {s}.Norm + {s}.Mix({s}); }}",
            5 => $"{{ var {s} = new Pair {{ A = {Target}, B = {Factor.Render()} }}; {s} += 0.5 * {s}; {Target} = ({s} + {s}).Norm * {Other}; }}",
            6 => $"{{ var {s} = new Frozen({Target}, {Other}); {s} = {s} with {{ Y = {s}.X * {Factor.Render()} }}; {s} = {s}.Scaled(0.5) + {s}; {Target} = {s}.X - {s}.Y * 0.5; }}",
            7 => $"{{ var {s} = new Complex(Math.Tanh({Target}), Math.Sin({Other})); {s} = {s} * {s} + Complex.Exp({s} * 0.5) / (2.0 + {s}.Magnitude); {Target} = {s}.Real + {s}.Imaginary * {Factor.Render()}; }}",
            _ => $"{{ Complex {s} = Math.Cos({Target}); {s} += new Complex(0.5, {Other}) * Complex.Conjugate({s}); {s} /= 1.5 + Complex.Abs({s}); {Target} = {s}.Phase * {Factor.Render()} + {s}.Real; }}",
        };
        sb.Append(indent).Append(line).Append('\n');
    }

    public override IEnumerable<Node> Smaller() => [];
}

/// <summary>
/// A value taken through the members of <c>this</c> in <see cref="Container.ObjectFields"/>: a float field, the
/// elements of a <c>double[]</c> and of a jagged <c>double[][]</c> member (the course's <c>Layer</c> with its
/// <c>W</c> and <c>b</c>, as fields), read directly and in a loop. The backward adds their adjoints into the shadow
/// object <c>dThis</c>. In the other containers, which have no such members, it is a swap of the same variables.
/// </summary>
internal sealed record MemberStatement(int Kind, string Target, string Other, Expr Factor, int Row, int Column, int Id) : Statement
{
    public const int Kinds = 4;

    public override void Render(StringBuilder sb, string indent)
    {
        // Names no other statement uses (a countdown's counter is k1, k2, …).
        string r = "mr" + Id.ToString(CultureInfo.InvariantCulture), k = "mk" + Id.ToString(CultureInfo.InvariantCulture);
        string line = Kind switch
        {
            0 => $"{Target} = {Target} * Scale + W[{Row + Column}] * {Factor.Render()};",
            1 => $"{Target} += J[{Row}][{Column}] * {Other} * Scale;",
            2 => $"{{ double {r} = 0; for (int {k} = 0; {k} < W.Length; {k}++) {r} += W[{k}] * J[{k} % J.Length][{Column}] * {Factor.Render()}; {Target} = {Target} * 0.5 + {r}; }}",
            _ => $"{Target} = Math.Sin({Target} * J[{Row}][0]) + W[2] * Scale - J[1][{Column}] * {Other};",
        };
        sb.Append(indent).Append(line).Append('\n');
    }

    public override IEnumerable<Node> Smaller() => [];
}

/// <summary>
/// An assignment whose value goes through a local function or a lambda held in a local, declared in a block
/// of its own and called directly (inlined by the generator): expression-bodied and capturing, a lambda called
/// twice, block-bodied with a local, or static with two parameters.
/// </summary>
internal sealed record LocalFunctionStatement(int Kind, string Target, Expr Value, Expr Argument, Expr Factor, int Id) : Statement
{
    public const int Kinds = 4;

    public override void Render(StringBuilder sb, string indent)
    {
        string f = "Fn" + Id.ToString(CultureInfo.InvariantCulture), u = "u" + Id.ToString(CultureInfo.InvariantCulture);
        string text = Kind switch
        {
            0 => $"{{ double {f}(double {u}) => {Value.Render()} + Math.Sin({u}); {Target} = {f}({Argument.Render()}); }}",
            1 => $"{{ Func<double, double> {f} = {u} => {Value.Render()} * Math.Cos({u}); {Target} = {f}({Argument.Render()}) - {f}({Target}) * 0.5; }}",
            2 => $"{{ double {f}(double {u}) {{ double w{Id} = {u} * {Factor.Render()}; return w{Id} + {Value.Render()}; }} {Target} = {f}({Argument.Render()}) * 0.5; }}",
            _ => $"{{ static double {f}(double {u}, double v{Id}) => Math.Tanh({u}) * v{Id}; {Target} = {f}({Argument.Render()}, {Target}); }}",
        };
        sb.Append(indent).Append(text).Append('\n');
    }

    public override IEnumerable<Node> Smaller() =>
        Value.Smaller().OfType<Expr>().Select(e => (Node)(this with { Value = e }))
            .Concat(Argument.Smaller().OfType<Expr>().Select(e => this with { Argument = e }));
}

internal sealed record ReturnStatement(Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent) => sb.Append(indent).Append("return ").Append(Value.Render()).Append(";\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// How the type holding the programs is declared: every kind of type a [Differentiable] method can live in.
/// The generated partial must repeat the declaration exactly (nested in a generic type or in a namespace,
/// an escaped keyword as its name). File-local types are refused (GG0004): a partial part in another file
/// would be another type.
/// </summary>
internal enum Container
{
    StaticClass,
    Struct,
    Record,
    RecordStruct,
    NestedInGeneric,
    NestedInNamespace,
    EscapedName,

    /// <summary>Generic math: the programs are members of <c>Programs&lt;T&gt; where T : IFloatingPointIeee754&lt;T&gt;</c>, written with T.</summary>
    GenericType,

    /// <summary>Generic math: every program and helper is a generic method <c>P0&lt;T&gt;(T x, T y, int n) where T : IFloatingPointIeee754&lt;T&gt;</c>.</summary>
    GenericMethods,

    /// <summary>
    /// An object with fields: the programs are instance methods of a class with a float field, a <c>double[]</c>
    /// and a jagged <c>double[][]</c> (<see cref="MemberStatement"/> reads them); their backwards take <c>dThis</c>.
    /// </summary>
    ObjectFields,
}

/// <summary>
/// One random method: <c>double P{k}(double x, double y, int n)</c>. With <paramref name="EscapedNames"/>,
/// its parameters and locals are C# keywords written with '@' (<c>@fixed</c>, <c>@double</c>, …). With
/// <paramref name="InParameters"/>, it takes <c>in double xIn, in double yIn</c> and copies them into x and y.
/// </summary>
internal sealed record RandomProgram(IReadOnlyList<Statement> Body, Expr Result, bool EscapedNames = false, bool InParameters = false) : Node
{
    private static readonly (string Plain, string Escaped)[] Keywords = [("x", "@fixed"), ("y", "@base"), ("a", "@double"), ("b", "@in"), ("c", "@out")];

    public string Render(string name, Container container = Container.StaticClass)
    {
        string text = GenericMath.Rewrite(RenderPlain(name), container);
        if (EscapedNames)
        {
            foreach ((string plain, string escaped) in Keywords)
            {
                text = System.Text.RegularExpressions.Regex.Replace(text, $@"(?<![\w@.""]){plain}(?![\w""])", escaped);
            }
        }

        return text;
    }

    private string RenderPlain(string name)
    {
        var sb = new StringBuilder();
        if (InParameters)
        {
            // 'in' parameters are read-only: the body's assignments go to copies.
            sb.Append("    [Differentiable]\n    public static double ").Append(name).Append("(in double xIn, in double yIn, int n)\n    {\n");
            sb.Append("        double x = xIn;\n        double y = yIn * H4(xIn, yIn);\n");
        }
        else
        {
            sb.Append("    [Differentiable]\n    public static double ").Append(name).Append("(double x, double y, int n)\n    {\n");
        }

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
            public static double H4(in double p, in double q) => 1.0 + 0.25 * Math.Sin(p * q);


            [Differentiable]
            public static double H3(double p, int k)
            {
                double s = p;
                for (int i = 0; i < k % 3; i++) { s = s * 0.9 + Math.Cos(s); }
                return s;
            }

        """;

    /// <summary>The structs that <see cref="StructStatement"/> takes values through.</summary>
    public const string StructTypes = """
        public struct Pair
        {
            public double A, B;
            public static Pair operator +(Pair p, Pair q) => new Pair { A = p.A + q.A, B = p.B * q.B };
            public static Pair operator *(double s, Pair p) => new Pair { A = s * p.A, B = p.B - s };
            public double Norm => Math.Sqrt(A * A + B * B + 1.0);
            public double Mix(Pair q) => A * q.B - Math.Sin(B) * q.A;
        }
        public record struct Rec(double X, double Y);
        public readonly partial record struct Frozen(double X, double Y)
        {
            public static Frozen operator +(Frozen p, Frozen q) => new(p.X + q.X, p.Y * q.Y);
            [Differentiable]
            public Frozen Scaled(double s) => new(X * s, Y - s);
        }

        """;

    /// <summary>The differentiable helper that takes a struct (not in generic containers, whose statements are swaps).</summary>
    public const string StructHelpers = """
            [Differentiable]
            public static double H5(Pair p) => Math.Sin(p.A) * p.B + p.A * 0.5;

        """;

    public static string Source(IReadOnlyList<RandomProgram> programs, Container container = Container.StaticClass)
    {
        (string open, string close) = container switch
        {
            Container.Struct => ("public partial struct Programs\n{\n", "}\n"),
            Container.Record => ("public partial record Programs\n{\n", "}\n"),
            Container.RecordStruct => ("public readonly partial record struct Programs\n{\n", "}\n"),
            Container.NestedInGeneric => ("public partial class Outer<T> where T : struct\n{\npublic static partial class Programs\n{\n", "}\n}\n"),
            Container.NestedInNamespace => ("namespace Deep.@namespace\n{\npublic static partial class Outer\n{\ninternal static partial class Programs\n{\n", "}\n}\n}\n"),
            Container.EscapedName => ("public static partial class @class\n{\n", "}\n"),
            Container.GenericType => ("public static partial class Programs<T> where T : IFloatingPointIeee754<T>\n{\n", "}\n"),
            Container.ObjectFields => ("public sealed partial class Programs\n{\n" + ObjectMembers, "}\n"),
            _ => ("public static partial class Programs\n{\n", "}\n"),
        };
        // The structs of StructTypes hold doubles: in a generic container their statements are plain swaps.
        bool generic = container is Container.GenericType or Container.GenericMethods;
        var sb = new StringBuilder("using System;\nusing System.Numerics;\nusing GradientGen;\n\n").Append(StructTypes).Append(open).Append(GenericMath.Rewrite(Helpers, container)).Append(generic ? string.Empty : StructHelpers);
        for (int i = 0; i < programs.Count; i++)
        {
            RandomProgram program = programs[i] with { Body = Swapped(programs[i].Body, s => s is StructStatement && generic || s is MemberStatement && container != Container.ObjectFields) };
            string text = program.Render("P" + i.ToString(CultureInfo.InvariantCulture), container);
            sb.Append(container == Container.ObjectFields ? text.Replace("public static double P", "public double P", StringComparison.Ordinal) : text).Append('\n');
        }

        return sb.Append(close).ToString();
    }

    /// <summary>
    /// The statements with each struct or member statement that <paramref name="swapped"/> picks replaced by a swap
    /// of the same two variables, however deep: where the container has no such members, or is generic.
    /// </summary>
    private static List<Statement> Swapped(IReadOnlyList<Statement> body, Func<Statement, bool> swapped) => body.Select(s => s switch
    {
        StructStatement st when swapped(st) => new SwapStatement(st.Target, st.Other),
        MemberStatement m when swapped(m) => new SwapStatement(m.Target, m.Other),
        IfStatement branch => branch with { Then = Swapped(branch.Then, swapped), Else = Swapped(branch.Else, swapped) },
        LoopStatement loop => loop with { Body = Swapped(loop.Body, swapped) },
        CountdownStatement countdown => countdown with { Body = Swapped(countdown.Body, swapped) },
        _ => s,
    }).ToList();

    /// <summary>The members of <see cref="Container.ObjectFields"/>'s class, which <see cref="MemberStatement"/> reads.</summary>
    public const string ObjectMembers = """
            public double Scale = 1.25;
            public double[] W = [0.5, -0.3, 0.8];
            public double[][] J = [[0.2, 0.4], [-0.1, 0.7]];

        """;

    /// <summary>The type holding the programs in a loaded assembly (a generic one closed over double).</summary>
    public static Type ProgramsType(System.Reflection.Assembly assembly, Container container)
    {
        Type type = container switch
        {
            Container.NestedInNamespace => assembly.GetType("Deep.namespace.Outer+Programs", throwOnError: true)!,
            Container.EscapedName => assembly.GetType("class", throwOnError: true)!,
            Container.NestedInGeneric => assembly.GetType("Outer`1+Programs", throwOnError: true)!,
            Container.GenericType => assembly.GetType("Programs`1", throwOnError: true)!,
            _ => assembly.GetType("Programs", throwOnError: true)!,
        };
        return type.IsGenericTypeDefinition ? type.MakeGenericType(typeof(double)) : type;
    }

    /// <summary>The type arguments of the programs themselves: T = double for generic methods, none otherwise.</summary>
    public static Type[]? MethodTypeArguments(Container container) => container == Container.GenericMethods ? [typeof(double)] : null;
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

/// <summary>
/// Writes a rendered double program as generic math: <c>double</c> becomes <c>T</c>, <c>Math.Sin</c> and
/// <c>double.Hypot</c> become <c>T.Sin</c> and <c>T.Hypot</c>, a literal <c>0.25</c> becomes
/// <c>T.CreateChecked(0.25)</c>; for <see cref="Container.GenericMethods"/> each method gets its own
/// <c>&lt;T&gt;</c> and constraint. The program is the same function, so its gradient is checked the same way.
/// </summary>
internal static class GenericMath
{
    private const string Constraint = " where T : IFloatingPointIeee754<T>";

    public static string Rewrite(string text, Container container)
    {
        if (container is not (Container.GenericType or Container.GenericMethods))
        {
            return text;
        }

        // A copied statement scales by a string's length: an int, converted to T as a whole.
        text = Regex.Replace(text, @"\(1\.0 \+ 0\.01 \* (s\d+)\.Length\)", "§$1§");
        text = Regex.Replace(text, @"(?<![\w.])(\d+\.\d+)(?![\w.])", "T.CreateChecked($1)");
        text = Regex.Replace(text, "§(s\\d+)§", "T.CreateChecked(1.0 + 0.01 * $1.Length)");
        text = Regex.Replace(text, @"\bMath\.", "T.");
        text = Regex.Replace(text, @"\bdouble\b", "T");
        if (container == Container.GenericMethods)
        {
            text = Regex.Replace(text, @"public static T (\w+)\(([^)]*)\)", "public static T $1<T>($2)" + Constraint);
        }

        return text;
    }
}
