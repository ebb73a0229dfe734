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

    public void Reserve(string name) => _taken.Add(name.TrimStart('@'));

    /// <summary>The name itself when free, otherwise the name with the smallest numeric suffix that is.</summary>
    public string Allocate(string preferred)
    {
        string bare = preferred.TrimStart('@');
        string candidate = bare;
        for (int i = 1; !_taken.Add(candidate); i++)
        {
            candidate = bare + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
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
