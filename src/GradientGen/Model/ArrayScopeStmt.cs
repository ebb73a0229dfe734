namespace GradientGen.Model;

/// <summary>
/// Ends the block (a loop body, a branch) that allocates the active local array <paramref name="Array"/> afresh
/// each time it runs (<c>var h = new double[n];</c> inside a loop). Nothing in the forward sweep; its reverse, the
/// first of the block's reverse, gives the array of that run its own zeroed adjoint (pooled), which the reverse of
/// the allocation gives back. It reads the array, so the save analysis keeps each run's array for the reverse sweep.
/// </summary>
internal sealed record ArrayScopeStmt(int Array) : Stmt;
