using System.Globalization;
using System.Text;
using GradientGen.Model;
using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Scaling;

/// <summary>
/// Code as long or as deep as users write it, or deeper, on a 1 MB stack (issue #12): a call chain of 1,000
/// methods (the analysis recursed into each callee and overflowed at about 308), sums of 1,000 and 10,000 terms
/// and deeply nested parentheses, blocks and branches (the walkers recurse as deep as the code). Each
/// generates a backward whose gradient is checked against the closed form.
/// </summary>
public class DeepCodeTests
{
    private const double X = 0.75;

    [Fact]
    public void A_chain_of_1000_methods_each_calling_the_next()
    {
        const int n = 1000;
        var text = Header("Chain");
        for (int i = 0; i < n - 1; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F{i}(double x) => F{i + 1}(x) + x;");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F{n - 1}(double x) => x * x;").AppendLine("}");

        // F0(x) = (n - 1) x + x².
        AssertGradient(text.ToString(), "Chain", "F0", ((n - 1) * X) + (X * X), (n - 1) + (2 * X));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(10000)]
    public void A_sum_of_many_terms(int n)
    {
        var text = Header("Sum").Append("    [Differentiable] public static double F(double x) => x");
        for (int i = 2; i <= n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" + x * {i}");
        }

        text.AppendLine(";").AppendLine("}");
        double slope = n * (n + 1) / 2.0;
        AssertGradient(text.ToString(), "Sum", "F", slope * X, slope);
    }

    [Fact]
    public void Parentheses_nested_1000_deep()
    {
        const int n = 1000;
        string source = ParenthesesSource(n);
        (double value, double slope) = Affine(n, 1.001);
        AssertGradient(source, "Parentheses", "F", value * X, slope);
    }

    /// <summary>
    /// On a stack far shorter than a compiler host gives, finding the callees (which binds the method) runs out
    /// before the analysis does: it must move to a large stack too, not end in an internal error.
    /// </summary>
    [Fact]
    public void Parentheses_nested_1000_deep_on_a_256_KB_stack()
    {
        (_, System.Collections.Immutable.ImmutableArray<Issue> issues) = SmallStack.GenerateAndAnalyze(ParenthesesSource(1000), stackBytes: 256 * 1024);
        AssertNoIssues(issues);
    }

    /// <summary>
    /// A shallow method that calls a deep one: finding the callees binds the deep one from the shallow caller's
    /// thread, and must move to a large stack too (nested differentiation binds a method again in the compilation
    /// with its generated files, from the caller's analysis, the same way).
    /// </summary>
    [Fact]
    public void A_shallow_method_calling_parentheses_nested_1000_deep()
    {
        const int n = 1000;
        string source = ParenthesesSource(n).TrimEnd().TrimEnd('}') + "    [Differentiable] public static double G(double x) => 2 * F(x);\n}\n";
        (double a, _) = Affine(n, 1.001);
        AssertGradient(source, "Parentheses", "G", 2 * a * X, 2 * a);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Blocks_and_branches_nested_300_deep(bool branches)
    {
        const int n = 300;
        var text = Header("Nested").AppendLine("    [Differentiable]").AppendLine("    public static double F(double x)").AppendLine("    {").AppendLine("        double y = x;");
        for (int i = 0; i < n; i++)
        {
            text.AppendLine(branches ? "        if (x > -1e300) {" : "        {").AppendLine("        y = y * 1.001 + x;");
        }

        text.Append(new string('}', n)).AppendLine().AppendLine("        return y;").AppendLine("    }").AppendLine("}");
        (double value, double slope) = Affine(n, 1.001);
        AssertGradient(text.ToString(), "Nested", "F", value * X, slope);
    }

    /// <summary>y0 = x, y(k) = c y(k-1) + x, n times: y(n) = a x with a = c^n + c^(n-1) + … + 1, so dy/dx = a.</summary>
    private static (double Value, double Slope) Affine(int n, double c)
    {
        double a = 1;
        for (int i = 0; i < n; i++)
        {
            a = (a * c) + 1;
        }

        return (a, a);
    }

    private static void AssertGradient(string source, string type, string method, double value, double slope)
    {
        (Compilation output, System.Collections.Immutable.ImmutableArray<Issue> issues) = SmallStack.GenerateAndAnalyze(source);
        AssertNoIssues(issues);
        var f = new Differentiated(SmallStack.LoadOnLargeStack(output), type, method);
        (double v, double[] gradient) = f.Backprop([X]);
        Assert.Equal(value, v, 1e-9 * Math.Abs(value));
        Assert.Equal(slope, gradient[0], 1e-9 * Math.Abs(slope));
    }

    /// <summary>No issue, or the first ones with their messages (an internal error names its exception).</summary>
    private static void AssertNoIssues(System.Collections.Immutable.ImmutableArray<Issue> issues) =>
        Assert.True(issues.IsEmpty, string.Join("; ", issues.Select(i => $"{i.DescriptorId}: {string.Join(" | ", i.MessageArgs)}")));

    /// <summary><c>F(x) = ((x * 1.001 + x) * 1.001 + x) …</c>, parentheses nested <paramref name="n"/> deep.</summary>
    private static string ParenthesesSource(int n)
    {
        var text = new StringBuilder("x");
        for (int i = 0; i < n; i++)
        {
            text.Insert(0, '(').Append(" * 1.001 + x)");
        }

        return Header("Parentheses").AppendLine(CultureInfo.InvariantCulture, $"    [Differentiable] public static double F(double x) => {text};").AppendLine("}").ToString();
    }

    private static StringBuilder Header(string type) =>
        new StringBuilder().AppendLine("using GradientGen;").AppendLine().AppendLine(CultureInfo.InvariantCulture, $"public static partial class {type}").AppendLine("{");
}
