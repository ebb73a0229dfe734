using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// <c>List&lt;T&gt;</c> over active data (<see cref="FloatLists"/>): a parameter the method reads is a vector like an
/// array; a local list built and changed in the method (<c>Add</c>, <c>Insert</c>, <c>Remove</c>, …) is not followed
/// in general, and is refused once, at its declaration (the calls that change it then report nothing more); one
/// built with <c>Add</c> whose elements are read and set is (<see cref="IsBuiltListDeclaration"/>).
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

    // A local list the method builds with Add → the counter its reverse counts down (ListAddStmt).
    private readonly Dictionary<int, int> _builtLists = new();

    /// <summary>
    /// <c>var l = new List&lt;double&gt;()</c> (or with a capacity) at the top of the method, whose every use is an
    /// <c>l.Add(v)</c> statement, an element read or write (<c>l[i] = v</c>, <c>l[i] *= v</c>), <c>l.Count</c>, or a
    /// <c>foreach</c> over it: the list only grows, and its elements are written like a local array's (the reverse
    /// sweep restores what it reads), so the reverse undoes each <c>Add</c> at the count it was made at. A use of
    /// another kind is refused where it is; false for any other declaration.
    /// </summary>
    private bool IsBuiltListDeclaration(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (!v.Active || v.Role == VariableRole.Parameter || !FloatLists.IsList(v.TypeName.TrimEnd('?')) || !declares || _depth > 0
            || value is not IObjectCreationOperation { Initializer: null } creation
            || creation.Arguments.Any(a => a.Value.Type?.SpecialType != SpecialType.System_Int32)
            || value.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } })
        {
            return false;
        }

        foreach (IOperation op in _body.DescendantsAndSelf())
        {
            if (op is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            bool inFunction = op.Syntax.Ancestors().Any(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax);
            bool allowed = !inFunction && op.Parent switch
            {
                IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1, Parent: IExpressionStatementOperation } add => add.Instance == op,
                IPropertyReferenceOperation { Property.IsIndexer: true } element => element.Instance == op, // A list's indexer is no reference: it can't be passed by ref.
                IPropertyReferenceOperation { Property.Name: "Count" } => true,
                IForEachLoopOperation => true,
                IConversionOperation { IsImplicit: true, Parent: IForEachLoopOperation } => true,
                _ => false,
            };
            if (!allowed)
            {
                Unsupported(op.Syntax, $"'{local.Name}', a local list built with Add, used {(inFunction ? "in a lambda or local function" : "other than by Add, reading or setting its elements, its Count, or a foreach")}", "the reverse sweep undoes the list's growth one Add at a time: only append to it, as a statement, and read or set its elements (or keep the values in a T[])");
                _refusedLists.Add(target);
                return true;
            }
        }

        _builtLists[target] = _scope.NewInactive(v.Name.TrimStart('@') + "Count", isBool: false);
        return true;
    }

    /// <summary><c>l.Add(v);</c> on a list <see cref="IsBuiltListDeclaration"/> accepted.</summary>
    private bool TryLowerListAdd(IInvocationOperation add)
    {
        if (add is not { TargetMethod.Name: "Add", Instance: { } instance, Arguments: [var argument] }
            || ActivityAnalysis.VariableOf(instance) is not { } symbol || !_scope.TryGetVariable(symbol, out int list)
            || !_builtLists.TryGetValue(list, out int counter))
        {
            return false;
        }

        if (HoistEmbeddedEffects(add, rootIsStatement: true))
        {
            Emit(new ListAddStmt(list, LowerAtom(argument.Value), counter));
        }

        return true;
    }
}
