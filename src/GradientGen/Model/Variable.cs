namespace GradientGen.Model;

internal enum VariableRole
{
    Parameter,
    Local,
    /// <summary>A three-address temporary introduced by the lowering.</summary>
    Temporary,
}

/// <summary>A storage location of the primal method: a parameter, a user local or a temporary.</summary>
/// <param name="Id">Index in <see cref="MethodModel.Variables"/>.</param>
/// <param name="Name">The unique C# name it has in the generated code (the user's own name where possible).</param>
/// <param name="TypeName">Its C# type, fully qualified where it is not a keyword.</param>
/// <param name="Kind">Its floating-point kind, or its elements' for a vector or matrix.</param>
/// <param name="Active">Carries a derivative: depends on an active input and reaches the result.</param>
/// <param name="AdjointName">Name of the adjoint local (or ref parameter) when <paramref name="Active"/>; otherwise null.</param>
/// <param name="AdjointBufferName">For an active local vector: the pooled array behind its adjoint span.</param>
/// <param name="DefaultValue">The C# value a hoisted declaration starts with (<c>0.0</c>, <c>false</c>, <c>default</c>, <c>default!</c>).</param>
/// <param name="View">For a span local over a slice of an active parameter: where its elements are in the parent.</param>
/// <param name="Stores">For a struct, or an array or span of structs, with members that can't be assigned in place: how to store each.</param>
/// <param name="AdjointIndexName">
/// For an array local that names other arrays (<see cref="ArrayRebinds"/>), or a local jagged array whose rows do
/// (<see cref="RowAllocStmt.Named"/>): the index of the loop that adds its adjoint into theirs.
/// </param>
internal sealed record Variable(
    int Id,
    string Name,
    string TypeName,
    ScalarKind Kind,
    ValueShape Shape,
    VariableRole Role,
    bool Active,
    string? AdjointName,
    string DefaultValue,
    string? AdjointBufferName = null,
    SliceView? View = null,
    LeafStores? Stores = null,
    string? AdjointIndexName = null);
