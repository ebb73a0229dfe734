using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Whether forward mode (<c>…Tangent</c>) can be emitted for a method whose backward can: the same IR, walked
/// once. What it can't follow is a call whose derivative exists only as a backward (a [DerivativeOf] rule, a
/// compiled backward without a tangent, a partner in mutual recursion whose tangent isn't known yet). Pure over
/// the model, so the generator (emit or not) and the analyzer (GG0016) agree.
/// </summary>
/// <remarks>
/// It also accepts only the statements, expressions, shapes and results that <see cref="TangentStatements"/>
/// knows how to carry a tangent through, so that a construct the backward learns later gets a refusal here
/// (until forward mode learns it too), never a tangent that silently leaves a derivative out.
/// </remarks>
internal static class TangentSupport
{
    /// <summary>Why no tangent is emitted for <paramref name="model"/>, or null when it is.</summary>
    public static string? Refusal(MethodModel model)
    {
        if (model.TangentName is null)
        {
            return $"the type already has a member named '{model.Name}Tangent'; rename that member to get one";
        }

        if (model.ReturnShape is not (ValueShape.Scalar or ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged or ValueShape.Struct) && !WritesOutputsOnly(model))
        {
            return $"forward mode doesn't return a '{model.ReturnTypeName}' yet; use '{model.BackwardName}'";
        }

        if (model.ReturnShape is ValueShape.Vector or ValueShape.Matrix or ValueShape.Jagged && model.ResultArray is null)
        {
            return "it returns an array that is not a local array it fills; return a new local array";
        }

        if (Unfollowed(model) is { } name)
        {
            return $"forward mode doesn't follow the derivative of '{name}' yet; use '{model.BackwardName}'";
        }

        List<Stmt> statements = model.Body.Flattened().ToList();
        var parameterIds = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        var writable = new HashSet<int>(model.Parameters.Where(p => p.Written).Select(p => p.VariableId).Concat(ObjectMembers(model)));
        if (statements.FirstOrDefault(s => s is not (SourceStmt or IfStmt or LoopStmt or AssignStmt or ElementAssignStmt or DeclareStmt or VerbatimStmt or ArrayScopeStmt or RowAllocStmt or WritingCallStmt)
            || s is AssignStmt { Value: not (CopyExpr or UnaryExpr or BinaryExpr or ConvertExpr or MathCallExpr or DiffCallExpr or ElementExpr or VerbatimExpr) }
            || (s is SourceStmt source && source.Body.Any(w => w is AssignStmt written && model.Variables[written.Target].Role == VariableRole.Parameter && !parameterIds.Contains(written.Target) && !writable.Contains(written.Target)))
            || (s is ElementAssignStmt store && model.Variables[store.Array].Role == VariableRole.Parameter && !writable.Contains(store.Array))) is { } unknown)
        {
            return $"forward mode doesn't follow '{(unknown is SourceStmt source ? source.SourceText : unknown.GetType().Name)}' yet; use '{model.BackwardName}'";
        }

        return statements.Select(StatementWalk.CallOf).OfType<DiffCallExpr>().FirstOrDefault(c => c.Callee.TangentName is null) is { } call
            ? $"it calls '{call.Callee.Name}', whose derivative has no forward mode (a [DerivativeOf] backward, a backward compiled without '{call.Callee.Name}Tangent', or a method in a cycle of mutually recursive calls); use '{model.BackwardName}' (one reverse sweep per output), or make '{call.Callee.Name}' a [Differentiable] method GradientGen sees"
            : null;
    }

    /// <summary>
    /// A <c>void</c> method whose outputs are the spans and members it writes (their tangents, in the tangent spans and
    /// objects, go both ways).
    /// </summary>
    public static bool WritesOutputsOnly(MethodModel model) => model.ReturnsVoid && (model.Parameters.Any(p => p.Written) || WrittenMembers(model).Count > 0);

    /// <summary>The members of this (a class's) and of object parameters: their tangents are the same members of a tangent object.</summary>
    public static IEnumerable<int> ObjectMembers(MethodModel model)
    {
        List<string> shadows = model.Parameters.Where(p => p.IsObject && p.AdjointName is not null).Select(p => p.AdjointName! + ".").ToList();
        if (model.ShadowName is { } shadowOfThis)
        {
            shadows.Add(shadowOfThis + ".");
        }

        return model.Variables.Where(v => v.AdjointName is { } adjoint && shadows.Any(s => adjoint.StartsWith(s, System.StringComparison.Ordinal))).Select(v => v.Id);
    }

    /// <summary>The members of tangent objects the method writes (a float member assigned, or elements of a member array).</summary>
    public static HashSet<int> WrittenMembers(MethodModel model)
    {
        var members = new HashSet<int>(ObjectMembers(model));
        members.IntersectWith(model.Body.Flattened().SelectMany(s => s switch
        {
            AssignStmt assign => [assign.Target],
            ElementAssignStmt store => [store.Array],
            WritingCallStmt call => call.Written.Concat(call.Arrays),
            _ => Enumerable.Empty<int>(),
        }));
        return members;
    }

    /// <summary>
    /// An active variable whose tangent <see cref="TangentStatements"/> can't give: it must be a parameter (an object
    /// parameter's is a tangent object), a member of <c>this</c> or of an object parameter (its tangent is the same
    /// member of the tangent object, jagged arrays and arrays of structs included), a scalar or struct local, a local
    /// array allocated at the top level of the method or per run of a block, or a local jagged array.
    /// </summary>
    private static string? Unfollowed(MethodModel model)
    {
        var allocated = new HashSet<int>(model.Body.OfType<SourceStmt>().SelectMany(s => s.Body).OfType<AssignStmt>()
            .Where(a => a.Declares && a.Value is VerbatimExpr or DiffCallExpr).Select(a => a.Target));
        allocated.UnionWith(BlockArrayAdjoints.Of(model)); // Arrays allocated per run of a loop or branch: their tangents too.
        allocated.UnionWith(model.Variables.Where(v => v.AdjointIndexName is not null).Select(v => v.Id)); // Array locals naming arrays: their tangents' names.
        // Local jagged arrays, allocated once outside loops (in a branch too): their tangents where they are.
        allocated.UnionWith(model.Body.Flattened().OfType<AssignStmt>().Where(a => a.Declares && a.Value is VerbatimExpr && model.Variables[a.Target].Shape == ValueShape.Jagged).Select(a => a.Target));
        var parameters = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        var objects = new HashSet<int>(model.Parameters.Where(p => p.IsObject).Select(p => p.VariableId));
        var members = new HashSet<int>(ObjectMembers(model));
        foreach (Variable v in model.Variables.Where(v => v.Active))
        {
            bool member = members.Contains(v.Id);
            bool known = v.Shape switch
            {
                ValueShape.Scalar or ValueShape.Struct => true,
                _ when objects.Contains(v.Id) => true, // Its tangent is an object of its class.
                ValueShape.Vector or ValueShape.Matrix => member || parameters.Contains(v.Id) || (v.Role != VariableRole.Parameter && (allocated.Contains(v.Id) || v.View is not null)),
                ValueShape.Jagged => member || parameters.Contains(v.Id) || (v.Role != VariableRole.Parameter && allocated.Contains(v.Id)),
                ValueShape.StructArray => member || parameters.Contains(v.Id) || (v.Role != VariableRole.Parameter && allocated.Contains(v.Id)),
                _ => false,
            };
            bool structThis = v.Id == model.StructThis?.Id;
            if (!known || (v.Role == VariableRole.Parameter && !member && !structThis && !parameters.Contains(v.Id)) || Analysis.FloatLists.IsList(v.TypeName))
            {
                return v.Name;
            }
        }

        return null;
    }
}
