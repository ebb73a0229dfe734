using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Local lists the method builds with <c>Add</c> (<see cref="ListAddStmt"/>): before the reverse sweep, each one's
/// counter starts at the list's final count; each <c>Add</c> undone counts it down to the index it added at.
/// </summary>
internal static class BuiltLists
{
    public static void DeclareCounters(CodeWriter w, MethodModel model)
    {
        foreach (ListAddStmt add in Adds(model.Body).GroupBy(a => a.Counter).Select(g => g.First()).OrderBy(a => a.Counter))
        {
            w.Line($"int {model.Variables[add.Counter].Name} = {model.Variables[add.List].Name}.Count;");
        }
    }

    private static IEnumerable<ListAddStmt> Adds(IEnumerable<Stmt> body) => body.Flattened().OfType<ListAddStmt>();
}
