namespace GradientGen.Model;

/// <summary>How to call a differentiable callee and its <c>…Backward</c> from the generated code.</summary>
/// <param name="Receiver">Text before the dot (<c>global::N.T</c>, <c>this</c>, a variable name), or null for an unqualified call.</param>
/// <param name="BackwardReceiver">
/// Text before the dot for the backward when it lives elsewhere (a [DerivativeOf] rule): null for the same
/// as <paramref name="Receiver"/>, empty for an unqualified call.
/// </param>
/// <param name="Name">The callee's name.</param>
/// <param name="BackwardName">Its backward's name.</param>
/// <param name="ActiveParameters">For each callee parameter: whether its backward takes an adjoint for it.</param>
/// <param name="ParameterKinds">For each callee parameter: its floating-point kind (its elements' for arrays).</param>
/// <param name="ParameterShapes">For each callee parameter: scalar, vector or matrix (how its adjoint is passed).</param>
/// <param name="TangentName">Its forward-mode derivative's name (<c>…Tangent</c>), or null when it has none (a [DerivativeOf] rule, a partner in recursion).</param>
/// <param name="TakesShadow">An instance method whose backward takes the shadow of the object it runs on, right after dResult (<c>InstanceMembers</c>).</param>
/// <param name="ObjectParameters">For each callee parameter: an object whose shadow its backward takes among the adjoints (<c>ObjectParameters</c>); default when none.</param>
/// <param name="SplitForwardName">Its split forward sweep's name (<see cref="SplitSweeps"/>), null when it has none.</param>
/// <param name="SplitReverseName">Its split reverse sweep's name, null when it has none.</param>
internal sealed record Callee(
    string? Receiver,
    string? BackwardReceiver,
    string Name,
    string BackwardName,
    EquatableArray<bool> ActiveParameters,
    EquatableArray<ScalarKind> ParameterKinds,
    EquatableArray<ValueShape> ParameterShapes,
    string? TangentName = null,
    bool TakesShadow = false,
    EquatableArray<bool> ObjectParameters = default,
    string? SplitForwardName = null,
    string? SplitReverseName = null);
