namespace GradientGen.Model;

/// <summary>
/// <c>list.Add(value)</c> on a local <c>List&lt;T&gt;</c> the method builds (only appends to, and reads). The element
/// added is never changed afterwards, so the reverse sweep reads the list as the forward sweep left it; its
/// reverse counts the list down (<paramref name="Counter"/>, set to the final count before the reverse sweep) and
/// moves the adjoint of the element it added to the value.
/// </summary>
internal sealed record ListAddStmt(int List, Atom Value, int Counter) : Stmt;
