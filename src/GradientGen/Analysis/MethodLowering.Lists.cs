using System.Collections.Generic;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// <c>List&lt;T&gt;</c> over active data (<see cref="FloatLists"/>): a parameter the method reads is a vector like an
/// array; a local list built and changed in the method (<c>Add</c>, <c>Insert</c>, <c>Remove</c>, …) is not followed
/// yet, and is refused once, at its declaration (the calls that change it then report nothing more).
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly HashSet<int> _refusedLists = new();

    private bool RefuseActiveListLocal(int target, IOperation value)
    {
        Variable v = _scope.Variables[target];
        if (!v.Active || v.Role == VariableRole.Parameter || !FloatLists.IsList(v.TypeName.TrimEnd('?')))
        {
            return false;
        }

        _refusedLists.Add(target);
        Unsupported(value.Syntax, $"the local list '{v.Name}' over active data", "keep the values in a local T[] (new T[n], written element by element); a List<T> parameter the method only reads is differentiated");
        return true;
    }

    private bool IsRefusedListLocal(IOperation instance) =>
        ActivityAnalysis.VariableOf(instance) is { } symbol && _scope.TryGetVariable(symbol, out int id) && _refusedLists.Contains(id);

    /// <summary>
    /// A foreach over a list becomes an index loop, which would not throw as the list's enumerator does when the
    /// body changes the list (and could run forever): a body that does anything with the list but read its
    /// elements and count is refused.
    /// </summary>
    private bool RefuseListChangedInForeach(Microsoft.CodeAnalysis.Operations.IForEachLoopOperation forEach, IOperation collection)
    {
        if (!FloatLists.IsList(collection.Type) || ActivityAnalysis.VariableOf(collection) is not { } list)
        {
            return false;
        }

        foreach (IOperation op in forEach.Body.DescendantsAndSelf())
        {
            if (SymbolEqualityComparer.Default.Equals(ActivityAnalysis.VariableOf(op), list)
                && !(op.Parent is Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation { Property.IsIndexer: true } element && element.Instance == op && TargetOf(element.Parent!) != element)
                && op.Parent is not Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation { Property.Name: "Count" })
            {
                Unsupported(op.Syntax, $"'{list.Name}' used inside a foreach over it other than by reading its elements or its count", "the backward iterates by index: change the list before or after the loop");
                return true;
            }
        }

        return false;
    }
}
