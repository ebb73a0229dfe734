using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace GradientGen.Incremental;

/// <summary>
/// A number per <see cref="MetadataReference"/> object, new for every new object. A reference is an immutable
/// snapshot (a PE image, or another project's compilation), and hosts reuse the object while it is unchanged,
/// so an equal number means the same metadata: what a [Differentiable] callee's compiled backward looks like,
/// [Differentiable] attributes on referenced methods, base types' members. Reading the metadata itself to
/// fingerprint it would cost more than the analysis it saves.
/// </summary>
internal static class ReferenceIds
{
    private static readonly ConditionalWeakTable<MetadataReference, Id> Ids = new();
    private static long _last;

    public static long Of(MetadataReference reference) => Ids.GetValue(reference, static _ => new Id(Interlocked.Increment(ref _last))).Value;

    private sealed class Id(long value)
    {
        public long Value { get; } = value;
    }
}
