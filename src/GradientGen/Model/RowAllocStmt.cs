namespace GradientGen.Model;

/// <summary>
/// <c>a[i] = new T[n]</c> into an active local jagged array <paramref name="Array"/>: the row at <paramref name="Index"/>
/// becomes a fresh row of zeros, <paramref name="Length"/> long; or <c>a[i] = x</c>, the row names the array
/// <paramref name="Named"/> (a [Differentiable] callee's fresh array held in a temporary, or an array nothing writes
/// into). Its reverse first adds the row's adjoint into the named array's, then gives the row back its old array (kept
/// in <paramref name="Save"/>: null on first allocation) and the row's adjoint the zeros of that array's shape: the
/// new row's values depend on nothing but what it names, and what was read from the old one before still has its
/// adjoint to collect.
/// </summary>
internal sealed record RowAllocStmt(int Array, Atom Index, Atom? Length, Save? Save = null, Atom? Named = null) : Stmt;
