namespace GradientGen.Model;

/// <summary>
/// Where the reverse sweep finds a value that the forward sweep overwrote: a local (straight-line code
/// at the top level of the method), a value stack (inside branches and loops, where a statement may run
/// any number of times), or the slots of loops whose room is taken once (see <c>LoopSlotAssignment</c>).
/// </summary>
/// <param name="Name">The local's, the stack's or the slots' span's name.</param>
/// <param name="Cursor">For slots: the cursor they are kept at and read back from, in reverse order.</param>
/// <param name="PopName">
/// For a value kept on the tape of split sweeps (<see cref="SplitSweeps"/>, <see cref="Name"/> the tape's): the method
/// that reads it back, by its type (<c>PopDouble</c>); null for a value stack's <c>Pop</c>.
/// </param>
internal sealed record Save(string Name, bool OnStack, string? Cursor = null, string? PopName = null)
{
    /// <summary>The statement that keeps <paramref name="value"/>, of type <paramref name="typeName"/>, for the reverse sweep.</summary>
    public string Keep(string typeName, string value) =>
        OnStack ? $"{Name}.Push({value});" : Cursor is not null ? $"{Name}[{Cursor}++] = {value};" : $"{typeName} {Name} = {value};";

    /// <summary>The kept value, read back by the reverse sweep.</summary>
    public string Kept => OnStack ? $"{Name}.{PopName ?? "Pop"}()" : Cursor is not null ? $"{Name}[--{Cursor}]" : Name;
}
