using System;
using Microsoft.CodeAnalysis;

namespace GradientGen.Incremental;

/// <summary>
/// The compilation of the current run, held weakly. The analysis step reuses a method's previous input when
/// its key is unchanged, and so keeps that input; a strong reference would keep alive the compilation each
/// method was last analyzed in, one per edit in an IDE session.
/// </summary>
internal sealed class CompilationHandle
{
    private readonly WeakReference<Compilation> _compilation;

    public CompilationHandle(Compilation compilation) => _compilation = new WeakReference<Compilation>(compilation);

    /// <summary>
    /// The compilation. Only an input whose key changed is analyzed, and such an input is this run's, whose
    /// compilation the driver holds; so it is always alive here. If not, throwing makes the driver report the
    /// failure and start the next run afresh, where caching an empty result would hide it.
    /// </summary>
    public Compilation Get() =>
        _compilation.TryGetTarget(out Compilation? compilation) ? compilation
        : throw new InvalidOperationException("GradientGen: a method was analyzed with the compilation of an earlier run");
}
