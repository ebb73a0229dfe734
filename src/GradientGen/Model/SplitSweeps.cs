namespace GradientGen.Model;

/// <summary>
/// A [Differentiable] method's backward cut in two for the backwards of its callers (split mode, as Tapenade and
/// Enzyme run a callee): <c>…ForwardSweep</c> runs the method and pushes onto the caller's tape what its reverse
/// sweep reads, and <c>…ReverseSweep</c>, which the caller's reverse sweep runs, pops it and adds the adjoints.
/// A caller's backward that calls <c>…Backward</c> instead runs the method's forward twice (once for its own
/// value, once inside the backward); a dense layer called from a loss costs a third more for it.
/// </summary>
/// <param name="ForwardName">The forward sweep's name, <c>DenseForwardSweep</c>.</param>
/// <param name="ReverseName">The reverse sweep's name, <c>DenseReverseSweep</c>.</param>
/// <param name="Modifiers">Their modifiers: <c>internal</c> (the tape is internal to each compilation) or <c>private</c>, and <c>static</c> for a static method.</param>
/// <param name="Transfers">The variables the reverse sweep reads that the forward sweep leaves, in the order they are pushed.</param>
internal sealed record SplitSweeps(string ForwardName, string ReverseName, string Modifiers, EquatableArray<TapeTransfer> Transfers);

/// <summary>A value a split forward sweep pushes onto the tape for its reverse sweep.</summary>
/// <param name="Name">The local's name in both sweeps.</param>
/// <param name="TypeName">Its type.</param>
/// <param name="Slot">Which of the tape's stacks holds it.</param>
internal sealed record TapeTransfer(string Name, string TypeName, TapeSlot Slot);

/// <summary>How a value travels on the tape: floating values as doubles, integers and flags as longs, arrays as objects.</summary>
internal enum TapeSlot
{
    Double,
    Float,
    Long,
    Int,
    Bool,
    Object,
}
