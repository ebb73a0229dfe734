using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The reverse of <c>a = x</c> for an array local that names arrays (<see cref="ArrayRebinds"/>): the binding's adjoint
/// goes into the adjoint of the array it named; then the local gets its previous array back and, in place of the adjoint
/// it had, a zeroed one of that array's length from the pool (the one given back went with the binding undone).
/// </summary>
internal static class ReboundArrayAdjoints
{
    /// <param name="declaredInBlock">Declared in a branch: its adjoint, rented at the start of the block's reverse, is given back with its declaration.</param>
    public static void Undo(CodeWriter w, MethodModel model, AssignStmt rebind, bool declaredInBlock)
    {
        Variable local = model.Variables[rebind.Target];
        string adjoint = local.AdjointName!;
        if (ArrayRebinds.Named(model, rebind, v => v.Active ? v.AdjointName : null) is { } namedAdjoint)
        {
            AddInto(w, local.Name, ArrayRebinds.Named(model, rebind, v => v.Name)!, local.AdjointIndexName!, adjoint, namedAdjoint);
        }

        if (rebind.Declares && declaredInBlock)
        {
            // Declared in a block: the declaration's own adjoint goes back to the pool (a new run of the block rents another).
            if (rebind.Save is { } kept)
            {
                ReverseSweep.Restore(w, local, kept);
            }

            BlockArrayAdjoints.Return(w, local);
            return;
        }

        if (rebind.Save is { } save)
        {
            w.Line($"// ({local.Name} names its previous array again, whose adjoint starts from zeros)");
            ReverseSweep.Restore(w, local, save);
            BlockArrayAdjoints.Return(w, local);
            BlockArrayAdjoints.RentZeroed(w, local, $"{local.Name}.Length", declare: false);
        }
    }

    /// <summary>What names an array (a local, a row) gives its adjoint to that array's, element by element.</summary>
    /// <param name="index">The loop's index: a name the method doesn't use.</param>
    public static void AddInto(CodeWriter w, string naming, string named, string index, string adjoint, string namedAdjoint)
    {
        w.Line($"// ({naming} named {named}: its adjoint adds into {named}'s)");
        w.Open($"for (int {index} = 0; {index} < {adjoint}.Length; {index}++)");
        w.Line($"{namedAdjoint}[{index}] += {adjoint}[{index}];");
        w.Close();
    }
}
