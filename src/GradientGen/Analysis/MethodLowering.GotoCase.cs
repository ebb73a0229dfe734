using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// <c>goto case</c> and <c>goto default</c> that end a switch section. The switch then picks its first
/// section into an int, as its case tests do, and runs sections in a loop until one ends without a goto:
/// each goto sets the next section and asks for another round. The loop is an ordinary loop of the IR, so
/// the reverse sweep counts its rounds and replays the sections taken, the branch conditions it recorded.
/// A <c>goto case</c> anywhere else, and <c>goto</c> to a label, stay refused (GG0001).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The case labels of the switches being lowered: a goto to one of them that doesn't end its section is refused with its own message.</summary>
    private readonly HashSet<ILabelSymbol> _caseLabels = new(SymbolEqualityComparer.Default);

    /// <summary>The section each case label (and default) of the switch starts, by index in <see cref="ISwitchOperation.Cases"/>.</summary>
    private static Dictionary<ILabelSymbol, int> SectionsByLabel(ISwitchOperation @switch)
    {
        var sections = new Dictionary<ILabelSymbol, int>(SymbolEqualityComparer.Default);
        for (int i = 0; i < @switch.Cases.Length; i++)
        {
            foreach (ICaseClauseOperation clause in @switch.Cases[i].Clauses)
            {
                if (clause.Label is { } label)
                {
                    sections[label] = i;
                }
            }
        }

        return sections;
    }

    /// <summary>The goto case or goto default that ends the section's statements, and the section it goes to.</summary>
    private static (IBranchOperation Goto, int Section)? TrailingGoto(List<IOperation> statements, Dictionary<ILabelSymbol, int> sections) =>
        statements.Count > 0 && statements[statements.Count - 1] is IBranchOperation { BranchKind: BranchKind.GoTo } jump
        && sections.TryGetValue(jump.Target, out int next) ? (jump, next) : null;

    /// <summary>Whether a section of the switch jumps to another with goto case or goto default.</summary>
    private static bool HasGotoCase(ISwitchOperation @switch)
    {
        Dictionary<ILabelSymbol, int> sections = SectionsByLabel(@switch);
        return @switch.Cases.SelectMany(c => c.Body).SelectMany(Walk).Any(op => op is IBranchOperation { BranchKind: BranchKind.GoTo } jump && sections.ContainsKey(jump.Target));
    }

    /// <summary>
    /// The switch as a loop over its sections (see the class comment). <paramref name="pickFirst"/> lowers the
    /// case tests, calling back with the section each one selects.
    /// </summary>
    private void LowerSwitchWithGotos(ISwitchOperation @switch, System.Action<System.Action<int>> pickFirst)
    {
        Dictionary<ILabelSymbol, int> sections = SectionsByLabel(@switch);
        _caseLabels.UnionWith(sections.Keys);
        int section = _scope.NewInactive("section", isBool: false);
        string sectionName = _scope.Variables[section].Name;
        Emit(Assign(section, new CopyExpr(new ConstantAtom("-1", -1)), declares: true));
        pickFirst(i => Emit(Assign(section, new CopyExpr(Index(i)), declares: false)));

        int again = _scope.NewInactive("again", isBool: true);
        Emit(Assign(again, BoolConstant(false), declares: true));
        int trips = _scope.NewTripCounter();
        Emit(Assign(trips, new CopyExpr(new ConstantAtom("0", 0)), declares: true));

        // A return, or a break or continue of an enclosing loop, leaves the switch even if a goto follows it.
        List<int> stops = JumpFlags(@switch);
        if (_loop?.Continued is { } continued && stops.Contains(continued))
        {
            _loop.ContinuedRead = true;
        }

        EquatableArray<Stmt> body = LoopBlock(() =>
        {
            Emit(Assign(again, BoolConstant(false), declares: false));
            RunSection(0);
        });
        string condition = _scope.Variables[again].Name;
        Emit(new LoopStmt(LoopShape.TestLast, stops.Count == 0 ? condition : NoneOf(stops) + " && " + condition, trips, _scope.Names.Allocate("iteration"), body) { ScaleName = _scope.Names.Allocate("scale") });
        _caseLabels.ExceptWith(sections.Keys);

        void RunSection(int i)
        {
            if (i == @switch.Cases.Length)
            {
                return;
            }

            int c = LowerCondition(@switch.Value, $"{sectionName} == {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            Emit(new IfStmt(c, Block(() => LowerSectionWithGoto(@switch.Cases[i])), Block(() => RunSection(i + 1))));
        }

        void LowerSectionWithGoto(ISwitchCaseOperation current)
        {
            var statements = current.Body.SelectMany(Flatten).ToList();
            if (statements.Count > 0 && statements[statements.Count - 1] is IBranchOperation last && SymbolEqualityComparer.Default.Equals(last.Target, @switch.ExitLabel))
            {
                statements.RemoveAt(statements.Count - 1);
            }

            (IBranchOperation Goto, int Section)? jump = TrailingGoto(statements, sections);
            if (jump is not null)
            {
                statements.RemoveAt(statements.Count - 1);
            }

            LowerStatements(statements, 0);
            if (jump is { } j)
            {
                List<Stmt> outer = Swap(new List<Stmt>());
                Emit(Assign(section, new CopyExpr(Index(j.Section)), declares: false));
                Emit(Assign(again, BoolConstant(true), declares: false));
                List<Stmt> lowered = _output;
                _output = outer;
                Emit(new SourceStmt(_scope.Renderer.RenderOneLine(j.Goto.Syntax), lowered.ToEquatableArray()));
            }
        }

        static ConstantAtom Index(int i) => new(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i);
    }

    /// <summary>A goto case or goto default that doesn't end its section: refused with a message that says where it may go.</summary>
    private bool RefuseMisplacedGotoCase(IBranchOperation branch)
    {
        if (branch.BranchKind != BranchKind.GoTo || !_caseLabels.Contains(branch.Target))
        {
            return false;
        }

        Unsupported(branch.Syntax, $"'{_scope.Renderer.RenderOneLine(branch.Syntax)}' before the end of its switch section", "make it the last statement of the section, outside any if or loop");
        return true;
    }
}
