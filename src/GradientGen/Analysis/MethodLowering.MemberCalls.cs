using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// A call, as a statement, to a [Differentiable] method that returns nothing and writes its outputs into the float
/// members of the objects it is given (<c>Step(dt);</c>, <c>body.Advance(dt);</c>, <c>Relax(layer, x);</c>): a
/// <see cref="MemberCallStmt"/> whose outputs are those members, named as this method names them. What the callee
/// writes comes from its own analysis (done first: <see cref="CallGraph"/>), its own calls of this kind included.
/// </summary>
/// <remarks>
/// Refused, each at the call: a callee that stores into a member array or a span (their elements are not restored for
/// its backward), one whose writes aren't known yet (a partner in recursion), and one writing a member this method
/// can't name (a private member of a base class).
/// </remarks>
internal sealed partial class MethodLowering
{
    /// <summary>Whether the call is one <see cref="LowerMemberCall"/> takes: a source [Differentiable] method, void, given objects whose shadows it takes.</summary>
    private static bool IsMemberCall(IInvocationOperation call) =>
        call.TargetMethod.ReturnsVoid && SymbolFacts.IsDifferentiable(call.TargetMethod) && call.TargetMethod.DeclaringSyntaxReferences.Length > 0
        && InlinedFunctions.Find(call) is null && !IsNestedCall(call)
        && (InstanceMembers.HasShadow(call.TargetMethod) || call.TargetMethod.Parameters.Any(ObjectParameters.IsObjectParameter));

    private void LowerMemberCall(IInvocationOperation invocation)
    {
        if (!HoistEmbeddedEffects(invocation, rootIsStatement: true) || LowerInvocation(invocation) is not DiffCallExpr call)
        {
            return; // Refused where it was lowered (the callee, the objects, an argument).
        }

        if (WrittenByCall(invocation) is { } written)
        {
            Emit(new MemberCallStmt(call, written.ToEquatableArray()));
        }
    }

    /// <summary>The variables of this method the callee writes, in order; null (reported) when they can't be followed.</summary>
    private List<int>? WrittenByCall(IInvocationOperation invocation)
    {
        IMethodSymbol callee = invocation.TargetMethod;
        string refusedHow = $"its backward starts from the members as they were before the call, and only float members are given back; return what '{_scope.Method.Name}' needs instead, or write it in '{_scope.Method.Name}' itself";
        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, _scope.Method.OriginalDefinition)
            || CallGraph.SyntaxOf(callee.OriginalDefinition, CancellationToken.None) is not { } syntax
            || !AnalysisCache.For(invocation.SemanticModel!.Compilation).TryGet(syntax, out AnalysisResult known))
        {
            Unsupported(invocation.Syntax, $"the call to '{callee.Name}', a method calling this one back, whose writes into the members are not known yet", refusedHow);
            return null;
        }

        if (known.Model is not { } model)
        {
            return null; // The callee's own errors: the call was refused where it was lowered.
        }

        var parameterIds = new HashSet<int>(model.Parameters.Select(p => p.VariableId));
        bool IsMember(int id) => model.Variables[id].Role == VariableRole.Parameter && !parameterIds.Contains(id);
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (Stmt s in model.Body.Flattened())
        {
            // A member array's or a span's elements, stored into (a row given another array among them).
            if (s is ElementAssignStmt or RowAllocStmt && s.WrittenVariables().First() is int array && (IsMember(array) || model.Parameters.Any(p => p.VariableId == array && p.Written)))
            {
                Unsupported(invocation.Syntax, $"the call to '{callee.Name}', which stores into the elements of '{model.Variables[array].Name}'", refusedHow);
                return null;
            }

            names.UnionWith(s switch
            {
                AssignStmt assign when IsMember(assign.Target) => [model.Variables[assign.Target].Name],
                MemberCallStmt call => call.Written.Select(id => model.Variables[id].Name),
                _ => [],
            });
        }

        var written = new List<int>();
        foreach (string name in names)
        {
            int dot = name.IndexOf('.');
            string? owner = OwnerInCaller(invocation, name.Substring(0, dot));
            int id = owner is null ? -1 : _scope.Variables.FindIndex(v => v.Name == owner + name.Substring(dot) && _scope.IsMember(v.Id));
            if (id < 0)
            {
                Unsupported(invocation.Syntax, $"the call to '{callee.Name}', which writes the member '{name}' that '{_scope.Method.Name}' doesn't follow", refusedHow);
                return null;
            }

            written.Add(_scope.Variables[id].Id);
        }

        return written;
    }

    /// <summary>
    /// How this method names the object the callee calls <paramref name="owner"/> (<c>this</c> for its receiver, else
    /// one of its object parameters): <c>this</c> or an object parameter of this method; null for anything else.
    /// </summary>
    private static string? OwnerInCaller(IInvocationOperation invocation, string owner)
    {
        IOperation? given = owner == "this"
            ? invocation.Instance
            : invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && SymbolFacts.Escape(p.Name) == owner)?.Value;
        while (given is IConversionOperation { IsImplicit: true } conversion)
        {
            given = conversion.Operand;
        }

        return given switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this",
            IParameterReferenceOperation { Parameter: var parameter } when ObjectParameters.IsObjectParameter(parameter) => SymbolFacts.Escape(parameter.Name),
            _ => null,
        };
    }
}
