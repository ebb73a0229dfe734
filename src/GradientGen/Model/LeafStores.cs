namespace GradientGen.Model;

/// <summary>
/// For a struct (or array of structs) some of whose floating members can't be assigned in place: the statement
/// that stores each leaf, by building the struct again (<c>Analysis.StructRebuilds</c>). Templates use
/// <c>{0}</c> for the struct written and <c>{1}</c> for the member's new value.
/// </summary>
/// <param name="Whole">For a struct that can't be assigned member by member, the expression that builds it from all its leaves (<c>{v0}</c>, …); else null.</param>
internal sealed record LeafStores(EquatableArray<string> Leaves, EquatableArray<string> Templates, string? Whole = null)
{
    /// <summary>The statement that sets every leaf of <paramref name="holder"/> at once, in <see cref="Leaves"/>' order; null without <see cref="Whole"/>.</summary>
    public string? StoreAll(string holder, System.Collections.Generic.IReadOnlyList<string> values)
    {
        if (Whole is null)
        {
            return null;
        }

        string text = Whole;
        for (int i = values.Count - 1; i >= 0; i--)
        {
            text = text.Replace("{v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", values[i]);
        }

        return $"{holder} = {text.Replace("{0}", holder)};";
    }

    /// <summary>The statement that sets <paramref name="path"/> of <paramref name="holder"/> to <paramref name="value"/>.</summary>
    public string Store(string holder, string path, string value)
    {
        for (int i = 0; i < Leaves.Count; i++)
        {
            if (Leaves[i] == path)
            {
                // Replaced, not formatted: a 'with' has braces of its own.
                return Templates[i].Replace("{0}", holder).Replace("{1}", value) + ";";
            }
        }

        return $"{holder}.{path} = {value};";
    }
}
