using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Uses of a struct's own operators, computed properties and methods (<see cref="InlinedStructMember"/>),
/// inlined: the receiver and the arguments are evaluated in C#'s order and bound to the member's <c>this</c>
/// and parameters (a variable of the caller stands for itself, a computed struct for its members' values,
/// with no struct variable of its own), and the expression its body returns is lowered in place, member by
/// member. <c>c.Length</c> of <c>c = a + s * b</c> becomes the
/// same three-address code as <c>Math.Sqrt(c.X * c.X + c.Y * c.Y)</c> written out, with the same adjoints.
/// </summary>
/// <remarks>
/// The body is another file's: nothing of it is copied as text (StructMembers checks that every part of it
/// is lowered), and a refusal inside it is reported where the method being differentiated uses the member.
/// </remarks>
internal sealed partial class MethodLowering
{
    // The struct members being inlined and where the method uses them, outermost first.
    private readonly List<(InlinedStructMember Member, IOperation Site)> _inlinedMembers = new();

    // Members using each other twice at each of many levels would inline exponentially many copies.
    private const int MaxInlinedMembers = 4096;
    private int _inlinedMemberCount;

    /// <summary>Whether <paramref name="op"/> uses a struct member that is inlined here (one without a [DerivativeOf] rule).</summary>
    private bool UsesInlinedStructMember(IOperation op) => StructMembers.Find(op) is not null && !HasOwnDerivative(op);

    /// <summary>A use that <see cref="UsesInlinedStructMember"/>: the result's members (one for a float); null after a report.</summary>
    private List<Atom>? StructMemberLeaves(IOperation site) => LowerStructMemberUse(site, StructMembers.Find(site)!);

    /// <summary>
    /// Whether a call has a derivative of its own to use instead: a [DerivativeOf] rule, or a [Differentiable]
    /// method's backward. A struct's own [Differentiable] method (whose backward takes the receiver's adjoint as
    /// <c>ref dThis</c>, <see cref="StructThis"/>) is inlined when its body can be, which costs no call; its backward
    /// is called when it can't (a loop in it).
    /// </summary>
    private bool HasOwnDerivative(IOperation site) =>
        site is IInvocationOperation call && _callees.Resolve(call) is var resolved
        && (resolved.Rule is not null || resolved.Callee is not null && (!StructThis.Takes(call.TargetMethod) || StructMembers.Find(site) is { Refusal: not null }));

    /// <summary>The use's result, one atom for a float or double, its members for a struct; null after a report.</summary>
    private List<Atom>? LowerStructMemberUse(IOperation site, InlinedStructMember member)
    {
        if (member.Refusal is { } why)
        {
            Unsupported(site.Syntax, $"{member.Display}, {why}", "write it out on the members here, or give it a [DerivativeOf]");
            return null;
        }

        if (_inlinedMembers.Any(m => SymbolEqualityComparer.Default.Equals(m.Member.Method, member.Method)))
        {
            Unsupported(site.Syntax, $"{member.Display}, which uses itself", "write it out on the members here, or give it a [DerivativeOf]");
            return null;
        }

        if (++_inlinedMemberCount > MaxInlinedMembers)
        {
            if (_inlinedMemberCount == MaxInlinedMembers + 1)
            {
                // Once: the method is refused already, and every further use would say the same.
                Unsupported(site.Syntax, $"{member.Display}, used past {MaxInlinedMembers} inlined struct members in this method", "split the method, or give the members that use each other most a [DerivativeOf]");
            }

            return null;
        }

        // The receiver first, then the arguments left to right, as C# evaluates them; all before the body.
        (IOperation? receiver, IReadOnlyList<IOperation> arguments) = StructMembers.OperandsOf(site);
        var bindings = new List<(ISymbol Symbol, Binding Value)>();
        var bound = receiver is null ? arguments.Select((a, i) => ((ISymbol)member.Method.Parameters[i], a)) : arguments.Select((a, i) => ((ISymbol)member.Method.Parameters[i], a)).Prepend((member.Method.ContainingType, receiver));
        foreach ((ISymbol symbol, IOperation value) in bound)
        {
            if (Bind(symbol, value) is not { } binding)
            {
                return null;
            }

            bindings.Add((symbol, binding));
        }

        IOperation returned = member.Returned!;
        var undo = new List<System.Action>();
        foreach ((ISymbol symbol, Binding binding) in bindings)
        {
            undo.Add(Enter(symbol, binding, member.Body!));
        }

        _inlinedMembers.Add((member, site));
        List<Stmt> caller = Swap(new List<Stmt>());
        try
        {
            // Its locals, each computed from its value: a float into a fresh variable, a struct as its members.
            foreach ((ILocalSymbol local, IOperation value) in member.Locals)
            {
                if (StructShapes.IsStruct(local.Type))
                {
                    if (StructLeaves(value) is not { } leaves)
                    {
                        return null;
                    }

                    undo.Add(Enter(local, new Binding(null, leaves), member.Body!));
                    continue;
                }

                int variable = _scope.NewInlinedVariable(local, active: true);
                undo.Add(Enter(local, new Binding(variable, null), member.Body!));
                LowerAssignment(variable, value, declares: true);
            }

            return StructShapes.IsStruct(returned.Type) ? StructLeaves(returned) : [LowerAtom(returned)];
        }
        finally
        {
            List<Stmt> lowered = _output;
            _output = caller;
            SyntaxNode quoted = member.Locals.Count == 0 ? returned.Syntax : member.Body!.Syntax;
            Emit(new SourceStmt($"{_scope.Renderer.RenderAsWritten(quoted)} (in {member.Display})", lowered.ToEquatableArray()));
            _inlinedMembers.RemoveAt(_inlinedMembers.Count - 1);
            for (int i = undo.Count - 1; i >= 0; i--)
            {
                undo[i]();
            }
        }
    }

    /// <summary>
    /// What stands for a member's parameter, <c>this</c> or local while its body is lowered: a variable of this
    /// method (a scalar's, or the caller's struct variable itself), or the members of a struct computed in place.
    /// </summary>
    private sealed record Binding(int? Variable, List<Atom>? Leaves);

    // The struct parameters, 'this' and struct locals of the members being inlined that stand for computed
    // members (Binding.Leaves): read in place, with no struct variable of their own.
    private readonly Dictionary<ISymbol, List<Atom>> _boundLeaves = new(SymbolEqualityComparer.Default);

    /// <summary>Binds <paramref name="symbol"/> for the body (its innermost binding wins); returns what undoes it.</summary>
    private System.Action Enter(ISymbol symbol, Binding binding, IOperation body)
    {
        bool hadLeaves = _boundLeaves.TryGetValue(symbol, out List<Atom>? outerLeaves);
        (ISymbol, int?, string?)? mapped = null;
        if (binding.Leaves is { } leaves)
        {
            _boundLeaves[symbol] = leaves;
        }
        else
        {
            _boundLeaves.Remove(symbol);
            mapped = _scope.Map(symbol, binding.Variable!.Value);
        }

        _scope.ActivateInlined(symbol);
        return () =>
        {
            if (mapped is { } previous)
            {
                _scope.Unmap(previous);
            }

            if (hadLeaves)
            {
                _boundLeaves[symbol] = outerLeaves!;
            }
            else
            {
                _boundLeaves.Remove(symbol);
            }

            _scope.Forget(symbol, body);
        };
    }

    /// <summary>A float member of a struct an inlined member's body reads in place (<see cref="BoundLeaves"/>), or null.</summary>
    private Atom? BoundLeaf(IOperation op) => SymbolFacts.KindOf(op.Type) != ScalarKind.None && BoundLeaves(op) is [var leaf] ? leaf : null;

    /// <summary>
    /// The members of <paramref name="op"/> when it reads a struct bound to computed members (<see cref="Binding"/>):
    /// the whole struct, an inner struct, or one float member (a list of one); null for anything else.
    /// </summary>
    private List<Atom>? BoundLeaves(IOperation op)
    {
        if (_boundLeaves.Count == 0)
        {
            return null;
        }

        if (ActivityAnalysis.VariableOf(op) is { } whole)
        {
            return _boundLeaves.TryGetValue(whole, out List<Atom>? all) ? all.ToList() : null;
        }

        if (ActivityAnalysis.StructMemberOf(op) is not { } member || ActivityAnalysis.VariableOf(member.Root) is not { } root || !_boundLeaves.TryGetValue(root, out List<Atom>? leaves))
        {
            return null;
        }

        System.Collections.Immutable.ImmutableArray<string> paths = StructShapes.LeavesOf(member.Root.Type);
        return paths.Select((path, i) => (path, i)).Where(l => l.path == member.Path || l.path.StartsWith(member.Path + ".", System.StringComparison.Ordinal)).Select(l => leaves[l.i]).ToList();
    }

    /// <summary>
    /// What stands for the member's parameter (or <c>this</c>) <paramref name="symbol"/> bound to
    /// <paramref name="value"/>: the caller's active struct variable itself, the members of a computed struct, a
    /// float's variable, or a fresh variable holding a constant; null after a report.
    /// </summary>
    private Binding? Bind(ISymbol symbol, IOperation value)
    {
        while (value is IConversionOperation { Conversion.IsIdentity: true } identity)
        {
            value = identity.Operand;
        }

        ITypeSymbol type = symbol switch
        {
            IParameterSymbol p => p.Type,
            _ => (ITypeSymbol)symbol,
        };
        if (StructShapes.IsStruct(type))
        {
            if (ActivityAnalysis.VariableOf(value) is { } read && _scope.TryGetVariable(read, out int same) && _scope.Variables[same] is { Active: true, Shape: ValueShape.Struct }
                && (read is not IParameterSymbol parameter || SymbolFacts.IsActiveParameter(parameter)))
            {
                return new Binding(same, null);
            }

            return StructLeaves(value) is { } leaves ? new Binding(null, leaves) : null;
        }

        Atom atom = LowerAtom(value);
        if (atom is VariableAtom { VariableId: int variable })
        {
            return new Binding(variable, null);
        }

        int temp = _scope.NewTemporary(SymbolFacts.KindOf(type), active: true);
        Emit(new AssignStmt(temp, new CopyExpr(atom), Declares: true, Overwrites: false, Save: null));
        return new Binding(temp, null);
    }

    /// <summary>
    /// In an instance method of a struct that holds floating-point state the backward has no adjoint for (a
    /// struct that isn't one of <see cref="StructShapes"/>), a use of that state: its fields would be constants,
    /// their derivatives silently lost, so it is refused where it happens. <c>[NoDerivative]</c> members and members without floating values are fine.
    /// </summary>
    private void RefuseOwnStructState(IOperation body)
    {
        if (_scope.Method.IsStatic || _scope.Method.ContainingType is not { TypeKind: TypeKind.Struct } type || !FloatingCarriers.CanCarry(type) || StructThis.Takes(_scope.Method))
        {
            return;
        }

        foreach (IOperation op in body.DescendantsAndSelf())
        {
            if (op is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                continue;
            }

            IOperation use = op.Parent is IMemberReferenceOperation { Instance: var instance } member && instance == op ? member : op;
            if (use is IMemberReferenceOperation { Member: var symbol } && (SymbolFacts.HasAttribute(symbol, AttributeSources.NoDerivativeMetadataName)
                || !FloatingCarriers.CanCarry(InstanceMembers.TypeOf(symbol)) && symbol is IFieldSymbol or IPropertySymbol))
            {
                continue;
            }

            if (op.Parent is IInvocationOperation call && call.Instance == op)
            {
                use = call;
            }

            Unsupported(use.Syntax, $"'{_scope.Renderer.RenderOneLine(use.Syntax)}', which uses the state of the struct '{type.Name}' this method belongs to",
                "its backward has no adjoint for 'this' of a struct: make the method static and pass the struct as a parameter, or mark the field [NoDerivative]; a one-expression member needs no [Differentiable] at all, as callers inline it");
        }
    }
}
