using System.Collections.Generic;
using System.Collections.Immutable;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Tapenade's "to be recorded" analysis for straight-line code. The reverse sweep reads operands (and
/// some results) as they were when each operation ran; a later write destroys that value. A write keeps
/// the old value (in a local the reverse sweep restores it from) only when some operation since the
/// variable's previous write reads it in the reverse sweep. It also marks writes that overwrite a live
/// value, whose adjoint the reverse sweep must clear.
/// </summary>
internal sealed class SaveAnalysis
{
    private readonly MethodScope _scope;
    private readonly List<Stmt> _flat = new();
    private readonly Dictionary<Stmt, int> _index = new(ReferenceEqualityComparer.Instance);

    private SaveAnalysis(MethodScope scope) => _scope = scope;

    public static ImmutableArray<Stmt> Apply(MethodScope scope, ImmutableArray<Stmt> body)
    {
        var analysis = new SaveAnalysis(scope);
        analysis.Index(body);
        return analysis.Rewrite(body);
    }

    private void Index(IEnumerable<Stmt> body)
    {
        foreach (Stmt s in body)
        {
            if (s is SourceStmt source)
            {
                Index(source.Body);
            }
            else
            {
                _index[s] = _flat.Count;
                _flat.Add(s);
            }
        }
    }

    private ImmutableArray<Stmt> Rewrite(ImmutableArray<Stmt> body)
    {
        var result = ImmutableArray.CreateBuilder<Stmt>(body.Length);
        foreach (Stmt s in body)
        {
            result.Add(s switch
            {
                SourceStmt source => source with { Body = Rewrite(source.Body.AsImmutableArray()).ToEquatableArray() },
                AssignStmt assign => RewriteAssign(assign),
                VerbatimStmt verbatim => RewriteVerbatim(verbatim),
                _ => s,
            });
        }

        return result.ToImmutable();
    }

    private AssignStmt RewriteAssign(AssignStmt assign)
    {
        int k = _index[assign];
        int? previous = PreviousWrite(assign.Target, k);
        if (previous is null)
        {
            return assign;
        }

        Variable v = _scope.Variables[assign.Target];
        bool overwrites = v.Active && !Atoms.IsAccumulation(assign);
        string? save = ReadBetween(assign.Target, previous.Value, k) ? _scope.Names.Allocate(v.Name + "Saved") : null;
        return assign with { Overwrites = overwrites, SaveName = save };
    }

    private VerbatimStmt RewriteVerbatim(VerbatimStmt verbatim)
    {
        int k = _index[verbatim];
        var saves = ImmutableArray.CreateBuilder<SavedVariable>();
        foreach (int variable in verbatim.Writes)
        {
            if (PreviousWrite(variable, k) is { } previous && ReadBetween(variable, previous, k))
            {
                saves.Add(new SavedVariable(variable, _scope.Names.Allocate(_scope.Variables[variable].Name + "Saved")));
            }
        }

        return verbatim with { Saves = saves.ToImmutable().ToEquatableArray() };
    }

    /// <summary>Index of the previous write of the variable before statement k; −1 for a parameter's incoming value; null when it holds no value yet.</summary>
    private int? PreviousWrite(int variable, int k)
    {
        for (int j = k - 1; j >= 0; j--)
        {
            if (Writes(_flat[j], variable))
            {
                return j;
            }
        }

        return _scope.Variables[variable].Role == VariableRole.Parameter ? -1 : null;
    }

    private bool ReadBetween(int variable, int from, int to)
    {
        for (int j = System.Math.Max(from, 0); j < to; j++)
        {
            if (ReverseReads(_flat[j]).Contains(variable))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Writes(Stmt s, int variable) => s switch
    {
        AssignStmt a => a.Target == variable,
        VerbatimStmt v => v.Writes.AsImmutableArray().Contains(variable),
        _ => false,
    };

    /// <summary>The variables whose values the reverse of this statement reads (see PartialDerivatives).</summary>
    private HashSet<int> ReverseReads(Stmt s)
    {
        var reads = new HashSet<int>();
        if (s is not AssignStmt assign || !_scope.Variables[assign.Target].Active)
        {
            return reads;
        }

        void Add(Atom a)
        {
            if (a is VariableAtom v)
            {
                reads.Add(v.VariableId);
            }
        }

        switch (assign.Value)
        {
            case BinaryExpr { Operator: BinaryOperator.Multiply } b:
                Add(b.Left);
                Add(b.Right);
                break;
            case BinaryExpr { Operator: BinaryOperator.Divide } b:
                Add(b.Right);
                reads.Add(assign.Target);
                break;
            case MathCallExpr m:
                foreach (Atom a in m.Arguments)
                {
                    Add(a);
                }

                reads.Add(assign.Target);
                break;
            case DiffCallExpr d:
                foreach (Atom a in d.Arguments)
                {
                    Add(a);
                }

                break;
        }

        return reads;
    }

    private sealed class ReferenceEqualityComparer : IEqualityComparer<Stmt>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(Stmt? x, Stmt? y) => ReferenceEquals(x, y);

        public int GetHashCode(Stmt obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
