using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The adjoints of active local arrays allocated inside loops and branches (<see cref="ArrayScopeStmt"/>): one per
/// run of the block, rented from the shared pool at the start of the block's reverse, cleared, and given back
/// where the reverse undoes the allocation, so a loop that allocates per iteration costs the backward no more
/// allocations than the method makes. A matrix's adjoint is allocated with its shape (the pool has no
/// two-dimensional arrays): one allocation per run of the block, as the method makes one.
/// </summary>
internal static class BlockArrayAdjoints
{
    /// <summary>The arrays allocated per run of a block.</summary>
    public static HashSet<int> Of(MethodModel model) => new(Scopes(model.Body).Select(s => s.Array));

    /// <summary>At the start of the block's reverse: the adjoint of the array this run allocated.</summary>
    public static void Rent(CodeWriter w, Variable array)
    {
        if (array.Shape == ValueShape.Matrix)
        {
            // A two-dimensional array can't come from the pool: allocated as the method allocates this run's matrix.
            w.Line($"// ({array.Name}: this run's matrix, its adjoint of the same shape)");
            w.Line($"var {array.AdjointName} = new {Atoms.ElementTypeOf(array)}[{array.Name}.GetLength(0), {array.Name}.GetLength(1)];");
            return;
        }

        w.Line($"// ({array.Name}: this run's array, its adjoint from the pool)");
        RentZeroed(w, array, $"{array.Name}.Length", declare: true);
    }

    /// <summary>
    /// A zeroed adjoint of <paramref name="length"/> elements for a local vector: its pooled buffer and the span over it,
    /// declared here or given again (an array local naming another array, <see cref="ReboundArrayAdjoints"/>).
    /// </summary>
    public static void RentZeroed(CodeWriter w, Variable array, string length, bool declare)
    {
        string keyword = Atoms.ElementTypeOf(array);
        w.Line($"{(declare ? keyword + "[] " : string.Empty)}{array.AdjointBufferName} = global::System.Buffers.ArrayPool<{keyword}>.Shared.Rent({length});");
        w.Line($"{(declare ? "var " : string.Empty)}{array.AdjointName} = global::System.MemoryExtensions.AsSpan({array.AdjointBufferName}, 0, {length});");
        w.Line($"{array.AdjointName}.Clear();");
    }

    /// <summary>Where the reverse undoes the allocation: the adjoint goes back to the pool.</summary>
    public static void Return(CodeWriter w, Variable array)
    {
        if (array.Shape != ValueShape.Matrix)
        {
            w.Line($"global::System.Buffers.ArrayPool<{Atoms.ElementTypeOf(array)}>.Shared.Return({array.AdjointBufferName});");
        }
    }

    private static IEnumerable<ArrayScopeStmt> Scopes(IEnumerable<Stmt> body) => body.Flattened().OfType<ArrayScopeStmt>();
}
