using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Whether forward mode (<c>…Tangent</c>) can be emitted for a method whose backward can: the same IR, walked
/// once. What it can't follow is a call whose derivative exists only as a backward (a [DerivativeOf] rule, a
/// compiled backward without a tangent, a partner in mutual recursion whose tangent isn't known yet). Pure over the
/// model, so the generator (emit or not) and the analyzer (GG0016) agree.
/// </summary>
internal static class TangentSupport
{
    /// <summary>Why no tangent is emitted for <paramref name="model"/>, or null when it is.</summary>
    public static string? Refusal(MethodModel model)
    {
        if (model.TangentName is null)
        {
            return $"the type already has a member named '{model.Name}Tangent'; rename that member to get one";
        }

        if (model.ReturnShape is ValueShape.Vector or ValueShape.Matrix && model.ResultArray is null)
        {
            return "it returns an array that is not a local array it fills; return a new local array";
        }

        return Calls(model.Body).FirstOrDefault(c => c.Callee.TangentName is null) is { } call
            ? $"it calls '{call.Callee.Name}', whose derivative has no forward mode (a [DerivativeOf] backward, a backward compiled without '{call.Callee.Name}Tangent', or a method in a cycle of mutually recursive calls); use '{model.BackwardName}' (one reverse sweep per output), or make '{call.Callee.Name}' a [Differentiable] method GradientGen sees"
            : null;
    }

    private static IEnumerable<DiffCallExpr> Calls(IEnumerable<Stmt> body) => body.SelectMany(s => s switch
    {
        SourceStmt source => Calls(source.Body),
        IfStmt branch => Calls(branch.Then).Concat(Calls(branch.Else)),
        LoopStmt loop => Calls(loop.Body),
        AssignStmt { Value: DiffCallExpr call } => [call],
        _ => [],
    });
}
