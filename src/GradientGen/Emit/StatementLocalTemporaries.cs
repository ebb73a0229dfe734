using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The scalar temporaries written once and read only by operations of the same user statement (directly in its
/// block, not in a branch or loop inside it). The reverse sweep declares such an adjoint where the statement's
/// reverse first adds into it, in whatever block that is, and never clears it: inside a loop each iteration gets a
/// fresh one. A temporary's adjoint declared for the whole sweep and cleared after use would instead be carried
/// around every enclosing loop, holding a register (or a stack slot) through all of them.
/// </summary>
internal static class StatementLocalTemporaries
{
    public static HashSet<int> Of(MethodModel model)
    {
        // The statement each variable is written or read in (null: elsewhere, or in more than one).
        var owner = new Dictionary<int, SourceStmt?>();
        var writes = new Dictionary<int, int>();
        Visit(model.Body, statement: null, owner, writes);
        return new HashSet<int>(owner.Where(kv => kv.Value is not null && writes.TryGetValue(kv.Key, out int count) && count == 1
            && model.Variables[kv.Key] is { Role: VariableRole.Temporary, Shape: ValueShape.Scalar, Active: true }).Select(kv => kv.Key));
    }

    /// <param name="statement">The user statement whose block directly holds <paramref name="body"/>, if any.</param>
    private static void Visit(IEnumerable<Stmt> body, SourceStmt? statement, Dictionary<int, SourceStmt?> owner, Dictionary<int, int> writes)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    Visit(source.Body, source, owner, writes);
                    continue;
                case IfStmt branch:
                    Use(branch.Condition, null, owner);
                    Visit(branch.Then, null, owner, writes);
                    Visit(branch.Else, null, owner, writes);
                    continue;
                case LoopStmt loop:
                    Visit(loop.Body, null, owner, writes);
                    continue;
            }

            foreach (int v in s.WrittenVariables())
            {
                writes[v] = writes.TryGetValue(v, out int count) ? count + 1 : 1;
                Use(v, statement, owner);
            }

            foreach (int v in s.ReadVariables())
            {
                Use(v, statement, owner);
            }
        }
    }

    private static void Use(int variable, SourceStmt? statement, Dictionary<int, SourceStmt?> owner)
    {
        if (!owner.TryGetValue(variable, out SourceStmt? seen))
        {
            owner[variable] = statement;
        }
        else if (!ReferenceEquals(seen, statement))
        {
            owner[variable] = null;
        }
    }
}
