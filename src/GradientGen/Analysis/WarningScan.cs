using System.Collections.Generic;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The warnings (GG1xxx): code that GradientGen differentiates correctly, but whose derivative is probably
/// not what the user meant — a constant read from a field, a [NoDerivative] that does nothing, a gradient
/// that is zero everywhere, a derivative cut by rounding.
/// </summary>
internal static class WarningScan
{
    public static void Scan(MethodScope scope, IBlockOperation body, HashSet<ISymbol> varied, List<Issue> warnings)
    {
        NoDerivativeWithoutEffect(scope, warnings);
        GradientsAlwaysZero(scope, body, warnings);
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            if (IsFloatingMemberRead(op, out ISymbol? member) && !IsConstantByDeclaration(member!) && !IsOfConstantParameter(op))
            {
                warnings.Add(scope.IssueAt(Descriptors.FieldReadAsConstantId, op.Syntax.Span, scope.Renderer.RenderOneLine(op.Syntax)));
            }

            if (CutOperand(op) is { } operand && ActivityAnalysis.DifferentiableReads(operand).Overlaps(varied) && ReentersFloatingPoint(op))
            {
                warnings.Add(scope.IssueAt(Descriptors.DerivativeCutId, op.Syntax.Span, scope.Renderer.RenderOneLine(op.Syntax)));
            }
        }
    }

    /// <summary>[NoDerivative] on a parameter that could never carry a derivative anyway.</summary>
    private static void NoDerivativeWithoutEffect(MethodScope scope, List<Issue> warnings)
    {
        foreach (IParameterSymbol parameter in scope.Method.Parameters)
        {
            if (SymbolFacts.ShapeOf(parameter.Type) != ValueShape.None || FloatingCarriers.CanCarry(parameter.Type))
            {
                continue;
            }

            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is { } type && SymbolFacts.FullName(type) == AttributeSources.NoDerivativeMetadataName
                    && attribute.ApplicationSyntaxReference is { } reference && reference.SyntaxTree == scope.MethodSyntax.SyntaxTree)
                {
                    warnings.Add(scope.IssueAt(Descriptors.NoDerivativeWithoutEffectId, reference.Span, parameter.Name, $"its type '{parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' never carries a derivative"));
                }
            }
        }
    }

    /// <summary>An active parameter that never reaches the result along a path with a derivative.</summary>
    private static void GradientsAlwaysZero(MethodScope scope, IBlockOperation body, List<Issue> warnings)
    {
        foreach (IParameterSymbol parameter in scope.Method.Parameters)
        {
            if (!SymbolFacts.IsActiveParameter(parameter) || scope.IsActive(parameter)
                || parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ParameterSyntax syntax)
            {
                continue;
            }

            bool read = body.DescendantsAndSelf().Any(op => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(op), parameter));
            string why = read
                ? "it reaches the result only through comparisons, integers or piecewise-constant functions, or not at all"
                : "it is never read";
            warnings.Add(scope.IssueAt(Descriptors.GradientAlwaysZeroId, syntax.Identifier.Span, parameter.Name, why));
        }
    }

    private static bool IsFloatingMemberRead(IOperation op, out ISymbol? member)
    {
        member = op switch
        {
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } p => p.Property,
            _ => null,
        };
        // A member of a struct value that carries derivatives ((a + b).Z, F(x).dX) is that value's: no field is read.
        return member is not null && SymbolFacts.KindOf(op.Type) != ScalarKind.None && !IsWriteTarget(op)
            && InstanceMembers.Of(op) is null && ActivityAnalysis.StructMemberOf(op) is null
            && !(op is IMemberReferenceOperation { Instance: { } instance } && StructShapes.IsStruct(instance.Type));
    }

    /// <summary>const, static readonly, or marked [NoDerivative]: meant as a constant, so no warning.</summary>
    private static bool IsConstantByDeclaration(ISymbol member) =>
        member is IFieldSymbol { IsConst: true } or IFieldSymbol { IsStatic: true, IsReadOnly: true }
        || SymbolFacts.HasAttribute(member, AttributeSources.NoDerivativeMetadataName)
        || member.DeclaringSyntaxReferences.IsEmpty && member.ContainingAssembly is { } assembly && IsLibrary(assembly.Name);

    // The .NET libraries: System.Runtime, System.Runtime.Numerics (Complex), System.Numerics.Vectors, ...
    private static bool IsLibrary(string assembly) =>
        assembly is "System" or "mscorlib" or "netstandard" || assembly.StartsWith("System.", System.StringComparison.Ordinal);

    /// <summary>A member of a [NoDerivative] parameter (<c>v.X</c>, <c>p.Inner.A</c>): the user already said it is a constant.</summary>
    private static bool IsOfConstantParameter(IOperation op)
    {
        IOperation? instance = op;
        while (instance is IMemberReferenceOperation member)
        {
            instance = member.Instance;
        }

        return instance is IParameterReferenceOperation { Parameter: var parameter } && SymbolFacts.HasAttribute(parameter, AttributeSources.NoDerivativeMetadataName);
    }

    private static bool IsWriteTarget(IOperation op) => op.Parent switch
    {
        ISimpleAssignmentOperation a => a.Target == op,
        ICompoundAssignmentOperation c => c.Target == op,
        IIncrementOrDecrementOperation => true,
        _ => false,
    };

    /// <summary>The operand of a conversion of a floating-point value to an integer, or of Floor/Ceiling/Round/Truncate/Sign.</summary>
    private static IOperation? CutOperand(IOperation op) => op switch
    {
        IConversionOperation { Operand: var operand, Type: { } to } when SymbolFacts.KindOf(operand.Type) != ScalarKind.None && to.SpecialType is >= SpecialType.System_Char and <= SpecialType.System_UInt64 => operand,
        IInvocationOperation { Arguments: [var argument, ..] } call when DerivativeRules.IsPiecewiseConstant(call.TargetMethod) && SymbolFacts.KindOf(argument.Value.Type) != ScalarKind.None => argument.Value,
        _ => null,
    };

    /// <summary>
    /// Whether the cut value flows on into floating-point arithmetic, where a derivative was expected; an
    /// integer that ends up as an index, a count or a condition is what rounding is for.
    /// </summary>
    private static bool ReentersFloatingPoint(IOperation cut)
    {
        IOperation outer = cut;
        while (outer.Parent is IConversionOperation or IBinaryOperation { Type.SpecialType: not SpecialType.System_Boolean } or IUnaryOperation or IParenthesizedOperation
            || outer.Parent is IArgumentOperation { Parent: IInvocationOperation call } && DerivativeRules.Find(call.TargetMethod) is not null)
        {
            outer = outer.Parent is IArgumentOperation argument ? argument.Parent! : outer.Parent;
        }

        return SymbolFacts.KindOf(outer.Type) != ScalarKind.None;
    }
}
