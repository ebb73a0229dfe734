namespace GradientGen.Model;

/// <summary>An operand of a three-address operation: a variable or a constant.</summary>
internal abstract record Atom;

internal sealed record VariableAtom(int VariableId) : Atom;

/// <summary>
/// A constant, as C# text typed for its use (e.g. <c>2.0</c>, <c>2f</c>, <c>global::System.Math.PI</c>), or an
/// inactive expression the reverse sweep can evaluate again (e.g. <c>x[(s * Inputs) + i]</c>, see
/// <c>MethodLowering.IsRecomputable</c>).
/// </summary>
/// <param name="NumericValue">Its value when it is a numeric literal (lets rules such as Pow fold constants); otherwise null.</param>
internal sealed record ConstantAtom(string Text, double? NumericValue) : Atom;
