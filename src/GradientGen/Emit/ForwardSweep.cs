using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Writes the forward sweep: the primal computation in three-address form, saving what the reverse sweep needs.</summary>
internal static class ForwardSweep
{
    public static void Write(CodeWriter w, MethodModel model)
    {
        foreach (Stmt stmt in model.Body)
        {
            if (stmt is SourceStmt source)
            {
                // A statement that became several operations is quoted so the reader can map them back.
                if (source.Body.Count > 1)
                {
                    w.Line("// " + source.SourceText);
                }

                foreach (Stmt inner in source.Body)
                {
                    WriteOne(w, model, inner);
                }
            }
            else
            {
                WriteOne(w, model, stmt);
            }
        }
    }

    private static void WriteOne(CodeWriter w, MethodModel model, Stmt stmt)
    {
        switch (stmt)
        {
            case AssignStmt assign:
                Variable target = model.Variables[assign.Target];
                if (assign.SaveName is { } save)
                {
                    w.Line($"{target.TypeName} {save} = {target.Name};");
                }

                if (Atoms.IsAccumulation(assign))
                {
                    var binary = (BinaryExpr)assign.Value;
                    w.Line($"{target.Name} {Atoms.Symbol(binary.Operator)}= {Atoms.Text(model, binary.Right)};");
                }
                else
                {
                    string declaration = assign.Declares ? target.TypeName + " " : string.Empty;
                    w.Line($"{declaration}{target.Name} = {Atoms.Expression(model, assign.Value)};");
                }

                break;
            case DeclareStmt declare:
                Variable v = model.Variables[declare.Variable];
                w.Line($"{v.TypeName} {v.Name};");
                break;
            case VerbatimStmt verbatim:
                foreach (SavedVariable saved in verbatim.Saves)
                {
                    Variable s = model.Variables[saved.Variable];
                    w.Line($"{s.TypeName} {saved.SaveName} = {s.Name};");
                }

                w.Lines(verbatim.Text);
                break;
            case ReturnStmt:
                // The result stays in its variable; the method returns it after the reverse sweep.
                break;
        }
    }
}
