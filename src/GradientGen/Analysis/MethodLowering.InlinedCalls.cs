using System.Collections.Generic;
using System.Linq;
using GradientGen.Diagnostics;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// Calls of local functions and of lambdas held in locals (<see cref="InlinedFunction"/>), inlined: the
/// arguments are evaluated into the function's parameters (a variable argument that the function never
/// assigns is used as it is), its statements are lowered in place with fresh variables for its parameters
/// and locals, and its return value is the call's value. Each call gets its own variables, so two calls, or a
/// call in a loop, are independent assignments that the save analysis treats like any other.
/// </summary>
internal sealed partial class MethodLowering
{
    // The functions being inlined, innermost last: a guard against a cycle the refusal missed.
    private readonly HashSet<ISymbol> _inlining = new(SymbolEqualityComparer.Default);

    private CopyExpr LowerInlinedCall(IInvocationOperation invocation, InlinedFunction function)
    {
        var zero = new CopyExpr(new ConstantAtom("0", 0));
        string? why = function.Refusal;
        if (why is null && InstanceMembers.HasShadow(_scope.Method) && function.Body.Descendants().Any(op => op is IInstanceReferenceOperation))
        {
            why = "which reads members of 'this' (pass them as arguments)";
        }

        if (why is null && _inlining.Contains(function.Symbol))
        {
            why = "which calls itself";
        }

        if (why is not null)
        {
            Report(Descriptors.DelegateInvocationId, invocation.Syntax, $"{function.Display}, {why}");
            return zero;
        }

        EquatableArray<Atom> arguments = LowerArguments(invocation);
        if (arguments.Count != function.Symbol.Parameters.Length)
        {
            return zero; // LowerArguments reported why.
        }

        var mapped = new List<(ISymbol Symbol, int? Id, string? Rename)>();
        _inlining.Add(function.Symbol);
        try
        {
            var parameters = new List<Stmt>();
            List<Stmt> outer = Swap(parameters);
            for (int i = 0; i < arguments.Count; i++)
            {
                IParameterSymbol parameter = function.Symbol.Parameters[i];
                if (arguments[i] is VariableAtom { VariableId: int id } && !function.Assigns(parameter))
                {
                    // The function only reads it: the argument's variable itself (an array stays the same array).
                    mapped.Add(_scope.Map(parameter, id));
                }
                else if (SymbolFacts.ShapeOf(parameter.Type) is ValueShape.Vector or ValueShape.Matrix or ValueShape.Struct)
                {
                    IOperation argument = invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
                    Unsupported(argument.Syntax, $"the argument '{_scope.Renderer.RenderOneLine(argument.Syntax)}' of {function.Display}", "pass a local variable, and don't assign the parameter inside the function");
                    _output = outer;
                    return zero;
                }
                else
                {
                    int fresh = _scope.NewInlinedVariable(parameter);
                    Emit(Assign(fresh, new CopyExpr(arguments[i]), declares: true));
                    mapped.Add(_scope.Map(parameter, fresh));
                }
            }

            _output = outer;
            if (parameters.Count > 0)
            {
                Emit(new SourceStmt($"(the parameters of {function.Display})", parameters.ToEquatableArray()));
            }

            foreach (ILocalSymbol local in LocalsOf(function))
            {
                mapped.Add(_scope.Map(local, _scope.NewInlinedVariable(local)));
            }

            (IReadOnlyList<IOperation> statements, IOperation returned) = function.Split();
            LowerStatements(statements.SelectMany(Flatten).ToList(), 0);

            int result = _scope.NewTemporary(SymbolFacts.KindOf(function.Symbol.ReturnType), active: true);
            List<Stmt> caller = Swap(new List<Stmt>());
            if (HoistEmbeddedEffects(returned, rootIsStatement: false))
            {
                LowerAssignment(result, returned, declares: true);
            }

            List<Stmt> lowered = _output;
            _output = caller;
            Emit(new SourceStmt($"return {_scope.Renderer.RenderOneLine(returned.Syntax)}; (in {function.Display})", lowered.ToEquatableArray()));
            return new CopyExpr(new VariableAtom(result));
        }
        finally
        {
            _inlining.Remove(function.Symbol);
            for (int i = mapped.Count - 1; i >= 0; i--)
            {
                _scope.Unmap(mapped[i]);
            }

            // What the next call of the same function evaluates ahead is its own.
            foreach (IOperation held in _hoisted.Keys.Where(op => function.Body.Syntax.Span.Contains(op.Syntax.Span)).ToList())
            {
                _hoisted.Remove(held);
            }

            foreach (SyntaxNode node in _scope.Renderer.Substitutions.Keys.Where(n => function.Body.Syntax.Span.Contains(n.Span)).ToList())
            {
                _scope.Renderer.Substitutions.Remove(node);
            }
        }
    }

    /// <summary>The locals the function declares, anywhere in its body.</summary>
    private static IEnumerable<ILocalSymbol> LocalsOf(InlinedFunction function)
    {
        SemanticModel model = function.Body.SemanticModel!;
        var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (SyntaxNode node in function.Body.Syntax.DescendantNodesAndSelf())
        {
            if (model.GetDeclaredSymbol(node) is ILocalSymbol local && seen.Add(local))
            {
                yield return local;
            }
        }
    }

    /// <summary>
    /// A local function whose calls are inlined, or the declaration of the local holding such a lambda, is
    /// copied whole into the forward sweep, where calls that carry no derivative (a condition, a log line) still
    /// call it; it writes nothing of the method's. (A local function is then often unused there: CS8321.)
    /// </summary>
    private bool LowerInlinedDeclaration(IOperation declaration)
    {
        ISymbol? key = declaration switch
        {
            ILocalFunctionOperation function => function.Symbol,
            IVariableDeclarationGroupOperation { Declarations: [{ Declarators: [var declarator] }] } => declarator.Symbol,
            _ => null,
        };
        if (key is null || InlinedFunctions.Declared(declaration, key) is not { Refusal: null })
        {
            return false;
        }

        string text = _scope.Renderer.Render(declaration.Syntax);
        if (declaration is ILocalFunctionOperation)
        {
            text = "#pragma warning disable CS8321 // Unused here when every call is inlined.\n" + text + "\n#pragma warning restore CS8321";
        }

        Emit(new VerbatimStmt(text, EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty));
        return true;
    }
}
