using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// An instance method of a struct that carries derivatives (<see cref="StructShapes"/>): <c>this</c> is an input
/// like a struct parameter, read as <c>this.X</c> (or <c>X</c>), and the backward takes its adjoint as
/// <c>ref S dThis</c> right after <c>dResult</c>, whose members accumulate. The rule is the type's, not the
/// body's, so that callers know the signature from the declaration: every such method has it.
/// </summary>
internal static class StructThis
{
    /// <summary>Whether <paramref name="method"/>'s backward takes <c>ref S dThis</c>.</summary>
    public static bool Takes(IMethodSymbol method) =>
        !method.IsStatic && method.MethodKind == MethodKind.Ordinary && method.ContainingType is { TypeKind: TypeKind.Struct } type && StructShapes.IsStruct(type);
}
