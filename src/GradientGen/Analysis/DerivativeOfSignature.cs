using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GradientGen.Analysis;

/// <summary>What checking one [DerivativeOf] method found: the method it differentiates, or what is wrong with it.</summary>
/// <param name="Rule">The user's backward.</param>
/// <param name="Target">The method it is the derivative of, once found and matched.</param>
/// <param name="Problem">Why it can't be used, naming exactly what differs; null when it can.</param>
/// <param name="At">Where to report the problem: the attribute, or the parameter that differs.</param>
internal sealed record DerivativeOfCheck(IMethodSymbol Rule, IMethodSymbol? Target, string? Problem, Location? At)
{
    public bool IsValid => Target is not null && Problem is null;

    /// <summary>For each target parameter: whether the rule takes an adjoint for it.</summary>
    public bool[] ActiveParameters() =>
        Target is null ? [] : Target.Parameters.Select((p, i) => DerivativeOfSignature.TakesAdjoint(Target, Rule, i)).ToArray();
}

/// <summary>
/// Checks a [DerivativeOf] method against the method it names: the overload whose parameters it starts
/// with, then exactly the <c>…Backward</c> signature SPEC §2 gives (same parameters, <c>dResult</c>, one
/// adjoint per active parameter), the same static-ness and the primal result.
/// </summary>
internal static class DerivativeOfSignature
{
    public static DerivativeOfCheck Check(IMethodSymbol rule, AttributeData attribute)
    {
        Location? attributeAt = attribute.ApplicationSyntaxReference is { } reference
            ? Location.Create(reference.SyntaxTree, reference.Span)
            : rule.Locations.FirstOrDefault();
        DerivativeOfCheck Fail(string problem, Location? at = null) => new(rule, null, problem, at ?? attributeAt);

        (INamedTypeSymbol? type, string? name) = NamedMethod(rule, attribute);
        if (type is null || string.IsNullOrEmpty(name))
        {
            return Fail("name the method with typeof(T) and nameof(T.M), or with nameof(M) for a method of the same type");
        }

        List<IMethodSymbol> candidates = type.GetMembers(name!).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        if (candidates.Count == 0)
        {
            return Fail($"'{typeName}' has no method named '{name}'");
        }

        // Overloads: the one whose parameters the rule starts with and whose backward has the rule's length;
        // failing that, the longest one it starts with, to say what differs.
        List<IMethodSymbol> prefixes = candidates.Where(c => StartsWithParametersOf(rule, c)).OrderByDescending(c => c.Parameters.Length).ToList();
        IMethodSymbol? target = prefixes.FirstOrDefault(c => rule.Parameters.Length == c.Parameters.Length + ExpectedTail(c, rule).Count) ?? prefixes.FirstOrDefault();
        if (target is null)
        {
            return candidates.Count == 1
                ? Fail($"it must start with the parameters of '{Display(candidates[0])}'; expected {ExpectedSignature(candidates[0], rule)}", rule.Locations.FirstOrDefault())
                : Fail($"none of the {candidates.Count} overloads of '{typeName}.{name}' has the parameters that '{rule.Name}' starts with; its first parameters select the overload", rule.Locations.FirstOrDefault());
        }

        string targetName = Display(target);
        if (target.IsGenericMethod || rule.IsGenericMethod || IsInGenericType(rule))
        {
            return Fail($"generic methods and methods of generic types can't be paired with [DerivativeOf] ('{targetName}')");
        }

        if (SymbolFacts.ShapeOf(target.ReturnType) != Model.ValueShape.Scalar)
        {
            return Fail($"'{targetName}' returns '{target.ReturnType.ToDisplayString()}'; [DerivativeOf] supports methods that return float or double");
        }

        if (target.Parameters.FirstOrDefault(p => !SymbolFacts.IsPassedByValue(p)) is { } byRef)
        {
            return Fail($"the parameter '{byRef.Name}' of '{targetName}' is passed by reference; [DerivativeOf] supports parameters passed by value or 'in'");
        }

        // The rule is called with the primal's arguments as they are: by value, or to an 'in' parameter.
        if (rule.Parameters.Take(target.Parameters.Length).FirstOrDefault(p => !SymbolFacts.IsPassedByValue(p)) is { } byRefCopy)
        {
            return Fail($"its parameter '{ParameterText(byRefCopy, withName: true)}' must be passed by value or 'in', like '{byRefCopy.Name}' of '{targetName}'; expected {ExpectedSignature(target, rule)}", byRefCopy.Locations.FirstOrDefault());
        }

        if (target.IsStatic != rule.IsStatic || (!target.IsStatic && !SymbolEqualityComparer.Default.Equals(target.ContainingType, rule.ContainingType)))
        {
            return Fail(target.IsStatic
                ? $"it must be static, like '{targetName}'"
                : $"'{targetName}' is an instance method, so its derivative must be an instance method of '{target.ContainingType.Name}' (it is called on the same object)", rule.Locations.FirstOrDefault());
        }

        if (!SymbolEqualityComparer.Default.Equals(rule.ReturnType, target.ReturnType))
        {
            return Fail($"it must return '{target.ReturnType.ToDisplayString()}', the primal result of '{targetName}', not '{rule.ReturnType.ToDisplayString()}'; expected {ExpectedSignature(target, rule)}", rule.Locations.FirstOrDefault());
        }

        List<(string Text, string Role)> expected = ExpectedTail(target, rule);
        int n = target.Parameters.Length;
        for (int i = 0; i < expected.Count; i++)
        {
            if (n + i >= rule.Parameters.Length)
            {
                return Fail($"it is missing the parameter '{expected[i].Text}' ({expected[i].Role}); expected {ExpectedSignature(target, rule)}", rule.Locations.FirstOrDefault());
            }

            IParameterSymbol actual = rule.Parameters[n + i];
            if (ParameterText(actual, withName: false) != expected[i].Text.Substring(0, expected[i].Text.LastIndexOf(' ')))
            {
                return Fail($"its parameter '{ParameterText(actual, withName: true)}' must be '{expected[i].Text}' ({expected[i].Role}); expected {ExpectedSignature(target, rule)}", actual.Locations.FirstOrDefault());
            }
        }

        if (rule.Parameters.Length > n + expected.Count)
        {
            IParameterSymbol extra = rule.Parameters[n + expected.Count];
            return Fail($"its parameter '{ParameterText(extra, withName: true)}' has no counterpart; expected {ExpectedSignature(target, rule)}", extra.Locations.FirstOrDefault());
        }

        return new DerivativeOfCheck(rule, target, null, null);
    }

    /// <summary>The type and method name an attribute names: <c>(typeof(T), nameof(T.M))</c>, or <c>(nameof(M))</c> in the rule's own type.</summary>
    public static (INamedTypeSymbol? Type, string? Name) NamedMethod(IMethodSymbol rule, AttributeData attribute) => attribute.ConstructorArguments.Length switch
    {
        2 => (attribute.ConstructorArguments[0].Value as INamedTypeSymbol, attribute.ConstructorArguments[1].Value as string),
        1 => (rule.ContainingType, attribute.ConstructorArguments[0].Value as string),
        _ => (null, null),
    };

    /// <summary>
    /// Whether the rule takes an adjoint for the target's parameter <paramref name="i"/>: an active parameter
    /// (SPEC §2), unless the target or the rule marks it [NoDerivative].
    /// </summary>
    public static bool TakesAdjoint(IMethodSymbol target, IMethodSymbol rule, int i) =>
        SymbolFacts.IsActiveParameter(target.Parameters[i])
        && !(i < rule.Parameters.Length && SymbolFacts.HasAttribute(rule.Parameters[i], AttributeSources.NoDerivativeMetadataName));

    private static bool StartsWithParametersOf(IMethodSymbol rule, IMethodSymbol candidate) =>
        rule.Parameters.Length > candidate.Parameters.Length
        && candidate.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, rule.Parameters[i].Type)).All(b => b);

    /// <summary>The parameters after the primal ones: dResult, then one adjoint per active parameter.</summary>
    private static List<(string Text, string Role)> ExpectedTail(IMethodSymbol target, IMethodSymbol rule)
    {
        string result = target.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var tail = new List<(string, string)> { ($"{result} dResult", "the adjoint of the result") };
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            IParameterSymbol p = target.Parameters[i];
            if (TakesAdjoint(target, rule, i))
            {
                string keyword = SymbolFacts.KeywordFor(SymbolFacts.ElementKindOf(p.Type));
                string type = SymbolFacts.ShapeOf(p.Type) switch
                {
                    Model.ValueShape.Vector => $"Span<{keyword}>",
                    Model.ValueShape.Matrix => $"{keyword}[,]",
                    Model.ValueShape.Jagged => $"{keyword}[][]",
                    Model.ValueShape.StructArray => $"Span<{SymbolFacts.StructElementOf(p.Type)!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}>",
                    Model.ValueShape.Struct => "ref " + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    _ => "ref " + keyword,
                };
                tail.Add(($"{type} {SymbolFacts.AdjointNameFor(p.Name)}", $"the adjoint of '{p.Name}'"));
            }
        }

        return tail;
    }

    private static string ExpectedSignature(IMethodSymbol target, IMethodSymbol rule)
    {
        IEnumerable<string> primal = target.Parameters.Select(p => ParameterText(p, withName: true));
        IEnumerable<string> tail = ExpectedTail(target, rule).Select(t => t.Text);
        string result = target.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return $"'{(target.IsStatic ? "static " : string.Empty)}{result} {rule.Name}({string.Join(", ", primal.Concat(tail))})'";
    }

    private static string ParameterText(IParameterSymbol p, bool withName)
    {
        string type = p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        string prefix = p.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            _ => string.Empty,
        };
        return prefix + type + (withName ? " " + p.Name : string.Empty);
    }

    private static string Display(IMethodSymbol method) =>
        method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + method.Name;

    private static bool IsInGenericType(IMethodSymbol method)
    {
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }
}
