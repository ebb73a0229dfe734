using System.Collections.Generic;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Writes into the members of <c>this</c> and of object parameters that carry derivatives (<see cref="InstanceMembers"/>,
/// <see cref="ObjectParameters"/>): a float member is a variable like a parameter (<c>State = …</c>, <c>Count += …</c>),
/// an element of a member array is an element store (<c>Activations[i] = …</c>). Their shadows go both ways, as an
/// output span's adjoint does: a written member is an output of the method (<see cref="ActivityAnalysis"/>), its shadow
/// comes in holding the adjoint of its final value, and the reverse of each write moves that adjoint to what was
/// stored and clears it, so it leaves holding the adjoint of the value on entry.
/// </summary>
/// <remarks>
/// The backward leaves the object as the method does: member arrays are written as the method writes them and never
/// restored (their element reads are copied, as for output spans), and a float member whose old value the reverse
/// sweep restores gets its final value back at the end (<see cref="MethodModel.FinalMembers"/>). So a member array the
/// method writes is not passed to another method (a callee's backward would read it later, changed), nor replaced.
/// </remarks>
internal sealed partial class MethodLowering
{
    private HashSet<int>? _writtenMemberArrays;

    /// <summary>
    /// A write of a whole member that carries a derivative: a float member is written like a variable, so only
    /// replacing a member array (or a jagged one's row) is refused here. Returns true when it was refused.
    /// </summary>
    private bool RefuseMemberReplacement(IOperation operation, ISymbol member)
    {
        if (SymbolFacts.ShapeOf(InstanceMembers.TypeOf(member)) == ValueShape.Scalar)
        {
            return false;
        }

        Report(Descriptors.ActiveWriteOutsideLocalsId, operation.Syntax, $"replacing the array in the {(InstanceMembers.Declared(member) is IFieldSymbol ? "field" : "property")} '{member.Name}', which carries a derivative (its shadow holds an array of the same shape)");
        return true;
    }

    /// <summary>A member array (of this or of an object parameter) whose elements the method may store into.</summary>
    private bool IsWritableMemberArray(int variable) =>
        _scope.IsMember(variable) && _scope.Variables[variable].Shape is ValueShape.Vector or ValueShape.Matrix;

    /// <summary>The member arrays whose elements the method stores into anywhere.</summary>
    private HashSet<int> WrittenMemberArrays() =>
        _writtenMemberArrays ??= new HashSet<int>(
            from op in _body.DescendantsAndSelf()
            let target = TargetOf(op)
            where target is not null && ActivityAnalysis.ElementOf(target) is not null
            let symbol = InstanceMembers.Of(ActivityAnalysis.ElementOf(target)!.Value.Array)
            where symbol is not null && _scope.TryGetVariable(symbol, out _)
            select _scope.VariableOf(symbol!));

    /// <summary>A member array the method writes, passed to a differentiable callee: refused (see the remarks above).</summary>
    private void RefuseWrittenMemberArrayArgument(int variable, IOperation argument, string callee)
    {
        if (WrittenMemberArrays().Contains(variable))
        {
            Unsupported(argument.Syntax, $"the member array '{_scope.Variables[variable].Name}', which the method writes, passed to '{callee}'", $"pass the values it needs in a separate array, or compute them in '{_scope.Method.Name}' itself");
        }
    }
}
