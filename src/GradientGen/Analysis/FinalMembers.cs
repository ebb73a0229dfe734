using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// The float members the reverse sweep gives their old values back (a write that saves them, <see cref="SaveAnalysis"/>):
/// the backward would otherwise end with the member as it was on entry, where the method leaves it written.
/// </summary>
internal static class FinalMembers
{
    public static EquatableArray<FinalMember> Of(MethodScope scope, IEnumerable<Stmt> ir)
    {
        var restored = new SortedSet<int>();
        Collect(ir, restored);
        return restored
            .Where(scope.IsMember)
            .Select(id => new FinalMember(id, scope.Names.Allocate(LocalNameOf(scope.Variables[id].Name) + "Final")))
            .ToEquatableArray();
    }

    /// <summary><c>this.State</c> → <c>State</c>, <c>layer.Bias</c> → <c>layerBias</c>.</summary>
    private static string LocalNameOf(string name) =>
        (name.StartsWith("this.", System.StringComparison.Ordinal) ? name.Substring("this.".Length) : name).Replace("@", string.Empty).Replace(".", string.Empty);

    private static void Collect(IEnumerable<Stmt> body, SortedSet<int> restored)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    Collect(source.Body, restored);
                    break;
                case IfStmt branch:
                    Collect(branch.Then, restored);
                    Collect(branch.Else, restored);
                    break;
                case LoopStmt loop:
                    Collect(loop.Body, restored);
                    break;
                case AssignStmt { Save: not null } assign:
                    restored.Add(assign.Target);
                    break;
                case VerbatimStmt verbatim:
                    restored.UnionWith(verbatim.Saves.Select(saved => saved.Variable));
                    break;
                case WritingCallStmt call:
                    restored.UnionWith(call.Written.Concat(call.Arrays));
                    break;
            }
        }
    }
}
