using System.Globalization;
using System.Text;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>
/// Sources that grow in one direction only (issue #12, "stack-safe and linear"): a chain of methods each
/// calling the next, independent methods, one long straight-line method, one long sum. The analysis must stay
/// linear in each size and must not recurse as deep as the chain or the expression.
/// </summary>
internal static class ScalingSources
{
    /// <summary>F0 … F{n-1}, each Fi(x) = F{i+1}(x) + x, the last x * x: F0(x) = (n - 1) x + x².</summary>
    public static string Chain(int n)
    {
        var text = Header("Chain");
        for (int i = 0; i < n - 1; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F{i}(double x) => F{i + 1}(x) + x;");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F{n - 1}(double x) => x * x;");
        return text.AppendLine("}").ToString();
    }

    /// <summary>n methods that call nothing: the cost per method without any call.</summary>
    public static string Independent(int n)
    {
        var text = Header("Independent");
        for (int i = 0; i < n; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F{i}(double x) => x * x + {i}.0 * x;");
        }

        return text.AppendLine("}").ToString();
    }

    /// <summary>One method of n statements, v{i} = v{i-1} * 0.5 + x: dv/dx = 2 - 2^(1-n) at v0 = x.</summary>
    public static string StraightLine(int n)
    {
        var text = Header("StraightLine");
        text.AppendLine("    [Differentiable]").AppendLine("    public static double F(double x)").AppendLine("    {").AppendLine("        double v0 = x;");
        for (int i = 1; i < n; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"        double v{i} = v{i - 1} * 0.5 + x;");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"        return v{n - 1};").AppendLine("    }");
        return text.AppendLine("}").ToString();
    }

    /// <summary>One expression of n terms, x + x * 2 + … + x * n: d/dx = n (n + 1) / 2.</summary>
    public static string Sum(int n)
    {
        var text = Header("Sum");
        text.Append("    [Differentiable] public static double F(double x) => x");
        for (int i = 2; i <= n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" + x * {i}");
        }

        text.AppendLine(";");
        return text.AppendLine("}").ToString();
    }

    private static StringBuilder Header(string type) =>
        new StringBuilder().AppendLine("using System;").AppendLine("using GradientGen;").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"public static partial class {type}").AppendLine("{");
}
