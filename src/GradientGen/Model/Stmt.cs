namespace GradientGen.Model;

/// <summary>
/// A statement of the structured IR. The lowering keeps the user's structure (one <see cref="SourceStmt"/>
/// per user statement, branches and loops as blocks) so that both sweeps stay structured, readable and
/// commented. Jumps (<c>break</c>, <c>continue</c>, early <c>return</c>) are lowered to flags and guarded
/// blocks, so the IR has none.
/// </summary>
internal abstract record Stmt;

/// <summary>One statement of the user's code and the IR statements it lowered to.</summary>
/// <param name="SourceText">The user's statement on one line (a header for branches and loops), quoted in a comment above each sweep's block.</param>
internal sealed record SourceStmt(string SourceText, EquatableArray<Stmt> Body) : Stmt;

/// <summary><c>target = value</c>.</summary>
/// <param name="Declares">This is the target's first assignment (emitted as <c>T name = …</c> unless the variable is hoisted).</param>
/// <param name="Overwrites">The target may already hold a value whose adjoint matters: the reverse sweep clears the adjoint after use.</param>
/// <param name="Save">Where the overwritten value is kept when the reverse sweep still reads it.</param>
/// <param name="Reread">
/// A temporary read only by its own statement, whose value the statement's reverse can compute again (an
/// element that hasn't changed, arithmetic on values the reverse loops set again): the reverse sweep assigns
/// it again at the start of that statement's reverse instead of saving it.
/// </param>
/// <param name="RestoreFirst">
/// The last operation of its user statement, whose reverse doesn't read the value it writes: the reverse sweep
/// gives the target its old value back at the start of the statement's reverse, so the statement's
/// temporaries computed from it can be computed again there instead of saved (<c>x = r * x * (1 - x)</c>
/// keeps x only).
/// </param>
/// <param name="Selects">
/// In a selection loop (<see cref="LoopStmt.Selection"/>), for its <c>Math.Min</c> or <c>Math.Max</c> of the running
/// value and the iteration's: the operand (the iteration's) whose value the reverse sweep takes the result as, since
/// it runs this reverse only for the iteration that operand was last taken from.
/// </param>
internal sealed record AssignStmt(int Target, Expr Value, bool Declares, bool Overwrites, Save? Save, bool Reread = false, bool RestoreFirst = false, int? Selects = null) : Stmt;

/// <summary>
/// <c>a[i] = value</c>, or <c>a[i] += value</c> / <c>-=</c> when <paramref name="Compound"/> is set, into an
/// active vector or matrix. Its reverse moves the element's adjoint to the value (and clears it for a plain
/// store). Element reads copy into temporaries, so the old element is kept (<paramref name="Save"/>) only
/// when the whole array is read again by the reverse sweep: passed to a callee's backward.
/// </summary>
/// <param name="Member">For a struct: the path of the member stored into (<c>d.X = v</c>), as in <see cref="ElementExpr"/>.</param>
internal sealed record ElementAssignStmt(int Array, EquatableArray<Atom> Indices, Atom Value, BinaryOperator? Compound, Save? Save = null, string Member = "") : Stmt;

/// <summary>A declaration without initializer.</summary>
internal sealed record DeclareStmt(int Variable) : Stmt;

/// <summary>
/// An inactive statement copied verbatim (a log line, an integer update). <paramref name="Saves"/> keeps
/// the variables it overwrites that the reverse sweep still reads.
/// </summary>
/// <param name="Writes">The locals and parameters it may write.</param>
/// <param name="Inverse">
/// For an integer update that can be undone (<c>li++</c>, <c>k -= 2</c>, <c>j += step</c>): the statement that
/// undoes it. Where the reverse sweep needs the old value it runs this instead of saving the value.
/// </param>
internal sealed record VerbatimStmt(string Text, EquatableArray<int> Writes, EquatableArray<SavedVariable> Saves, string? Inverse = null) : Stmt;

internal sealed record SavedVariable(int Variable, Save Save);

/// <summary><c>if (Condition) Then else Else</c>. The condition is a bool variable, so the reverse sweep replays the same branch.</summary>
/// <param name="Chooses">
/// In a selection loop (<see cref="LoopStmt.Selection"/>), the branch that takes the iteration's value as the running
/// one (<c>if (e &lt; m) { m = e; }</c>): the forward sweep keeps the index there, and the reverse of the one iteration
/// it runs takes the branch without testing (that iteration took it).
/// </param>
internal sealed record IfStmt(int Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, bool Chooses = false) : Stmt;

internal enum LoopShape
{
    /// <summary><c>while (Condition) { … }</c>: the condition is tested before each iteration.</summary>
    TestFirst,

    /// <summary><c>do { … } while (Condition);</c></summary>
    TestLast,
}

/// <summary>
/// A loop. The forward sweep counts its iterations in <paramref name="Trips"/> (or the reverse sweep computes
/// their number from a counted loop's bounds); the reverse sweep runs the body's reverse that many times, so
/// the condition is never evaluated again.
/// </summary>
/// <param name="Condition">Inactive C# condition (with the flags of breaks and returns folded in).</param>
/// <param name="Trips">The int variable counting iterations; null when <see cref="LoopCounter.TripCount"/> gives their number.</param>
/// <param name="ReverseIndexName">The loop variable of the reverse loop.</param>
/// <param name="Counter">A counted loop's index, recomputed by the reverse loop instead of saved every iteration.</param>
/// <param name="Held">Adjoint elements the reverse loop accumulates in locals (see <c>InvariantAdjointElements</c>).</param>
/// <param name="InvariantReads">
/// Rereads (<see cref="AssignStmt.Reread"/>) of the body's statements that read the same element in every iteration:
/// the reverse sweep reads them once, before the reverse loop (see <c>InvariantReads</c>).
/// </param>
/// <param name="Replays">
/// Each reverse iteration first runs the body forward again, without its additions into sums declared outside
/// it, instead of reading values the forward sweep saved: the body's values are its own locals, computed from
/// values that stay the same (see <c>SaveAnalysis.Replay</c>).
/// </param>
/// <param name="Fused">
/// The loop runs once, in the reverse sweep, in its own order, each iteration followed by its reverse: the method
/// only returns one of its sums after it, whose adjoint is known there (see <c>FusedReductions</c>).
/// </param>
/// <param name="Selection">
/// A running minimum or maximum (<c>m = Math.Min(m, e)</c>) whose iterations share nothing else: the forward sweep
/// keeps the index of the iteration m was last taken from, and the reverse sweep runs that iteration's reverse
/// alone (see <c>SelectionLoops</c>).
/// </param>
internal sealed record LoopStmt(LoopShape Shape, string Condition, int? Trips, string ReverseIndexName, EquatableArray<Stmt> Body, LoopCounter? Counter = null, EquatableArray<HeldAdjoint> Held = default, bool Replays = false, bool Fused = false, EquatableArray<AssignStmt> InvariantReads = default, LoopSelection? Selection = null) : Stmt
{
    /// <summary>A free name for the scale the reverse loop may carry in place of its adjoint (see <c>GeometricAdjoints</c>).</summary>
    public string? ScaleName { get; init; }
}

/// <summary>
/// A selection loop's bookkeeping: <paramref name="Taken"/>, a local of the index's type, holds the index of the
/// iteration the running value <paramref name="Accumulator"/> was last taken from, or −1 when it kept the value it
/// had before the loop.
/// </summary>
/// <param name="Replays">
/// The reverse runs that iteration forward again before its reverse, keeping what its reverse reads there: the
/// forward sweep's iterations keep nothing (they would have kept values their iterations overwrite).
/// </param>
/// <param name="Kept">
/// Where the index is kept when the loop runs again before its reverse (in a loop whose iterations the reverse takes
/// in turn): the forward sweep keeps it after the loop, the reverse sweep takes it back before the loop's reverse.
/// Null when one local holds it (the loop at the method's top level, or directly in a fused loop's body).
/// </param>
internal sealed record LoopSelection(string Taken, int Accumulator, bool Replays, Save? Kept);

/// <summary>
/// The adjoint of <c>Array[Indices]</c>, whose indices the loop never changes, held in the local
/// <paramref name="LocalName"/> for the whole reverse loop: read before it, written back after it.
/// </summary>
internal sealed record HeldAdjoint(int Array, EquatableArray<Atom> Indices, string LocalName);

/// <summary>
/// <c>for (int i = Start; …; i += Step)</c> where the body never writes i: in iteration k (from 1) i is
/// Start + (k − 1)·Step, so the reverse loop sets it from its own index.
/// </summary>
/// <param name="TripCount">
/// The number of iterations as C# the reverse sweep evaluates again, when the condition compares i with a
/// bound that stays the same (see <c>MethodLowering.IsRecomputable</c>) and nothing leaves the loop early.
/// </param>
/// <param name="Last">
/// The last value the index takes when the loop counts by 1 to a bound the reverse sweep evaluates again (a value past
/// <see cref="Start"/> when the loop doesn't run): the reverse loop counts from it back to Start.
/// </param>
/// <param name="Locals">
/// Locals the body declares from values fixed for the iteration (the index, constants, parameters it never
/// writes, …) and never assigns again: each reverse iteration sets them again, in order, instead of saving them.
/// </param>
internal sealed record LoopCounter(int Variable, Atom Start, int Step, string? TripCount = null, EquatableArray<RecomputedLocal> Locals = default, string? Last = null);

/// <summary><c>Variable = Value</c>, evaluated again at the start of each reverse iteration.</summary>
internal sealed record RecomputedLocal(int Variable, string Value);
