namespace GradientGen.Model;

/// <summary>A parameter of the primal method and, when active, the adjoint parameter of its backward.</summary>
/// <param name="TypeName">C# type as it appears in the signature.</param>
/// <param name="AdjointName">The <c>ref</c> adjoint parameter of the backward; null when not active (inactive type or [NoDerivative]).</param>
/// <param name="BodyAdjointName">
/// When the body assigns the parameter: the local that tracks its adjoint, added to <paramref name="AdjointName"/>
/// at the end (a [NoDerivative] parameter assigned an active value has this local and no <paramref name="AdjointName"/>).
/// </param>
/// <param name="AdjointTypeName">The adjoint parameter's type, <c>ref</c> included for a scalar.</param>
/// <param name="Modifier"><c>"in "</c> for an <c>in</c> parameter, which the generated signatures keep; otherwise empty.</param>
/// <param name="Written">A <c>Span&lt;T&gt;</c> the method writes its outputs into; its adjoint goes both ways.</param>
/// <param name="IsObject">An object whose members carry derivatives; its adjoint is a shadow object of its class (<c>ObjectParameters</c>).</param>
internal sealed record ParameterModel(int VariableId, string Name, string TypeName, ScalarKind Kind, ValueShape Shape, string? AdjointName, string AdjointTypeName, string? BodyAdjointName, string Modifier = "", bool Written = false, bool IsObject = false);

/// <summary>Everything the emitter needs for one <c>[Differentiable]</c> method. Equatable: the pipeline caches on it.</summary>
/// <remarks>
/// For a method returning a vector or matrix, <c>ResultArray</c> is the local array it returns: the reverse
/// sweep starts by adding <c>dResult</c> into that array's adjoint (a vector-Jacobian product).
/// <c>SourceDirectives</c> are the <c>#pragma warning</c>/<c>#nullable</c> lines that restore the state the
/// user's method was compiled in. <c>ShadowName</c> is <c>dThis</c>, the shadow object of an instance method whose
/// class has members that carry derivatives (see <c>InstanceMembers</c>), of type <c>ShadowTypeName</c>. A generic
/// method (generic math) has its floating type parameter's name in <c>GenericScalarName</c> (the IR writes
/// <see cref="GenericScalar.Placeholder"/> for it), and its backward and gradient repeat its
/// <c>TypeParameterList</c> (<c>&lt;T&gt;</c>) and <c>ConstraintClauses</c>. <c>TangentName</c> is its forward-mode
/// derivative's name (<c>…Tangent</c>, see <c>Emit.TangentEmitter</c>), null when the type already has a member of that name.
/// <c>SecondOrder</c> is the model of its second-order engine (<c>Analysis.SecondOrder</c>), or null and
/// <c>SecondOrderRefusal</c> says why.
/// <c>SlotBuffers</c> are the slots that loops running once per call keep their values in (<c>Analysis.LoopSlotAssignment</c>).
/// <c>FinalMembers</c> are the float members the method writes whose final values the backward gives back after its reverse sweep.
/// <c>TapeName</c> names the tape of callees run in split mode (a local of the backward, a parameter of the split
/// sweeps), null when no call can run split and the method has no split sweeps; <c>Split</c> describes its own split
/// sweeps (<c>…ForwardSweep</c>, <c>…ReverseSweep</c>), null when it has none.
/// </remarks>
internal sealed record MethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    EquatableArray<ContainingType> ContainingTypes,
    string Modifiers,
    string ReturnTypeName,
    ScalarKind ReturnKind,
    ValueShape ReturnShape,
    string ResultAdjointTypeName,
    int? ResultArray,
    EquatableArray<string> SeedIndexNames,
    string? JacobianName,
    string Name,
    string BackwardName,
    string? GradientName,
    string ResultAdjointName,
    string ResultName,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<Variable> Variables,
    EquatableArray<Stmt> Body,
    string DoubleDiscardName,
    string FloatDiscardName,
    EquatableArray<ValueStackModel> Stacks,
    EquatableArray<string> HidesInherited,
    EquatableArray<string> SourceDirectives,
    string? ShadowName = null,
    string? ShadowTypeName = null,
    string? GenericScalarName = null,
    string TypeParameterList = "",
    string ConstraintClauses = "",
    string? TangentName = null,
    SecondOrderModel? SecondOrder = null,
    string? SecondOrderRefusal = null,
    EquatableArray<FinalMember> FinalMembers = default,
    string? StructThisAdjoint = null,
    EquatableArray<SlotBufferModel> SlotBuffers = default,
    string? TapeName = null,
    SplitSweeps? Split = null)
{
    /// <summary>
    /// The modifiers of an emitted method: the primal's, plus <c>new</c> where a base type has a member of
    /// that name (an override's backward hides the overridden method's backward).
    /// </summary>
    public string ModifiersFor(string name) => System.Linq.Enumerable.Contains(HidesInherited, name) ? Modifiers + " new" : Modifiers;

    /// <summary>For an instance method of a struct that carries derivatives (<see cref="StructThisAdjoint"/>): the variable <c>this</c>; else null.</summary>
    public Variable? StructThis => StructThisAdjoint is null ? null : System.Linq.Enumerable.First(Variables, v => v is { Role: VariableRole.Parameter, Name: "this", Shape: ValueShape.Struct });

    /// <summary>A method that returns nothing and writes its outputs into <c>Span&lt;T&gt;</c> parameters: its backward takes no dResult.</summary>
    public bool ReturnsVoid => ReturnTypeName == "void";
}

/// <summary>
/// A method's second-order engine, <c>…TangentBackward</c>: the backward of its forward mode, whose directional
/// derivative (the value of <paramref name="TangentResultVariable"/> after the forward sweep) it also gives out
/// through the <c>out</c> parameter <paramref name="TangentResultName"/>; it returns the method's result as the forward
/// sweep leaves it, kept in the local <paramref name="ValueName"/>.
/// </summary>
internal sealed record SecondOrderModel(MethodModel Engine, string TangentResultName, int TangentResultVariable, string ValueName);
