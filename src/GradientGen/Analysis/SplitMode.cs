using System;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Split mode for calls between [Differentiable] methods (Tapenade's and Enzyme's way of running a callee): a
/// backward that calls another method's backward runs that method's forward a second time, inside the callee's
/// backward, after its own forward ran it for its value. A method whose backward can be cut in two gets split
/// sweeps (<see cref="SplitSweeps"/>); a caller runs their forward sweep where it would call the method, and
/// their reverse sweep where it would call the backward, the values in between handed over on a tape of its own.
/// </summary>
internal static class SplitMode
{
    /// <summary>
    /// <paramref name="model"/> with a tape when a call in it can run split, and with its own split sweeps when
    /// it can have them: a static method or a class's instance method called as written (not virtual), not generic,
    /// with a loop (recomputing a loop-free callee costs little), of an accessibility its sweeps can share (they take
    /// the compilation's internal tape), whose sweeps' names aren't a user's members.
    /// </summary>
    public static MethodModel With(MethodModel model, IMethodSymbol method, NameAllocator names)
    {
        bool callsSplit = model.Body.Flattened().OfType<AssignStmt>().Any(a => a.Value is DiffCallExpr { Callee.SplitReverseName: not null });
        string forwardName = method.Name + "ForwardSweep", reverseName = method.Name + "ReverseSweep";
        string? modifiers = method.DeclaredAccessibility switch
        {
            Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal => "internal",
            Accessibility.Private => "private",
            _ => null,
        };
        if (method.IsStatic && modifiers is not null)
        {
            modifiers += " static";
        }

        // Static methods, and instance methods of classes whose calls are decided at compile time (a struct's take 'ref dThis').
        bool candidate = (method.IsStatic || (method.ContainingType.TypeKind == TypeKind.Class && CalleeResolution.DispatchOf(method) is null))
            && !method.IsGenericMethod && modifiers is not null && method.MethodKind == MethodKind.Ordinary
            && !SymbolFacts.HasUserMember(method.ContainingType, forwardName) && !SymbolFacts.HasUserMember(method.ContainingType, reverseName)
            && !MethodAnalysis.IsInherited(method.ContainingType, forwardName) && !MethodAnalysis.IsInherited(method.ContainingType, reverseName);
        if (!callsSplit && !candidate)
        {
            return model;
        }

        MethodModel withTape = model with { TapeName = names.Allocate("tape") };
        SplitSweeps? split = null;
        try
        {
            split = candidate ? SplitSweepsEmitter.Plan(withTape, forwardName, reverseName, modifiers!) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A shape the plan didn't foresee: the method keeps its backward, which callers call as before.
        }

        return split is not null ? withTape with { Split = split } : callsSplit ? withTape : model;
    }
}
