using System.Globalization;
using System.Text;

namespace GradientGen.Tests.Properties;

/// <summary>
/// A read of a collection, a member or a struct expression, written out as is (<c>w[0][2]</c>,
/// <c>q[i3].V</c>, <c>Vector3.Distance(p[0], p[2])</c>, <c>Scale</c>): a leaf, nothing smaller to shrink to.
/// </summary>
internal sealed record ElementExpr(string Text) : Expr
{
    public override string Render() => Text;
}

/// <summary>A call to a fixed differentiable helper that takes a collection and one scalar: <c>Programs.RowSum(w, …)</c>.</summary>
internal sealed record HelperCallExpr(string Prefix, Expr Argument) : Expr
{
    public override string Render() => $"{Prefix}{Argument.Render()})";

    public override IEnumerable<Node> Smaller() => [Argument];
}

/// <summary>What a <see cref="CollectionLoopStatement"/> walks and how.</summary>
internal enum LoopKind
{
    /// <summary><c>for i &lt; w.Length, for j &lt; w[i].Length</c>: every element of the jagged array, rows of different lengths.</summary>
    Rows,

    /// <summary><c>for i &lt; p.Length</c> over the Vector3 array.</summary>
    PointIndices,

    /// <summary><c>for i &lt; q.Length</c> over the Particle array.</summary>
    ParticleIndices,

    /// <summary><c>foreach (Vector3 v in p)</c>.</summary>
    PointElements,

    /// <summary><c>foreach (Particle v in q)</c>.</summary>
    ParticleElements,
}

/// <summary>
/// A loop over a collection with a local accumulator: <c>double s = 0; for … { s += Accumulate; Body }
/// Target += 0.25 * s;</c>. Its index (<c>i{Id}</c>, <c>j{Id}</c>) or element (<c>v{Id}</c>) is read by the
/// expressions inside.
/// </summary>
internal sealed record CollectionLoopStatement(LoopKind Kind, string Collection, int Id, Expr Accumulate, string Target, IReadOnlyList<Statement> Body) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string id = Id.ToString(CultureInfo.InvariantCulture), i = "i" + id, j = "j" + id, s = "s" + id, inner = indent + "    ";
        sb.Append(indent).Append("{\n").Append(inner).Append($"double {s} = 0;\n");
        switch (Kind)
        {
            case LoopKind.Rows:
                sb.Append(inner).Append($"for (int {i} = 0; {i} < {Collection}.Length; {i}++)\n").Append(inner).Append("{\n");
                inner += "    ";
                sb.Append(inner).Append($"for (int {j} = 0; {j} < {Collection}[{i}].Length; {j}++)\n");
                break;
            case LoopKind.PointIndices or LoopKind.ParticleIndices:
                sb.Append(inner).Append($"for (int {i} = 0; {i} < {Collection}.Length; {i}++)\n");
                break;
            case LoopKind.PointElements:
                sb.Append(inner).Append($"foreach (Vector3 v{id} in {Collection})\n");
                break;
            default:
                sb.Append(inner).Append($"foreach (Particle v{id} in {Collection})\n");
                break;
        }

        sb.Append(inner).Append("{\n").Append(inner).Append($"    {s} += {Accumulate.Render()};\n");
        foreach (Statement statement in Body)
        {
            statement.Render(sb, inner + "    ");
        }

        sb.Append(inner).Append("}\n");
        if (Kind == LoopKind.Rows)
        {
            sb.Append(indent).Append("    }\n");
        }

        sb.Append(indent).Append($"    {Target} += 0.25 * {s};\n");
        if (Kind is LoopKind.PointElements or LoopKind.ParticleElements)
        {
            // Kept live: a foreach over structs whose values never reach the result gets a backward that doesn't
            // compile (its element's adjoint goes unnamed, 'dT2 += .Z;'), a bug reported apart.
            sb.Append(indent).Append($"    e += 0.125 * {s};\n");
        }

        sb.Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() =>
        Shrink.Lists(Body).Select(b => (Node)(this with { Body = b }))
            .Concat(Accumulate.Smaller().OfType<Expr>().Select(e => this with { Accumulate = e }));
}

/// <summary>
/// A write into the output span: <c>y[k] = y[k] * Factor + Value</c> (reads the value on entry),
/// <c>y[k] += Value</c>, or <c>y[k] = Value</c> (overwrites it: its entry value gets no adjoint).
/// </summary>
internal sealed record OutputStatement(int Index, int Form, Expr Factor, Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string y = $"y[{Index.ToString(CultureInfo.InvariantCulture)}]";
        sb.Append(indent).Append(Form switch
        {
            0 => $"{y} = {y} * {Factor.Render()} + {Value.Render()};\n",
            1 => $"{y} += {Value.Render()};\n",
            _ => $"{y} = {Value.Render()};\n",
        });
    }

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// A Vector3 local from whole elements, one member updated, then read: <c>{ Vector3 u = p[a] + p[b] * 0.5f;
/// u.Z *= 0.5f; Target += u.Z + u.Length(); }</c>, the update <c>*=</c> (the local stays a struct), <c>+=</c> or
/// <c>-=</c> (it becomes scalars: StructLocalScalars). (A member of the expression itself, <c>(p[a] + p[b]).Z</c>, is
/// refused with GG0001.)
/// </summary>
internal sealed record VectorLocalStatement(string Points, int First, int Second, string Axis, string Target, int Id, string Update = "*=") : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string u = "u" + Id.ToString(CultureInfo.InvariantCulture);
        sb.Append(indent).Append($"{{ Vector3 {u} = {Points}[{First}] + {Points}[{Second}] * 0.5f; {u}.{Axis} {Update} 0.5f; {Target} += {u}.{Axis} + {u}.Length(); }}\n");
    }

    public override IEnumerable<Node> Smaller() => [];
}

/// <summary>
/// Three loops over the same indices through two local arrays (<c>FusedReverseLoops</c>): u from the points, v from u
/// (<paramref name="Form"/> 0: its own element; 1: its neighbour's too, so the reverses must stay apart; 2: its own,
/// and the target carried through the loop; 3: its own, then u's element overwritten), then the target takes v's
/// elements. Its names end in <paramref name="Id"/>.
/// </summary>
internal sealed record ElementwiseStatement(string Points, int Id, int Form, Expr First, Expr Second, Expr Third, string Target) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string id = Id.ToString(CultureInfo.InvariantCulture), u = "u" + id, v = "v" + id, n = $"{Points}.Length", inner = indent + "    ";
        string i = "i" + id, j = "j" + id, k = "k" + id;
        sb.Append(indent).Append("{\n");
        sb.Append(inner).Append($"double[] {u} = new double[{n}];\n").Append(inner).Append($"double[] {v} = new double[{n}];\n");
        sb.Append(inner).Append($"for (int {i} = 0; {i} < {n}; {i}++)\n").Append(inner).Append("{\n");
        sb.Append(inner).Append($"    {u}[{i}] = {First.Render()} * {Points}[{i}].X;\n").Append(inner).Append("}\n");
        sb.Append(inner).Append($"for (int {j} = 0; {j} < {n}; {j}++)\n").Append(inner).Append("{\n");
        switch (Form)
        {
            case 0:
                sb.Append(inner).Append($"    {v}[{j}] = Math.Sin({u}[{j}]) + {u}[{j}] * {Second.Render()};\n");
                break;
            case 1:
                sb.Append(inner).Append($"    {v}[{j}] = {u}[{j}] * {u}[({j} + 1) % {n}];\n");
                break;
            case 2:
                sb.Append(inner).Append($"    {v}[{j}] = {u}[{j}] * {u}[{j}];\n");
                sb.Append(inner).Append($"    {Target} = 0.5 * {Target} + {v}[{j}];\n");
                break;
            default:
                sb.Append(inner).Append($"    {v}[{j}] = {u}[{j}] * {Second.Render()};\n");
                sb.Append(inner).Append($"    {u}[{j}] = Math.Cos({v}[{j}]);\n");
                break;
        }

        sb.Append(inner).Append("}\n");
        sb.Append(inner).Append($"for (int {k} = 0; {k} < {n}; {k}++)\n").Append(inner).Append("{\n");
        sb.Append(inner).Append($"    {Target} += {v}[{k}] * {Third.Render()} + {u}[{k}] * 0.25;\n").Append(inner).Append("}\n");
        sb.Append(indent).Append("}\n");
    }

    public override IEnumerable<Node> Smaller() => [];
}

/// <summary>
/// A local jagged array built at the top level of the method: rows allocated, filled from expressions (one in a
/// loop), one row read and, with <paramref name="Reallocate"/>, allocated again shorter after it was read; then
/// read back by a foreach over the rows and one over a row's elements; with <paramref name="PassOn"/>, passed to
/// a [Differentiable] helper and an element changed after the call. Its names end in <paramref name="Id"/>.
/// </summary>
internal sealed record LocalJaggedStatement(int Id, Expr First, Expr Second, Expr Third, bool Reallocate, bool PassOn, string Target) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string id = Id.ToString(CultureInfo.InvariantCulture), h = "h" + id, k = "k" + id;
        sb.Append(indent).Append($"var {h} = new double[2][];\n");
        sb.Append(indent).Append($"{h}[0] = new double[3];\n");
        sb.Append(indent).Append($"{h}[1] = new double[2];\n");
        sb.Append(indent).Append($"for (int {k} = 0; {k} < 3; {k}++) {h}[0][{k}] = ({First.Render()}) * ({k} + 1);\n");
        sb.Append(indent).Append($"{h}[1][0] = {Second.Render()};\n");
        sb.Append(indent).Append($"{h}[1][1] = {h}[0][2] * ({Third.Render()});\n");
        if (Reallocate)
        {
            sb.Append(indent).Append($"double m{id} = {h}[0][1];\n");
            sb.Append(indent).Append($"{h}[0] = new double[1];\n");
            sb.Append(indent).Append($"{h}[0][0] = m{id} + {h}[1][0];\n");
        }

        sb.Append(indent).Append($"foreach (double[] r{id} in {h}) {Target} += 0.25 * r{id}[r{id}.Length - 1];\n");
        sb.Append(indent).Append($"foreach (double v{id} in {h}[1]) {Target} -= 0.5 * v{id};\n");
        if (PassOn)
        {
            // The array passed on, then an element changed: the callee's backward must read the old one.
            sb.Append(indent).Append($"{Target} += Programs.RowSum({h}, 0.5);\n");
            sb.Append(indent).Append($"{h}[1][0] *= {h}[0][0];\n");
            sb.Append(indent).Append($"{Target} += {h}[1][0];\n");
        }
    }

    public override IEnumerable<Node> Smaller() =>
        First.Smaller().OfType<Expr>().Select(e => (Node)(this with { First = e }))
            .Concat(Second.Smaller().OfType<Expr>().Select(e => this with { Second = e }))
            .Concat(Third.Smaller().OfType<Expr>().Select(e => this with { Third = e }))
            .Concat(Reallocate ? [this with { Reallocate = false }] : [])
            .Concat(PassOn ? [this with { PassOn = false }] : []);
}

/// <summary>
/// An array local that names arrays, at the top level of the method: first a helper's array, then, a given number
/// of times, a new array one longer filled from it (<paramref name="Fill"/>) or a helper's layer of it; with
/// <paramref name="Branch"/>, a helper's array again when n is odd; then two of its elements read. Its names end in
/// <paramref name="Id"/>.
/// </summary>
internal sealed record ReboundArrayStatement(int Id, Expr First, Expr Second, Expr Third, int Times, bool Fill, bool Branch, string Target) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string id = Id.ToString(CultureInfo.InvariantCulture), r = "r" + id, k = "k" + id, i = "i" + id, next = "next" + id;
        sb.Append(indent).Append($"double[] {r} = Programs.Pair({First.Render()}, {Second.Render()});\n");
        sb.Append(indent).Append($"for (int {k} = 0; {k} < {Times.ToString(CultureInfo.InvariantCulture)}; {k}++)\n").Append(indent).Append("{\n");
        if (Fill)
        {
            sb.Append(indent).Append($"    var {next} = new double[{r}.Length + 1];\n");
            sb.Append(indent).Append($"    for (int {i} = 0; {i} < {next}.Length; {i}++) {next}[{i}] = Math.Sin({r}[{i} % {r}.Length] * ({Third.Render()}));\n");
            sb.Append(indent).Append($"    {r} = {next};\n");
        }
        else
        {
            sb.Append(indent).Append($"    {r} = Programs.Layer({r}, {Third.Render()});\n");
        }

        sb.Append(indent).Append("}\n");
        if (Branch)
        {
            sb.Append(indent).Append($"if (n % 2 == 1) {r} = Programs.Pair({Second.Render()}, 0.5);\n");
        }

        sb.Append(indent).Append($"{Target} += 0.5 * {r}[{r}.Length - 1] + {r}[0];\n");
    }

    public override IEnumerable<Node> Smaller() =>
        First.Smaller().OfType<Expr>().Select(e => (Node)(this with { First = e }))
            .Concat(Second.Smaller().OfType<Expr>().Select(e => this with { Second = e }))
            .Concat(Third.Smaller().OfType<Expr>().Select(e => this with { Third = e }))
            .Concat(Times > 0 ? [this with { Times = Times - 1 }] : [])
            .Concat(Branch ? [this with { Branch = false }] : []);
}

/// <summary>
/// A local array filled through a helper's output span (<c>Programs.Spread</c>, which reads the entry values of its
/// output as well as writing them), once or in a loop, then read: <c>{ var o = new double[3]; o[0] = First;
/// Spread(Second, Third, o); … Target += o[0] * o[1] + o[2]; }</c>.
/// </summary>
internal sealed record OutputCallStatement(int Id, Expr First, Expr Second, Expr Third, int Times, string Target) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string id = Id.ToString(CultureInfo.InvariantCulture), o = "o" + id, k = "m" + id;
        sb.Append(indent).Append($"{{ var {o} = new double[3]; {o}[0] = {First.Render()}; ");
        sb.Append($"for (int {k} = 0; {k} < {Times.ToString(CultureInfo.InvariantCulture)}; {k}++) Programs.Spread({Second.Render()}, {Third.Render()}, {o}); ");
        sb.Append($"{Target} += {o}[0] * {o}[1] + {o}[2]; }}\n");
    }

    public override IEnumerable<Node> Smaller() =>
        First.Smaller().OfType<Expr>().Select(e => (Node)(this with { First = e }))
            .Concat(Second.Smaller().OfType<Expr>().Select(e => this with { Second = e }))
            .Concat(Third.Smaller().OfType<Expr>().Select(e => this with { Third = e }))
            .Concat(Times > 1 ? [this with { Times = Times - 1 }] : []);
}

/// <summary>An early return from a void method writing a span: <c>{ y[k] += Value; return; }</c>.</summary>
internal sealed record VoidReturnStatement(int Index, Expr Value) : Statement
{
    public override void Render(StringBuilder sb, string indent) =>
        sb.Append(indent).Append($"{{ y[{Index.ToString(CultureInfo.InvariantCulture)}] += {Value.Render()}; return; }}\n");

    public override IEnumerable<Node> Smaller() => Value.Smaller().OfType<Expr>().Select(e => this with { Value = e });
}

/// <summary>
/// A call to one of the class's own [Differentiable] methods that write its member <c>Scale</c>, on this or on the
/// other object: <c>Nudge(v);</c> (returns nothing) or <c>Target = Bump(v);</c> (returns a value too).
/// </summary>
internal sealed record MemberCallStatement(bool Value, bool OnOther, Expr Argument, string Target) : Statement
{
    public override void Render(StringBuilder sb, string indent)
    {
        string receiver = OnOther ? "other." : string.Empty;
        sb.Append(indent).Append(Value ? $"{Target} = {receiver}Bump({Argument.Render()});\n" : $"{receiver}Nudge({Argument.Render()});\n");
    }

    public override IEnumerable<Node> Smaller() => Argument.Smaller().OfType<Expr>().Select(e => this with { Argument = e });
}

/// <summary>How a <see cref="CollectionProgram"/> takes its collections and gives its result.</summary>
/// <param name="Instance">An instance method of its own class, reading the fields <c>W</c>, <c>Points</c>, <c>Scale</c>; else a static method taking <c>w</c>, <c>p</c>.</param>
/// <param name="Output">Writes a <c>Span&lt;double&gt; y</c> (its last parameter).</param>
/// <param name="Void">With <paramref name="Output"/>: returns nothing, its final value goes into <c>y[2]</c>.</param>
/// <param name="SpanOfParticles">Takes <c>ReadOnlySpan&lt;Particle&gt; q</c> rather than <c>Particle[] q</c>.</param>
/// <param name="Other">With <paramref name="Instance"/>: also takes <c>other</c>, a second object of its class, and reads its <c>Scale</c> and <c>W</c>.</param>
internal sealed record ProgramShape(bool Instance, bool Output, bool Void, bool SpanOfParticles, bool Other = false)
{
    public string Jagged => Instance ? "W" : "w";

    public string Points => Instance ? "Points" : "p";
}

/// <summary>
/// A random method over collections: <c>double P{k}(double[][] w, Vector3[] p, Particle[] q, double x, int n)</c>
/// (q sometimes a <c>ReadOnlySpan&lt;Particle&gt;</c>),
/// or an instance method <c>double P(Particle[] q, double x, int n)</c> of a class <c>C{k}</c> with fields
/// <c>W</c> (jagged), <c>Points</c> (Vector3[]) and <c>Scale</c>, sometimes taking first another object of its class,
/// <c>C{k} other</c>, whose <c>Scale</c> and <c>W</c> it reads too; either may also write a <c>Span&lt;double&gt; y</c>
/// and return <c>void</c>. Locals a, b, c carry the computation; c and e (the foreach loops' sums) always take part in the result.
/// </summary>
internal sealed record CollectionProgram(ProgramShape Shape, IReadOnlyList<Statement> Body, Expr Result) : Node
{
    /// <summary>The jagged array's rows: of different lengths, one empty.</summary>
    public static readonly int[] RowLengths = [3, 0, 2, 1];

    public const int Points = 3;
    public const int Particles = 2;
    public const int Outputs = 3;

    /// <summary>
    /// Where each input sits in the flat vector: w's elements, p's X Y Z, q's X V, x, then Scale (instance), then
    /// other's Scale and W's elements (another object), then y's entry values (output).
    /// </summary>
    public const int PointsStart = 6;
    public const int ParticlesStart = PointsStart + 3 * Points;
    public const int XIndex = ParticlesStart + 2 * Particles;

    public int ScaleIndex => Shape.Instance ? XIndex + 1 : -1;

    public int OtherScaleIndex => Shape.Other ? XIndex + 2 : -1;

    public int OtherWStart => Shape.Other ? XIndex + 3 : -1;

    public int OutputStart => Shape.Other ? XIndex + 3 + PointsStart : Shape.Instance ? XIndex + 2 : XIndex + 1;

    public int InputCount => OutputStart + (Shape.Output ? Outputs : 0);

    /// <summary>Whether flat input <paramref name="index"/> is a float (a member of a Vector3).</summary>
    public static bool IsFloat(int index) => index >= PointsStart && index < ParticlesStart;

    public override IEnumerable<Node> Smaller() =>
        Shrink.Lists(Body).Select(b => (Node)(this with { Body = b }))
            .Concat(Result.Smaller().OfType<Expr>().Select(e => this with { Result = e }));

    private string Method(string name, string className)
    {
        string result = Shape.Void ? "void" : "double";
        string output = Shape.Output ? ", Span<double> y" : string.Empty;
        string q = Shape.SpanOfParticles ? "ReadOnlySpan<Particle> q" : "Particle[] q";
        string other = Shape.Other ? $"{className} other, " : string.Empty;
        string parameters = Shape.Instance ? $"{other}{q}, double x, int n{output}" : $"double[][] w, Vector3[] p, {q}, double x, int n{output}";
        var sb = new StringBuilder();
        sb.Append($"    [Differentiable]\n    public {(Shape.Instance ? string.Empty : "static ")}{result} {name}({parameters})\n    {{\n");
        sb.Append($"        double a = x;\n        double b = q[0].V;\n        double c = {(Shape.Instance ? "Scale" : "0.5")};\n        double e = 0;\n");
        foreach (Statement s in Body)
        {
            s.Render(sb, "        ");
        }

        // c always takes part, so no program leaves a local unused (a warning in the user's own code).
        sb.Append(Shape.Void ? $"        y[2] += {Result.Render()} + c * 0.25 + e;\n" : $"        return {Result.Render()} + c * 0.25 + e;\n");
        return sb.Append("    }\n").ToString();
    }

    /// <summary>
    /// Drivers over flat inputs: <c>V{k}(f, n)</c> is the checked value (the result, or 0.5·result + Σ weights·y
    /// after the call when it writes y); <c>G{k}(f, n, g)</c> runs the backward with zero adjoints, y's adjoint
    /// coming in as the weights, writes every input's adjoint into g and returns the value from the backward's own
    /// result and outputs.
    /// </summary>
    private string Drivers(int k)
    {
        string id = k.ToString(CultureInfo.InvariantCulture);
        string o = OutputStart.ToString(CultureInfo.InvariantCulture), oEnd = (OutputStart + Outputs).ToString(CultureInfo.InvariantCulture);
        string target = Shape.Instance
            ? $"new C{id} {{ W = Pack.Jagged(f), Points = Pack.Points(f), Scale = f[{ScaleIndex}] }}."
            : "Programs.";
        string method = Shape.Instance ? "P" : "P" + id;
        // The other object: its own Scale and W, and Points that are not this's (it never reads them).
        string other = Shape.Other ? $"new C{id} {{ W = Pack.Jagged(f, {OtherWStart}), Points = new Vector3[{Points}], Scale = f[{OtherScaleIndex}] }}, " : string.Empty;
        string args = (Shape.Instance ? other : "Pack.Jagged(f), Pack.Points(f), ") + $"Pack.Particles(f), f[{XIndex}], n" + (Shape.Output ? ", y" : string.Empty);
        string makeY = Shape.Output ? $"double[] y = f[{o}..{oEnd}]; " : string.Empty;
        string call = Shape.Void ? $"{target}{method}({args});" : $"double r = {target}{method}({args});";
        string value = Shape.Output ? (Shape.Void ? "Pack.Weighted(y)" : "0.5 * r + Pack.Weighted(y)") : "r";

        string shadow = Shape.Instance ? $"var shadow = new C{id} {{ W = Pack.JaggedZeros(), Points = new Vector3[{Points}] }}; " : string.Empty;
        if (Shape.Other)
        {
            shadow += $"var otherShadow = new C{id} {{ W = Pack.JaggedZeros(), Points = new Vector3[{Points}] }}; ";
        }

        string dResult = Shape.Void ? string.Empty : Shape.Output ? "0.5, " : "1.0, ";
        string adjoints = (Shape.Instance ? "shadow, " : "dW, dP, ") + (Shape.Other ? "otherShadow, " : string.Empty) + "dQ, ref dX" + (Shape.Output ? ", dY" : string.Empty);
        string backward = $"{target}{method}Backward({args}, {dResult}{adjoints})";
        var sb = new StringBuilder();
        sb.Append($"    public static double V{id}(double[] f, int n) {{ {makeY}{call} return {value}; }}\n\n");
        sb.Append($"    public static double G{id}(double[] f, int n, double[] g)\n    {{\n");
        string collections = Shape.Instance ? shadow : $"double[][] dW = Pack.JaggedZeros(); var dP = new Vector3[{Points}]; ";
        sb.Append($"        {makeY}{collections}var dQ = new Particle[{Particles}]; double dX = 0;\n");
        if (Shape.Output)
        {
            sb.Append("        double[] dY = (double[])Pack.Weights.Clone();\n");
        }

        sb.Append(Shape.Void ? $"        {backward};\n" : $"        double r = {backward};\n");
        sb.Append(Shape.Instance ? "        Pack.Flatten(g, shadow.W, shadow.Points, dQ);\n" : "        Pack.Flatten(g, dW, dP, dQ);\n");
        sb.Append($"        g[{XIndex}] = dX;\n");
        if (Shape.Instance)
        {
            sb.Append($"        g[{ScaleIndex}] = shadow.Scale;\n");
        }

        if (Shape.Other)
        {
            sb.Append($"        g[{OtherScaleIndex}] = otherShadow.Scale;\n        Pack.FlattenJagged(g, {OtherWStart}, otherShadow.W);\n");
        }

        if (Shape.Output)
        {
            sb.Append($"        dY.CopyTo(g, {o});\n");
        }

        return sb.Append($"        return {value};\n    }}\n").ToString();
    }

    /// <summary>The shared types, helpers and packing code, then each program (static ones in <c>Programs</c>, instance ones in their own class) and its drivers.</summary>
    public static string Source(IReadOnlyList<CollectionProgram> programs)
    {
        var sb = new StringBuilder(Prelude).Append("public static partial class Programs\n{\n").Append(Helpers);
        for (int k = 0; k < programs.Count; k++)
        {
            if (!programs[k].Shape.Instance)
            {
                sb.Append(programs[k].Method("P" + k.ToString(CultureInfo.InvariantCulture), "Programs")).Append('\n');
            }
        }

        sb.Append("}\n\n");
        for (int k = 0; k < programs.Count; k++)
        {
            if (programs[k].Shape.Instance)
            {
                sb.Append($"public sealed partial class C{k.ToString(CultureInfo.InvariantCulture)}\n{{\n    public double[][] W = [];\n    public Vector3[] Points = [];\n    public double Scale;\n\n{MemberWriters}")
                    .Append(programs[k].Method("P", "C" + k.ToString(CultureInfo.InvariantCulture))).Append("}\n\n");
            }
        }

        sb.Append("public static class Drivers\n{\n");
        for (int k = 0; k < programs.Count; k++)
        {
            sb.Append(programs[k].Drivers(k)).Append('\n');
        }

        return sb.Append("}\n").ToString();
    }

    /// <summary>The source without its drivers: what a user would write, for the analyzer's reasons.</summary>
    public static string UserSource(IReadOnlyList<CollectionProgram> programs)
    {
        string source = Source(programs);
        return source[..source.IndexOf("public static class Drivers", StringComparison.Ordinal)];
    }

    private const string Prelude = """
        using System;
        using System.Numerics;
        using GradientGen;

        public struct Particle { public double X, V; }

        public static class Pack
        {
            public static readonly int[] Rows = [3, 0, 2, 1];
            public static readonly double[] Weights = [0.7, -1.3, 0.4];

            public static double[][] Jagged(double[] f)
            {
                var w = new double[Rows.Length][];
                int at = 0;
                for (int i = 0; i < w.Length; i++) { w[i] = f[at..(at + Rows[i])]; at += Rows[i]; }
                return w;
            }

            public static double[][] JaggedZeros() => Array.ConvertAll(Rows, n => new double[n]);

            public static double[][] Jagged(double[] f, int start) => Jagged(f[start..]);

            public static void FlattenJagged(double[] g, int at, double[][] dW)
            {
                foreach (double[] row in dW) foreach (double d in row) g[at++] = d;
            }

            public static Vector3[] Points(double[] f) => [new((float)f[6], (float)f[7], (float)f[8]), new((float)f[9], (float)f[10], (float)f[11]), new((float)f[12], (float)f[13], (float)f[14])];

            public static Particle[] Particles(double[] f) => [new() { X = f[15], V = f[16] }, new() { X = f[17], V = f[18] }];

            public static double Weighted(double[] y) => Weights[0] * y[0] + Weights[1] * y[1] + Weights[2] * y[2];

            public static void Flatten(double[] g, double[][] dW, Vector3[] dP, Particle[] dQ)
            {
                int at = 0;
                foreach (double[] row in dW) foreach (double d in row) g[at++] = d;
                foreach (Vector3 d in dP) { g[at++] = d.X; g[at++] = d.Y; g[at++] = d.Z; }
                foreach (Particle d in dQ) { g[at++] = d.X; g[at++] = d.V; }
            }
        }


        """;

    /// <summary>Fixed differentiable helpers that take the collections on.</summary>
    /// <summary>Each class's methods writing its member Scale, which <see cref="MemberCallStatement"/> calls.</summary>
    private const string MemberWriters = """
            [Differentiable]
            public void Nudge(double v) => Scale = Scale * 0.5 + Math.Sin(v) * W[0][1];

            [Differentiable]
            public double Bump(double v)
            {
                Scale += 0.25 * Math.Tanh(v * Scale);
                return Scale * v;
            }

        """;

    private const string Helpers = """
            // Writes its output span from its entry values and its arguments (OutputCallStatement).
            [Differentiable]
            public static void Spread(double u, double v, Span<double> o)
            {
                o[0] = o[0] * Math.Tanh(u) + v;
                o[1] = Math.Sin(u * v) + 0.5 * o[1];
                o[2] += u * o[0];
            }

            [Differentiable]
            public static double RowSum(double[][] w, double s)
            {
                double t = 0;
                for (int i = 0; i < w.Length; i++)
                    for (int j = 0; j < w[i].Length; j++)
                        t += Math.Sin(w[i][j] * s) * (j + 1);
                return t;
            }

            [Differentiable]
            public static double Spread(Vector3[] p)
            {
                double s = 0;
                for (int i = 0; i < p.Length; i++) s += (p[i] - p[(i + 1) % p.Length]).LengthSquared() * 0.1;
                return s;
            }

            [Differentiable]
            public static double[] Pair(double u, double v)
            {
                var r = new double[2];
                r[0] = u;
                r[1] = u * v;
                return r;
            }

            [Differentiable]
            public static double[] Layer(double[] v, double s)
            {
                var r = new double[v.Length + 1];
                for (int i = 0; i < r.Length; i++) r[i] = Math.Tanh(v[i % v.Length] * s + 0.1 * i);
                return r;
            }

            [Differentiable]
            public static double Kinetic(ReadOnlySpan<Particle> q, double m)
            {
                double e = 0;
                foreach (Particle r in q) e += 0.5 * Math.Tanh(m) * r.V * r.V + Math.Sin(r.X);
                return e;
            }


        """;
}
