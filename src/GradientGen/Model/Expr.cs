namespace GradientGen.Model;

/// <summary>The right-hand side of an <see cref="AssignStmt"/>: one operation on atoms, or inactive C# text.</summary>
internal abstract record Expr;

/// <summary>A copy: <c>target = a</c>.</summary>
internal sealed record CopyExpr(Atom Value) : Expr;

internal enum UnaryOperator
{
    Negate,
}

internal sealed record UnaryExpr(UnaryOperator Operator, Atom Operand) : Expr;

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

internal sealed record BinaryExpr(BinaryOperator Operator, Atom Left, Atom Right) : Expr;

/// <summary>A floating-point conversion between <c>float</c> and <c>double</c>.</summary>
internal sealed record ConvertExpr(ScalarKind To, Atom Operand) : Expr;

/// <summary>A <c>Math</c>/<c>MathF</c> function with a built-in derivative rule.</summary>
/// <param name="TypeName">The class the user called (<c>global::System.Math</c> or <c>global::System.MathF</c>).</param>
/// <param name="Kind">The result's type, which picks the family the derivative uses.</param>
internal sealed record MathCallExpr(string TypeName, string MethodName, MathFunction Function, ScalarKind Kind, EquatableArray<Atom> Arguments) : Expr;

/// <summary>A call to a method with a reverse-mode derivative (<c>…Backward</c>).</summary>
/// <param name="StructReceiver">
/// For an instance method of a struct that carries derivatives (<c>StructThis</c>): the struct variable it is called on,
/// whose adjoint its backward takes as <c>ref dThis</c> right after dResult; null otherwise.
/// </param>
internal sealed record DiffCallExpr(Callee Callee, EquatableArray<Atom> Arguments, Atom? StructReceiver = null) : Expr;

/// <summary>An element of an active vector or matrix, <c>a[i]</c>, <c>a[i, j]</c>, or a member of an active struct, <c>p.X</c>. Indices are int atoms.</summary>
/// <param name="Rereadable">
/// The array is a parameter the method only reads and every index is evaluated again in the reverse sweep
/// (a constant, an enclosing counted loop's index, an inline recomputable expression): the reverse sweep can
/// read the element again instead of keeping it.
/// </param>
/// <param name="Member">
/// For a struct (or an array of structs): the path of the floating member read, <c>X</c> or <c>Pos.X</c>, so
/// <c>p.X</c> is the element of <c>p</c> at no index and member <c>X</c>; empty for an array of numbers.
/// </param>
internal sealed record ElementExpr(int Array, EquatableArray<Atom> Indices, bool Rereadable = false, string Member = "") : Expr;

/// <summary>Inactive C# text, copied from the user's code (with locals renamed) and never differentiated.</summary>
internal sealed record VerbatimExpr(string Text) : Expr;

internal static class ExprOperands
{
    /// <summary>The atoms an expression reads, in order (for a call, its arguments; for an element, its indices).</summary>
    public static System.Collections.Generic.IReadOnlyList<Atom> Operands(this Expr expr) => expr switch
    {
        CopyExpr c => [c.Value],
        UnaryExpr u => [u.Operand],
        ConvertExpr c => [c.Operand],
        BinaryExpr b => [b.Left, b.Right],
        MathCallExpr m => m.Arguments,
        // The receiver last, so the arguments keep the indices of the callee's parameters.
        DiffCallExpr { StructReceiver: { } receiver } d => [.. d.Arguments, receiver],
        DiffCallExpr d => d.Arguments,
        ElementExpr e => e.Indices,
        _ => [],
    };
}
