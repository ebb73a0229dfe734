using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// Writes the forward sweep: the primal computation in three-address form, recording branch conditions
/// and trip counts, and saving what the reverse sweep needs before it is overwritten. Variables first
/// assigned inside a branch or loop are declared at the top, so the reverse sweep can read them.
/// </summary>
internal sealed class ForwardSweep
{
    private readonly CodeWriter _w;
    private readonly MethodModel _model;
    private readonly HashSet<int> _hoisted;

    private ForwardSweep(CodeWriter w, MethodModel model, HashSet<int> hoisted)
    {
        _w = w;
        _model = model;
        _hoisted = hoisted;
    }

    public static void Write(CodeWriter w, MethodModel model)
    {
        var hoisted = new HashSet<int>();
        FindHoisted(model.Body, nested: false, hoisted);
        foreach (int id in hoisted.OrderBy(id => id))
        {
            Variable v = model.Variables[id];
            w.Line($"{v.TypeName} {v.Name} = {v.DefaultValue};");
        }

        foreach (ValueStackModel stack in model.Stacks)
        {
            w.Line($"var {stack.Name} = new global::GradientGen.Internal.ValueStack<{stack.ElementTypeName}>();");
        }

        new ForwardSweep(w, model, hoisted).WriteBlock(model.Body);
    }

    private static void FindHoisted(IEnumerable<Stmt> body, bool nested, HashSet<int> hoisted)
    {
        foreach (Stmt s in body)
        {
            switch (s)
            {
                case SourceStmt source:
                    FindHoisted(source.Body, nested, hoisted);
                    break;
                case IfStmt branch:
                    FindHoisted(branch.Then, nested: true, hoisted);
                    FindHoisted(branch.Else, nested: true, hoisted);
                    break;
                case LoopStmt loop:
                    FindHoisted(loop.Body, nested: true, hoisted);
                    break;
                case AssignStmt { Declares: true } assign when nested:
                    hoisted.Add(assign.Target);
                    break;
                case DeclareStmt declare when nested:
                    hoisted.Add(declare.Variable);
                    break;
            }
        }
    }

    private void WriteBlock(IEnumerable<Stmt> body)
    {
        foreach (Stmt stmt in body)
        {
            if (stmt is SourceStmt source)
            {
                // A statement that became several operations, a branch or a loop is quoted so the reader can map it back.
                if (source.Body.Count > 1 || source.Body.Any(s => s is IfStmt or LoopStmt))
                {
                    _w.Line("// " + source.SourceText);
                }

                WriteBlock(source.Body);
            }
            else
            {
                WriteOne(stmt);
            }
        }
    }

    private void WriteOne(Stmt stmt)
    {
        switch (stmt)
        {
            case AssignStmt assign:
                Variable target = _model.Variables[assign.Target];
                if (assign.Save is { } save)
                {
                    WriteSave(target, save);
                }

                if (Atoms.IsAccumulation(assign))
                {
                    var binary = (BinaryExpr)assign.Value;
                    _w.Line($"{target.Name} {Atoms.Symbol(binary.Operator)}= {Atoms.Text(_model, binary.Right)};");
                }
                else
                {
                    string declaration = assign.Declares && !_hoisted.Contains(assign.Target) ? target.TypeName + " " : string.Empty;
                    _w.Line($"{declaration}{target.Name} = {Atoms.Expression(_model, assign.Value)};");
                }

                break;
            case ElementAssignStmt store:
                string op = store.Compound is { } compound ? Atoms.Symbol(compound) + "=" : "=";
                string element = Atoms.Element(_model, _model.Variables[store.Array].Name, store.Indices);
                if (store.Save is { } elementSave)
                {
                    _w.Line(elementSave.OnStack ? $"{elementSave.Name}.Push({element});" : $"{Analysis.SymbolFacts.KeywordFor(_model.Variables[store.Array].Kind)} {elementSave.Name} = {element};");
                }

                _w.Line($"{element} {op} {Atoms.Text(_model, store.Value)};");
                break;
            case DeclareStmt declare when !_hoisted.Contains(declare.Variable):
                Variable v = _model.Variables[declare.Variable];
                _w.Line($"{v.TypeName} {v.Name};");
                break;
            case VerbatimStmt verbatim:
                foreach (SavedVariable saved in verbatim.Saves)
                {
                    WriteSave(_model.Variables[saved.Variable], saved.Save);
                }

                _w.Lines(verbatim.Text);
                break;
            case IfStmt branch:
                _w.Open($"if ({_model.Variables[branch.Condition].Name})");
                WriteBlock(branch.Then);
                _w.Close();
                if (!branch.Else.IsEmpty)
                {
                    _w.Open("else");
                    WriteBlock(branch.Else);
                    _w.Close();
                }

                break;
            case LoopStmt loop:
                _w.Open(loop.Shape == LoopShape.TestFirst ? $"while ({loop.Condition})" : "do");
                if (loop.Trips is { } trips)
                {
                    _w.Line(_model.Variables[trips].Name + "++;");
                }

                WriteBlock(loop.Body);
                _w.Close(loop.Shape == LoopShape.TestFirst ? string.Empty : $" while ({loop.Condition});");
                break;
        }
    }

    private void WriteSave(Variable v, Save save) =>
        _w.Line(save.OnStack ? $"{save.Name}.Push({v.Name});" : $"{v.TypeName} {save.Name} = {v.Name};");
}
