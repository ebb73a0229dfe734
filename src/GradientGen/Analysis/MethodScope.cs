using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Emit;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradientGen.Analysis;

/// <summary>
/// The variables of the method being lowered (parameters, user locals under method-unique names,
/// temporaries), their activity, and the names the generated code uses.
/// </summary>
internal sealed class MethodScope
{
    private readonly Dictionary<ISymbol, int> _ids = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _active;
    private readonly Dictionary<IOperation, bool> _readsActive = new();
    private readonly HashSet<ISymbol> _useful;
    private readonly HashSet<ISymbol> _tainted;
    private readonly Dictionary<ISymbol, string> _renames = new(SymbolEqualityComparer.Default);
    private int _temporaryCounter;
    private int _conditionCounter;

    public MethodScope(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, HashSet<ISymbol> active, HashSet<ISymbol> useful, HashSet<ISymbol> tainted)
    {
        _useful = useful;
        _tainted = tainted;
        Method = method;
        MethodSyntax = syntax;
        _active = active;
        Names = new NameAllocator();

        // Reserve every name the method mentions except its own locals, which are named next.
        var locals = new List<ILocalSymbol>();
        foreach (SyntaxNode node in syntax.DescendantNodes())
        {
            if (semanticModel.GetDeclaredSymbol(node) is ILocalSymbol local && node.SyntaxTree == syntax.SyntaxTree)
            {
                locals.Add(local);
            }
        }

        foreach (SyntaxToken token in syntax.DescendantTokens())
        {
            if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && !IsLocalToken(token, semanticModel))
            {
                Names.Reserve(token.ValueText);
            }
        }

        foreach (IParameterSymbol p in method.Parameters)
        {
            Add(p, p.Name, p.Type);
        }

        // The members of this that carry derivatives are inputs like parameters, read as this.W.
        if (InstanceMembers.HasShadow(method))
        {
            foreach (ISymbol member in InstanceMembers.Of(method.ContainingType))
            {
                ITypeSymbol type = InstanceMembers.TypeOf(member)!;
                _ids[member] = NewVariable("this." + SymbolFacts.Escape(member.Name), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Parameter, IsActive(member), SymbolFacts.ShapeOf(type), type);
            }
        }

        // A struct's own 'this' is a variable of the analysis (ActivityAnalysis.VariableOf), an input like a struct
        // parameter (StructThis) whose adjoint is dThis.
        if (!method.IsStatic && StructShapes.IsStruct(method.ContainingType))
        {
            _ids[method.ContainingType] = NewVariable("this", StructShapes.KindOf(method.ContainingType), TypeText(method.ContainingType), "default", VariableRole.Parameter, IsActive(method.ContainingType), ValueShape.Struct, method.ContainingType);
        }

        // So are the members of an object parameter, read as layer.W (ObjectParameters; a colliding one is refused before).
        foreach (IParameterSymbol owner in method.Parameters.Where(ObjectParameters.IsObjectParameter))
        {
            foreach (ISymbol member in ObjectParameters.MembersOf(owner))
            {
                ITypeSymbol type = InstanceMembers.TypeOf(member)!;
                _ids[member] = NewVariable(SymbolFacts.Escape(owner.Name) + "." + SymbolFacts.Escape(member.Name), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Parameter, IsActive(member), SymbolFacts.ShapeOf(type), type);
            }
        }

        var renames = _renames;
        foreach (ILocalSymbol local in locals)
        {
            if (_ids.ContainsKey(local))
            {
                continue;
            }

            string name = Names.Allocate(local.Name);
            if (name != local.Name)
            {
                renames[local] = name;
            }

            Add(local, name, local.Type);
        }

        // Local functions of the same name in sibling blocks share one scope once blocks are flattened: all but
        // the first get a name of their own.
        var localFunctionNames = new HashSet<string>();
        foreach (LocalFunctionStatementSyntax function in syntax.DescendantNodes().OfType<LocalFunctionStatementSyntax>())
        {
            if (!localFunctionNames.Add(function.Identifier.ValueText) && semanticModel.GetDeclaredSymbol(function) is IMethodSymbol symbol)
            {
                renames[symbol] = Names.Allocate(function.Identifier.ValueText);
            }
        }

        Renderer = new SourceRenderer(semanticModel, renames);
        ResultAdjointName = Names.Allocate("dResult");
        ResultVariable = StructShapes.IsStruct(method.ReturnType)
            ? NewVariable(Names.Allocate("result"), StructShapes.KindOf(method.ReturnType), TypeText(method.ReturnType), DefaultValue(method.ReturnType), VariableRole.Temporary, active: true, ValueShape.Struct, method.ReturnType)
            : NewVariable(Names.Allocate("result"), SymbolFacts.KindOf(method.ReturnType), TypeText(method.ReturnType), DefaultValue(method.ReturnType), VariableRole.Temporary, active: true);
    }

    public IMethodSymbol Method { get; }

    public MethodDeclarationSyntax MethodSyntax { get; }

    public NameAllocator Names { get; }

    public SourceRenderer Renderer { get; }

    public List<Variable> Variables { get; } = new();

    public string ResultAdjointName { get; }

    /// <summary>The local that holds the returned value; its adjoint is <c>dResult</c>.</summary>
    public int ResultVariable { get; }

    public int VariableOf(ISymbol symbol) => _ids[symbol];

    /// <summary>Whether the variable is a member of this or of an object parameter (<see cref="InstanceMembers"/>), read as <c>this.Name</c> or <c>layer.Name</c>.</summary>
    public bool IsMember(int variable) => _ids.Any(kv => kv.Value == variable && InstanceMembers.IsMember(kv.Key));

    /// <summary>False for a symbol of an inner scope the method doesn't own, such as a lambda's parameter.</summary>
    public bool TryGetVariable(ISymbol symbol, out int id) => _ids.TryGetValue(symbol, out id);

    public bool IsActive(ISymbol symbol) =>
        (_active.Contains(ActingAs(symbol)) || (_inlinedActive.Count > 0 && _inlinedActive.ContainsKey(symbol))) && SymbolFacts.ShapeOf(SymbolType(symbol)) != ValueShape.None;

    // The parameters (and the 'this') of the struct members being inlined (MethodLowering.StructMembers).
    // Counted: a member inlined inside another of the same struct binds the same 'this'.
    private readonly Dictionary<ISymbol, int> _inlinedActive = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// While a struct member is inlined, its parameters and its <c>this</c> are active: every value of its body
    /// is then lowered, none copied as text (its text is another file's). <see cref="Forget"/> undoes it.
    /// </summary>
    public void ActivateInlined(ISymbol symbol) => _inlinedActive[symbol] = _inlinedActive.TryGetValue(symbol, out int count) ? count + 1 : 1;

    /// <summary>
    /// Ends <see cref="ActivateInlined"/> for <paramref name="symbol"/>, and forgets what was known about the reads
    /// of <paramref name="scope"/>'s operations.
    /// </summary>
    public void Forget(ISymbol symbol, IOperation scope)
    {
        if (_inlinedActive.TryGetValue(symbol, out int count) && count > 1)
        {
            _inlinedActive[symbol] = count - 1;
        }
        else
        {
            _inlinedActive.Remove(symbol);
        }

        foreach (IOperation op in Microsoft.CodeAnalysis.Operations.OperationExtensions.DescendantsAndSelf(scope))
        {
            _readsActive.Remove(op);
        }
    }

    /// <summary>Whether the variable reaches the result (it may still be inactive).</summary>
    public bool IsUseful(int variable) =>
        variable == ResultVariable || _ids.Any(kv => kv.Value == variable && _useful.Contains(kv.Key));

    /// <summary>
    /// An inactive value that reaches the result yet mentions an active variable through a path GradientGen
    /// cannot differentiate (a lambda, a tuple, an object): its derivative would silently be zero.
    /// </summary>
    /// <summary>Whether a value of the variable may depend on an active parameter along a path without a derivative.</summary>
    public bool IsTainted(ISymbol variable) => _tainted.Contains(ActingAs(variable));

    public ISymbol? HiddenActiveRead(IOperation value) => ActivityAnalysis.AllReads(value).FirstOrDefault(s => IsActive(s) || IsTainted(s));

    // An inlined function's array parameter standing for the argument's array, whose activity it takes.
    private readonly Dictionary<ISymbol, ISymbol> _actingAs = new(SymbolEqualityComparer.Default);

    private ISymbol ActingAs(ISymbol symbol) => _actingAs.Count > 0 && _actingAs.TryGetValue(symbol, out ISymbol? other) ? other : symbol;

    /// <summary>
    /// While an inlined call is lowered, <paramref name="parameter"/> is as active (and as tainted) as
    /// <paramref name="argument"/>, the variable it stands for (null: as itself again). What was known about
    /// the reads of <paramref name="scope"/>'s operations is forgotten, as it may differ from call to call.
    /// </summary>
    public void ActAs(ISymbol parameter, ISymbol? argument, IOperation scope)
    {
        if (argument is null)
        {
            _actingAs.Remove(parameter);
        }
        else
        {
            _actingAs[parameter] = argument;
        }

        foreach (IOperation op in Microsoft.CodeAnalysis.Operations.OperationExtensions.DescendantsAndSelf(scope))
        {
            _readsActive.Remove(op);
        }
    }

    /// <summary>A floating-point expression that reads an active variable along a differentiable path.</summary>
    public bool IsActiveExpression(IOperation op) => SymbolFacts.KindOf(op.Type) != ScalarKind.None && ReadsActive(op);

    /// <summary>
    /// Whether <see cref="ActivityAnalysis.DifferentiableReads"/> of <paramref name="op"/> holds an active
    /// variable, remembered per operation: lowering asks at every level of an expression, and walking each
    /// subtree again was quadratic in its depth (a 10,000-term sum).
    /// </summary>
    private bool ReadsActive(IOperation op)
    {
        if (_readsActive.TryGetValue(op, out bool known))
        {
            return known;
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        bool active = false;
        IEnumerable<IOperation> through = ActivityAnalysis.ReadThrough(op, out ISymbol? variable);
        foreach (IOperation next in through)
        {
            if (ReadsActive(next))
            {
                active = true;
                break;
            }
        }

        active |= variable is not null && IsActive(variable);
        active |= op is Microsoft.CodeAnalysis.Operations.IInvocationOperation call && ShadowedCalls.MembersRead(call).Any(IsActive);
        _readsActive[op] = active;
        return active;
    }

    /// <summary>A floating-point temporary (<c>t0</c>, <c>t1</c>, …).</summary>
    public int NewTemporary(ScalarKind kind, bool active) =>
        NewVariable(Names.AllocateNumbered("t", ref _temporaryCounter), kind, SymbolFacts.KeywordFor(kind), Literals.Zero(kind), VariableRole.Temporary, active);

    /// <summary>
    /// Takes back <paramref name="id"/> when it is the temporary allocated last (a read that repeats the one before
    /// it): the variable and its name are gone, as if never allocated. False when something was allocated after it.
    /// </summary>
    public bool ForgetLastTemporary(int id)
    {
        if (id != Variables.Count - 1 || Variables[id].Role != VariableRole.Temporary || Variables[id].Name != "t" + (_temporaryCounter - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return false;
        }

        Names.ReleaseNumbered(Variables[id].Name, ref _temporaryCounter);
        Variables.RemoveAt(id);
        _constantLeaves.Remove(id);
        return true;
    }

    /// <summary>An active struct temporary (<c>t0</c>, …): a struct expression passed to a call is computed into one.</summary>
    public int NewStructTemporary(ITypeSymbol type) =>
        NewVariable(Names.AllocateNumbered("t", ref _temporaryCounter), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Temporary, active: true, ValueShape.Struct, type);

    /// <summary>An active array temporary (<c>t0</c>, …): the array a [Differentiable] callee returns, passed straight to another call.</summary>
    public int NewArrayTemporary(ITypeSymbol type) =>
        NewVariable(Names.AllocateNumbered("t", ref _temporaryCounter), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Temporary, active: true, SymbolFacts.ShapeOf(type), type);

    /// <summary>An inactive temporary of any type, holding a value copied from the user's code.</summary>
    public int NewTemporary(ITypeSymbol type) =>
        NewVariable(Names.AllocateNumbered("t", ref _temporaryCounter), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Temporary, active: false, SymbolFacts.ShapeOf(type), type);

    /// <summary>A recorded branch condition (<c>c0</c>, <c>c1</c>, …), which the reverse sweep replays.</summary>
    public int NewCondition() =>
        NewVariable(Names.AllocateNumbered("c", ref _conditionCounter), ScalarKind.None, "bool", "false", VariableRole.Temporary, active: false);

    /// <summary>An inactive bool (a break or return flag) or int (a trip counter) with a readable name.</summary>
    public int NewInactive(string preferredName, bool isBool) =>
        NewVariable(Names.Allocate(preferredName), ScalarKind.None, isBool ? "bool" : "int", isBool ? "false" : "0", VariableRole.Temporary, active: false);

    /// <summary>A loop's iteration count, kept by the forward sweep: a long, since a loop may run past int.MaxValue times.</summary>
    public int NewTripCounter() =>
        NewVariable(Names.Allocate("trips"), ScalarKind.None, "long", "0", VariableRole.Temporary, active: false);

    /// <summary>
    /// A fresh variable for a parameter or local of an inlined function (<see cref="InlinedFunction"/>), under
    /// a method-unique name: each inlined call has its own.
    /// </summary>
    /// <param name="active">Active whatever the activity analysis says (a local of an inlined struct member).</param>
    public int NewInlinedVariable(ISymbol symbol, bool active = false)
    {
        ITypeSymbol type = SymbolType(symbol)!;
        return NewVariable(SymbolFacts.Escape(Names.Allocate(symbol.Name)), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), VariableRole.Local, active || IsActive(symbol), SymbolFacts.ShapeOf(type), type);
    }

    /// <summary>
    /// While an inlined call is lowered, <paramref name="symbol"/> stands for <paramref name="variable"/>, in the
    /// IR and in copied code; gives back what it stood for before, for <see cref="Unmap"/>.
    /// </summary>
    public (ISymbol Symbol, int? Id, string? Rename) Map(ISymbol symbol, int variable)
    {
        (ISymbol, int?, string?) previous = (symbol, _ids.TryGetValue(symbol, out int id) ? id : null, _renames.TryGetValue(symbol, out string? rename) ? rename : null);
        _ids[symbol] = variable;
        _renames[symbol] = Variables[variable].Name;
        return previous;
    }

    /// <summary>Undoes a <see cref="Map"/>.</summary>
    public void Unmap((ISymbol Symbol, int? Id, string? Rename) previous)
    {
        if (previous.Id is { } id)
        {
            _ids[previous.Symbol] = id;
        }
        else
        {
            _ids.Remove(previous.Symbol);
        }

        if (previous.Rename is { } rename)
        {
            _renames[previous.Symbol] = rename;
        }
        else
        {
            _renames.Remove(previous.Symbol);
        }
    }

    public Issue IssueAt(string descriptorId, TextSpan span, params string[] args) =>
        new(descriptorId, MethodSyntax.SyntaxTree.FilePath, span.Start, span.Length, args.ToEquatableArray());

    private void Add(ISymbol symbol, string name, ITypeSymbol type)
    {
        _ids[symbol] = NewVariable(SymbolFacts.Escape(name), SymbolFacts.ElementKindOf(type), TypeText(type), DefaultValue(type), symbol is IParameterSymbol ? VariableRole.Parameter : VariableRole.Local, IsActive(symbol), SymbolFacts.ShapeOf(type), type);
    }

    private int NewVariable(string name, ScalarKind kind, string typeName, string defaultValue, VariableRole role, bool active, ValueShape? shape = null, ITypeSymbol? type = null)
    {
        int id = Variables.Count;
        shape ??= kind == ScalarKind.None ? ValueShape.None : ValueShape.Scalar;
        Variables.Add(new Variable(id, name, typeName, kind, shape.Value, role, active && shape != ValueShape.None, AdjointName: null, defaultValue, Stores: StoresOf(type)));
        if (StructShapes.ConstantLeavesOf(SymbolFacts.StructElementOf(type) ?? type) is { IsEmpty: false } constants)
        {
            _constantLeaves[id] = constants;
        }

        return id;
    }

    private readonly Dictionary<int, ImmutableArray<string>> _constantLeaves = new();

    /// <summary>Whether a struct variable (or its elements) has leaves under a [NoDerivative] member.</summary>
    public bool HasConstantLeaves(int variable) => _constantLeaves.ContainsKey(variable);

    /// <summary>A leaf of a struct variable (or of its elements) under a [NoDerivative] member: read as a constant.</summary>
    public bool IsConstantLeaf(int variable, string path) => _constantLeaves.TryGetValue(variable, out ImmutableArray<string> constants) && constants.Contains(path);

    /// <summary>How a struct's (or its elements') members are stored, when some can't be assigned in place.</summary>
    private static LeafStores? StoresOf(ITypeSymbol? type)
    {
        ITypeSymbol? element = SymbolFacts.StructElementOf(type) ?? type;
        ImmutableArray<string> stores = StructShapes.StoresOf(element);
        ImmutableArray<string> leaves = StructShapes.LeavesOf(element);
        return stores.IsEmpty ? null : new LeafStores(leaves.ToEquatableArray(), stores.ToEquatableArray(), StructShapes.WholeOf(element));
    }

    private static string DefaultValue(ITypeSymbol type) =>
        SymbolFacts.KindOf(type) is var kind and not ScalarKind.None ? Literals.Zero(kind)
        : type.SpecialType == SpecialType.System_Boolean ? "false"
        : type.IsValueType ? "default"
        : "default!";

    private static string TypeText(ITypeSymbol type) =>
        SymbolFacts.KindOf(type) is var kind and not ScalarKind.None ? SymbolFacts.KeywordFor(kind) : SymbolFacts.TypeName(type);

    private static ITypeSymbol? SymbolType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type,
        IParameterSymbol p => p.Type,
        ITypeSymbol self => self, // A struct's 'this' (ActivityAnalysis.VariableOf).
        _ => InstanceMembers.TypeOf(symbol),
    };

    private static bool IsLocalToken(SyntaxToken token, SemanticModel semanticModel)
    {
        SyntaxNode? parent = token.Parent;
        if (parent is IdentifierNameSyntax name)
        {
            return semanticModel.GetSymbolInfo(name).Symbol is ILocalSymbol;
        }

        return parent is not null && semanticModel.GetDeclaredSymbol(parent) is ILocalSymbol;
    }
}
