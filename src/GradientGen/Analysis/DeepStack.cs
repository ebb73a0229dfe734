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

    [ThreadStatic]
    private static bool _onLargeStack;

    public static T Run<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (InsufficientExecutionStackException) when (!_onLargeStack)
        {
            return OnLargeStack(work);
        }
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
