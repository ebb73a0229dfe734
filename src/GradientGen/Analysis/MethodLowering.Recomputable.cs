using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Inactive operands the reverse sweep can evaluate again instead of keeping: built only from constants,
/// the indices of the enclosing counted loops (the reverse loops set them back), parameters the method never
/// writes, locals it writes only where it declares them at the top of its body, and elements of parameter
/// arrays it only reads. Such an operand stays inline in the generated code
/// (<c>x[(s * 784) + i]</c>), where a temporary would be pushed on every iteration of a loop.
/// </summary>
internal sealed partial class MethodLowering
{
    // Variable ids of the counted loops around the statement being lowered, and of the locals their reverse
    // iterations set again (LoopCounter.Locals).
    private readonly HashSet<int> _counters = new();

    private HashSet<ISymbol>? _readOnlyParameters;
    private HashSet<ISymbol>? _writtenOnce;

    private bool IsRecomputable(IOperation op) => op switch
    {
        _ when HoistedValue(op) is not null => false, // Its value was taken earlier: evaluating it again could differ.
        ILiteralOperation => true,
        IFieldReferenceOperation { Field.IsConst: true } => true,
        ILocalReferenceOperation { Local.IsConst: true } => true,
        ILocalReferenceOperation local when _scope.TryGetVariable(local.Local, out int id) && _counters.Contains(id) => true,
        ILocalReferenceOperation local => WrittenOnce().Contains(local.Local) && (local.Local.Type.SpecialType != SpecialType.None || GenericMath.IsFloatingTypeParameter(local.Local.Type)),
        IParameterReferenceOperation parameter => ReadOnlyParameters().Contains(parameter.Parameter) && (parameter.Parameter.Type.SpecialType != SpecialType.None || GenericMath.IsFloatingTypeParameter(parameter.Parameter.Type)),
        IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array } element =>
            ReadOnlyParameters().Contains(array.Parameter) && element.Indices.All(IsRecomputable),

        // An array's or span's length never changes: only reassigning the variable could change what it means.
        IPropertyReferenceOperation { Property.Name: "Length", Instance: { Type: IArrayTypeSymbol } array } =>
            array is IParameterReferenceOperation parameter && SymbolFacts.IsPassedByValue(parameter.Parameter) ? !WritesVariable(_body, parameter.Parameter)
            : array is ILocalReferenceOperation local && WrittenOnce().Contains(local.Local),
        IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Type: INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } span } =>
            SymbolFacts.IsPassedByValue(span.Parameter) && !WritesVariable(_body, span.Parameter),
        IParenthesizedOperation or IConversionOperation { OperatorMethod: null } or IBinaryOperation { OperatorMethod: null } or IUnaryOperation { OperatorMethod: null } =>
            op.ChildOperations.All(IsRecomputable),
        IBinaryOperation or IUnaryOperation when GenericMath.IsFloatingArithmetic(op) => op.ChildOperations.All(IsRecomputable),
        IPropertyReferenceOperation or IInvocationOperation when GenericMath.IsConstant(op) => true, // T.One, T.CreateChecked(0.5)
        _ => false,
    };

    /// <summary>
    /// An active value the reverse sweep can evaluate again, bit for bit: arithmetic on elements of parameter
    /// arrays the method only reads, parameters it never writes, locals the reverse iteration sets again, and
    /// recomputable inactive values.
    /// </summary>
    private bool IsReplayable(IOperation op) => op switch
    {
        _ when HoistedValue(op) is not null => false,
        _ when !_scope.IsActiveExpression(op) => IsRecomputable(op),
        ILocalReferenceOperation local => _scope.TryGetVariable(local.Local, out int id) && _counters.Contains(id),
        IParameterReferenceOperation parameter => ReadOnlyParameters().Contains(parameter.Parameter),
        IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array } element =>
            ReadOnlyParameters().Contains(array.Parameter) && element.Indices.All(IsRecomputable),
        IParenthesizedOperation or IConversionOperation { OperatorMethod: null } or IBinaryOperation { OperatorMethod: null } or IUnaryOperation { OperatorMethod: null } =>
            op.ChildOperations.All(IsReplayable),
        IBinaryOperation or IUnaryOperation when GenericMath.IsFloatingArithmetic(op) => op.ChildOperations.All(IsReplayable),
        _ => false,
    };

    /// <summary>
    /// Parameters passed by value (and members of this that carry derivatives) that the body never assigns; an
    /// array only where every use reads an element or its length (passed on, aliased or written, it could change
    /// before the reverse sweep).
    /// </summary>
    private HashSet<ISymbol> ReadOnlyParameters()
    {
        if (_readOnlyParameters is not null)
        {
            return _readOnlyParameters;
        }

        var result = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IParameterSymbol p in _scope.Method.Parameters)
        {
            // A ReadOnlySpan's elements can't be written through it: only reassigning the parameter changes what it reads.
            if (SymbolFacts.IsPassedByValue(p) && (p.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double || GenericMath.IsFloatingTypeParameter(p.Type) || p.Type is IArrayTypeSymbol
                || p.Type is INamedTypeSymbol { Name: "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } || StructShapes.IsStruct(p.Type)))
            {
                result.Add(p);
            }
        }

        // The members of this that carry derivatives are inputs too (never written: MethodLowering.Members).
        if (InstanceMembers.HasShadow(_scope.Method))
        {
            result.UnionWith(InstanceMembers.Of(_scope.Method.ContainingType));
        }

        result.UnionWith(_scope.Method.Parameters.Where(ObjectParameters.IsObjectParameter).SelectMany(ObjectParameters.MembersOf));

        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            ISymbol? symbol = op is IParameterReferenceOperation reference ? reference.Parameter : InstanceMembers.Of(op);
            if (symbol is null || !result.Contains(symbol))
            {
                continue;
            }

            bool read = op.Type is IArrayTypeSymbol
                ? op.Parent is IArrayElementReferenceOperation element && element.ArrayReference == op && !IsChangedThrough(element)
                    || op.Parent is IPropertyReferenceOperation { Property.Name: "Length" }
                    || op.Parent is IInvocationOperation { TargetMethod.Name: "GetLength" } getLength && getLength.Instance == op
                    || IsSlicedArray(op)
                : !IsChangedThrough(op);
            if (!read)
            {
                result.Remove(symbol);
            }
        }

        return _readOnlyParameters = result;
    }

    /// <summary>
    /// Whether a value (a variable, an element) may change through this use of it: assigned or passed by
    /// <c>ref</c>, itself or through its members, or a struct running a method or a getter on itself that isn't
    /// <c>readonly</c> (<c>p.Bump()</c>, copied as it is, writes <c>p.X</c> where the IR doesn't show it). A struct's
    /// own member inlined here (<see cref="StructMembers"/>) only computes.
    /// </summary>
    private static bool IsChangedThrough(IOperation op)
    {
        for (IOperation current = op; current.Parent is { } parent; current = parent)
        {
            bool mutable = current.Type is { IsValueType: true, IsReadOnly: false };
            switch (parent)
            {
                case IFieldReferenceOperation field when field.Instance == current:
                    continue;
                case IPropertyReferenceOperation property when property.Instance == current:
                    if (mutable && property.Property.GetMethod is { IsReadOnly: false } && StructMembers.Find(property) is not { Refusal: null })
                    {
                        return true;
                    }

                    continue;
                case IInvocationOperation call when call.Instance == current:
                    return mutable && !call.TargetMethod.IsReadOnly && StructMembers.Find(call) is not { Refusal: null };
                case IMemberReferenceOperation member when member.Instance == current:
                    return true;
                default:
                    return TargetOf(parent) == current || parent is IArgumentOperation { Parameter.RefKind: not RefKind.None };
            }
        }

        return false;
    }

    /// <summary>
    /// A struct parameter the method only reads, or a struct's own <c>this</c> when nothing changes it: its
    /// members are read again, not saved.
    /// </summary>
    private bool IsReadOnlyStruct(int variable) =>
        _scope.Variables[variable] is { Role: VariableRole.Parameter, Shape: ValueShape.Struct } v
        && (v.Name == "this"
            ? !_body.DescendantsAndSelf().Any(o => o is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } && IsChangedThrough(o))
            : _scope.Method.Parameters.Any(p => ReadOnlyParameters().Contains(p) && _scope.VariableOf(p) == variable));

    /// <summary>
    /// Numeric and array locals declared with an initializer by a statement at the top of the body (run once,
    /// outside every branch and loop) and never assigned again: they hold that value (that array) for the rest
    /// of the call, the reverse sweep included.
    /// </summary>
    private HashSet<ISymbol> WrittenOnce() =>
        _writtenOnce ??= new HashSet<ISymbol>(
            DeclaredOnce(_body).Select(d => d.Local).Where(l => l.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double || GenericMath.IsFloatingTypeParameter(l.Type) || l.Type is IArrayTypeSymbol),
            SymbolEqualityComparer.Default);

    /// <summary>
    /// The locals that statements of <paramref name="block"/> itself (not of its branches or loops) declare with
    /// an initializer, that are not ref locals and that the method never assigns again, with their initializers.
    /// </summary>
    private IEnumerable<(ILocalSymbol Local, IOperation Value)> DeclaredOnce(IOperation block) =>
        from statement in Flatten(block).OfType<IVariableDeclarationGroupOperation>()
        from declaration in statement.Declarations
        from declarator in declaration.Declarators
        let value = (declarator.Initializer ?? declaration.Initializer)?.Value
        where value is not null && !declarator.Symbol.IsRef && !WritesVariable(_body, declarator.Symbol)
        select (declarator.Symbol, value!);

    /// <summary>
    /// An element the reverse sweep can read again: of a parameter array the method only reads, at indices it
    /// evaluates again or holds again. An index in a user's int variable (<c>icf[li]</c>) is one the reverse
    /// of the read uses itself (to add into the array's adjoint), so every later write of it is undone by the
    /// time the reverse sweep gets there.
    /// </summary>
    private bool IsRereadable(IOperation array, EquatableArray<Atom> indices) =>
        (array is IParameterReferenceOperation || InstanceMembers.Of(array) is not null)
        && ReadOnlyParameters().Contains(ActivityAnalysis.VariableOf(array)!)
        && indices.All(i => i is ConstantAtom || (i is VariableAtom { VariableId: int id } && (_counters.Contains(id) || _scope.Variables[id].Role is VariableRole.Local or VariableRole.Parameter)));
}
