using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Struct locals a loop body declares and uses whole (each is given to a method of the struct that isn't inlined; one read only member
/// by member becomes scalars: <c>StructLocalScalarTests</c>): their adjoints start at <c>default</c> in each reverse
/// iteration (declared there, not for the whole sweep), each member's first addition assigns, and the clears where
/// the declaration is undone go. Against central differences at several points: a local read member by member, a member stored again
/// in the same iteration (its clear stays), a local an inner loop writes, one passed to a struct's own method by
/// reference, one declared in a branch (declared for the whole sweep, as before).
/// </summary>
public class StructLoopLocalTests
{
    private const string Source = """
        using System;
        using GradientGen;

        public partial struct Pair
        {
            public double A;
            public double B;

            [Differentiable]
            public double Spread() => A * A - B * Math.Sin(A);

            // Not inlined (it has a loop): a local given to it stays a struct.
            [Differentiable]
            public double Looped()
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += A * k + B * B;
                return s;
            }
        }

        public static partial class Loops
        {
            [Differentiable]
            public static double ReadByMembers(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    Pair d = new Pair { A = x * (i + 1) - y, B = y * x + i };
                    e += d.Looped() + d.A * d.B + Math.Sin(d.A);
                }

                return e;
            }

            [Differentiable]
            public static double StoredAgain(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    Pair d = new Pair { A = x + i, B = y };
                    d.A = d.A * d.B;
                    e += d.Looped() + d.A + d.B * d.A;
                }

                return e;
            }

            [Differentiable]
            public static double InnerLoopWrites(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    Pair p = new Pair { A = x * 0.5 * i, B = y };
                    for (int j = 0; j < 3; j++)
                    {
                        p.B = p.B * Math.Cos(p.A) + 0.25 * j;
                    }

                    e += p.B;
                }

                return e;
            }

            [Differentiable]
            public static double OwnMethod(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    Pair p = new Pair { A = x - 0.1 * i, B = y * y };
                    e += p.Spread();
                }

                return e;
            }

            [Differentiable]
            public static double InABranch(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    if (i % 2 == 0)
                    {
                        Pair p = new Pair { A = x * i, B = y };
                        e += p.Looped() + p.A * p.B;
                    }
                }

                return e;
            }
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    [Theory]
    [InlineData("ReadByMembers")]
    [InlineData("StoredAgain")]
    [InlineData("InnerLoopWrites")]
    [InlineData("OwnMethod")]
    [InlineData("InABranch")]
    public void Gradients_match_central_differences(string name)
    {
        var f = new Differentiated(Compiled.Value.Assembly, "Loops", name);
        foreach ((double x, double y) in new[] { (0.3, -0.7), (-1.1, 0.4), (0.8, 1.3), (1.7, -0.2) })
        {
            (double value, double[] adjoints) = f.Backprop([x, y, 4]);
            Assert.Equal(f.Value(x, y, 4), value);
            GradientAssert.Close(f.FiniteDifference([x, y, 4], 0), adjoints[0], 1e-6, $"{name}: d/dx at ({x}, {y})");
            GradientAssert.Close(f.FiniteDifference([x, y, 4], 1), adjoints[1], 1e-6, $"{name}: d/dy at ({x}, {y})");
        }
    }

    [Fact]
    public void The_adjoint_starts_afresh_in_each_reverse_iteration_and_its_members_are_assigned_first()
    {
        // The call's backward saves the loop from being fused; the declaration is in the reverse loop's body.
        string reverse = Reverse("ReadByMembers");
        Assert.Equal(1, Count(reverse, "global::Pair dD = default;"));
        Assert.True(reverse.IndexOf("global::Pair dD = default;", StringComparison.Ordinal) > reverse.IndexOf("for (long iteration = ", StringComparison.Ordinal), reverse);
        Assert.Contains("dD.A = dT9;", reverse, StringComparison.Ordinal);
        Assert.Contains("dD.B = dT6;", reverse, StringComparison.Ordinal);
        Assert.DoesNotContain("dD.A = 0.0;", reverse, StringComparison.Ordinal);
        Assert.DoesNotContain("dD.B = 0.0;", reverse, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_stored_again_keeps_the_clear_its_earlier_store_needs()
    {
        string reverse = Reverse("StoredAgain");
        Assert.True(reverse.IndexOf("global::Pair dD = default;", StringComparison.Ordinal) > reverse.IndexOf("for (long iteration = ", StringComparison.Ordinal), reverse);
        Assert.Equal(1, Count(reverse, "dD.A = 0.0;"));
        Assert.DoesNotContain("dD.B = 0.0;", reverse, StringComparison.Ordinal);
    }

    [Fact]
    public void A_struct_declared_in_a_branch_keeps_its_adjoint_for_the_whole_sweep()
    {
        string reverse = Reverse("InABranch");
        Assert.True(reverse.IndexOf("global::Pair dP = default;", StringComparison.Ordinal) < reverse.IndexOf("for (long iteration = ", StringComparison.Ordinal), reverse);
        Assert.Contains("dP.A = 0.0;", reverse, StringComparison.Ordinal);
    }

    private static string Reverse(string name)
    {
        string text = GeneratorHarness.WithoutSplitSweeps(GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Loops.{name}.g.cs"));
        return text.Substring(text.IndexOf("// Reverse sweep", StringComparison.Ordinal));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
