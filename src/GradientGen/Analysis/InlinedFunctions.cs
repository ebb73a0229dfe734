using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A local function, or a lambda or anonymous method held in a local that is never assigned again, called
/// directly from the method being differentiated (<c>f(a)</c>, <c>f.Invoke(a)</c>). Its calls are inlined
/// into the method's IR (MethodLowering.InlinedCalls): the arguments go into fresh variables standing for
/// its parameters, its statements are lowered in place, and what it returns is the call's value. A variable
/// it captures is then just a variable of the method, read at the call: its derivative flows like any other.
/// </summary>
/// <param name="Symbol">The local function's or the lambda's own symbol.</param>
/// <param name="Body">Its body, an expression body being a block with one return.</param>
/// <param name="Holder">For a lambda: the local that holds it.</param>
/// <param name="Refusal">Why its calls can't be inlined (it calls itself, writes a captured variable, …), or null.</param>
internal sealed record InlinedFunction(IMethodSymbol Symbol, IBlockOperation Body, ILocalSymbol? Holder, string? Refusal)
{
    /// <summary>How a message names it: <c>the local function 'f'</c>, <c>the lambda 'f'</c>.</summary>
    public string Display => Holder is null ? $"the local function '{Symbol.Name}'" : $"the lambda '{Holder.Name}'";

    /// <summary>The statements before its final return, and the value that return gives.</summary>
    public (IReadOnlyList<IOperation> Statements, IOperation Returned) Split()
    {
        var statements = Body.Operations.Where(op => op is not IEmptyOperation).ToList();
        var last = (IReturnOperation)statements[statements.Count - 1];
        statements.RemoveAt(statements.Count - 1);
        return (statements, last.ReturnedValue!);
    }

    /// <summary>Whether its body assigns <paramref name="variable"/> (its own parameter or local).</summary>
    public bool Assigns(ISymbol variable) =>
        Body.Descendants().SelectMany(InlinedFunctions.Writes).Any(t => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(t), variable));

    /// <summary>Its parameter that an argument of a call to it binds (a lambda's call binds the delegate's Invoke).</summary>
    public IParameterSymbol ParameterFor(IParameterSymbol bound) => Symbol.Parameters[bound.Ordinal];
}

/// <summary>Finds the <see cref="InlinedFunction"/> a call invokes, and decides whether it can be inlined.</summary>
internal static class InlinedFunctions
{
    // Per method body (the root operation): each function found, by its symbol (a lambda by its holder's).
    private static readonly ConditionalWeakTable<IOperation, Dictionary<ISymbol, InlinedFunction?>> Cache = new();

    /// <summary>
    /// The function <paramref name="invocation"/> calls directly, with a floating-point result, or null for
    /// every other call (a method, a delegate parameter, a lambda held in a field, a void local function).
    /// </summary>
    public static InlinedFunction? Find(IInvocationOperation invocation)
    {
        return KeyOf(invocation) is { } key ? Declared(invocation, key) : null;
    }

    /// <summary>
    /// The function <paramref name="key"/> (a local function, or the local holding a lambda) stands for, as
    /// <see cref="Find"/> gives it for its calls; <paramref name="at"/> is any operation of the method.
    /// </summary>
    public static InlinedFunction? Declared(IOperation at, ISymbol key)
    {
        IOperation root = at;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        Dictionary<ISymbol, InlinedFunction?> functions = Cache.GetValue(root, _ => new Dictionary<ISymbol, InlinedFunction?>(SymbolEqualityComparer.Default));
        lock (functions)
        {
            return Get(root, key, functions);
        }
    }

    /// <summary>The symbol a direct call is keyed by: the local function, or the local holding a lambda.</summary>
    private static ISymbol? KeyOf(IInvocationOperation invocation) => invocation.TargetMethod switch
    {
        { MethodKind: MethodKind.LocalFunction } local => local.OriginalDefinition,
        { MethodKind: MethodKind.DelegateInvoke } when invocation.Instance is ILocalReferenceOperation { Local: var holder } => holder,
        _ => null,
    };

    private static InlinedFunction? Get(IOperation root, ISymbol key, Dictionary<ISymbol, InlinedFunction?> functions)
    {
        if (functions.TryGetValue(key, out InlinedFunction? known))
        {
            return known;
        }

        InlinedFunction? function = Declare(root, key);
        functions[key] = function;
        if (function is not null && function.Refusal is null && Refusal(root, function, functions) is { } why)
        {
            functions[key] = function = function with { Refusal = why };
        }

        return function;
    }

    private static InlinedFunction? Declare(IOperation root, ISymbol key)
    {
        foreach (IOperation op in root.Descendants())
        {
            switch (op)
            {
                case ILocalFunctionOperation local when SymbolEqualityComparer.Default.Equals(local.Symbol, key) && local.Body is { } body:
                    return SymbolFacts.KindOf(local.Symbol.ReturnType) == ScalarKind.None || local.Symbol.ReturnsByRef || local.Symbol.ReturnsByRefReadonly
                        ? null
                        : new InlinedFunction(local.Symbol, body, null, null);
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, key):
                    IOperation? value = (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value;
                    while (value is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
                    {
                        value = value switch
                        {
                            IConversionOperation c => c.Operand,
                            IDelegateCreationOperation d => d.Target,
                            _ => ((IParenthesizedOperation)value).Operand,
                        };
                    }

                    return value is IAnonymousFunctionOperation lambda && SymbolFacts.KindOf(lambda.Symbol.ReturnType) != ScalarKind.None && !lambda.Symbol.ReturnsByRef
                        ? new InlinedFunction(lambda.Symbol, lambda.Body, declarator.Symbol, null)
                        : null;
            }
        }

        return null;
    }

    /// <summary>Why the function's calls can't be inlined soundly, or null.</summary>
    private static string? Refusal(IOperation root, InlinedFunction function, Dictionary<ISymbol, InlinedFunction?> functions)
    {
        IMethodSymbol symbol = function.Symbol;
        if (symbol.IsGenericMethod)
        {
            return "which is generic";
        }

        if (symbol.IsAsync || function.Body.Descendants().Any(op => op is IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }))
        {
            return "which is async or an iterator";
        }

        if (symbol.Parameters.FirstOrDefault(p => p.RefKind != RefKind.None || p.IsParams) is { } byReference)
        {
            return $"whose parameter '{byReference.Name}' is not passed by value";
        }

        if (symbol.Parameters.FirstOrDefault(p => SymbolFacts.ShapeOf(p.Type) == ValueShape.Struct) is { } structure)
        {
            return $"whose parameter '{structure.Name}' is a struct (pass its members)";
        }

        if (function.Holder is { } holder && root.Descendants().SelectMany(Writes).Any(written => SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(written), holder)))
        {
            return $"as '{holder.Name}' is assigned again";
        }

        var statements = function.Body.Operations.Where(op => op is not IEmptyOperation).ToList();
        if (statements.Count == 0 || statements[statements.Count - 1] is not IReturnOperation { ReturnedValue: not null } last
            || function.Body.Descendants().Any(op => op is IReturnOperation r && r != last && !InNestedFunction(op, function.Body)))
        {
            return "which returns from more than one place";
        }

        if (function.Body.Descendants().FirstOrDefault(op => op is ILocalFunctionOperation or IAnonymousFunctionOperation) is { } nested)
        {
            return $"which declares {(nested is ILocalFunctionOperation ? "the local function '" + ((ILocalFunctionOperation)nested).Symbol.Name + "'" : "a lambda")} inside it";
        }

        foreach (IOperation target in function.Body.Descendants().SelectMany(Writes))
        {
            ISymbol? storage = ActivityAnalysis.StorageOf(target);
            if (storage is null)
            {
                if (target is IMemberReferenceOperation or IArrayElementReferenceOperation)
                {
                    return $"which writes into '{target.Syntax}'";
                }

                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(storage.ContainingSymbol, symbol))
            {
                return $"which writes into the captured variable '{storage.Name}'";
            }

            if (storage is IParameterSymbol parameter && SymbolFacts.ShapeOf(parameter.Type) is ValueShape.Vector or ValueShape.Matrix)
            {
                return $"which writes into its array parameter '{storage.Name}'";
            }
        }

        // Recursion, direct or through the other functions it calls.
        var reached = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<InlinedFunction>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            foreach (IInvocationOperation call in pending.Pop().Body.Descendants().OfType<IInvocationOperation>())
            {
                if (KeyOf(call) is not { } callee)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(callee, function.Holder ?? (ISymbol)symbol))
                {
                    return "which calls itself";
                }

                if (reached.Add(callee) && Declare(root, callee) is { } next)
                {
                    pending.Push(next);
                }
            }
        }

        return null;
    }

    private static bool InNestedFunction(IOperation op, IOperation body)
    {
        for (IOperation? o = op.Parent; o is not null && o != body; o = o.Parent)
        {
            if (o is ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an operation writes: an assignment's or ++/--'s target, a ref or out argument, a ref local's referent, a deconstruction's targets.</summary>
    internal static IEnumerable<IOperation> Writes(IOperation op) => op switch
    {
        IDeconstructionAssignmentOperation d => d.Target.DescendantsAndSelf().Where(t => ActivityAnalysis.StorageOf(t) is not null || t is IMemberReferenceOperation),
        IAssignmentOperation a => [a.Target],
        IIncrementOrDecrementOperation s => [s.Target],
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg => [arg.Value],
        IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None, Initializer.Value: { } referenced } => [referenced],
        _ => [],
    };
}
