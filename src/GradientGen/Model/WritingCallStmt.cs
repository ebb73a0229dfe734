namespace GradientGen.Model;

/// <summary>
/// A call to a [Differentiable] method that writes what the caller holds: float members of the objects it is given
/// (<c>Step(dt);</c> on this, <c>body.Advance(dt);</c> on an object parameter, <c>double e = Advance(dt)</c>), or the
/// caller's local arrays passed to its output spans (<c>Derivative(x, k, d);</c>). Its outputs are the members
/// <paramref name="Written"/> and the arrays <paramref name="Arrays"/> (the caller's variables), its inputs its
/// arguments and every member of those objects. The forward sweep keeps the written members' values before the call (<paramref name="Saves"/>, always: the
/// callee's backward starts from them); the reverse sweep gives them back, calls the backward, which writes them as
/// the call did and moves the adjoints of their new values in the caller's shadow to their old ones, and gives them
/// back again for the statements before the call.
/// </summary>
/// <param name="Before">
/// For each save: the local the reverse sweep reads a value kept on a stack or in slots into, to give it back twice;
/// empty for a save that is a local already.
/// </param>
/// <param name="Result">
/// For a method with a result, the temporary that takes it (declared by the call, read by the copy the lowering puts
/// after it): its adjoint is the backward's dResult, cleared after it.
/// </param>
/// <param name="Arrays">
/// The caller's local arrays passed to the callee's output spans, written whole: the forward sweep pushes each one's
/// elements onto the value stack of <paramref name="ArrayStacks"/> before the call, and the reverse sweep pops them
/// back around the backward (pushing them once more for the second time).
/// </param>
internal sealed record WritingCallStmt(
    DiffCallExpr Call,
    EquatableArray<int> Written,
    EquatableArray<SavedVariable> Saves = default,
    EquatableArray<string> Before = default,
    int? Result = null,
    EquatableArray<int> Arrays = default,
    EquatableArray<string> ArrayStacks = default) : Stmt;
