using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The adjoints of span slices of parameters (<see cref="SliceView"/>): each is the same slice of the parameter's
/// adjoint, so the reverse sweep's additions into it are additions into the parameter's. A slice taken once is
/// given its adjoint before the reverse sweep; one taken per loop iteration gets it from each reverse iteration,
/// with the slice itself (<see cref="LoopCounter.Locals"/>).
/// </summary>
internal static class SliceAdjoints
{
    /// <summary>Declares the slices' adjoints at the top of the reverse sweep; returns their variables.</summary>
    public static IEnumerable<int> Declare(CodeWriter w, MethodModel model)
    {
        var declared = new List<int>();
        foreach (Variable v in model.Variables.Where(v => v.Active && v.View is not null))
        {
            string adjointType = Analysis.SymbolFacts.AdjointTypeFor(ValueShape.Vector, v.Kind);
            w.Line(v.View!.PerIteration || IsTakenAtTheCall(model, v) ? $"{adjointType} {v.AdjointName} = default;" : $"{adjointType} {v.AdjointName} = {SliceOf(model, v)};");
            declared.Add(v.Id);
        }

        return declared;
    }

    /// <summary>
    /// A row of a local jagged array passed to a call at the top level: its adjoint is taken right before the call's
    /// backward, when the reverse sweep has given the rows replaced after the call their old arrays and adjoints back.
    /// </summary>
    public static bool IsTakenAtTheCall(MethodModel model, Variable v) =>
        v.View is { PerIteration: false, Row: true } view && model.Variables[view.Parent].Role != VariableRole.Parameter;

    /// <summary>The statement that sets a per-iteration slice's adjoint, after the slice itself is set again.</summary>
    public static string Reslice(MethodModel model, Variable view) => $"{view.AdjointName} = {SliceOf(model, view)};";

    /// <summary>The view's slice of its parent's adjoint (a <c>Span&lt;T&gt;</c>).</summary>
    private static string SliceOf(MethodModel model, Variable view) => Of(view, model.Variables[view.View!.Parent].AdjointName!);

    /// <summary>The view's slice of its parent's tangent, for forward mode.</summary>
    public static string TangentOf(Variable view, string parentTangent) => Of(view, parentTangent);

    // A row's is the same row of the parent's (a T[] of the jagged adjoint, converted to a span).
    private static string Of(Variable view, string parent) =>
        view.View!.Row ? $"{parent}[{view.View.Start}]" : $"{parent}.Slice({view.View.Start}, {view.Name}.Length)";
}
