namespace GradientGen.Model;

/// <summary>
/// The slots of one element type that loops keep their values in: a span with room for all of them, taken at the top
/// of the backward, and a cursor (see <c>LoopSlotAssignment</c>).
/// </summary>
/// <param name="Name">The span's name.</param>
/// <param name="RentedName">The pooled array behind it when the method's stack is too small, returned at the end.</param>
/// <param name="Room">How many values, as C# (a long) that can be evaluated at the top of the method.</param>
internal sealed record SlotBufferModel(string Name, string RentedName, string CursorName, string ElementTypeName, string Room);
