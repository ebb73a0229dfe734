using System.Collections.Generic;
using System.Globalization;

namespace GradientGen.Analysis;

/// <summary>
/// Hands out C# identifiers that clash with nothing the method mentions: every identifier of the user's
/// method is reserved first, so generated temporaries and adjoints never shadow or capture a user name.
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    // The suffix to try first for a name: names are never released, so the smallest free suffix only grows,
    // and allocating one name many times (a flag per branch) does not try every suffix again.
    private readonly Dictionary<string, int> _nextSuffix = new(System.StringComparer.Ordinal);

    public void Reserve(string name) => _taken.Add(name.TrimStart('@'));

    /// <summary>An allocator that has taken the same names, for a trial whose names are thrown away.</summary>
    public NameAllocator Copy()
    {
        var copy = new NameAllocator();
        copy._taken.UnionWith(_taken);
        foreach (KeyValuePair<string, int> next in _nextSuffix)
        {
            copy._nextSuffix[next.Key] = next.Value;
        }

        return copy;
    }

    /// <summary>The name itself when free, otherwise the name with the smallest numeric suffix that is.</summary>
    public string Allocate(string preferred)
    {
        string bare = preferred.TrimStart('@');
        if (_taken.Add(bare))
        {
            return bare;
        }

        int i = _nextSuffix.TryGetValue(bare, out int next) ? next : 1;
        string candidate = bare + i.ToString(CultureInfo.InvariantCulture);
        while (!_taken.Add(candidate))
        {
            i++;
            candidate = bare + i.ToString(CultureInfo.InvariantCulture);
        }

        _nextSuffix[bare] = i + 1;
        return candidate;
    }

    /// <summary>Gives back the name <see cref="AllocateNumbered"/> gave last, so the next one is that name again.</summary>
    public void ReleaseNumbered(string name, ref int counter)
    {
        _taken.Remove(name);
        counter--;
    }

    /// <summary>A numbered name (<c>t0</c>, <c>t1</c>, …) that is free.</summary>
    public string AllocateNumbered(string prefix, ref int counter)
    {
        while (true)
        {
            string candidate = prefix + counter.ToString(CultureInfo.InvariantCulture);
            counter++;
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
