using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Struct locals the method only reads and writes member by member (<c>Vec3 d = p[i + 1] - p[i];</c> followed by
/// <c>d.Length</c>, inlined into reads of <c>d.X</c>, <c>d.Y</c>, <c>d.Z</c>) become one scalar local per member:
/// <c>double p_A = x;</c>, or none where the member is read from the value stored into it (<see cref="Forwarded"/>).
/// The lowering keeps a struct variable whole (<see cref="MethodLowering"/>: each member an element of it), so the
/// generated code built <c>Vec3 d = default; d.X = t6; …</c> and its adjoint <c>dD</c> the same way, which the JIT
/// kept in memory: the spring chain's backward ran 1.48× a hand-written gradient with the structs, 0.96× without
/// (BenchmarkDotNet). A compiler calls this scalar replacement of aggregates; here it runs on the IR, so the saves,
/// the reverse sweep and the tangents see plain scalars.
/// </summary>
/// <remarks>
/// A struct local qualifies when the method declares it once and every use is a member read (<c>t = d.X</c>) or a
/// member store (<c>d.X = v</c>, <c>d.X += v</c>, <c>d.X -= v</c>). Any use of the whole value (passed to a call,
/// stored into an array, assigned from a call's result, returned, compared, named in a statement copied as written)
/// keeps it a struct. Parameters, the result, members of objects and <c>this</c> are never replaced: their layout
/// is the caller's.
/// </remarks>
internal static class StructLocalScalars
{
    /// <summary>The body with the qualifying struct locals replaced by scalars (added to <paramref name="scope"/>'s variables).</summary>
    public static ImmutableArray<Stmt> Apply(MethodScope scope, ImmutableArray<Stmt> body)
    {
        HashSet<int> candidates = Qualifying(scope, body);
        if (candidates.Count == 0)
        {
            return body;
        }

        Dictionary<(int Struct, string Member), Atom> forwarded = Forwarded(scope, body, candidates);

        // One scalar per member read, named after the struct and the member (d.X is d_X), in order of first read.
        // Stores into a member nothing reads are dropped (a scalar only assigned would be a warning).
        var scalars = new Dictionary<(int Struct, string Member), int>();
        foreach ((int structId, string member) in body.Flattened().SelectMany(MemberReads).Where(u => candidates.Contains(u.Struct)))
        {
            if (!scalars.ContainsKey((structId, member)) && !forwarded.ContainsKey((structId, member)))
            {
                Variable v = scope.Variables[structId];
                int id = scope.Variables.Count;
                string name = scope.Names.Allocate(v.Name.TrimStart('@') + "_" + member.Replace('.', '_'));
                scope.Variables.Add(new Variable(id, name, SymbolFacts.KeywordFor(v.Kind), v.Kind, ValueShape.Scalar, v.Role, v.Active, AdjointName: null, Literals.Zero(v.Kind)));
                scalars[(structId, member)] = id;
            }
        }

        foreach (int structId in candidates)
        {
            // Nothing reads it any more: no adjoint is declared for it.
            scope.Variables[structId] = scope.Variables[structId] with { Active = false };
        }

        return new Rewriter(candidates, scalars, forwarded, scope.Variables).Block(body);
    }

    /// <summary>The struct locals whose every use is a member read or store, declared once.</summary>
    private static HashSet<int> Qualifying(MethodScope scope, ImmutableArray<Stmt> body)
    {
        var candidates = new HashSet<int>(scope.Variables
            .Where(v => v.Shape == ValueShape.Struct && v.Role != VariableRole.Parameter && v.Id != scope.ResultVariable && v.Kind is ScalarKind.Double or ScalarKind.Float && !scope.IsMember(v.Id) && !scope.HasConstantLeaves(v.Id))
            .Select(v => v.Id));
        if (candidates.Count == 0)
        {
            return candidates;
        }

        var declarations = new Dictionary<int, int>();
        var wholeUses = new HashSet<int>();
        var texts = new List<string>();
        foreach (Stmt s in body.Flattened())
        {
            switch (s)
            {
                case DeclareStmt declare:
                    declarations[declare.Variable] = declarations.TryGetValue(declare.Variable, out int n) ? n + 1 : 1;
                    break;
                case ElementAssignStmt { Indices.IsEmpty: true, Member.Length: > 0, Compound: null or BinaryOperator.Add or BinaryOperator.Subtract } store:
                    wholeUses.UnionWith(VariablesOf(store.Value));
                    break;
                case AssignStmt { Value: ElementExpr { Indices.IsEmpty: true, Member.Length: > 0 } } read:
                    wholeUses.Add(read.Target);
                    break;
                case AssignStmt assign:
                    wholeUses.Add(assign.Target);
                    wholeUses.UnionWith(assign.Value.Operands().SelectMany(VariablesOf));
                    if (assign.Value is ElementExpr element)
                    {
                        wholeUses.Add(element.Array);
                    }
                    else if (assign.Value is VerbatimExpr verbatim)
                    {
                        texts.Add(verbatim.Text);
                    }

                    if (assign.Selects is int selected)
                    {
                        wholeUses.Add(selected);
                    }

                    break;
                case VerbatimStmt verbatim:
                    texts.Add(verbatim.Text);
                    wholeUses.UnionWith(verbatim.Writes);
                    break;
                case LoopStmt loop:
                    texts.Add(loop.Condition);
                    texts.AddRange(loop.Counter is { } counter ? counter.Locals.Select(l => l.Value).Append(counter.TripCount ?? string.Empty) : []);
                    break;
                case SourceStmt or IfStmt:
                    break;
                default:
                    // Any other statement (a list's Add, a call writing the caller's state, …): whatever it names stays whole.
                    wholeUses.UnionWith(s.ReadVariables().Concat(s.WrittenVariables()));
                    break;
            }
        }

        candidates.RemoveWhere(id => wholeUses.Contains(id) || !declarations.TryGetValue(id, out int count) || count != 1
            || texts.Any(text => Regex.IsMatch(text, $@"(?<![\w@.]){Regex.Escape(scope.Variables[id].Name)}(?!\w)")));
        return candidates;
    }

    /// <summary>
    /// The members stored once, by the statement that first uses them, right after the struct's declaration, with a
    /// value that can't change before any read (a constant, a parameter nothing writes, a local assigned once, before
    /// the declaration in the same block: the temporaries the lowering computes a struct value into). Their reads take
    /// that value, and they get no scalar: <c>double d_X = t6; double t9 = d_X;</c> is <c>double t9 = t6;</c>, a copy
    /// less that mattered (with it, the spring chain's backward ran 1.11× a hand-written gradient under dynamic PGO,
    /// without it 0.96×: the JIT doesn't always see through a chain of copies).
    /// </summary>
    private static Dictionary<(int Struct, string Member), Atom> Forwarded(MethodScope scope, ImmutableArray<Stmt> body, HashSet<int> candidates)
    {
        var writes = new Dictionary<int, int>();
        var stores = new Dictionary<(int Struct, string Member), int>();
        foreach (Stmt s in body.Flattened())
        {
            foreach (int v in s.WrittenVariables())
            {
                writes[v] = writes.TryGetValue(v, out int n) ? n + 1 : 1;
            }

            if (s is ElementAssignStmt { Indices.IsEmpty: true, Member.Length: > 0 } store)
            {
                stores[(store.Array, store.Member)] = stores.TryGetValue((store.Array, store.Member), out int n) ? n + 1 : 1;
            }
        }

        var forwarded = new Dictionary<(int Struct, string Member), Atom>();
        void Visit(IReadOnlyList<Stmt> block)
        {
            for (int i = 0; i < block.Count; i++)
            {
                switch (block[i])
                {
                    case DeclareStmt declare when candidates.Contains(declare.Variable):
                        foreach ((int Struct, string Member) member in stores.Keys.Where(k => k.Struct == declare.Variable))
                        {
                            if (stores[member] == 1 && DeclaringStore(block, i, member) is { } store && Fixed(store.Value, block, i))
                            {
                                forwarded[member] = store.Value;
                            }
                        }

                        break;
                    case SourceStmt source:
                        Visit(source.Body);
                        break;
                    case IfStmt branch:
                        Visit(branch.Then);
                        Visit(branch.Else);
                        break;
                    case LoopStmt loop:
                        Visit(loop.Body);
                        break;
                }
            }
        }

        // A value that holds from the declaration at block[declaredAt] on: a constant, a parameter nothing writes, a
        // local whose one write comes before the declaration in the same block.
        bool Fixed(Atom value, IReadOnlyList<Stmt> block, int declaredAt) => value switch
        {
            ConstantAtom => true,
            VariableAtom { VariableId: int v } when scope.IsMember(v) => false,
            VariableAtom { VariableId: int v } when !writes.TryGetValue(v, out int count) => scope.Variables[v].Role == VariableRole.Parameter,
            VariableAtom { VariableId: int v } when writes[v] == 1 => block.Take(declaredAt).Flattened().Any(s => s.WrittenVariables().Contains(v)),
            _ => false,
        };

        Visit(body);
        return forwarded;
    }

    /// <summary>
    /// The statement after the declaration at <paramref name="declaredAt"/> that first uses <paramref name="member"/>, when
    /// it is a plain store at the block's top level (<c>d.X = t6</c> right after <c>Vec3 d</c>); else null.
    /// </summary>
    private static ElementAssignStmt? DeclaringStore(IReadOnlyList<Stmt> block, int declaredAt, (int Struct, string Member) member)
    {
        for (int j = declaredAt + 1; j < block.Count; j++)
        {
            if (new[] { block[j] }.Flattened().SelectMany(MemberUses).Contains(member))
            {
                return block[j] is ElementAssignStmt { Compound: null } store && MemberUses(store).Contains(member) ? store : null;
            }
        }

        return null;
    }

    private static IEnumerable<int> VariablesOf(Atom atom) => atom is VariableAtom v ? [v.VariableId] : [];

    /// <summary>The struct member a statement reads or stores, if it is one of those.</summary>
    private static IEnumerable<(int Struct, string Member)> MemberUses(Stmt s) => s switch
    {
        ElementAssignStmt { Indices.IsEmpty: true, Member.Length: > 0 } store => [(store.Array, store.Member)],
        _ => MemberReads(s),
    };

    /// <summary>The struct member a statement reads, if it is one.</summary>
    private static IEnumerable<(int Struct, string Member)> MemberReads(Stmt s) => s switch
    {
        AssignStmt { Value: ElementExpr { Indices.IsEmpty: true, Member.Length: > 0 } read } => [(read.Array, read.Member)],
        _ => [],
    };

    private sealed class Rewriter(HashSet<int> replaced, Dictionary<(int Struct, string Member), int> scalars, Dictionary<(int Struct, string Member), Atom> forwarded, IReadOnlyList<Variable> variables)
    {
        // The member stores that declare their scalar (the first use of the member, right in the declaring block).
        private readonly HashSet<Stmt> _declaring = new(ReferenceComparer.Instance);

        public ImmutableArray<Stmt> Block(IReadOnlyList<Stmt> block)
        {
            var output = ImmutableArray.CreateBuilder<Stmt>(block.Count);
            for (int i = 0; i < block.Count; i++)
            {
                Stmt s = block[i];
                if (s is DeclareStmt declare && replaced.Contains(declare.Variable))
                {
                    output.AddRange(Declarations(declare.Variable, block, i));
                    continue;
                }

                // A store into a member nothing reads, or whose reads take the stored value itself.
                if (s is ElementAssignStmt { Indices.IsEmpty: true, Member.Length: > 0 } unread && replaced.Contains(unread.Array) && !scalars.ContainsKey((unread.Array, unread.Member)))
                {
                    continue;
                }

                output.Add(Rewrite(s));
            }

            return output.ToImmutable();
        }

        /// <summary>
        /// The declaration of each member's scalar: its first use when that is a plain store in this block (d.X = v
        /// becomes double d_X = v), else a zero where the struct was declared (default(Vec3) has zero members).
        /// </summary>
        private IEnumerable<Stmt> Declarations(int structId, IReadOnlyList<Stmt> block, int declaredAt)
        {
            // In the order the members were first used (the dictionary's own order isn't specified).
            foreach (var key in scalars.Keys.Where(k => k.Struct == structId).OrderBy(k => scalars[k]))
            {
                if (DeclaringStore(block, declaredAt, key) is { } store)
                {
                    _declaring.Add(store);
                }
                else
                {
                    int scalar = scalars[key];
                    yield return new AssignStmt(scalar, new CopyExpr(new ConstantAtom(Literals.Zero(variables[scalar].Kind), 0)), Declares: true, Overwrites: false, Save: null);
                }
            }
        }

        private Stmt Rewrite(Stmt s) => s switch
        {
            ElementAssignStmt { Indices.IsEmpty: true, Member.Length: > 0 } store when scalars.TryGetValue((store.Array, store.Member), out int scalar) =>
                new AssignStmt(scalar, store.Compound is { } op ? new BinaryExpr(op, new VariableAtom(scalar), store.Value) : new CopyExpr(store.Value), Declares: _declaring.Contains(store), Overwrites: false, Save: null),
            AssignStmt { Value: ElementExpr { Indices.IsEmpty: true, Member.Length: > 0 } read } assign when scalars.TryGetValue((read.Array, read.Member), out int scalar) =>
                assign with { Value = new CopyExpr(new VariableAtom(scalar)) },
            AssignStmt { Value: ElementExpr { Indices.IsEmpty: true, Member.Length: > 0 } read } assign when forwarded.TryGetValue((read.Array, read.Member), out Atom value) =>
                assign with { Value = new CopyExpr(value) },
            SourceStmt source => source with { Body = Block(source.Body).ToEquatableArray() },
            IfStmt branch => branch with { Then = Block(branch.Then).ToEquatableArray(), Else = Block(branch.Else).ToEquatableArray() },
            LoopStmt loop => loop with { Body = Block(loop.Body).ToEquatableArray() },
            _ => s,
        };
    }
}
