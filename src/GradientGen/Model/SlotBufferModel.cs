namespace GradientGen.Model;

/// <summary>
/// The slots of one element type that a loop running once per call keeps its values in: a span with room for
/// <paramref name="PerIteration"/> values per iteration, taken at the top of the backward (see <c>LoopSlotAssignment</c>).
/// </summary>
/// <param name="Name">The span's name.</param>
/// <param name="RentedName">The pooled array behind it when the method's stack is too small, returned at the end.</param>
/// <param name="Count">How many values, as C# that can be evaluated at the top of the method (a long).</param>
/// <param name="LoopSource">The loop's header as the user wrote it, quoted in a comment.</param>
internal sealed record SlotBufferModel(string Name, string RentedName, string ElementTypeName, int PerIteration, string Count, string LoopSource);
