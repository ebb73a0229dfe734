using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A struct's own member that a differentiated method uses on values that carry derivatives: a user-defined
/// operator (<c>a + b</c>, <c>s * v</c>), a computed property (<c>v.Length</c>) or a method (<c>a.Dot(b)</c>,
/// <c>V2.Lerp(a, b, t)</c>) of a source struct whose members are its state (<see cref="StructShapes"/>), or an
/// extension method of such a struct (<c>v.Norm()</c>). Its
/// body is one expression, inlined where it is used (MethodLowering.StructMembers): the receiver and the
/// arguments are bound to its <c>this</c> and parameters, and the expression is lowered member by member, as
/// if the user had written it out. That is the JIT's own view of such small members, and it needs no
/// attribute: a user marks the methods to differentiate, not every operator they use.
/// </summary>
/// <param name="Method">The member: the operator, the property's getter or the method.</param>
/// <param name="Body">Its body (in the struct's file): local declarations, then one return.</param>
/// <param name="Locals">The locals its body declares before the return, each with its initial value, in order.</param>
/// <param name="Returned">The expression its body returns.</param>
/// <param name="Refusal">Why its uses can't be inlined (its body does more than compute locals and return, …), or null.</param>
internal sealed record InlinedStructMember(IMethodSymbol Method, IOperation? Body, EquatableArray<(ILocalSymbol Local, IOperation Value)> Locals, IOperation? Returned, string? Refusal)
{
    /// <summary>How a message names it: <c>'V2.operator +(V2, V2)'</c>, <c>'V2.Length'</c>, <c>'V2.Dot(V2)'</c>.</summary>
    public string Display => "'" + (Method.AssociatedSymbol ?? Method).ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "'";
}

/// <summary>Finds the <see cref="InlinedStructMember"/> an operation uses, and decides whether it can be inlined.</summary>
internal static class StructMembers
{
    private sealed class Entry(InlinedStructMember? member)
    {
        public InlinedStructMember? Member { get; } = member;
    }

    // Per member symbol (symbols belong to one compilation): its body is looked through once.
    private static readonly ConditionalWeakTable<IMethodSymbol, Entry> Cache = new();

    /// <summary>
    /// The struct member <paramref name="op"/> uses — a user-defined unary, binary or compound operator, a
    /// computed property's getter, a method — when it is one of a source struct that carries derivatives and
    /// not a [Differentiable] static one (those have their backward; an instance one's takes <c>ref dThis</c>,
    /// which calls don't pass, <see cref="StructThis"/>); null for everything else.
    /// </summary>
    public static InlinedStructMember? Find(IOperation op) =>
        CandidateOf(op) is { } method && op.SemanticModel is { } model ? Cache.GetValue(method, m => new Entry(Describe(m, model.Compilation))).Member : null;

    /// <summary>The member <see cref="Find"/> describes for <paramref name="op"/>, before its body is looked at.</summary>
    private static IMethodSymbol? CandidateOf(IOperation op)
    {
        IMethodSymbol? method = op switch
        {
            IBinaryOperation { OperatorMethod: { } m } => m,
            IUnaryOperation { OperatorMethod: { } m } => m,
            ICompoundAssignmentOperation { OperatorMethod: { } m } => m,
            IPropertyReferenceOperation { Property: { IsIndexer: false, GetMethod: { } getter } property } when !InstanceMembers.IsAutoProperty(property) => getter,
            IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } m } => m,
            _ => null,
        };
        // The struct's own member, or an extension method of it (v.Norm() for 'static double Norm(this V2 v)').
        ITypeSymbol? extended = method is { IsExtensionMethod: true, Parameters: [var self, ..] } ? self.Type : method?.ContainingType;
        return method is { DeclaringSyntaxReferences.IsEmpty: false } && extended is { TypeKind: TypeKind.Struct } && StructShapes.IsStruct(extended) && (!SymbolFacts.IsDifferentiable(method) || StructThis.Takes(method))
            ? method
            : null;
    }

    /// <summary>The receiver, if any, and the arguments in parameter order of a use that <see cref="Find"/> found.</summary>
    public static (IOperation? Receiver, IReadOnlyList<IOperation> Arguments) OperandsOf(IOperation op) => op switch
    {
        IBinaryOperation binary => (null, [binary.LeftOperand, binary.RightOperand]),
        IUnaryOperation unary => (null, [unary.Operand]),
        ICompoundAssignmentOperation compound => (null, [compound.Target, compound.Value]),
        IPropertyReferenceOperation property => (property.Instance, []),
        IInvocationOperation call => (call.Instance, call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList()),
        _ => (null, []),
    };

    private static InlinedStructMember Describe(IMethodSymbol method, Compilation compilation)
    {
        InlinedStructMember Refused(string why) => new(method, null, EquatableArray<(ILocalSymbol, IOperation)>.Empty, null, why);

        if (method.IsGenericMethod || method.ContainingType.IsGenericType)
        {
            return Refused("which is generic");
        }

        if (method.Parameters.FirstOrDefault(p => !SymbolFacts.IsPassedByValue(p) || p.IsParams || !IsFloatingValue(p.Type)) is { } parameter)
        {
            return Refused($"whose parameter '{parameter.Name}' is not a float, a double or such a struct passed by value");
        }

        if (!IsFloatingValue(method.ReturnType) || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return Refused("whose result is not a float, a double or such a struct");
        }

        SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (compilation.SyntaxTrees.All(t => t != declaration.SyntaxTree))
        {
            return Refused("whose source is not in this compilation");
        }

        SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
        IOperation? body = declaration switch
        {
            BaseMethodDeclarationSyntax or AccessorDeclarationSyntax => model.GetOperation(declaration) is IMethodBodyBaseOperation m ? m.BlockBody ?? m.ExpressionBody : null,
            ArrowExpressionClauseSyntax => model.GetOperation(declaration),
            _ => null,
        };
        var statements = (body as IBlockOperation)?.Operations.Where(o => o is not IEmptyOperation).ToList();
        if (statements is not [.., IReturnOperation { ReturnedValue: { } returned }])
        {
            return Refused("whose body is more than local declarations and one 'return' of an expression");
        }

        // double l = Length; V2 u = a - b; …: each local declared once with a value, never assigned again.
        var locals = new List<(ILocalSymbol, IOperation)>();
        foreach (IOperation statement in statements.Take(statements.Count - 1))
        {
            if (statement is not IVariableDeclarationGroupOperation group)
            {
                return Refused("whose body is more than local declarations and one 'return' of an expression");
            }

            foreach (IVariableDeclaratorOperation declarator in group.Declarations.SelectMany(d => d.Declarators))
            {
                IOperation? value = (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value;
                if (value is null || declarator.Symbol.RefKind != RefKind.None || declarator.Symbol.IsConst || !IsFloatingValue(declarator.Symbol.Type))
                {
                    return Refused($"whose local '{declarator.Symbol.Name}' is not a float, a double or such a struct declared with a value");
                }

                locals.Add((declarator.Symbol, value));
            }
        }

        // (A member set by an initializer, new V2 { X = … } or with { X = … }, is part of the value being made.)
        if (body!.Descendants().Where(o => o is not ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation }).SelectMany(InlinedFunctions.Writes).FirstOrDefault() is { } written)
        {
            return Refused($"whose body assigns '{Quote(written.Syntax)}'");
        }

        foreach (IOperation value in locals.Select(l => l.Item2).Append(returned))
        {
            if (Check(value) is { } why)
            {
                return Refused(why);
            }
        }

        return new InlinedStructMember(method, body, locals.ToEquatableArray(), returned, null);
    }

    /// <summary>A float, a double, or a struct of them (<see cref="StructShapes"/>).</summary>
    private static bool IsFloatingValue(ITypeSymbol type) => SymbolFacts.KindOf(type) != ScalarKind.None || StructShapes.IsStruct(type);

    /// <summary>
    /// Why the body's expression can't be lowered in the caller, or null. It is lowered, never copied as text
    /// (its names are the struct's file's), so every part must be one the lowering computes: a read of a
    /// parameter or of <c>this</c> and their members, a constant, arithmetic, a cast between float and double,
    /// a <c>Math</c> function, a constructor, a tuple, or a use of another member of this kind.
    /// </summary>
    private static string? Check(IOperation op)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        if (op.ConstantValue.HasValue && SymbolFacts.KindOf(op.Type) != ScalarKind.None)
        {
            return null;
        }

        // Anything else is computed from the parameters or 'this': a value of none of them would be copied as
        // text, and the text names what the struct's file sees.
        if (!op.DescendantsAndSelf().Any(o => o is IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation) && op is not IFieldReferenceOperation { Field.IsStatic: true })
        {
            return $"whose body computes '{Quote(op.Syntax)}' from none of its parameters (write it as a constant, or pass it in)";
        }

        switch (op)
        {
            case IParameterReferenceOperation:
            case ILocalReferenceOperation:
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return null;
            case IFieldReferenceOperation { Field: { IsStatic: true } field } when field.IsConst || (field.IsReadOnly && SymbolFacts.KindOf(field.Type) != ScalarKind.None):
                return null;
            case IFieldReferenceOperation or IPropertyReferenceOperation when op is IMemberReferenceOperation { Instance: { } instance } member && StructShapes.IsStruct(instance.Type)
                && (member is IFieldReferenceOperation || InstanceMembers.IsAutoProperty(((IPropertyReferenceOperation)member).Property)):
                // A member of a parameter, of 'this', or of a struct computed in the body ((a + b).X).
                return Check(instance);
            case IParenthesizedOperation parenthesized:
                return Check(parenthesized.Operand);
            case IConversionOperation { OperatorMethod: null } conversion when (SymbolFacts.KindOf(conversion.Type) != ScalarKind.None && SymbolFacts.KindOf(conversion.Operand.Type) != ScalarKind.None) || conversion.Conversion.IsIdentity || SymbolEqualityComparer.Default.Equals(conversion.Type, conversion.Operand.Type):
                return Check(conversion.Operand);
            case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } binary when SymbolFacts.KindOf(binary.Type) != ScalarKind.None:
                return Check(binary.LeftOperand) ?? Check(binary.RightOperand);
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus } unary when SymbolFacts.KindOf(unary.Type) != ScalarKind.None:
                return Check(unary.Operand);
            case IInvocationOperation { Instance: null, TargetMethod.ContainingType: { } type } call when IsMathType(type):
                return CheckAll(call.Arguments.Select(a => a.Value));
            case IObjectCreationOperation creation when StructShapes.IsStruct(creation.Type):
                return CheckAll(creation.Arguments.Select(a => a.Value)) ?? CheckInitializer(creation.Initializer);
            case IWithOperation with when StructShapes.IsStruct(with.Type):
                return Check(with.Operand) ?? CheckInitializer(with.Initializer);
            case ITupleOperation tuple when StructShapes.IsStruct(tuple.Type):
                return CheckAll(tuple.Elements);
            case var _ when CandidateOf(op) is not null:
                // Another member of this kind: inlined in turn, where its own body is checked (and a cycle refused).
                (IOperation? receiver, IReadOnlyList<IOperation> arguments) = OperandsOf(op);
                return CheckAll(receiver is null ? arguments : arguments.Prepend(receiver));
        }

        return $"whose body uses '{Quote(op.Syntax)}' (GradientGen follows members made of arithmetic, Math functions, constructors and other such members of their parameters and 'this')";
    }

    /// <summary><c>{ X = …, Y = … }</c>: member assignments (the lowering refuses anything else), whose values are checked.</summary>
    private static string? CheckInitializer(IObjectOrCollectionInitializerOperation? initializer) =>
        CheckAll(initializer?.Initializers.Select(i => i is ISimpleAssignmentOperation { Target: IMemberReferenceOperation } assignment ? assignment.Value : i) ?? []);

    private static string? CheckAll(IEnumerable<IOperation> operations)
    {
        foreach (IOperation op in operations)
        {
            if (Check(op) is { } why)
            {
                return why;
            }
        }

        return null;
    }

    private static bool IsMathType(INamedTypeSymbol type) =>
        type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        || (type.Name is "Math" or "MathF" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true });

    private static string Quote(SyntaxNode node) => System.Text.RegularExpressions.Regex.Replace(node.ToString(), @"\s+", " ");
}
