using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Renders IR atoms and expressions as C# in the primal's terms.</summary>
internal static class Atoms
{
    /// <summary>
    /// A new array of zeros shaped like the inactive array <paramref name="argument"/>: the scratch adjoint or the
    /// zero tangent given where a callee takes one (a vector or list, a matrix, a jagged array, an array of structs).
    /// </summary>
    public static string ZerosShaped(MethodModel model, ValueShape shape, ScalarKind kind, Atom argument)
    {
        string keyword = Analysis.SymbolFacts.KeywordFor(kind);
        string data = Text(model, argument);
        return shape switch
        {
            ValueShape.Vector => $"new {keyword}[{data}.{(argument is VariableAtom { VariableId: int listed } ? Analysis.FloatLists.CountOf(model.Variables[listed].TypeName) : "Length")}]",
            ValueShape.Jagged => $"global::System.Array.ConvertAll({data}, row => new {keyword}[row.Length])",
            ValueShape.StructArray => $"new {StructElementTypeName(model.Variables[((VariableAtom)argument).VariableId])}[{data}.Length]",
            _ => $"new {keyword}[{data}.GetLength(0), {data}.GetLength(1)]",
        };
    }

    /// <summary>The element type of an array or span of structs, from its type's text (<c>global::System.Numerics.Vector3[]</c>, <c>global::System.ReadOnlySpan&lt;P&gt;</c>).</summary>
    private static string StructElementTypeName(Variable array) =>
        array.TypeName.EndsWith("[]", System.StringComparison.Ordinal)
            ? array.TypeName.Substring(0, array.TypeName.Length - 2)
            : array.TypeName.Substring(array.TypeName.IndexOf('<') + 1, array.TypeName.LastIndexOf('>') - array.TypeName.IndexOf('<') - 1);

    /// <summary>What a call runs on: the struct variable a struct's own method is called on, else <paramref name="receiver"/> (the callee's text).</summary>
    public static string? Receiver(MethodModel model, DiffCallExpr call, string? receiver) =>
        call.StructReceiver is { } structReceiver ? Text(model, structReceiver) : receiver;

    public static string Text(MethodModel model, Atom atom) => atom switch
    {
        VariableAtom v => model.Variables[v.VariableId].Name,
        ConstantAtom c => c.Text,
        _ => throw new System.ArgumentOutOfRangeException(nameof(atom)),
    };

    /// <summary>−term, parenthesized where the minus would bind to less than the whole term (or make <c>--</c>).</summary>
    public static string Negated(string term) =>
        term.StartsWith("-", System.StringComparison.Ordinal) || term.Contains("?") || term.Contains(" + ") || term.Contains(" - ") ? $"-({term})" : "-" + term;

    /// <summary>Whether the generated <paramref name="code"/> names the identifier <paramref name="name"/> (as a whole word).</summary>
    public static bool Mentions(string code, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(code, $@"\b{System.Text.RegularExpressions.Regex.Escape(name)}\b");

    /// <summary>Every identifier-like word of the generated <paramref name="code"/> (one pass, for many lookups).</summary>
    public static System.Collections.Generic.HashSet<string> Identifiers(string code) =>
        new(System.Text.RegularExpressions.Regex.Matches(code, @"@?\w+").Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value), System.StringComparer.Ordinal);

    /// <param name="name">The method's name as declared (a keyword gets its '@' here).</param>
    public static string Call(string? receiver, string name, string arguments) =>
        string.IsNullOrEmpty(receiver) ? $"{Analysis.SymbolFacts.Escape(name)}({arguments})" : $"{receiver}.{Analysis.SymbolFacts.Escape(name)}({arguments})";

    public static string Expression(MethodModel model, Expr expr)
    {
        switch (expr)
        {
            case CopyExpr copy:
                return Text(model, copy.Value);
            case UnaryExpr unary:
                return "-" + Text(model, unary.Operand);
            case BinaryExpr binary:
                return $"{Text(model, binary.Left)} {Symbol(binary.Operator)} {Text(model, binary.Right)}";
            case ConvertExpr convert:
                return $"({Analysis.SymbolFacts.KeywordFor(convert.To)}){Text(model, convert.Operand)}";
            case MathCallExpr call:
                return $"{call.TypeName}.{call.MethodName}({Join(model, call.Arguments)})";
            case DiffCallExpr diff:
                return Call(Receiver(model, diff, diff.Callee.Receiver), diff.Callee.Name, Join(model, diff.Arguments));
            case VerbatimExpr verbatim:
                return verbatim.Text;
            case ElementExpr element:
                return Element(model, model.Variables[element.Array], model.Variables[element.Array].Name, element.Indices, element.Member);
            default:
                throw new System.ArgumentOutOfRangeException(nameof(expr));
        }
    }

    /// <summary>
    /// <c>name[i]</c>, <c>name[i, j]</c>, a jagged array's <c>name[i][j]</c>, a struct's member <c>name.X</c>, or a
    /// member of a struct element <c>name[i].X</c>, where <paramref name="name"/> is <paramref name="array"/>'s own
    /// name or its adjoint's.
    /// </summary>
    public static string Element(MethodModel model, Variable array, string name, EquatableArray<Atom> indices, string member = "")
    {
        string indexed = indices.Count == 0 ? name
            : array.Shape == ValueShape.Jagged ? name + string.Concat(indices.Select(i => $"[{Text(model, i)}]"))
            : $"{name}[{Join(model, indices)}]";
        return indexed + (member.Length == 0 ? string.Empty : "." + member);
    }

    /// <summary>
    /// The statement <c>a[i].X = v</c> (or <c>+=</c>, <c>-=</c> with <paramref name="compound"/>); a member that
    /// can't be assigned in place is stored by building its struct again (<see cref="Variable.Stores"/>).
    /// </summary>
    public static string Store(MethodModel model, Variable array, string name, EquatableArray<Atom> indices, string member, BinaryOperator? compound, string value)
    {
        if (member.Length > 0 && array.Stores is { } stores)
        {
            string holder = Element(model, array, name, indices);
            string operand = value.Contains(' ') ? $"({value})" : value;
            return stores.Store(holder, member, compound is { } op ? $"{holder}.{member} {Symbol(op)} {operand}" : value);
        }

        return $"{Element(model, array, name, indices, member)} {(compound is { } c ? Symbol(c) + "=" : "=")} {value};";
    }

    /// <summary>An array's element type: its floating kind, or the struct of an array of structs (<c>Vector3[]</c>).</summary>
    public static string ElementTypeOf(Variable array)
    {
        if (array.Shape != ValueShape.StructArray)
        {
            return Analysis.SymbolFacts.KeywordFor(array.Kind);
        }

        // S[] (or S[]?), or a span of S: Span<S>, ReadOnlySpan<S>.
        string type = array.TypeName.TrimEnd('?');
        return type.EndsWith("[]", System.StringComparison.Ordinal)
            ? type.Substring(0, type.Length - 2)
            : type.Substring(type.IndexOf('<') + 1, type.LastIndexOf('>') - type.IndexOf('<') - 1);
    }

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        _ => "/",
    };

    public static string Join(MethodModel model, EquatableArray<Atom> atoms)
    {
        var parts = new string[atoms.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = Text(model, atoms[i]);
        }

        return string.Join(", ", parts);
    }

    /// <summary><c>v = v ± b</c> written in place: the adjoint of v passes through unchanged.</summary>
    public static bool IsAccumulation(AssignStmt assign) =>
        assign.Value is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract, Left: VariableAtom left, Right: var right }
        && left.VariableId == assign.Target
        && !(right is VariableAtom r && r.VariableId == assign.Target);
}
