using System.Collections.Generic;
using System.Linq;
using GradientGen.Analysis;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Forward mode over the backward's IR: the statements with, beside each one that writes an active value, the
/// statement that carries its tangent along (<c>tV = Σ ∂e/∂a · tA</c> over the active operands a of its
/// expression, with the partial derivatives of <see cref="PartialDerivatives"/>), as inactive statements the
/// forward sweep writes as they are. Nothing is saved and nothing runs backwards, so the saves the reverse sweep
/// needed are dropped. Every active variable's tangent is named <c>t</c> + its name, made unique.
/// </summary>
internal sealed class TangentStatements
{
    private readonly MethodModel _model;
    private readonly NameAllocator _names = new();
    private readonly string?[] _tangents;
    private readonly List<(string? Local, string Text)> _declarations = new();
    private readonly List<(string Buffer, string Element)> _pooled = new();
    private readonly HashSet<int> _blockArrays;
    private readonly HashSet<int> _members;
    private readonly List<string> _objectTangents = new();
    private bool _resultTracked;

    private TangentStatements(MethodModel model)
    {
        _model = model;
        _blockArrays = BlockArrayAdjoints.Of(model);
        _members = new HashSet<int>(TangentSupport.ObjectMembers(model));
        _tangents = new string?[model.Variables.Count];
    }

    /// <summary>The model with the tangent statements in its body and no saves, for <see cref="ForwardSweep"/>.</summary>
    public MethodModel Model { get; private set; } = null!;

    /// <summary>The tangent object of <c>this</c>'s members, for an instance method whose class has members that carry derivatives.</summary>
    public string? ShadowName { get; private set; }

    /// <summary>For an instance method of a struct that carries derivatives: the tangent of its <c>this</c>, a value of its type.</summary>
    public string? StructThisName { get; private set; }

    /// <summary>The result's tangent parameter.</summary>
    public string ResultName { get; private set; } = null!;

    /// <summary>
    /// Declarations at the top of the method: the tangents of active locals start at zero (<c>Local</c> names the
    /// local declared; null for the out parameter of the result, which is assigned however the method goes).
    /// </summary>
    public IReadOnlyList<(string? Local, string Text)> Declarations => _declarations;

    public static TangentStatements For(MethodModel model)
    {
        var statements = new TangentStatements(model);
        statements.Build();
        return statements;
    }

    public string? TangentOf(int variable) => _tangents[variable];

    public string ParameterTangent(ParameterModel p) => _tangents[p.VariableId]!;

    private void Build()
    {
        MethodModel stripped = _model with { Body = Stripped(_model.Body), Stacks = EquatableArray<ValueStackModel>.Empty, SlotBuffers = EquatableArray<SlotBufferModel>.Empty };

        // Tangent names clash with nothing the primal code names (locals, members, types, methods it calls).
        var primal = new CodeWriter();
        ForwardSweep.Write(primal, stripped, reverseSweep: string.Empty);
        foreach (string name in Atoms.Identifiers(primal.ToString()))
        {
            _names.Reserve(name);
        }

        foreach (Variable v in _model.Variables)
        {
            _names.Reserve(v.Name);
        }

        foreach (ParameterModel p in _model.Parameters)
        {
            _names.Reserve(p.Name);
        }

        if (_model.GenericScalarName is { } t)
        {
            _names.Reserve(t);
        }

        ResultName = _names.Allocate("tResult");
        if (_model.ShadowName is { } shadow)
        {
            ShadowName = _names.Allocate("tThis");
            MapMembers(shadow, ShadowName);
        }

        // A struct's own 'this' (StructThis): its tangent is a value of its type, 'tThis', passed by value.
        int? self = null;
        if (_model.StructThis is { } structThis)
        {
            StructThisName = _names.Allocate("tThis");
            self = structThis.Id;
            if (structThis.Active)
            {
                _tangents[structThis.Id] = StructThisName;
            }
        }

        foreach (ParameterModel p in _model.Parameters)
        {
            if (p.AdjointName is not null || _model.Variables[p.VariableId].Active)
            {
                _tangents[p.VariableId] = _names.Allocate(NameFor(p.Name));
            }
        }

        // An object parameter's members (ObjectParameters): their tangents are the same members of its tangent object.
        foreach (ParameterModel p in _model.Parameters.Where(p => p.IsObject && p.AdjointName is not null))
        {
            _objectTangents.Add(_tangents[p.VariableId]!);
            MapMembers(p.AdjointName!, _tangents[p.VariableId]!);
        }

        // A scalar or struct result's tangent is the out parameter itself, assigned from the start.
        if (_model.ReturnShape is ValueShape.Scalar or ValueShape.Struct && _model.Variables.FirstOrDefault(v => v.Name == _model.ResultName) is { Active: true } result)
        {
            _tangents[result.Id] = ResultName;
            _resultTracked = true;
            _declarations.Add((null, $"{ResultName} = {Zero(result)};"));
        }

        foreach (Variable v in _model.Variables)
        {
            if (v.Active && _tangents[v.Id] is null)
            {
                _tangents[v.Id] = _names.Allocate(NameFor(v.Name));
            }
        }

        // Scalars and structs live for the whole method (a loop body's tangent is read in the next iteration);
        // a local array's tangent is made where the array is, at the top level of the method.
        foreach (Variable v in _model.Variables)
        {
            bool parameterInput = v.Role == VariableRole.Parameter && (_model.Parameters.Any(p => p.VariableId == v.Id && p.AdjointName is not null) || v.Id == self);
            if (v.Active && !parameterInput && !IsMember(v) && _tangents[v.Id] != ResultName && v.Shape is ValueShape.Scalar or ValueShape.Struct)
            {
                _declarations.Add((_tangents[v.Id], $"{v.TypeName} {_tangents[v.Id]} = {Zero(v)};"));
            }
        }

        Model = stripped with { Body = Rewrite(stripped.Body) };
    }

    /// <summary>The members whose adjoints are members of <paramref name="shadow"/> get the same members of <paramref name="tangentObject"/>.</summary>
    private void MapMembers(string shadow, string tangentObject)
    {
        foreach (Variable v in _model.Variables)
        {
            if (v.AdjointName is { } adjoint && adjoint.StartsWith(shadow + ".", System.StringComparison.Ordinal))
            {
                _tangents[v.Id] = tangentObject + adjoint.Substring(shadow.Length);
            }
        }
    }

    /// <summary>A member of this or of an object parameter: its tangent is a member of a tangent object, declared by the caller.</summary>
    private bool IsMember(Variable v) => _members.Contains(v.Id);

    /// <summary>The tangent objects of the object parameters (<c>tLayer</c>).</summary>
    public IReadOnlyList<string> ObjectTangents => _objectTangents;

    private static string NameFor(string name)
    {
        string bare = name.TrimStart('@');
        return bare.Length == 0 ? "t" : "t" + char.ToUpperInvariant(bare[0]) + bare.Substring(1);
    }

    private static string Zero(Variable v) => v.Shape == ValueShape.Struct ? "default" : Literals.Zero(v.Kind);

    /// <summary>The body without saves (forward mode keeps nothing for later).</summary>
    private static EquatableArray<Stmt> Stripped(EquatableArray<Stmt> body) => body.Select(s => s switch
    {
        SourceStmt source => source with { Body = Stripped(source.Body) },
        IfStmt branch => branch with { Then = Stripped(branch.Then), Else = Stripped(branch.Else), Chooses = false },
        LoopStmt loop => loop with { Body = Stripped(loop.Body), Fused = false, InvariantReads = EquatableArray<AssignStmt>.Empty, Selection = null },
        AssignStmt assign => assign with { Save = null, Reread = false, RestoreFirst = false, Selects = null },
        ElementAssignStmt store => store with { Save = null },
        RowAllocStmt row => row with { Save = null },
        VerbatimStmt verbatim => verbatim with { Saves = EquatableArray<SavedVariable>.Empty, Inverse = null },
        _ => s,
    }).ToEquatableArray();

    private EquatableArray<Stmt> Rewrite(EquatableArray<Stmt> body)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack(); // Nests as deep as the user's code: DeepStack.
        var result = new List<Stmt>();
        foreach (Stmt stmt in body)
        {
            switch (stmt)
            {
                case SourceStmt source:
                    result.Add(source with { Body = Rewrite(source.Body) });
                    break;
                case IfStmt branch:
                    result.Add(branch with { Then = Rewrite(branch.Then), Else = Rewrite(branch.Else) });
                    break;
                case LoopStmt loop:
                    result.Add(loop with { Body = Rewrite(loop.Body) });
                    break;
                case AssignStmt assign:
                    Assign(assign, result);
                    break;
                case ElementAssignStmt store:
                    result.Add(store);
                    Store(store, result);
                    break;
                case WritingCallStmt { Result: int returned } call:
                    // The callee's tangent writes the members as the call does, and their tangents in the tangent objects.
                    Variable value = _model.Variables[returned];
                    result.Add(Text($"{value.TypeName} {value.Name} = {TangentCall(call.Call, value.Active ? "out " + _tangents[returned] : "out _")};"));
                    break;
                case WritingCallStmt call:
                    result.Add(Text(TangentCall(call.Call, resultTangent: null) + ";"));
                    break;
                case RowAllocStmt row:
                    // A fresh row of zeros: its tangent is zeros of the same length. A row naming an array: a copy of that
                    // array's tangent (a callee's per run of a block is an array of its own, named as it is).
                    result.Add(row);
                    if (_tangents[row.Array] is { } rows)
                    {
                        string at = Atoms.Text(_model, row.Index);
                        string zeros = $"new {SymbolFacts.KeywordFor(_model.Variables[row.Array].Kind)}[{_model.Variables[row.Array].Name}[{at}].Length]";
                        string tangent = row.Named is VariableAtom { VariableId: int named } && TangentOf(row.Named) is { } t
                            ? _blockArrays.Contains(named) ? t : t + ".ToArray()"
                            : zeros;
                        result.Add(Text($"{rows}[{at}] = {tangent};"));
                    }

                    break;
                default:
                    result.Add(stmt);
                    break;
            }
        }

        return result.ToEquatableArray();
    }

    private static VerbatimStmt Text(string text) => new VerbatimStmt(text, EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty);

    /// <summary>The tangent of an atom, or null when it is a constant or inactive.</summary>
    private string? TangentOf(Atom atom) => atom is VariableAtom { VariableId: int id } && _model.Variables[id].Active ? _tangents[id] : null;

    private void Assign(AssignStmt assign, List<Stmt> result)
    {
        Variable target = _model.Variables[assign.Target];
        if (!target.Active || _tangents[target.Id] is not { } t)
        {
            result.Add(assign);
            return;
        }

        switch (assign.Value)
        {
            case CopyExpr or ElementExpr when ArrayRebinds.Is(_model.Variables, assign):
                // An array local naming another array: its tangent names that array's tangent (neither is written after).
                result.Add(assign);
                string named = ArrayRebinds.Named(_model, assign, v => v.Active ? _tangents[v.Id] : null) ?? $"new {Atoms.ElementTypeOf(target)}[{target.Name}.Length]";
                result.Add(Text(assign.Declares ? $"global::System.ReadOnlySpan<{Atoms.ElementTypeOf(target)}> {t} = {named};" : $"{t} = {named};"));
                break;
            case DiffCallExpr call when target.Shape is ValueShape.Vector or ValueShape.Matrix:
                // The callee's tangent fills this array's tangent, which needs the array's shape: the array first.
                result.Add(assign);
                NewTangentArray(target, t, result);
                result.Add(Text(TangentCall(call, t) + ";"));
                break;
            case DiffCallExpr call when target.Shape == ValueShape.Jagged:
                // A jagged result: the callee's tangent fills rows of the result's shape.
                result.Add(assign);
                result.Add(Text($"var {t} = global::GradientGen.Internal.JaggedArrays.ZerosLike({target.Name});"));
                result.Add(Text(TangentCall(call, t) + ";"));
                break;
            case DiffCallExpr call:
                result.Add(assign with { Value = new VerbatimExpr(TangentCall(call, "out " + t)) });
                break;
            case VerbatimExpr when target.View is { } view:
                // A slice of a parameter: its tangent is the same slice of the parameter's tangent.
                result.Add(assign);
                result.Add(Text($"var {t} = {SliceAdjoints.TangentOf(target, _tangents[view.Parent]!)};"));
                break;
            case VerbatimExpr when target.Shape is ValueShape.Vector or ValueShape.Matrix or ValueShape.StructArray or ValueShape.Jagged:
                result.Add(assign);
                NewTangentArray(target, t, result);
                break;
            case VerbatimExpr:
                // An inactive value (a constant, a new struct of constants): its tangent is zero.
                result.Add(assign);
                result.Add(Text($"{t} = {Zero(target)};"));
                break;
            case ElementExpr element:
                result.Add(assign);
                string? array = _model.Variables[element.Array].Active ? _tangents[element.Array] : null;
                result.Add(Text($"{t} = {(array is null ? Zero(target) : Atoms.Element(_model, _model.Variables[element.Array], array, element.Indices, element.Member))};"));
                break;
            case ConvertExpr convert:
                result.Add(assign);
                result.Add(Text($"{t} = {(TangentOf(convert.Operand) is { } operand ? $"({SymbolFacts.KeywordFor(convert.To)}){operand}" : Zero(target))};"));
                break;
            case CopyExpr copy when target.Shape == ValueShape.Struct:
                result.Add(assign);
                result.Add(Text($"{t} = {TangentOf(copy.Value) ?? "default"};"));
                break;
            default:
                Arithmetic(assign, target, t, result);
                break;
        }
    }

    /// <summary>
    /// <c>tV = Σ ∂e/∂a · tA</c>: each partial derivative rule is written with the operand's tangent in the place of
    /// the result's adjoint. The terms read the result (<c>Exp</c>: ∂ = r) and the operands as they are right after
    /// the operation, so the tangent comes after it; when the operation overwrites one of its own operands the
    /// tangent comes first, reading the operands as they were, with the result computed in place.
    /// </summary>
    private void Arithmetic(AssignStmt assign, Variable target, string t, List<Stmt> result)
    {
        IReadOnlyList<Atom> operands = assign.Value.Operands();
        string[] texts = operands.Select(a => Atoms.Text(_model, a)).ToArray();
        bool accumulates = Atoms.IsAccumulation(assign);
        bool readsTarget = !accumulates && operands.Any(a => a is VariableAtom { VariableId: int id } && id == target.Id);
        string r = readsTarget ? "(" + Atoms.Expression(_model, assign.Value) + ")" : target.Name;
        var terms = new List<Contribution>();
        for (int i = 0; i < operands.Count; i++)
        {
            if (TangentOf(operands[i]) is { } tangent)
            {
                terms.AddRange(PartialDerivatives.Of(assign.Value, target.Kind, tangent, r, texts, accumulates).Where(c => c.Operand == i));
            }
        }

        string line = accumulates
            ? terms.Count == 0 ? string.Empty : $"{t} {(terms[0].Negate ? "-=" : "+=")} {Sum(terms, negateAll: terms[0].Negate)};"
            : $"{t} = {(terms.Count == 0 ? Zero(target) : Sum(terms, negateAll: false))};";
        if (readsTarget)
        {
            result.Add(Text(line));
            result.Add(assign);
        }
        else
        {
            result.Add(assign);
            if (line.Length > 0)
            {
                result.Add(Text(line));
            }
        }
    }

    /// <summary>The terms added (or subtracted when negated); with <paramref name="negateAll"/> every sign is flipped (after <c>-=</c>).</summary>
    private static string Sum(List<Contribution> terms, bool negateAll)
    {
        var text = new System.Text.StringBuilder();
        foreach (Contribution c in terms)
        {
            bool negate = c.Negate != negateAll;
            if (text.Length == 0)
            {
                text.Append(negate ? "-" + Grouped(c.Term, always: c.Term.Contains(' ')) : Grouped(c.Term, always: false));
            }
            else
            {
                text.Append(negate ? " - " : " + ").Append(Grouped(c.Term, always: negate && (c.Term.Contains(" + ") || c.Term.Contains(" - "))));
            }
        }

        return text.ToString();
    }

    private static string Grouped(string term, bool always) => always || term.Contains('?') ? "(" + term + ")" : term;

    /// <summary><c>a[i] = v</c> (or += / -=): the tangent's element gets v's tangent the same way.</summary>
    private void Store(ElementAssignStmt store, List<Stmt> result)
    {
        Variable array = _model.Variables[store.Array];
        if (!array.Active || _tangents[array.Id] is not { } t)
        {
            return;
        }

        string? value = TangentOf(store.Value);
        if (store.Compound is { } op)
        {
            if (value is not null)
            {
                result.Add(Text(Atoms.Store(_model, array, t, store.Indices, store.Member, op, value)));
            }
        }
        else
        {
            result.Add(Text(Atoms.Store(_model, array, t, store.Indices, store.Member, compound: null, value ?? Literals.Zero(array.Kind))));
        }
    }

    /// <summary>A local array's tangent: zeros of its shape, a vector's from the shared pool (given back at the end).</summary>
    private void NewTangentArray(Variable array, string t, List<Stmt> result)
    {
        string keyword = Atoms.ElementTypeOf(array);
        if (_blockArrays.Contains(array.Id))
        {
            // Allocated per run of a loop or branch: so is its tangent, as the method allocates the array.
            result.Add(Text(array.Shape == ValueShape.Matrix
                ? $"var {t} = new {keyword}[{array.Name}.GetLength(0), {array.Name}.GetLength(1)];"
                : $"var {t} = new {keyword}[{array.Name}.Length];"));
        }
        else if (array.Shape == ValueShape.Jagged)
        {
            // A local jagged array: its rows' tangents are allocated with the rows (RowAllocStmt).
            result.Add(Text($"var {t} = new {keyword}[{array.Name}.Length][];"));
        }
        else if (array.Shape is ValueShape.Vector or ValueShape.StructArray)
        {
            string buffer = _names.Allocate(t + "Buffer");
            _pooled.Add((buffer, keyword));
            result.Add(Text($"{keyword}[] {buffer} = global::System.Buffers.ArrayPool<{keyword}>.Shared.Rent({array.Name}.Length);\nvar {t} = global::System.MemoryExtensions.AsSpan({buffer}, 0, {array.Name}.Length);\n{t}.Clear();"));
        }
        else
        {
            result.Add(Text($"var {t} = new {keyword}[{array.Name}.GetLength(0), {array.Name}.GetLength(1)];"));
        }
    }

    /// <summary>
    /// The callee's <c>…Tangent</c>: its arguments, the tangent of each argument it takes one for (zero for a
    /// constant or an inactive value), and <paramref name="resultTangent"/> (none for a call that returns nothing).
    /// </summary>
    private string TangentCall(DiffCallExpr call, string? resultTangent)
    {
        var arguments = call.Arguments.Select(a => Atoms.Text(_model, a)).ToList();
        if (call.Callee.TakesShadow)
        {
            // The tangent object of the object the call runs on.
            arguments.Add(TangentObjectOf(ShadowedCall.Receiver(_model, call.Callee.Receiver)));
        }

        if (call.StructReceiver is { } structReceiver)
        {
            // A struct's own method: its tangent takes the receiver's tangent (tThis) right after the arguments.
            arguments.Add(TangentOf(structReceiver) ?? "default");
        }

        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (!call.Callee.ObjectParameters.IsEmpty && call.Callee.ObjectParameters[i])
            {
                arguments.Add(TangentObjectOf(ShadowedCall.ObjectOf(_model, call.Arguments[i])));
                continue;
            }

            if (!call.Callee.ActiveParameters[i])
            {
                continue;
            }

            ScalarKind kind = call.Callee.ParameterKinds[i];
            arguments.Add(TangentOf(call.Arguments[i]) ?? call.Callee.ParameterShapes[i] switch
            {
                ValueShape.Scalar => Literals.Zero(kind),
                ValueShape.Struct => "default",
                // An inactive array where the callee takes a tangent: zeros of its shape.
                ValueShape shape => Atoms.ZerosShaped(_model, shape, kind, call.Arguments[i]),
            });
        }

        if (resultTangent is not null)
        {
            arguments.Add(resultTangent);
        }

        return Atoms.Call(Atoms.Receiver(_model, call, call.Callee.Receiver), call.Callee.TangentName!, string.Join(", ", arguments));
    }

    /// <summary>An object parameter's tangent object, or this's (<c>tThis</c>) for null.</summary>
    private string TangentObjectOf(ParameterModel? owner) => owner is null ? ShadowName! : _tangents[owner.VariableId]!;

    /// <summary>At the end: the result's tangent to the caller, and the pooled buffers back. Returns what the method returns.</summary>
    public string WriteResult(CodeWriter w)
    {
        string returned = _model.ResultArray is { } resultArray ? _model.Variables[resultArray].Name : _model.ResultName;
        switch (_model.ReturnShape)
        {
            case ValueShape.Vector:
                Variable array = _model.Variables[_model.ResultArray!.Value];
                w.Open($"if ({ResultName}.Length != {array.Name}.Length)");
                w.Line($"throw new global::System.ArgumentException(\"'{ResultName}' must have the length of the result.\", nameof({ResultName}));");
                w.Close();
                w.Line(array.Active && _tangents[array.Id] is { } vector ? $"{vector}.CopyTo({ResultName});" : $"{ResultName}.Clear();");
                break;
            case ValueShape.Matrix:
                Variable matrix = _model.Variables[_model.ResultArray!.Value];
                w.Open($"if ({ResultName}.GetLength(0) != {matrix.Name}.GetLength(0) || {ResultName}.GetLength(1) != {matrix.Name}.GetLength(1))");
                w.Line($"throw new global::System.ArgumentException(\"'{ResultName}' must have the shape of the result.\", nameof({ResultName}));");
                w.Close();
                if (matrix.Active && _tangents[matrix.Id] is { } tangent)
                {
                    w.Line($"global::System.Array.Copy({tangent}, {ResultName}, {tangent}.Length);");
                }
                else
                {
                    w.Line($"global::System.Array.Clear({ResultName});");
                }

                break;
            case ValueShape.Jagged:
                // The caller's storage of the result's shape (checked now that the rows exist) takes each row's tangent.
                Variable rows = _model.Variables[_model.ResultArray!.Value];
                w.Line($"global::GradientGen.Internal.JaggedArrays.CheckTangent({rows.Name}, {ResultName}, \"result\", nameof({ResultName}));");
                string row = _names.Allocate("row");
                w.Open($"for (int {row} = 0; {row} < {rows.Name}.Length; {row}++)");
                w.Line(rows.Active && _tangents[rows.Id] is { } rowTangents
                    ? $"{rowTangents}[{row}]?.CopyTo({ResultName}[{row}], 0);"
                    : $"if ({ResultName}[{row}] is not null) global::System.Array.Clear({ResultName}[{row}]);");
                w.Close();
                break;
            case ValueShape.None when _model.ReturnsVoid:
                break; // Its outputs are the spans it writes, whose tangents it wrote.
            default:
                if (!_resultTracked)
                {
                    // The result doesn't depend on the parameters: its tangent is zero.
                    w.Line($"{ResultName} = {(_model.ReturnShape == ValueShape.Struct ? "default" : Literals.Zero(_model.ReturnKind))};");
                }

                break;
        }

        foreach ((string buffer, string element) in _pooled)
        {
            w.Line($"global::System.Buffers.ArrayPool<{element}>.Shared.Return({buffer});");
        }

        return returned;
    }
}
