namespace GradientGen.Model;

/// <summary>
/// Where the reverse sweep finds a value that the forward sweep overwrote: a local (straight-line code
/// at the top level of the method) or a value stack (inside branches and loops, where a statement may run
/// any number of times).
/// </summary>
/// <param name="Name">The local's or the stack's name.</param>
internal sealed record Save(string Name, bool OnStack);
