using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace GradientGen.Analysis;

/// <summary>
/// Runs work that recurses as deep as the user's code nests (expressions, statements) without ever
/// overflowing the stack, which would kill the compiler: the recursive walkers check the stack left
/// (<see cref="System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"/>), and work
/// that runs out on the caller's thread (a compiler host may give 1 MB) runs again on a thread with a
/// large stack. Only code nested far deeper than that still throws, for its caller to report.
/// </summary>
internal static class DeepStack
{
    /// <summary>Reserved, not committed: only the pages a deep walk touches are used.</summary>
    private const int LargeStackBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Syntax nested deeper than this goes to the large stack at once: binding it (Roslyn's binder and nullable
    /// walker recurse as deep as the code) has been seen to overflow a 1 MB stack outright, which no
    /// <see cref="InsufficientExecutionStackException"/> gives the chance to recover from. Everyday methods
    /// nest a few dozen levels and stay on the caller's thread.
    /// </summary>
    private const int DeepNesting = 200;

    [ThreadStatic]
    private static bool _onLargeStack;

    /// <param name="code">The syntax the work binds or walks; when it nests deeper than <see cref="DeepNesting"/>, the work starts on the large stack.</param>
    public static T Run<T>(Func<T> work, Microsoft.CodeAnalysis.SyntaxNode? code = null)
    {
        if (!_onLargeStack && code is not null && NestsDeeperThan(code, DeepNesting))
        {
            return OnLargeStack(work);
        }

        try
        {
            return work();
        }
        catch (InsufficientExecutionStackException) when (!_onLargeStack)
        {
            return OnLargeStack(work);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the large stack (or where it is already on one): for work that binds other
    /// methods on top of frames the current thread already holds (nested differentiation analyzes the methods
    /// whose generated derivatives a caller uses from within the caller's analysis).
    /// </summary>
    public static T RunOnLargeStack<T>(Func<T> work) => _onLargeStack ? work() : OnLargeStack(work);

    /// <summary>Whether some node lies more than <paramref name="levels"/> below <paramref name="root"/> (a walk with a stack of its own).</summary>
    private static bool NestsDeeperThan(Microsoft.CodeAnalysis.SyntaxNode root, int levels)
    {
        var pending = new System.Collections.Generic.Stack<(Microsoft.CodeAnalysis.SyntaxNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            (Microsoft.CodeAnalysis.SyntaxNode node, int depth) = pending.Pop();
            if (depth > levels)
            {
                return true;
            }

            foreach (Microsoft.CodeAnalysis.SyntaxNode child in node.ChildNodes())
            {
                pending.Push((child, depth + 1));
            }
        }

        return false;
    }

    private static T OnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                _onLargeStack = true;
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            LargeStackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
