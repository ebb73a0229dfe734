namespace GradientGen.Emit;

/// <summary>
/// One term of the chain rule: <c>adjoint(operand) += Term</c> (or <c>-=</c> when <paramref name="Negate"/>).
/// </summary>
/// <param name="Operand">Index of the operand (argument) that receives the term.</param>
internal readonly record struct Contribution(int Operand, string Term, bool Negate = false);
