using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// The source [Differentiable] methods a method's analysis depends on, transitively, as strongly connected
/// components in the order to analyze them: callees first, mutually recursive methods together. Iterative
/// (Tarjan's algorithm with an explicit stack), so a call chain of any length never deepens the thread's stack.
/// </summary>
internal static class CallGraph
{
    /// <summary>A method to analyze: its symbol and the declaration its analysis reads.</summary>
    internal sealed record Vertex(IMethodSymbol Method, MethodDeclarationSyntax Syntax);

    /// <summary>The declaration a call's analysis reads for <paramref name="callee"/> (its first), or null if it has none to read.</summary>
    public static MethodDeclarationSyntax? SyntaxOf(IMethodSymbol callee, CancellationToken cancellationToken) =>
        callee.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as MethodDeclarationSyntax;

    /// <summary>
    /// The methods whose backwards a call in <paramref name="body"/> may name: every invocation for which
    /// <see cref="CalleeResolution.Resolve"/> asks whether a source method is differentiable (a superset of
    /// those it asks about, as lowering resolves active calls only).
    /// </summary>
    public static List<Vertex> SourceCallees(IOperation? body, DerivativeOfIndex rules, CancellationToken cancellationToken)
    {
        var callees = new List<Vertex>();
        if (body is null)
        {
            return callees;
        }

        var seen = new HashSet<MethodDeclarationSyntax>();
        foreach (IOperation operation in body.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && CalleeResolution.SourceCallee(invocation.TargetMethod, rules) is { } callee
                && SyntaxOf(callee, cancellationToken) is { } syntax
                && seen.Add(syntax))
            {
                callees.Add(new Vertex(callee, syntax));
            }
        }

        return callees;
    }

    /// <summary>
    /// The components reachable from <paramref name="root"/> through <paramref name="callees"/>, skipping the
    /// methods <paramref name="done"/> says were analyzed already; every component comes after the ones it calls.
    /// </summary>
    public static List<List<Vertex>> Components(Vertex root, Func<MethodDeclarationSyntax, bool> done, Func<Vertex, List<Vertex>> callees)
    {
        var components = new List<List<Vertex>>();
        var index = new Dictionary<MethodDeclarationSyntax, int>();
        var lowLink = new Dictionary<MethodDeclarationSyntax, int>();
        var open = new Stack<Vertex>();
        var onOpen = new HashSet<MethodDeclarationSyntax>();
        var frames = new Stack<(Vertex Vertex, List<Vertex> Callees, int Next)>();

        void Enter(Vertex v)
        {
            index[v.Syntax] = lowLink[v.Syntax] = index.Count;
            open.Push(v);
            onOpen.Add(v.Syntax);
            frames.Push((v, callees(v), 0));
        }

        Enter(root);
        while (frames.Count > 0)
        {
            (Vertex v, List<Vertex> edges, int next) = frames.Pop();
            if (next < edges.Count)
            {
                frames.Push((v, edges, next + 1));
                Vertex w = edges[next];
                if (done(w.Syntax))
                {
                    continue;
                }

                if (!index.TryGetValue(w.Syntax, out int wIndex))
                {
                    Enter(w);
                }
                else if (onOpen.Contains(w.Syntax))
                {
                    lowLink[v.Syntax] = Math.Min(lowLink[v.Syntax], wIndex);
                }

                continue;
            }

            if (frames.Count > 0)
            {
                MethodDeclarationSyntax caller = frames.Peek().Vertex.Syntax;
                lowLink[caller] = Math.Min(lowLink[caller], lowLink[v.Syntax]);
            }

            if (lowLink[v.Syntax] == index[v.Syntax])
            {
                var component = new List<Vertex>();
                Vertex member;
                do
                {
                    member = open.Pop();
                    onOpen.Remove(member.Syntax);
                    component.Add(member);
                }
                while (member.Syntax != v.Syntax);

                component.Reverse();
                components.Add(component);
            }
        }

        return components;
    }
}
