using System.Collections.Generic;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The calls of one backward to [Differentiable] callees that have split sweeps (<see cref="SplitSweeps"/>), run in
/// split mode: the forward sweep calls the callee's <c>…ForwardSweep</c>, which leaves on the tape what its reverse
/// needs, and the reverse sweep its <c>…ReverseSweep</c>, which takes it back; the callee's forward runs once instead
/// of again inside its backward. The reverse sweep is written first and decides (a call whose result's adjoint is
/// known to be zero has no reverse): the forward sweep runs split exactly the calls whose reverse does, so every
/// push onto the tape has its pop, in the opposite order.
/// </summary>
internal sealed class SplitCalls
{
    private readonly HashSet<Stmt> _calls = new(ReferenceComparer.Instance);

    private SplitCalls(string tape)
    {
        Tape = tape;
    }

    /// <summary>The tape's name: a local of the backward, or the split sweeps' own parameter.</summary>
    public string Tape { get; }

    /// <summary>Whether any call runs split (the backward then declares and disposes its tape).</summary>
    public bool Any => _calls.Count > 0;

    /// <summary>For a backward or split sweep whose calls may run split; null for the other derivatives.</summary>
    public static SplitCalls? For(MethodModel model) => model.TapeName is { } tape ? new SplitCalls(tape) : null;

    /// <summary>Whether the reverse of <paramref name="assign"/>, a call, runs the callee's reverse sweep (and so its forward, its forward sweep).</summary>
    public bool RunsReverse(AssignStmt assign, DiffCallExpr call)
    {
        if (call.Callee.SplitReverseName is null)
        {
            return false;
        }

        _calls.Add(assign);
        return true;
    }

    /// <summary>Whether the forward of <paramref name="assign"/> calls the callee's forward sweep.</summary>
    public bool Runs(Stmt assign) => _calls.Contains(assign);

    /// <summary>The call of the callee's forward sweep, in place of the call of the callee.</summary>
    public string ForwardCall(MethodModel model, DiffCallExpr call) =>
        Atoms.Call(Atoms.Receiver(model, call, call.Callee.Receiver), call.Callee.SplitForwardName!, Atoms.Join(model, call.Arguments) + ", ref " + Tape);
}
