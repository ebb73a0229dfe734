namespace GradientGen.Model;

/// <summary>
/// Where the reverse sweep finds a value that the forward sweep overwrote: a local (straight-line code
/// at the top level of the method), a value stack (inside branches and loops, where a statement may run
/// any number of times), or a slot of a loop that runs once per call (see <c>LoopSlotAssignment</c>).
/// </summary>
/// <param name="Name">The local's, the stack's or the slots' span's name.</param>
/// <param name="Slot">For a loop's slot: its index in the span, as C# (the iteration's index and the value's place in it).</param>
internal sealed record Save(string Name, bool OnStack, string? Slot = null)
{
    /// <summary>The statement that keeps <paramref name="value"/>, of type <paramref name="typeName"/>, for the reverse sweep.</summary>
    public string Keep(string typeName, string value) =>
        OnStack ? $"{Name}.Push({value});" : Slot is not null ? $"{Name}[{Slot}] = {value};" : $"{typeName} {Name} = {value};";

    /// <summary>The kept value, read back by the reverse sweep.</summary>
    public string Kept => OnStack ? $"{Name}.Pop()" : Slot is not null ? $"{Name}[{Slot}]" : Name;
}
