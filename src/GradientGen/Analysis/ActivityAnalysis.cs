using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Decides which locals and parameters carry derivatives: active = floating-point, <b>varied</b> (depends
/// on an active parameter) and <b>useful</b> (reaches the result). Flow-insensitive: a variable is
/// active if any of its assignments makes it so, which is conservative and stays correct under the
/// branches and loops that later stages add. Derivatives only flow through floating-point values, so an
/// integer, a comparison or a piecewise-constant Math call cuts the dependency.
/// </summary>
internal static class ActivityAnalysis
{
    public static HashSet<ISymbol> FindActive(IMethodSymbol method, IOperation body)
    {
        var edges = new List<(ISymbol? Target, HashSet<ISymbol> Sources)>();
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer: { } init } declarator:
                    edges.Add((declarator.Symbol, DifferentiableReads(init.Value)));
                    break;
                case ISimpleAssignmentOperation assignment when VariableOf(assignment.Target) is { } target:
                    edges.Add((target, DifferentiableReads(assignment.Value)));
                    break;
                case ICompoundAssignmentOperation compound when VariableOf(compound.Target) is { } target:
                    HashSet<ISymbol> sources = DifferentiableReads(compound.Value);
                    sources.Add(target);
                    edges.Add((target, sources));
                    break;
                case IReturnOperation { ReturnedValue: { } value }:
                    edges.Add((null, DifferentiableReads(value)));
                    break;
            }
        }

        var varied = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IParameterSymbol p in method.Parameters)
        {
            if (SymbolFacts.IsActiveParameter(p))
            {
                varied.Add(p);
            }
        }

        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((ISymbol? target, HashSet<ISymbol> sources) in edges)
            {
                if (target is not null && !varied.Contains(target) && sources.Overlaps(varied))
                {
                    changed |= varied.Add(target);
                }
            }
        }

        var useful = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((ISymbol? target, HashSet<ISymbol> sources) in edges)
            {
                if (target is null || useful.Contains(target))
                {
                    foreach (ISymbol s in sources)
                    {
                        changed |= useful.Add(s);
                    }
                }
            }
        }

        varied.IntersectWith(useful);
        return varied;
    }

    /// <summary>The locals and parameters an expression reads through a path a derivative can flow along.</summary>
    public static HashSet<ISymbol> DifferentiableReads(IOperation operation)
    {
        var reads = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        Collect(operation, reads);
        return reads;
    }

    public static ISymbol? VariableOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    private static void Collect(IOperation operation, HashSet<ISymbol> reads)
    {
        // A value of another type cuts the derivative; structural nodes without a type (arguments, switch
        // arms) pass it through.
        if (operation.Type is not null && SymbolFacts.KindOf(operation.Type) == ScalarKind.None)
        {
            return;
        }

        if (operation is ISwitchExpressionArmOperation arm)
        {
            Collect(arm.Value, reads);
            return;
        }

        if (VariableOf(operation) is { } variable)
        {
            reads.Add(variable);
            return;
        }

        if (operation is IInvocationOperation invocation && DerivativeRules.IsPiecewiseConstant(invocation.TargetMethod))
        {
            return;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Collect(child, reads);
        }
    }
}
