using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>
/// Every [DerivativeOf] method of a compilation, checked, by the method it differentiates. Built once per
/// compilation (the analyzer and every method's analysis share it) by walking the source types' members:
/// a rule may live in any type and differentiate a method of any assembly.
/// </summary>
internal sealed class DerivativeOfIndex
{
    private static readonly ConditionalWeakTable<Compilation, DerivativeOfIndex> Cache = new();

    private readonly Dictionary<IMethodSymbol, DerivativeOfCheck> _byTarget = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, DerivativeOfCheck> _byRule = new(SymbolEqualityComparer.Default);

    private DerivativeOfIndex(Compilation compilation)
    {
        var rules = new List<(IMethodSymbol Rule, AttributeData Attribute)>();
        Collect(compilation.Assembly.GlobalNamespace, rules);

        // In source order, so that which of two rules for one method wins doesn't depend on the walk.
        foreach ((IMethodSymbol rule, AttributeData attribute) in rules.OrderBy(r => r.Rule.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(r => r.Rule.Locations.FirstOrDefault()?.SourceSpan.Start))
        {
            DerivativeOfCheck check = DerivativeOfSignature.Check(rule, attribute);
            if (check.IsValid && _byTarget.TryGetValue(check.Target!.OriginalDefinition, out DerivativeOfCheck? first))
            {
                check = check with { Target = null, Problem = $"'{check.Target.Name}' already has the derivative '{first.Rule.ContainingType.Name}.{first.Rule.Name}'; keep one", At = check.Rule.Locations.FirstOrDefault() };
            }

            _byRule[rule] = check;
            if (check.IsValid)
            {
                _byTarget[check.Target!.OriginalDefinition] = check;
            }
        }
    }

    public static DerivativeOfIndex For(Compilation compilation) => Cache.GetValue(compilation, static c => new DerivativeOfIndex(c));

    /// <summary>The valid rule for <paramref name="target"/>, if any.</summary>
    public DerivativeOfCheck? RuleFor(IMethodSymbol target) => _byTarget.TryGetValue(target.OriginalDefinition, out DerivativeOfCheck? check) ? check : null;

    /// <summary>What checking <paramref name="rule"/> found, or null if it has no [DerivativeOf].</summary>
    public DerivativeOfCheck? CheckOf(IMethodSymbol rule) => _byRule.TryGetValue(rule, out DerivativeOfCheck? check) ? check : null;

    /// <summary>A [DerivativeOf] method that names <paramref name="target"/> (its type and name) but could not be used, if any.</summary>
    public DerivativeOfCheck? InvalidRuleNaming(IMethodSymbol target) =>
        _byRule.Values.FirstOrDefault(c => !c.IsValid && Attribute(c.Rule) is { } a && Names(a, c.Rule, target));

    private static bool Names(AttributeData attribute, IMethodSymbol rule, IMethodSymbol target)
    {
        (INamedTypeSymbol? type, string? name) = DerivativeOfSignature.NamedMethod(rule, attribute);
        return name == target.Name && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, target.ContainingType.OriginalDefinition);
    }

    private static AttributeData? Attribute(IMethodSymbol method) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && SymbolFacts.FullName(c) == AttributeSources.DerivativeOfMetadataName);

    private static void Collect(INamespaceOrTypeSymbol container, List<(IMethodSymbol, AttributeData)> rules)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    Collect(nested, rules);
                    break;
                case IMethodSymbol method when method.MethodKind == MethodKind.Ordinary && Attribute(method) is { } attribute:
                    rules.Add((method, attribute));
                    break;
            }
        }
    }
}
