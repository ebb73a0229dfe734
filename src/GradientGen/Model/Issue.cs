namespace GradientGen.Model;

/// <summary>
/// Why a method cannot be differentiated, located on the offending syntax. Plain data (no
/// <c>Location</c>) so that it can live in an incremental pipeline model.
/// </summary>
internal sealed record Issue(string DescriptorId, string FilePath, int SpanStart, int SpanLength, EquatableArray<string> MessageArgs);
