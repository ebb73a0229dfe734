using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace GradientGen.Tests.Infrastructure;

/// <summary>Reference assemblies that work offline: net10.0 from Basic.Reference.Assemblies, no package download at test time.</summary>
internal static class TestRefs
{
    public static readonly ReferenceAssemblies Empty = new("net10.0");

    public static ImmutableArray<MetadataReference> Net100 { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();
}
