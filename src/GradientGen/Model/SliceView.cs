namespace GradientGen.Model;

/// <summary>
/// A span local that is a slice of an active parameter's memory (<c>x[1..]</c>, <c>x.Slice(a, n)</c>,
/// <c>x.AsSpan(a, n)</c>), or a row of a jagged parameter (<c>double[] row = w[i]</c>): a view, not a copy of its own. Its elements are the parent's from <paramref name="Start"/>
/// on, so its adjoint is the same slice of the parent's adjoint (<c>dX.Slice(Start, view.Length)</c>) and its
/// tangent the same slice of the parent's tangent: derivatives added through the view land in the parent's.
/// </summary>
/// <param name="Parent">The sliced parameter (read-only in the method).</param>
/// <param name="Start">C# text of the view's first index in the parent, evaluated again by the reverse sweep where it declares the adjoint.</param>
/// <param name="PerIteration">
/// Declared in a counted loop's body, from values the reverse iteration sets again: its adjoint is declared before
/// the reverse sweep and set at the start of each reverse iteration, next to the view itself (<see cref="LoopCounter.Locals"/>).
/// </param>
/// <param name="Row">
/// A row <c>w[i]</c> of a jagged parameter rather than a slice: its adjoint is the same row of the parameter's
/// adjoint (<c>dW[i]</c>), <paramref name="Start"/> being the row's index.
/// </param>
internal sealed record SliceView(int Parent, string Start, bool PerIteration, bool Row = false);
