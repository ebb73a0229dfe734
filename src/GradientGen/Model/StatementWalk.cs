using System.Collections.Generic;
using System.Linq;

namespace GradientGen.Model;

internal static class StatementWalk
{
    /// <summary>Every statement of a body, nested ones included (after the block that holds them), in order.</summary>
    public static IEnumerable<Stmt> Flattened(this IEnumerable<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            yield return s;
            IEnumerable<Stmt> nested = s switch
            {
                SourceStmt source => source.Body.Flattened(),
                IfStmt branch => Concat(branch.Then.Flattened(), branch.Else.Flattened()),
                LoopStmt loop => loop.Body.Flattened(),
                _ => [],
            };
            foreach (Stmt n in nested)
            {
                yield return n;
            }
        }
    }

    /// <summary>The variables a statement reads as operands (an element store's indices and value included), one per read.</summary>
    public static IEnumerable<int> ReadVariables(this Stmt s)
    {
        IEnumerable<Atom> atoms = s switch
        {
            AssignStmt assign => assign.Value.Operands(),
            ElementAssignStmt store => System.Linq.Enumerable.Append(store.Indices, store.Value),
            ListAddStmt add => [add.Value],
            RowAllocStmt row => new[] { row.Index, row.Length, row.Named }.OfType<Atom>(),
            WritingCallStmt call => call.Call.Operands(),
            _ => [],
        };
        foreach (Atom atom in atoms)
        {
            if (atom is VariableAtom variable)
            {
                yield return variable.VariableId;
            }
        }
    }

    /// <summary>The [Differentiable] call a statement makes: an assignment's value, or a call writing the caller's state; else null.</summary>
    public static DiffCallExpr? CallOf(this Stmt s) => s switch
    {
        AssignStmt { Value: DiffCallExpr call } => call,
        WritingCallStmt writing => writing.Call,
        _ => null,
    };

    /// <summary>Whether the loop's body holds another loop, however deep.</summary>
    public static bool HasInnerLoops(this LoopStmt loop) => loop.Body.Flattened().Any(s => s is LoopStmt);

    /// <summary>The variables a statement may write: an assignment's target, an element store's array, a list's and its counter, …</summary>
    public static IEnumerable<int> WrittenVariables(this Stmt s) => s switch
    {
        AssignStmt a => [a.Target],
        ElementAssignStmt e => [e.Array],
        DeclareStmt d => [d.Variable],
        VerbatimStmt v => v.Writes,
        ListAddStmt add => [add.List, add.Counter],
        ArrayScopeStmt scope => [scope.Array],
        RowAllocStmt row => [row.Array],
        WritingCallStmt call => call.Written.Concat(call.Arrays).Concat(call.Result is int result ? new[] { result } : Enumerable.Empty<int>()),
        _ => [],
    };

    private static IEnumerable<Stmt> Concat(IEnumerable<Stmt> first, IEnumerable<Stmt> second)
    {
        foreach (Stmt s in first)
        {
            yield return s;
        }

        foreach (Stmt s in second)
        {
            yield return s;
        }
    }
}
