using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>
/// A product that multiplies by a factor its left operand already holds: <c>t2 = t1 * s</c> with <c>t1 = c * s</c>
/// (<c>0.5 * k * s * s</c>, <c>100 * v * v</c>), where t1 is a temporary of the same statement read only there. Its
/// derivative by s through both products is t1 + c·s = 2·t1 (c·s is t1 to the bit), so the outer product's reverse
/// gives s <c>(g + g) * t1</c> and the inner one's gives s nothing: one addition and one product instead of three
/// products and an addition, and no adjoint for t1 at all when c is a constant. When c is a numeric literal the term is
/// <c>(g * 2c) * s</c> (<c>(dT3 * 200.0) * v</c>): one product on s's path instead of two, and none where g is the same
/// in every iteration of a loop (the JIT hoists <c>g * 2c</c>). The sum of the two terms may differ from the product by
/// rounding.
/// </summary>
internal sealed class RepeatedFactors
{
    // The outer products: the side of their temporary operand, whether the inner product's other factor carries a
    // derivative, and 2c as a literal when that factor is a numeric literal c. The inner ones: the side of their s.
    private readonly Dictionary<Stmt, (int Side, bool OtherActive, string? Doubled)> _outer = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, int> _inner = new(ReferenceComparer.Instance);

    public RepeatedFactors(MethodModel model, HashSet<int> statementLocal)
    {
        List<Stmt> all = model.Body.Flattened().ToList();
        var at = new Dictionary<Stmt, int>(ReferenceComparer.Instance);
        for (int k = 0; k < all.Count; k++)
        {
            at[all[k]] = k;
        }

        var reads = new Dictionary<int, int>();
        foreach (int v in all.SelectMany(s => s.ReadVariables()))
        {
            reads[v] = reads.TryGetValue(v, out int count) ? count + 1 : 1;
        }

        // Products by a statement's temporary: their operands' variables (−1 for a constant).
        var products = new Dictionary<int, (AssignStmt Assign, int Left, int Right)>();
        foreach (AssignStmt a in all.OfType<AssignStmt>())
        {
            if (statementLocal.Contains(a.Target) && a.Value is BinaryExpr { Operator: BinaryOperator.Multiply } product)
            {
                products[a.Target] = (a, product.Left is VariableAtom { VariableId: int l } ? l : -1, product.Right is VariableAtom { VariableId: int r } ? r : -1);
            }
        }

        foreach ((AssignStmt outer, int left, int right) in products.Values)
        {
            for (int side = 0; side < 2; side++)
            {
                int t = side == 0 ? left : right, s = side == 0 ? right : left;
                if (s < 0 || s == t || !model.Variables[s].Active || !products.TryGetValue(t, out var inner) || reads[t] != 1 || _inner.ContainsKey(inner.Assign) || _outer.ContainsKey(inner.Assign) || _inner.ContainsKey(outer)
                    || (inner.Left == s) == (inner.Right == s) || SetBetween(all, at, inner.Assign, outer, s))
                {
                    continue;
                }

                int other = inner.Left == s ? inner.Right : inner.Left;
                var innerProduct = (BinaryExpr)inner.Assign.Value;
                _outer[outer] = (side, other >= 0 && model.Variables[other].Active, DoubledLiteral(model.Variables[outer.Target].Kind, inner.Left == s ? innerProduct.Right : innerProduct.Left));
                _inner[inner.Assign] = inner.Left == s ? 0 : 1;
                break;
            }
        }
    }

    // 2c typed for the product when c is a numeric literal (doubling is exact); null otherwise, and for generic math.
    private static string? DoubledLiteral(ScalarKind kind, Atom c) =>
        c is ConstantAtom { NumericValue: double value } && kind is ScalarKind.Double or ScalarKind.Float ? Literals.Number(kind, 2 * value) : null;

    // Whether a statement between the two products sets s (an assignment used as a value, lowered before its use).
    private static bool SetBetween(List<Stmt> all, Dictionary<Stmt, int> at, Stmt first, Stmt last, int s)
    {
        int from = at[first], to = at[last];
        return to < from || all.Skip(from + 1).Take(to - from - 1).Any(x => x.WrittenVariables().Contains(s));
    }

    /// <summary>
    /// The reverse's contributions to <paramref name="assign"/>'s operands with the repeated factor folded: an outer
    /// product's term for s doubled over its temporary (and none for the temporary when its other factor carries no
    /// derivative); an inner product's term for s gone.
    /// </summary>
    /// <param name="texts">The operands' C# text.</param>
    public IEnumerable<Contribution> Fold(AssignStmt assign, string g, IReadOnlyList<string> texts, IEnumerable<Contribution> contributions)
    {
        if (_outer.TryGetValue(assign, out (int Side, bool OtherActive, string? Doubled) outer))
        {
            int s = 1 - outer.Side;
            var folded = new List<Contribution>();
            foreach (Contribution c in contributions)
            {
                if (c.Operand == s)
                {
                    folded.Add(new Contribution(s, outer.Doubled is { } doubled ? $"({g} * {doubled}) * {texts[s]}" : $"({g} + {g}) * {texts[outer.Side]}"));
                }
                else if (outer.OtherActive)
                {
                    folded.Add(c);
                }
            }

            return folded;
        }

        return _inner.TryGetValue(assign, out int factor) ? contributions.Where(c => c.Operand != factor) : contributions;
    }
}
