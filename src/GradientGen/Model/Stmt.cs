namespace GradientGen.Model;

/// <summary>
/// A statement of the structured IR. The lowering keeps the user's structure (one <see cref="SourceStmt"/>
/// per user statement) so that the forward and reverse sweeps stay readable and commented.
/// </summary>
internal abstract record Stmt;

/// <summary>One statement of the user's code and the IR statements it lowered to.</summary>
/// <param name="SourceText">The user's statement on one line, quoted in a comment above each sweep's block.</param>
internal sealed record SourceStmt(string SourceText, EquatableArray<Stmt> Body) : Stmt;

/// <summary><c>target = value</c>.</summary>
/// <param name="Declares">This is the target's declaration (emitted as <c>T name = …</c>).</param>
/// <param name="Overwrites">The target may already hold a value whose adjoint matters: the reverse sweep clears the adjoint after use.</param>
/// <param name="SaveName">When the reverse sweep still reads the overwritten value: the local that keeps it.</param>
internal sealed record AssignStmt(int Target, Expr Value, bool Declares, bool Overwrites, string? SaveName) : Stmt;

/// <summary>A declaration without initializer.</summary>
internal sealed record DeclareStmt(int Variable) : Stmt;

/// <summary>
/// An inactive statement copied verbatim (a log line, an integer update). <paramref name="Saves"/> keeps
/// the variables it overwrites that the reverse sweep still reads.
/// </summary>
/// <param name="Writes">The locals and parameters it may write.</param>
internal sealed record VerbatimStmt(string Text, EquatableArray<int> Writes, EquatableArray<SavedVariable> Saves) : Stmt;

internal sealed record SavedVariable(int Variable, string SaveName);

/// <summary>Return of the primal result.</summary>
internal sealed record ReturnStmt(Atom Value) : Stmt;
