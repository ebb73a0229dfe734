using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Inactive operands the reverse sweep can evaluate again instead of keeping: built only from constants,
/// the indices of the enclosing counted loops (the reverse loops set them back), parameters the method never
/// writes, and elements of parameter arrays it only reads. Such an operand stays inline in the generated code
/// (<c>x[(s * 784) + i]</c>), where a temporary would be pushed on every iteration of a loop.
/// </summary>
internal sealed partial class MethodLowering
{
    // Variable ids of the counted loops around the statement being lowered.
    private readonly HashSet<int> _counters = new();

    private HashSet<ISymbol>? _readOnlyParameters;

    private bool IsRecomputable(IOperation op)
    {
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            switch (o)
            {
                case ILiteralOperation or IParenthesizedOperation:
                case IConversionOperation { OperatorMethod: null }:
                case IBinaryOperation { OperatorMethod: null }:
                case IUnaryOperation { OperatorMethod: null }:
                case IFieldReferenceOperation { Field.IsConst: true }:
                case ILocalReferenceOperation { Local.IsConst: true }:
                    continue;
                case ILocalReferenceOperation local when _scope.TryGetVariable(local.Local, out int id) && _counters.Contains(id):
                    continue;
                case IParameterReferenceOperation parameter when ReadOnlyParameters().Contains(parameter.Parameter):
                    continue;
                case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array } when ReadOnlyParameters().Contains(array.Parameter):
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parameters passed by value that the body never assigns; an array parameter only where every use reads
    /// an element or its length (passed on, aliased or written, it could change before the reverse sweep).
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
            if (p.RefKind == RefKind.None && (p.Type.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_Double || p.Type is IArrayTypeSymbol))
            {
                result.Add(p);
            }
        }

        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            if (op is not IParameterReferenceOperation reference || !result.Contains(reference.Parameter))
            {
                continue;
            }

            bool read = reference.Parameter.Type is IArrayTypeSymbol
                ? op.Parent is IArrayElementReferenceOperation element && element.ArrayReference == op && TargetOf(element.Parent!) != element && element.Parent is not IArgumentOperation { Parameter.RefKind: not RefKind.None }
                    || op.Parent is IPropertyReferenceOperation { Property.Name: "Length" }
                    || op.Parent is IInvocationOperation { TargetMethod.Name: "GetLength" } getLength && getLength.Instance == op
                : TargetOf(op.Parent!) != op && op.Parent is not IArgumentOperation { Parameter.RefKind: not RefKind.None };
            if (!read)
            {
                result.Remove(reference.Parameter);
            }
        }

        return _readOnlyParameters = result;
    }
}
