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
    public static string ShadowOfReceiver(MethodModel model, string? receiver) => ShadowOf(model, Receiver(model, receiver));

    /// <summary>
    /// The shadow of an object argument: an object parameter's, or this method's own for <c>this</c> (the lowering
    /// allows nothing else, and copies <c>this</c> into a temporary like any inactive argument).
    /// </summary>
    public static string ShadowOf(MethodModel model, Atom argument) => ShadowOf(model, ObjectOf(model, argument));

    /// <summary>The object parameter a call runs on; null for this. Forward mode passes that object's tangent object on.</summary>
    public static ParameterModel? Receiver(MethodModel model, string? receiver) =>
        receiver is null or "this" ? null : model.Parameters.First(p => p.IsObject && p.Name == receiver);

    /// <summary>The object parameter an argument is; null for this.</summary>
    public static ParameterModel? ObjectOf(MethodModel model, Atom argument) =>
        argument is VariableAtom { VariableId: int id } ? model.Parameters.FirstOrDefault(p => p.IsObject && p.VariableId == id) : null;

    private static string ShadowOf(MethodModel model, ParameterModel? owner) => owner?.AdjointName ?? model.ShadowName!;
}
