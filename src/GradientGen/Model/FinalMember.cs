namespace GradientGen.Model;

/// <summary>
/// A float member of <c>this</c> (or of an object parameter) that the method writes and whose old values the reverse
/// sweep restores: the forward sweep keeps its final value in <paramref name="LocalName"/>, and the backward gives it
/// back at the end, so the object is left as the method leaves it.
/// </summary>
internal sealed record FinalMember(int VariableId, string LocalName);
