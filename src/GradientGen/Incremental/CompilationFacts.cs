using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Incremental;

/// <summary>
/// Everything of a compilation that the analysis of a method can read, except method bodies: its options,
/// assembly name, references, and every file's declarations (see <see cref="TreeDeclarations"/>). That is
/// what binding a body reads (types, signatures, attributes, constants, usings), what the
/// [DerivativeOf] index is built from, and what the containing types' partial-ness and modifiers come from.
/// </summary>
/// <param name="Options">Compared by value (nullable context, checked arithmetic, unsafe code...).</param>
/// <param name="References">One <see cref="ReferenceIds"/> number per reference, in order.</param>
internal sealed record CompilationFacts(CompilationOptions Options, string? AssemblyName, EquatableArray<long> References, EquatableArray<TreeDeclarations> Trees)
{
    public static CompilationFacts Of(Compilation compilation, ImmutableArray<TreeDeclarations> trees) =>
        new(compilation.Options, compilation.AssemblyName, compilation.References.Select(ReferenceIds.Of).ToEquatableArray(), trees.ToEquatableArray());
}
