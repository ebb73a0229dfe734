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

    // Functions calling each other twice at each of many levels would inline exponentially many copies.
    private const int MaxInlinedCalls = 256;
    private int _inlinedCount;
    private IInvocationOperation? _outermostInlined;
    private readonly HashSet<IInvocationOperation> _tooManyInlined = new();

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

        if (_inlining.Count == 0)
        {
            _outermostInlined = invocation;
        }

        if (why is null && ++_inlinedCount > MaxInlinedCalls)
        {
            if (_tooManyInlined.Add(_outermostInlined!))
            {
                Report(Descriptors.DelegateInvocationId, _outermostInlined!.Syntax, $"the local functions and lambdas called from '{_scope.Renderer.RenderOneLine(_outermostInlined.Syntax)}', whose calls nest into more than {MaxInlinedCalls} inlined calls");
            }

            return zero;
        }

        if (why is not null)
        {
            Report(Descriptors.DelegateInvocationId, invocation.Syntax, $"{function.Display}, {why}");
            return zero;
        }

        _inlinedCalls.Add(invocation);
        EquatableArray<Atom> arguments = LowerArguments(invocation);
        if (arguments.Count != function.Symbol.Parameters.Length)
        {
            return zero; // LowerArguments reported why.
        }

        var mapped = new List<(ISymbol Symbol, int? Id, string? Rename)>();
        var actingAs = new List<ISymbol>();
        _inlining.Add(function.Symbol);
        try
        {
            var parameters = new List<Stmt>();
            List<Stmt> outer = Swap(parameters);
            for (int i = 0; i < arguments.Count; i++)
            {
                IParameterSymbol parameter = function.Symbol.Parameters[i];
                if (!function.Body.Descendants().Any(op => op is IParameterReferenceOperation read && SymbolEqualityComparer.Default.Equals(read.Parameter, parameter)))
                {
                    continue; // Unread (a discard '_'): a variable for it would be unused, warning CS0219.
                }

                if (arguments[i] is VariableAtom { VariableId: int id } && !function.Assigns(parameter))
                {
                    // The function only reads it: the argument's variable itself (an array stays the same array).
                    if (SymbolFacts.ShapeOf(parameter.Type) is ValueShape.Vector or ValueShape.Matrix && _scope.IsActive(parameter) && !_scope.Variables[id].Active)
                    {
                        // An inactive array where other calls pass an active one: here the parameter is as inactive as it.
                        IOperation argument = invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
                        if (ActivityAnalysis.VariableOf(argument) is not { } held)
                        {
                            Unsupported(argument.Syntax, $"the array '{_scope.Renderer.RenderOneLine(argument.Syntax)}' passed to {function.Display}", "pass a local or parameter array");
                            _output = outer;
                            return zero;
                        }

                        _scope.ActAs(parameter, held, function.Body);
                        actingAs.Add(parameter);
                    }

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
            foreach (ISymbol parameter in actingAs)
            {
                _scope.ActAs(parameter, null, function.Body);
            }

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
    /// call it; it writes nothing of the method's. A local function that no copied code calls is dropped at the
    /// end (<see cref="WithoutUncalledCopies"/>): unused, it would be warning CS8321.
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

        var copy = new VerbatimStmt(_scope.Renderer.Render(declaration.Syntax), EquatableArray<int>.Empty, EquatableArray<SavedVariable>.Empty);
        if (declaration is ILocalFunctionOperation local)
        {
            _functionCopies.Add((local, copy));
        }

        Emit(copy);
        return true;
    }

    // The local functions copied whole, and the calls inlined (those don't need the copy).
    private readonly List<(ILocalFunctionOperation Declaration, VerbatimStmt Copy)> _functionCopies = new();
    private readonly HashSet<IOperation> _inlinedCalls = new();

    /// <summary>
    /// The lowered statements without the copies of local functions that no copied code calls. A reference
    /// counts where it stays in the generated code: outside every local function and not inlined, inside a
    /// lambda (copied with its holder), or inside a local function whose copy stays.
    /// </summary>
    private List<Stmt> WithoutUncalledCopies(List<Stmt> lowered)
    {
        if (_functionCopies.Count == 0)
        {
            return lowered;
        }

        var kept = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var references = new List<(IMethodSymbol Target, IOperation At)>();
        foreach (IOperation op in _body.Descendants())
        {
            if (op is IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call)
            {
                references.Add((call.TargetMethod.OriginalDefinition, op));
            }
            else if (op is IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference)
            {
                references.Add((reference.Method.OriginalDefinition, op));
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach ((IMethodSymbol target, IOperation at) in references)
            {
                if (kept.Contains(target))
                {
                    continue;
                }

                IOperation? enclosing = at.Parent;
                while (enclosing is not null and not ILocalFunctionOperation and not IAnonymousFunctionOperation)
                {
                    enclosing = enclosing.Parent;
                }

                bool stays = enclosing switch
                {
                    null => !_inlinedCalls.Contains(at),
                    ILocalFunctionOperation function => kept.Contains(function.Symbol) || !_functionCopies.Any(c => c.Declaration == function),
                    _ => true,
                };
                if (stays)
                {
                    changed |= kept.Add(target);
                }
            }
        }

        var dropped = _functionCopies.Where(c => !kept.Contains(c.Declaration.Symbol)).Select(c => c.Copy).ToList();
        return dropped.Count == 0 ? lowered : Without(lowered, dropped);

        static List<Stmt> Without(IEnumerable<Stmt> body, List<VerbatimStmt> dropped) =>
            body.Where(s => !dropped.Any(d => ReferenceEquals(d, s))).Select(s => s switch
            {
                SourceStmt source => source with { Body = Without(source.Body, dropped).ToEquatableArray() },
                IfStmt branch => branch with { Then = Without(branch.Then, dropped).ToEquatableArray(), Else = Without(branch.Else, dropped).ToEquatableArray() },
                LoopStmt loop => loop with { Body = Without(loop.Body, dropped).ToEquatableArray() },
                _ => s,
            }).ToList();
    }

    /// <summary>
    /// Local functions declared after the final return (<c>return F(x); double F(double v) =&gt; …;</c>) go just
    /// before it: after it, they would count as statements the return skips, and be copied into the block that
    /// skips them, out of reach of the calls before.
    /// </summary>
    private static List<IOperation> LocalFunctionsBeforeFinalReturn(List<IOperation> statements)
    {
        int end = statements.Count;
        while (end > 0 && statements[end - 1] is ILocalFunctionOperation)
        {
            end--;
        }

        if (end == statements.Count || end == 0 || statements[end - 1] is not IReturnOperation)
        {
            return statements;
        }

        var reordered = statements.Take(end - 1).Concat(statements.Skip(end)).ToList();
        reordered.Add(statements[end - 1]);
        return reordered;
    }
}
