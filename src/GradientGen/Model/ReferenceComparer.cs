using System.Collections.Generic;

namespace GradientGen.Model;

/// <summary>Statements by identity: two equal records at different places of the IR are different statements.</summary>
internal sealed class ReferenceComparer : IEqualityComparer<Stmt>
{
    public static readonly ReferenceComparer Instance = new();

    public bool Equals(Stmt? x, Stmt? y) => ReferenceEquals(x, y);

    public int GetHashCode(Stmt obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
