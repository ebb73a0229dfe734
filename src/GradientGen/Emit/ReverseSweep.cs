using System.Collections.Generic;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the reverse sweep: the IR statements visited backwards, each adding its operands' share of its
/// result's adjoint (chain rule), clearing the adjoint of an overwritten variable, and restoring the value
/// the forward sweep overwrote. A local adjoint is declared at its first contribution.
/// </summary>
internal sealed class ReverseSweep
{
    private readonly CodeWriter _w;
    private readonly MethodModel _model;
    private readonly HashSet<int> _declared = new();
    private bool _doubleDiscardDeclared;
    private bool _floatDiscardDeclared;

    private ReverseSweep(CodeWriter w, MethodModel model)
    {
        _w = w;
        _model = model;
    }

    public static void Write(CodeWriter w, MethodModel model) => new ReverseSweep(w, model).WriteBody();

    private void WriteBody()
    {
        for (int i = _model.Body.Count - 1; i >= 0; i--)
        {
            Stmt stmt = _model.Body[i];
            if (stmt is SourceStmt source)
            {
                var block = new CodeWriter();
                var sweep = new ReverseSweepBlock(this, block);
                for (int j = source.Body.Count - 1; j >= 0; j--)
                {
                    sweep.Undo(source.Body[j]);
                }

                string text = block.ToString();
                if (text.Length > 0)
                {
                    _w.Line("// " + source.SourceText);
                    _w.Lines(text.TrimEnd('\n'));
                }
            }
            else
            {
                new ReverseSweepBlock(this, _w).Undo(stmt);
            }
        }

        // Parameters the body overwrote tracked their adjoint locally; hand it to the caller now.
        foreach (ParameterModel p in _model.Parameters)
        {
            if (p.BodyAdjointName is { } local && p.AdjointName is not null && _declared.Contains(p.VariableId))
            {
                _w.Line($"{p.AdjointName} += {local};");
            }
        }
    }

    /// <summary>Writes the reverse of IR statements into one block (a user statement's group).</summary>
    private readonly struct ReverseSweepBlock
    {
        private readonly ReverseSweep _sweep;
        private readonly CodeWriter _w;

        public ReverseSweepBlock(ReverseSweep sweep, CodeWriter w)
        {
            _sweep = sweep;
            _w = w;
        }

        public void Undo(Stmt stmt)
        {
            MethodModel model = _sweep._model;
            switch (stmt)
            {
                case AssignStmt assign:
                    Variable target = model.Variables[assign.Target];
                    if (target.Active && _sweep.IsDeclared(target))
                    {
                        Propagate(assign, target);
                        if (assign.Overwrites && !Atoms.IsAccumulation(assign))
                        {
                            _w.Line($"{target.AdjointName} = {Literals.Zero(target.Kind)};");
                        }
                    }

                    if (assign.SaveName is { } save)
                    {
                        _w.Line($"{target.Name} = {save};");
                    }

                    break;
                case VerbatimStmt verbatim:
                    for (int i = verbatim.Saves.Count - 1; i >= 0; i--)
                    {
                        SavedVariable saved = verbatim.Saves[i];
                        _w.Line($"{model.Variables[saved.Variable].Name} = {saved.SaveName};");
                    }

                    break;
            }
        }

        private void Propagate(AssignStmt assign, Variable target)
        {
            MethodModel model = _sweep._model;
            string g = target.AdjointName!;
            if (assign.Value is DiffCallExpr call)
            {
                CallBackward(call, g);
                return;
            }

            EquatableArray<Atom> operands = Operands(assign.Value);
            var texts = new string[operands.Count];
            for (int i = 0; i < texts.Length; i++)
            {
                texts[i] = Atoms.Text(model, operands[i]);
            }

            foreach (Contribution c in PartialDerivatives.Of(assign.Value, target.Kind, g, target.Name, texts, Atoms.IsAccumulation(assign)))
            {
                if (operands[c.Operand] is VariableAtom { VariableId: int id } && model.Variables[id].Active)
                {
                    Accumulate(model.Variables[id], c.Term, c.Negate);
                }
            }
        }

        /// <summary>The callee's backward adds dResult·∂callee/∂argument into each argument's adjoint.</summary>
        private void CallBackward(DiffCallExpr call, string g)
        {
            MethodModel model = _sweep._model;
            var arguments = new List<string>();
            foreach (Atom a in call.Arguments)
            {
                arguments.Add(Atoms.Text(model, a));
            }

            arguments.Add(g);
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (!call.Callee.ActiveParameters[i])
                {
                    continue;
                }

                if (call.Arguments[i] is VariableAtom { VariableId: int id } && model.Variables[id].Active)
                {
                    Variable v = model.Variables[id];
                    if (!_sweep.IsDeclared(v))
                    {
                        _w.Line($"{v.TypeName} {v.AdjointName} = {Literals.Zero(v.Kind)};");
                        _sweep._declared.Add(v.Id);
                    }

                    arguments.Add("ref " + v.AdjointName);
                }
                else
                {
                    arguments.Add("ref " + Discard(call.Callee.ParameterKinds[i]));
                }
            }

            _w.Line(Atoms.Call(call.Callee, call.Callee.BackwardName, string.Join(", ", arguments)) + ";");
        }

        /// <summary>A scratch adjoint for an argument that carries no derivative (a constant, an inactive value).</summary>
        private string Discard(ScalarKind kind)
        {
            MethodModel model = _sweep._model;
            string name = kind == ScalarKind.Float ? model.FloatDiscardName : model.DoubleDiscardName;
            ref bool declared = ref kind == ScalarKind.Float ? ref _sweep._floatDiscardDeclared : ref _sweep._doubleDiscardDeclared;
            if (!declared)
            {
                _w.Line($"{Analysis.SymbolFacts.KeywordFor(kind)} {name} = {Literals.Zero(kind)};");
                declared = true;
            }

            return name;
        }

        private void Accumulate(Variable v, string term, bool negate)
        {
            if (_sweep.IsDeclared(v))
            {
                _w.Line($"{v.AdjointName} {(negate ? "-=" : "+=")} {term};");
                return;
            }

            string value = !negate ? term : term.Contains("?") || term.Contains(" + ") || term.Contains(" - ") ? $"-({term})" : "-" + term;
            _w.Line($"{v.TypeName} {v.AdjointName} = {value};");
            _sweep._declared.Add(v.Id);
        }

        private static EquatableArray<Atom> Operands(Expr expr) => expr switch
        {
            CopyExpr c => new EquatableArray<Atom>(System.Collections.Immutable.ImmutableArray.Create(c.Value)),
            UnaryExpr u => new EquatableArray<Atom>(System.Collections.Immutable.ImmutableArray.Create(u.Operand)),
            ConvertExpr c => new EquatableArray<Atom>(System.Collections.Immutable.ImmutableArray.Create(c.Operand)),
            BinaryExpr b => new EquatableArray<Atom>(System.Collections.Immutable.ImmutableArray.Create(b.Left, b.Right)),
            MathCallExpr m => m.Arguments,
            _ => EquatableArray<Atom>.Empty,
        };
    }

    /// <summary>Parameter adjoints are the caller's <c>ref</c>s; the result's is <c>dResult</c>: both exist from the start.</summary>
    private bool IsDeclared(Variable v) =>
        _declared.Contains(v.Id) || (v.Role == VariableRole.Parameter && !HasBodyAdjoint(v)) || v.AdjointName == _model.ResultAdjointName;

    private bool HasBodyAdjoint(Variable v)
    {
        foreach (ParameterModel p in _model.Parameters)
        {
            if (p.VariableId == v.Id)
            {
                return p.BodyAdjointName is not null;
            }
        }

        return false;
    }
}
