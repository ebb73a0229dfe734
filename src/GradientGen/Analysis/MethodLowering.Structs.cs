using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Structs that carry derivatives (<see cref="StructShapes"/>): a struct variable stays one variable of the
/// generated code, and each of its floating members is an element of it, the way <c>a[i]</c> is one of an
/// array: <c>p.X</c> reads the element <c>X</c> of <c>p</c> and its reverse adds into <c>dP.X</c>. A struct-valued
/// expression (<c>a - b</c>, <c>new Vector3(x, y, z)</c>, <c>(x, y)</c>, <c>p with { X = 0 }</c>) is lowered
/// member by member into scalar operations, all computed before any is stored, so <c>d = Cross(d, e)</c>
/// reads the old <c>d</c> throughout.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// The active struct variable (or array of structs, with the array's reference and the element's indices)
    /// and member path that <paramref name="op"/> reads or writes, when it is a member of one.
    /// </summary>
    private (int Variable, IOperation? Array, IReadOnlyList<IOperation> Indices, string Path)? ActiveStructMemberOf(IOperation op)
    {
        if (ActivityAnalysis.StructMemberOf(op) is not { } member || ActivityAnalysis.HolderOf(member.Root) is not { } symbol || !_scope.IsActive(symbol))
        {
            return null;
        }

        return ActivityAnalysis.VariableOf(member.Root) is null && ActivityAnalysis.ElementOf(member.Root) is { } element
            ? (_scope.VariableOf(symbol), element.Array, element.Indices, member.Path)
            : (_scope.VariableOf(symbol), null, [], member.Path);
    }

    /// <summary>A member of an element of an array of structs the reverse sweep can read again (<see cref="IsRereadable"/>).</summary>
    private bool IsRereadableMember(IOperation? array, EquatableArray<Atom> indices) => array is not null && IsRereadable(array, indices);

    /// <summary><c>d = value</c> for an active struct variable: every member computed, then stored.</summary>
    private void LowerStructAssignment(int target, IOperation value, bool declares)
    {
        Variable v = _scope.Variables[target];
        if (v.Role == VariableRole.Parameter)
        {
            Unsupported(value.Syntax.Parent ?? value.Syntax, $"assigning the struct parameter '{v.Name}'", "it is an input of the derivative: copy it into a local first");
            return;
        }

        if (!KeepsOtherState(value))
        {
            return;
        }

        List<Atom>? leaves = StructLeaves(value);
        if (declares)
        {
            Emit(new DeclareStmt(target));
        }

        if (leaves is not null)
        {
            StoreLeaves(target, StructShapes.LeavesOf(value.Type), leaves);
        }
    }

    /// <summary><c>d += e</c>, <c>d -= e</c>, <c>d *= s</c>, <c>d /= s</c> on an active struct variable.</summary>
    private void LowerStructCompound(int target, ICompoundAssignmentOperation compound)
    {
        Variable v = _scope.Variables[target];
        if (v.Role == VariableRole.Parameter)
        {
            Unsupported(compound.Syntax, $"changing the struct parameter '{v.Name}'", "it is an input of the derivative: copy it into a local first");
            return;
        }

        ImmutableArray<string> paths = StructShapes.LeavesOf(compound.Target.Type);
        if (Operator(compound.OperatorKind) is BinaryOperator.Add or BinaryOperator.Subtract && IsVectorType(compound.OperatorMethod?.ContainingType)
            && StructShapes.IsStruct(compound.Value.Type))
        {
            // Member by member in place: the reverse of d.X += e.X doesn't read d.
            if (StructLeaves(compound.Value) is { } added)
            {
                for (int i = 0; i < paths.Length; i++)
                {
                    Emit(new ElementAssignStmt(target, EquatableArray<Atom>.Empty, added[i], Operator(compound.OperatorKind), Member: paths[i]));
                }
            }

            return;
        }

        if (StructRebuilds.IsComplex(compound.OperatorMethod?.ContainingType) && Operator(compound.OperatorKind) is { } complexOp)
        {
            // z += w, z *= w, z /= s: computed from the old z, then stored.
            if (ComplexArithmetic(complexOp, compound.Target, compound.Value) is { } result)
            {
                StoreLeaves(target, paths, result);
            }
        }
        else if (UsesInlinedStructMember(compound) && StructShapes.OtherStateOf(compound.Target.Type) is { } other)
        {
            RefuseLostState(compound, compound.Target.Type, other);
        }
        else if (UsesInlinedStructMember(compound))
        {
            // c += d with the struct's own operator: every member computed, then stored.
            if (StructMemberLeaves(compound) is { } sum)
            {
                StoreLeaves(target, paths, sum);
            }
        }
        else if (!IsVectorArithmetic(compound.OperatorMethod, compound.OperatorKind))
        {
            Unsupported(compound.Syntax, $"'{_scope.Renderer.RenderOneLine(compound.Syntax)}'", "GradientGen differentiates + - * / of the System.Numerics vectors; write the rest on the members");
        }
        else if (VectorArithmetic(compound.OperatorMethod!, compound.OperatorKind, compound.Target, compound.Value) is { } leaves)
        {
            StoreLeaves(target, paths, leaves);
        }
    }

    /// <summary><c>d.X = v</c>, <c>d.X += v</c>, <c>d.X++</c>; or a whole inner struct <c>d.Pos = p</c>, stored member by member.</summary>
    /// <param name="indices">For an element of an array of structs, <c>q[i].X = v</c>: the element's index.</param>
    private void LowerStructMemberStore(int variable, IReadOnlyList<IOperation> indices, string path, IOperation store)
    {
        IOperation target = TargetOf(store)!;
        if (!StructShapes.IsStruct(target.Type))
        {
            LowerElementStore(variable, (store, indices), store, path);
        }
        else if (store is ISimpleAssignmentOperation assignment && _scope.Variables[variable].Role != VariableRole.Parameter && indices.Count == 0)
        {
            if (KeepsOtherState(assignment.Value) && StructLeaves(assignment.Value) is { } leaves)
            {
                StoreLeaves(variable, StructShapes.LeavesOf(target.Type).Select(leaf => path + "." + leaf).ToImmutableArray(), leaves);
            }
        }
        else
        {
            Unsupported(store.Syntax, $"'{_scope.Renderer.RenderOneLine(store.Syntax)}'", "assign the inner struct with '=' in a local, or change its members one by one");
        }
    }

    /// <summary>
    /// A struct value is stored leaf by leaf, so it keeps only its floating members: one whose other members (an
    /// <c>int Id</c>) may hold anything but their defaults is refused here, or they would silently read 0 later.
    /// <c>default</c>, values built without those members, and copies of active locals (which only ever hold such
    /// values, every store into them being checked here) pass.
    /// </summary>
    private bool KeepsOtherState(IOperation value)
    {
        if (StructShapes.OtherStateOf(value.Type) is not { } other || HasDefaultOtherState(value))
        {
            return true;
        }

        RefuseLostState(value, value.Type, other);
        return false;
    }

    private void RefuseLostState(IOperation at, ITypeSymbol? type, string other) =>
        Unsupported(at.Syntax, $"'{_scope.Renderer.RenderOneLine(at.Syntax)}', a value of '{type?.Name}' whose member '{other}' isn't floating",
            "GradientGen builds struct values member by member and would lose it: keep integers and other values without a derivative out of the structs it differentiates, or build this one with 'new' without them");

    private bool HasDefaultOtherState(IOperation op)
    {
        while (op is IConversionOperation conversion && (conversion.Conversion.IsIdentity || SymbolEqualityComparer.Default.Equals(conversion.Type, conversion.Operand.Type)))
        {
            op = conversion.Operand;
        }

        bool FloatingOnly(IObjectOrCollectionInitializerOperation? initializer) =>
            initializer is null || initializer.Initializers.All(i => i is ISimpleAssignmentOperation { Value: var v } && (SymbolFacts.KindOf(v.Type) != ScalarKind.None || StructShapes.IsStruct(v.Type) && HasDefaultOtherState(v)));

        return op switch
        {
            IDefaultValueOperation => true,
            ILocalReferenceOperation local => _scope.IsActive(local.Local),
            IFieldReferenceOperation or IPropertyReferenceOperation when ((IMemberReferenceOperation)op).Instance is { } instance && StructShapes.IsStruct(instance.Type) => HasDefaultOtherState(instance),
            IObjectCreationOperation creation => creation.Arguments.All(a => SymbolFacts.KindOf(a.Value.Type) != ScalarKind.None || IsDefaultConstant(a.Value) || StructShapes.IsStruct(a.Value.Type) && HasDefaultOtherState(a.Value))
                && FloatingOnly(creation.Initializer),
            IWithOperation with => HasDefaultOtherState(with.Operand) && FloatingOnly(with.Initializer),
            ITupleOperation tuple => tuple.Elements.All(e => SymbolFacts.KindOf(e.Type) != ScalarKind.None || StructShapes.IsStruct(e.Type) && HasDefaultOtherState(e)),
            _ => false,
        };
    }

    /// <summary>A constant that is its type's default: <c>0</c>, <c>false</c>, <c>null</c>.</summary>
    private static bool IsDefaultConstant(IOperation op) =>
        op.ConstantValue is { HasValue: true, Value: var value } && (value is null or false || value is System.IConvertible and not string && System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) == 0);

    private void StoreLeaves(int target, ImmutableArray<string> paths, List<Atom> leaves)
    {
        for (int i = 0; i < paths.Length; i++)
        {
            Emit(new ElementAssignStmt(target, EquatableArray<Atom>.Empty, leaves[i], Compound: null, Member: paths[i]));
        }
    }

    /// <summary>
    /// The members of a struct-valued expression as atoms, in the order of <see cref="StructShapes.LeavesOf"/>;
    /// null after reporting what can't be lowered.
    /// </summary>
    private List<Atom>? StructLeaves(IOperation op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        // An identity, or a target-typed 'new(…)' (a conversion to the type it creates).
        while (op is IConversionOperation identity && (identity.Conversion.IsIdentity || SymbolEqualityComparer.Default.Equals(identity.Type, identity.Operand.Type)))
        {
            op = identity.Operand;
        }

        if (BoundLeaves(op) is { } bound)
        {
            return bound;
        }

        ImmutableArray<string> paths = StructShapes.LeavesOf(op.Type);
        ScalarKind kind = StructShapes.KindOf(op.Type);
        if (!ActivityAnalysis.DifferentiableReads(op).Any(_scope.IsActive))
        {
            return InactiveLeaves(op, paths, kind);
        }

        switch (op)
        {
            case var _ when ActivityAnalysis.VariableOf(op) is { } symbol:
                int variable = _scope.VariableOf(symbol);
                return paths.Select(path => (Atom)ReadMember(variable, path, kind, rereadable: IsReadOnlyStruct(variable))).ToList();
            case var _ when ActiveStructMemberOf(op) is { } inner:
                EquatableArray<Atom> at = LowerIndices(inner.Indices);
                bool again = inner.Array is null ? IsReadOnlyStruct(inner.Variable) : IsRereadableMember(inner.Array, at);
                return paths.Select(path => (Atom)ReadMember(inner.Variable, inner.Path + "." + path, kind, at, again)).ToList();
            case var _ when ActivityAnalysis.ElementOf(op) is { } element && ActiveArrayOf(element) is { } array && _scope.Variables[array].Shape == ValueShape.StructArray:
                // q[i] of an array of structs: its members are elements of q at i.
                EquatableArray<Atom> index = LowerIndices(element.Indices);
                bool reread = IsRereadable(element.Array, index);
                return paths.Select(path => (Atom)ReadMember(array, path, kind, index, reread)).ToList();
            case ITupleOperation tuple:
                return ConcatLeaves(tuple.Elements);
            case IMemberReferenceOperation { Instance: { } instance } member when IsMemberOfStructExpression(instance, member) is not null:
                // (a + b).Pos: the members of the whole under the member's path.
                string prefix = StructShapes.MemberName(member.Member) + ".";
                return StructLeaves(instance) is { } whole
                    ? StructShapes.LeavesOf(instance.Type).Select((path, i) => (path, i)).Where(l => l.path.StartsWith(prefix, StringComparison.Ordinal)).Select(l => whole[l.i]).ToList()
                    : null;
            case IObjectCreationOperation creation:
                return CreatedLeaves(creation, paths, kind);
            case IWithOperation with:
                return StructLeaves(with.Operand) is { } copied ? Initialized(copied, paths, with.Initializer) : null;
            case var _ when UsesInlinedStructMember(op):
                return StructMemberLeaves(op);
            case IBinaryOperation binary when IsVectorArithmetic(binary.OperatorMethod, binary.OperatorKind):
                return VectorArithmetic(binary.OperatorMethod!, binary.OperatorKind, binary.LeftOperand, binary.RightOperand);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, OperatorMethod: { } negate, Operand: var operand } when IsVectorType(negate.ContainingType):
                return StructLeaves(operand) is { } negated ? negated.Select(a => (Atom)Unary(a, kind)).ToList() : null;
            case IInvocationOperation call when IsVectorType(call.TargetMethod.ContainingType) && call.TargetMethod.IsStatic:
                return VectorFunction(call, kind);
            case IBinaryOperation { OperatorMethod: { } complexOperator } binary when StructRebuilds.IsComplex(complexOperator.ContainingType) && Operator(binary.OperatorKind) is { } complexOp:
                return ComplexArithmetic(complexOp, binary.LeftOperand, binary.RightOperand);
            case IUnaryOperation { OperatorMethod: { } complexOperator } unary when StructRebuilds.IsComplex(complexOperator.ContainingType) && unary.OperatorKind is UnaryOperatorKind.Minus or UnaryOperatorKind.Plus:
                return StructLeaves(unary.Operand) is { } complex ? unary.OperatorKind == UnaryOperatorKind.Plus ? complex : complex.Select(a => (Atom)Unary(a, kind)).ToList() : null;
            case IConversionOperation conversion when IsConversionToComplex(conversion):
                return ConvertedToComplex(conversion);
            case IInvocationOperation call when StructRebuilds.IsComplex(call.TargetMethod.ContainingType) && call.TargetMethod.IsStatic:
                return ComplexFunction(call);
            case IInvocationOperation call:
                // A [Differentiable] callee's struct result: computed into a struct temporary, whose adjoint its backward takes.
                if (LowerInvocation(call) is not DiffCallExpr diff)
                {
                    return null;
                }

                int result = _scope.NewStructTemporary(call.Type!);
                Emit(new AssignStmt(result, diff, Declares: true, Overwrites: false, Save: null));
                return paths.Select(path => (Atom)ReadMember(result, path, kind)).ToList();
        }

        Unsupported(op.Syntax, $"the struct expression '{_scope.Renderer.RenderOneLine(op.Syntax)}'", "GradientGen differentiates struct variables, their members, constructors and initializers, tuples, 'with', the arithmetic of Vector2/3/4 (+ - * /, Dot, Cross, Length, Normalize, Distance, Lerp), and a struct's own one-expression operators, properties and methods; write the rest on the members");
        return null;
    }

    /// <summary>
    /// For a member read of a struct computed by an expression (not a variable, an element or their members: those
    /// are read in place) that carries a derivative: the index of the first of the struct's leaves under the member
    /// (a float member is one leaf; an inner struct, its leaves from there); null for anything else, a computed
    /// property included.
    /// </summary>
    private int? IsMemberOfStructExpression(IOperation instance, IMemberReferenceOperation member)
    {
        if (member is not (IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false })
            || !StructShapes.IsStruct(instance.Type) || ActivityAnalysis.VariableOf(instance) is not null || ActivityAnalysis.ElementOf(instance) is not null
            || ActiveStructMemberOf(instance) is not null || !ActivityAnalysis.DifferentiableReads(instance).Any(_scope.IsActive))
        {
            return null;
        }

        string name = StructShapes.MemberName(member.Member);
        ImmutableArray<string> leaves = StructShapes.LeavesOf(instance.Type);
        int leaf = leaves.IndexOf(name);
        int first = leaf >= 0 ? leaf : leaves.IndexOf(leaves.FirstOrDefault(l => l.StartsWith(name + ".", StringComparison.Ordinal)) ?? "\0");
        return first >= 0 ? first : null;
    }

    /// <summary>A struct value with no derivative (a constant, a [NoDerivative] parameter): computed once, its members read as constants.</summary>
    private List<Atom> InactiveLeaves(IOperation op, ImmutableArray<string> paths, ScalarKind kind)
    {
        string holder;
        if (ActivityAnalysis.VariableOf(op) is { } symbol && _scope.Variables[_scope.VariableOf(symbol)] is { Role: VariableRole.Parameter } parameter && !WritesVariable(_body, symbol))
        {
            holder = parameter.Name;
        }
        else
        {
            int temp = _scope.NewTemporary(op.Type!);
            Emit(new AssignStmt(temp, InactiveValue(op), Declares: true, Overwrites: false, Save: null));
            holder = _scope.Variables[temp].Name;
        }

        return paths.Select(path =>
        {
            int leaf = _scope.NewTemporary(kind, active: false);
            Emit(new AssignStmt(leaf, new VerbatimExpr(holder + "." + path), Declares: true, Overwrites: false, Save: null));
            return (Atom)new VariableAtom(leaf);
        }).ToList();
    }

    /// <param name="indices">For an array of structs: the element's index.</param>
    /// <param name="rereadable">The element is one the reverse sweep can read again (<see cref="ElementExpr.Rereadable"/>).</param>
    private VariableAtom ReadMember(int variable, string path, ScalarKind kind, EquatableArray<Atom> indices = default, bool rereadable = false)
    {
        // A [NoDerivative] member is a constant: its value is read, no derivative flows back to it.
        int temp = _scope.NewTemporary(kind, active: !_scope.IsConstantLeaf(variable, path));
        Emit(new AssignStmt(temp, new ElementExpr(variable, indices, rereadable, path), Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(temp);
    }

    /// <summary>The members of values laid end to end: a tuple's elements, a constructor's arguments.</summary>
    private List<Atom>? ConcatLeaves(IEnumerable<IOperation> parts)
    {
        var leaves = new List<Atom>();
        foreach (IOperation part in parts)
        {
            IOperation value = part is IArgumentOperation argument ? argument.Value : part;
            if (StructShapes.IsStruct(value.Type))
            {
                if (StructLeaves(value) is not { } inner)
                {
                    return null;
                }

                leaves.AddRange(inner);
            }
            else
            {
                leaves.Add(LowerAtom(value));
            }
        }

        return leaves;
    }

    /// <summary>
    /// <c>new S(…) { A = … }</c>. A constructor is followed when its arguments are the members in order (the
    /// System.Numerics vectors, a record struct's primary constructor, a constructor that only assigns its
    /// parameters to the members in order) or one value for every member (<c>new Vector3(s)</c>); the
    /// parameterless one gives zeros. The initializer then sets the members it names.
    /// </summary>
    private List<Atom>? CreatedLeaves(IObjectCreationOperation creation, ImmutableArray<string> paths, ScalarKind kind)
    {
        List<Atom>? leaves = null;
        if (creation.Constructor is not { Parameters.Length: > 0 } constructor)
        {
            leaves = paths.Select(_ => (Atom)new ConstantAtom(GradientGen.Emit.Literals.Zero(kind), 0)).ToList();
        }
        else if (constructor.Parameters.Length == 1 && paths.Length > 1 && SymbolFacts.KindOf(constructor.Parameters[0].Type) == kind && IsVectorType(constructor.ContainingType))
        {
            Atom broadcast = LowerAtom(creation.Arguments[0].Value);
            leaves = paths.Select(_ => broadcast).ToList();
        }
        else if (ConstructorSetsMembersInOrder(constructor, paths))
        {
            leaves = ConcatLeaves(creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0));
        }
        else if (StructRebuilds.Assignments(constructor) is { } assigned && paths.All(path => assigned.Any(a => a.Member == path.Split('.')[0])))
        {
            // Parameters assigned to members by name, among others that aren't floating (a record struct's int).
            if (ArgumentsByMember(creation, assigned, paths) is not { } byMember)
            {
                return null;
            }

            leaves = byMember;
        }
        else
        {
            Unsupported(creation.Syntax, $"the constructor call '{_scope.Renderer.RenderOneLine(creation.Syntax)}'", "GradientGen follows a constructor that sets the members from its parameters in order; set the members with an object initializer instead");
            return null;
        }

        return leaves is null ? null : Initialized(leaves, paths, creation.Initializer);
    }

    /// <summary>The leaves of <c>new S(…)</c> for a constructor that assigns its parameters to the members of their names.</summary>
    private List<Atom>? ArgumentsByMember(IObjectCreationOperation creation, List<(string Member, string Parameter)> assigned, ImmutableArray<string> paths)
    {
        // Each floating or struct argument once, in the order written.
        var lowered = new Dictionary<string, List<Atom>>();
        foreach (IArgumentOperation argument in creation.Arguments.OrderBy(a => a.Syntax.SpanStart))
        {
            if (argument.Parameter is not { } parameter || !assigned.Any(a => a.Parameter == parameter.Name))
            {
                continue;
            }

            if (StructShapes.IsStruct(argument.Value.Type))
            {
                if (StructLeaves(argument.Value) is not { } inner)
                {
                    return null;
                }

                lowered[parameter.Name] = inner;
            }
            else if (SymbolFacts.KindOf(argument.Value.Type) != ScalarKind.None)
            {
                lowered[parameter.Name] = [LowerAtom(argument.Value)];
            }
        }

        var leaves = new List<Atom>();
        foreach (string path in paths)
        {
            int dot = path.IndexOf('.');
            string member = dot < 0 ? path : path.Substring(0, dot);
            string parameter = assigned.First(a => a.Member == member).Parameter;
            List<Atom> values = lowered.TryGetValue(parameter, out List<Atom>? found) ? found : [];

            ITypeSymbol? type = creation.Arguments.First(a => a.Parameter?.Name == parameter).Value.Type;
            // A float member takes a float argument; an inner struct's member, that leaf of a struct argument.
            int index = dot < 0 ? 0 : StructShapes.LeavesOf(type).IndexOf(path.Substring(dot + 1));
            if (index < 0 || index >= values.Count || (dot < 0) == StructShapes.IsStruct(type))
            {
                Unsupported(creation.Syntax, $"the constructor call '{_scope.Renderer.RenderOneLine(creation.Syntax)}'", "GradientGen follows a constructor that sets each floating member from a parameter of its type; set the members with an object initializer instead");
                return null;
            }

            leaves.Add(values[index]);
        }

        return leaves;
    }

    private List<Atom>? Initialized(List<Atom> leaves, ImmutableArray<string> paths, IObjectOrCollectionInitializerOperation? initializer)
    {
        foreach (IOperation init in initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (init is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment)
            {
                Unsupported(init.Syntax, $"the initializer '{_scope.Renderer.RenderOneLine(init.Syntax)}'", "set the members with '='");
                return null;
            }

            string name = StructShapes.MemberName(member.Member);
            if (StructShapes.IsStruct(assignment.Value.Type))
            {
                if (StructLeaves(assignment.Value) is not { } inner)
                {
                    return null;
                }

                ImmutableArray<string> innerPaths = StructShapes.LeavesOf(assignment.Value.Type);
                for (int i = 0; i < innerPaths.Length; i++)
                {
                    leaves[paths.IndexOf(name + "." + innerPaths[i])] = inner[i];
                }
            }
            else if (paths.IndexOf(name) is int index and >= 0)
            {
                leaves[index] = LowerAtom(assignment.Value);
            }
        }

        return leaves;
    }

    /// <summary>
    /// A constructor whose parameters are the members in order: a System.Numerics vector's or quaternion's
    /// (<c>Vector3(Vector2 value, float z)</c> included), a record struct's primary constructor, or a source
    /// constructor whose body only assigns each parameter to the member of its position.
    /// </summary>
    private static bool ConstructorSetsMembersInOrder(IMethodSymbol constructor, ImmutableArray<string> paths)
    {
        var expanded = new List<string>();
        foreach (IParameterSymbol p in constructor.Parameters)
        {
            ImmutableArray<string> inner = StructShapes.LeavesOf(p.Type);
            if (inner.IsEmpty && SymbolFacts.KindOf(p.Type) == ScalarKind.None)
            {
                return false;
            }

            expanded.AddRange(inner.IsEmpty ? [p.Name] : inner.Select(l => p.Name + "." + l));
        }

        if (expanded.Count != paths.Length)
        {
            return false;
        }

        if (IsVectorType(constructor.ContainingType) || StructRebuilds.IsComplex(constructor.ContainingType) || constructor.ContainingType.Name == "Quaternion" && constructor.ContainingType.ContainingNamespace.ToDisplayString() == "System.Numerics")
        {
            return true;
        }

        // A record struct's primary constructor (each parameter becomes the property of its name), or a body of
        // 'Member = parameter;' statements: scalar members only, in the leaves' order.
        return constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is RecordDeclarationSyntax
            ? constructor.Parameters.Select(p => p.Name).SequenceEqual(paths.Select(path => path.Split('.')[0]).Distinct())
            : StructRebuilds.Assignments(constructor) is { } assigned && assigned.Count == paths.Length
                && assigned.Select(a => a.Member).SequenceEqual(paths)
                && assigned.Select(a => a.Parameter).SequenceEqual(constructor.Parameters.Select(p => p.Name));
    }

    /// <summary>
    /// <c>(a, b) = value</c> and <c>var (a, b) = value</c> where a target is active: every element is computed
    /// (a tuple literal's elements, or a tuple variable's members) before any target is assigned, so
    /// <c>(a, b) = (b, a)</c> swaps. Targets are variables or discards, nested tuples included.
    /// </summary>
    private void LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = new List<IOperation>();
        var values = new List<IOperation?>();
        if (!PairUp(deconstruction.Target, deconstruction.Value, targets, values))
        {
            Unsupported(deconstruction.Syntax, $"the deconstruction '{_scope.Renderer.RenderOneLine(deconstruction.Syntax)}'", "deconstruct a tuple literal, or a tuple variable or a call's tuple result into float or double variables; or assign the members one by one");
            return;
        }

        // A tuple computed by an expression (a call's result): its members once, as a struct's leaves.
        List<Atom>? members = null;
        if (values.Contains(null) && ActivityAnalysis.VariableOf(deconstruction.Value) is null)
        {
            members = StructLeaves(deconstruction.Value);
            if (members is null)
            {
                return;
            }
        }

        // Each value first: a tuple literal's element as it is, a tuple variable's member read from it.
        var computed = new List<object?>();
        for (int i = 0; i < targets.Count; i++)
        {
            IOperation target = targets[i];
            IOperation? value = values[i];
            if (value is not null && StructShapes.IsStruct(target.Type) && !KeepsOtherState(value))
            {
                return;
            }

            computed.Add(target is IDiscardOperation ? null
                : value is null && members is not null ? members[i]
                : value is null ? ReadTupleElement(deconstruction.Value, i, target.Type)
                : StructShapes.IsStruct(value.Type) && ActivityAnalysis.DifferentiableReads(value).Any(_scope.IsActive) ? StructLeaves(value)
                : LowerAtom(value));
        }

        for (int i = 0; i < targets.Count; i++)
        {
            if (computed[i] is null || ActivityAnalysis.VariableOf(targets[i]) is not { } symbol)
            {
                continue;
            }

            int variable = _scope.VariableOf(symbol);
            bool declares = IsDeclaredBy(targets[i], deconstruction);
            if (computed[i] is List<Atom> leaves)
            {
                if (declares)
                {
                    Emit(new DeclareStmt(variable));
                }

                StoreLeaves(variable, StructShapes.LeavesOf(targets[i].Type), leaves);
            }
            else
            {
                Emit(new AssignStmt(variable, new CopyExpr((Atom)computed[i]!), declares, Overwrites: false, Save: null));
            }
        }
    }

    /// <summary>Whether the target is a local the deconstruction declares (<c>var (a, b) = …</c>, <c>(double a, var b) = …</c>).</summary>
    private static bool IsDeclaredBy(IOperation target, IOperation deconstruction)
    {
        for (IOperation? op = target; op is not null && op != deconstruction; op = op.Parent)
        {
            if (op is IDeclarationExpressionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The targets of a deconstruction in order, each with its value when the value is a tuple literal (else null).</summary>
    private static bool PairUp(IOperation target, IOperation? value, List<IOperation> targets, List<IOperation?> values)
    {
        while (value is IConversionOperation { Operand: ITupleOperation } conversion)
        {
            value = conversion.Operand;
        }

        if (target is IDeclarationExpressionOperation { Expression: ITupleOperation declared })
        {
            target = declared;
        }

        if (target is not ITupleOperation tuple)
        {
            bool assignable = target is IDiscardOperation || ActivityAnalysis.VariableOf(target) is not null;
            targets.Add(target);
            values.Add(value);
            return assignable;
        }

        if (value is ITupleOperation literal)
        {
            if (literal.Elements.Length != tuple.Elements.Length)
            {
                return false;
            }

            for (int i = 0; i < tuple.Elements.Length; i++)
            {
                if (!PairUp(tuple.Elements[i], literal.Elements[i], targets, values))
                {
                    return false;
                }
            }

            return true;
        }

        // A tuple variable or a tuple-valued expression (a call): flat, into floating or discarded targets only
        // (its members are read by position).
        return value is not null && value.Type is { IsTupleType: true } && (ActivityAnalysis.VariableOf(value) is not null || StructShapes.IsStruct(value.Type))
            && StructShapes.LeavesOf(value.Type).Length == tuple.Elements.Length
            && tuple.Elements.All(e => e is IDiscardOperation || (SymbolFacts.KindOf(e.Type) != ScalarKind.None && ActivityAnalysis.VariableOf(e is IDeclarationExpressionOperation d ? d.Expression : e) is not null))
            && AddAll(tuple.Elements, targets, values);
    }

    private static bool AddAll(ImmutableArray<IOperation> elements, List<IOperation> targets, List<IOperation?> values)
    {
        foreach (IOperation element in elements)
        {
            targets.Add(element is IDeclarationExpressionOperation { Expression: var local } ? local : element);
            values.Add(null);
        }

        return true;
    }

    /// <summary>Element <paramref name="position"/> of the tuple variable <paramref name="tuple"/>: its member <c>Item{position + 1}</c>.</summary>
    private VariableAtom ReadTupleElement(IOperation tuple, int position, ITypeSymbol? type)
    {
        ISymbol symbol = ActivityAnalysis.VariableOf(tuple)!;
        string path = "Item" + (position + 1);
        ScalarKind kind = SymbolFacts.KindOf(type);
        if (_scope.IsActive(symbol))
        {
            return ReadMember(_scope.VariableOf(symbol), path, kind);
        }

        int leaf = _scope.NewTemporary(kind, active: false);
        Emit(new AssignStmt(leaf, new VerbatimExpr(_scope.Variables[_scope.VariableOf(symbol)].Name + "." + path), Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(leaf);
    }

    private static bool IsVectorType(INamedTypeSymbol? type) =>
        type is { Name: "Vector2" or "Vector3" or "Vector4", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsVectorArithmetic(IMethodSymbol? method, BinaryOperatorKind kind) =>
        method is not null && IsVectorType(method.ContainingType) && Operator(kind) is not null;

    /// <summary>
    /// <c>a + b</c>, <c>a - b</c>, <c>a * b</c> and <c>a / b</c> member by member; <c>a * s</c>, <c>s * a</c>,
    /// <c>a / s</c> by a scalar; for the System.Numerics vectors (<see cref="IsVectorArithmetic"/>). Null after a report.
    /// </summary>
    private List<Atom>? VectorArithmetic(IMethodSymbol method, BinaryOperatorKind kind, IOperation left, IOperation right)
    {
        BinaryOperator op = Operator(kind)!.Value;

        ScalarKind scalar = StructShapes.KindOf(method.ContainingType);
        bool leftIsVector = StructShapes.IsStruct(left.Type), rightIsVector = StructShapes.IsStruct(right.Type);
        List<Atom>? a = leftIsVector ? StructLeaves(left) : null;
        List<Atom>? b = rightIsVector ? StructLeaves(right) : null;
        Atom? s = !leftIsVector ? LowerAtom(left) : !rightIsVector ? LowerAtom(right) : null;
        if ((leftIsVector && a is null) || (rightIsVector && b is null))
        {
            return null;
        }

        int count = (a ?? b)!.Count;
        return Enumerable.Range(0, count).Select(i => (Atom)Binary(op, a is null ? s! : a[i], b is null ? s! : b[i], scalar)).ToList();
    }

    /// <summary>Static methods of Vector2/3/4 that return a vector: Add … Negate, Normalize, Cross, Lerp.</summary>
    private List<Atom>? VectorFunction(IInvocationOperation call, ScalarKind kind)
    {
        IOperation Arg(int i) => call.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
        switch (call.TargetMethod.Name, call.Arguments.Length)
        {
            case ("Add", 2):
                return VectorArithmetic(call.TargetMethod, BinaryOperatorKind.Add, Arg(0), Arg(1));
            case ("Subtract", 2):
                return VectorArithmetic(call.TargetMethod, BinaryOperatorKind.Subtract, Arg(0), Arg(1));
            case ("Multiply", 2):
                return VectorArithmetic(call.TargetMethod, BinaryOperatorKind.Multiply, Arg(0), Arg(1));
            case ("Divide", 2):
                return VectorArithmetic(call.TargetMethod, BinaryOperatorKind.Divide, Arg(0), Arg(1));
            case ("Negate", 1):
                return StructLeaves(Arg(0)) is { } negated ? negated.Select(a => (Atom)Unary(a, kind)).ToList() : null;
            case ("Normalize", 1) when StructLeaves(Arg(0)) is { } v:
                Atom length = Sqrt(Dot(v, v, kind), kind);
                return v.Select(a => (Atom)Binary(BinaryOperator.Divide, a, length, kind)).ToList();
            case ("Cross", 2) when StructLeaves(Arg(0)) is { Count: 3 } a && StructLeaves(Arg(1)) is { Count: 3 } b:
                return
                [
                    Binary(BinaryOperator.Subtract, Binary(BinaryOperator.Multiply, a[1], b[2], kind), Binary(BinaryOperator.Multiply, a[2], b[1], kind), kind),
                    Binary(BinaryOperator.Subtract, Binary(BinaryOperator.Multiply, a[2], b[0], kind), Binary(BinaryOperator.Multiply, a[0], b[2], kind), kind),
                    Binary(BinaryOperator.Subtract, Binary(BinaryOperator.Multiply, a[0], b[1], kind), Binary(BinaryOperator.Multiply, a[1], b[0], kind), kind),
                ];
            case ("Lerp", 3) when StructLeaves(Arg(0)) is { } from && StructLeaves(Arg(1)) is { } to:
                Atom amount = LowerAtom(Arg(2));
                return from.Select((f, i) => (Atom)Binary(BinaryOperator.Add, f, Binary(BinaryOperator.Multiply, Binary(BinaryOperator.Subtract, to[i], f, kind), amount, kind), kind)).ToList();
        }

        Unsupported(call.Syntax, $"'{call.TargetMethod.ContainingType.Name}.{call.TargetMethod.Name}'", "GradientGen differentiates Add, Subtract, Multiply, Divide, Negate, Normalize, Cross and Lerp of the vectors; write the rest on the members");
        return null;
    }

    /// <summary>
    /// Vector2/3/4 functions with a scalar result: <c>Dot</c>, <c>Length</c>, <c>LengthSquared</c>, <c>Distance</c>,
    /// <c>DistanceSquared</c> (static or instance). Null when <paramref name="call"/> is none of them.
    /// </summary>
    private Expr? VectorScalarFunction(IInvocationOperation call)
    {
        IMethodSymbol method = call.TargetMethod;
        if (!IsVectorType(method.ContainingType))
        {
            return null;
        }

        ScalarKind kind = StructShapes.KindOf(method.ContainingType);
        var operands = (call.Instance is null ? [] : new[] { call.Instance }).Concat(call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value)).ToList();
        List<Atom>? Leaves(int i) => StructLeaves(operands[i]);
        switch (method.Name, operands.Count)
        {
            case ("Dot", 2) when Leaves(0) is { } a && Leaves(1) is { } b:
                return new CopyExpr(Dot(a, b, kind));
            case ("LengthSquared", 1) when Leaves(0) is { } v:
                return new CopyExpr(Dot(v, v, kind));
            case ("Length", 1) when Leaves(0) is { } v:
                return SqrtExpr(Dot(v, v, kind), kind);
            case ("DistanceSquared", 2) when Leaves(0) is { } a && Leaves(1) is { } b:
                List<Atom> difference = a.Select((x, i) => (Atom)Binary(BinaryOperator.Subtract, x, b[i], kind)).ToList();
                return new CopyExpr(Dot(difference, difference, kind));
            case ("Distance", 2) when Leaves(0) is { } a && Leaves(1) is { } b:
                List<Atom> d = a.Select((x, i) => (Atom)Binary(BinaryOperator.Subtract, x, b[i], kind)).ToList();
                return SqrtExpr(Dot(d, d, kind), kind);
            default:
                return null;
        }
    }

    private Atom Dot(List<Atom> a, List<Atom> b, ScalarKind kind)
    {
        Atom sum = Binary(BinaryOperator.Multiply, a[0], b[0], kind);
        for (int i = 1; i < a.Count; i++)
        {
            sum = Binary(BinaryOperator.Add, sum, Binary(BinaryOperator.Multiply, a[i], b[i], kind), kind);
        }

        return sum;
    }

    private static MathCallExpr SqrtExpr(Atom value, ScalarKind kind) =>
        new(GradientGen.Emit.Literals.MathClass(kind), "Sqrt", MathFunction.Sqrt, kind, new[] { value }.ToEquatableArray());

    private VariableAtom Sqrt(Atom value, ScalarKind kind) => Computed(SqrtExpr(value, kind), kind);

    private VariableAtom Binary(BinaryOperator op, Atom left, Atom right, ScalarKind kind) => Computed(new BinaryExpr(op, left, right), kind);

    private VariableAtom Unary(Atom operand, ScalarKind kind) => Computed(new UnaryExpr(UnaryOperator.Negate, operand), kind);

    private VariableAtom Computed(Expr expr, ScalarKind kind)
    {
        int temp = _scope.NewTemporary(kind, active: true);
        Emit(new AssignStmt(temp, expr, Declares: true, Overwrites: false, Save: null));
        return new VariableAtom(temp);
    }
}
