using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Incremental;

/// <summary>
/// The compilation's possible [Differentiable] callees (<see cref="CalleeBody"/>), in file and source order,
/// and for a method the ones its analysis may analyze: those named in its text, then those named in theirs,
/// and so on. A name stands for every method of that name, so overloads, receivers and even locals of the
/// same name only ever add callees, never drop one.
/// </summary>
internal sealed class CalleeIndex : IEquatable<CalleeIndex>
{
    private readonly EquatableArray<CalleeBody> _callees;
    private readonly Dictionary<string, List<int>> _byName = new(StringComparer.Ordinal);

    public CalleeIndex(ImmutableArray<EquatableArray<CalleeBody>> perFile)
    {
        _callees = perFile.SelectMany(f => f).ToEquatableArray();
        for (int i = 0; i < _callees.Count; i++)
        {
            if (!_byName.TryGetValue(_callees[i].Name, out List<int>? indices))
            {
                _byName[_callees[i].Name] = indices = new List<int>();
            }

            indices.Add(i);
        }
    }

    /// <summary>The callees reachable from <paramref name="names"/> through the names in their texts, in index order.</summary>
    public EquatableArray<CalleeBody> Reachable(EquatableArray<string> names)
    {
        var reached = new SortedSet<int>();
        var pending = new Stack<string>(names);
        var seen = new HashSet<string>(names, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            if (!_byName.TryGetValue(pending.Pop(), out List<int>? indices))
            {
                continue;
            }

            foreach (int i in indices)
            {
                if (reached.Add(i))
                {
                    foreach (string name in _callees[i].Names)
                    {
                        if (seen.Add(name))
                        {
                            pending.Push(name);
                        }
                    }
                }
            }
        }

        return reached.Select(i => _callees[i]).ToEquatableArray();
    }

    public bool Equals(CalleeIndex? other) => other is not null && _callees.Equals(other._callees);

    public override bool Equals(object? obj) => Equals(obj as CalleeIndex);

    public override int GetHashCode() => _callees.GetHashCode();
}
