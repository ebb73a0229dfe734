using System.Collections.Generic;

namespace GradientGen.Incremental;

/// <summary>
/// Compares a method's analysis input by its <see cref="AnalysisKey"/> alone, ignoring its location and the
/// compilation (new on every edit): an equal key makes the driver reuse the previous analysis.
/// </summary>
internal sealed class KeyComparer : IEqualityComparer<(MethodInput Left, CompilationHandle Right)>
{
    public static readonly KeyComparer Instance = new();

    public bool Equals((MethodInput Left, CompilationHandle Right) x, (MethodInput Left, CompilationHandle Right) y) =>
        x.Left.Key.Equals(y.Left.Key);

    // The method's text alone: hashing the whole key would hash every file's declarations, per method.
    public int GetHashCode((MethodInput Left, CompilationHandle Right) obj) => System.StringComparer.Ordinal.GetHashCode(obj.Left.Key.Text);
}
