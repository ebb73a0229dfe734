using System.Collections.Generic;
using GradientGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The members of <c>this</c> that carry derivatives (<see cref="InstanceMembers"/>) are followed where the
/// method reads them directly. Anything else that reaches this object — a method or computed property run on
/// it, <c>this</c> passed on or stored — could read them or change them where no derivative is known, so it is
/// refused where it happens.
/// </summary>
internal sealed partial class MethodLowering
{
    // The calls refused here, which the lowering of an active call must not report a second time.
    private readonly HashSet<IOperation> _callsOnThisRefused = new();

    private void RefuseHiddenUsesOfThis(IOperation body)
    {
        bool hasShadow = InstanceMembers.HasShadow(_scope.Method);
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            // This object, or an object parameter (ObjectParameters): both are read through their members only.
            string owner;
            if (hasShadow && op is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                owner = "this object";
            }
            else if (op is IParameterReferenceOperation { Parameter: var parameter } && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _scope.Method) && ObjectParameters.IsObjectParameter(parameter))
            {
                owner = $"'{parameter.Name}'";
            }
            else
            {
                continue;
            }

            switch (op.Parent)
            {
                case IFieldReferenceOperation:
                // An auto-property reads its field, nothing else: one that carries no derivative ([NoDerivative], get-only) is a constant, as a field.
                case IPropertyReferenceOperation property when InstanceMembers.Of(property) is not null || !FloatingCarriers.CanCarry(property.Type) || InstanceMembers.IsAutoProperty(property.Property):
                    break;
                case IPropertyReferenceOperation property:
                    Report(Descriptors.CallWithoutDerivativeId, property.Syntax, property.Property.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), $"computes a value from {owner}, whose members carry derivatives", "read the fields it reads directly, or make it an auto-property");
                    break;
                case IInvocationOperation call when call.Instance == op && InstanceMembers.HasShadow(call.TargetMethod) && SymbolFacts.IsDifferentiable(call.TargetMethod):
                    // A [Differentiable] method that takes the object's shadow: its backward gets this method's (MethodLowering.ObjectCalls).
                    RefuseObjectCallEffects(call);
                    break;
                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation target } when ObjectParameters.IsObjectParameter(parameter) && SymbolFacts.IsDifferentiable(target.TargetMethod):
                    RefuseObjectCallEffects(target);
                    break;
                case IConversionOperation { IsImplicit: true, Parent: IArgumentOperation { Parameter: { } converted, Parent: IInvocationOperation convertedTarget } } when ObjectParameters.IsObjectParameter(converted) && SymbolFacts.IsDifferentiable(convertedTarget.TargetMethod):
                    RefuseObjectCallEffects(convertedTarget);
                    break;
                case IInvocationOperation call when call.Instance == op:
                    _callsOnThisRefused.Add(call);
                    Report(Descriptors.CallWithoutDerivativeId, call.Syntax, call.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), $"runs on {owner}, whose members carry derivatives", "GradientGen can't see what it reads or changes of them; make it static and pass what it needs as arguments, or mark those members [NoDerivative]");
                    break;
                default:
                    Unsupported(op.Syntax, op is IInstanceReferenceOperation ? "'this' passed on or stored while its members carry derivatives" : $"{owner} passed on, stored or assigned while its members carry derivatives", "read its fields directly in this method; GradientGen follows them only there");
                    break;
            }
        }
    }
}
