using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// The shadow objects a call's backward takes (<c>MethodLowering.ObjectCalls</c>): the caller's own, of the object
/// the call runs on or is given: <c>dThis</c> for this, <c>dLayer</c> for the object parameter <c>layer</c>.
/// </summary>
internal static class ShadowedCall
{
    /// <summary>The shadow of the receiver: this (an unqualified call, or <c>this.</c>) or an object parameter.</summary>
    public static string ShadowOfReceiver(MethodModel model, string? receiver) =>
        receiver is null or "this" ? model.ShadowName! : model.Parameters.First(p => p.IsObject && p.Name == receiver).AdjointName!;

    /// <summary>
    /// The shadow of an object argument: an object parameter's, or this method's own for <c>this</c> (the lowering
    /// allows nothing else, and copies <c>this</c> into a temporary like any inactive argument).
    /// </summary>
    public static string ShadowOf(MethodModel model, Atom argument) =>
        (argument is VariableAtom { VariableId: int id } ? model.Parameters.FirstOrDefault(p => p.IsObject && p.VariableId == id)?.AdjointName : null) ?? model.ShadowName!;
}
