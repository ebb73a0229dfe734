using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Struct locals read and written only member by member become one scalar per member (<c>StructLocalScalars</c>):
/// <c>double p_A = x;</c> where the generated code built <c>Pair p = default; p.A = x;</c>, and adjoints <c>dP_A</c>
/// where it had a struct <c>dP</c>; a member stored once, from a value that doesn't change, is read from that value. Gradients against central differences at several points (a local
/// from an operator read through an inlined property, members stored again and compounded, a local declared in a
/// branch that reads a member it didn't set, a member nothing reads, <c>Complex</c>, whose members can't be
/// assigned, a float <c>Vector3</c>); tangents against the gradient; the text; and a local that stays a struct (given
/// whole to a method that isn't inlined).
/// </summary>
public class StructLocalScalarTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using GradientGen;

        public struct V3
        {
            public double X, Y, Z;
            public V3(double x, double y, double z) { X = x; Y = y; Z = z; }
            public static V3 operator -(V3 a, V3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
            public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
        }

        public partial struct Pair
        {
            public double A;
            public double B;

            // Not inlined (it has a loop): a local given to it stays a struct.
            [Differentiable]
            public double Looped()
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s += A * k + B * B;
                return s;
            }
        }

        public static partial class Locals
        {
            [Differentiable]
            public static double Stretch(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    V3 d = new V3(x * i, y, x * y) - new V3(y, x - i, 1);
                    double s = d.Length - 0.5;
                    e += s * s;
                }

                return e;
            }

            [Differentiable]
            public static double StoredAgain(double x, double y)
            {
                Pair p = new Pair { A = x, B = y };
                p.A = p.A * p.B;
                p.B += Math.Sin(p.A);
                p.A -= 2 * p.B;
                return p.A * p.B;
            }

            [Differentiable]
            public static double InABranch(double x, double y, int n)
            {
                double e = 0;
                for (int i = 0; i < n; i++)
                {
                    if (i % 2 == 0)
                    {
                        Pair p = new Pair { A = x * i };
                        e += p.B;
                        p.B = y * p.A;
                        e += p.A * p.B;
                    }
                }

                return e;
            }

            [Differentiable]
            public static double OneMemberRead(double x, double y)
            {
                Pair q = new Pair { A = x * y, B = Math.Exp(y) };
                return q.A * 3;
            }

            [Differentiable]
            public static double Squared(double x, double y)
            {
                Complex z = new Complex(x, y);
                Complex w = z * z;
                return w.Real - 2 * w.Imaginary;
            }

            [Differentiable]
            public static float Norm(float x, float y, float z)
            {
                Vector3 v = new Vector3(x, 2 * y, z);
                return v.X * v.X + v.Y * v.Y + v.Z * v.Z;
            }

            [Differentiable]
            public static double Whole(double x, double y)
            {
                Pair d = new Pair { A = x, B = y * x };
                return d.Looped() + d.A;
            }
        }
        """;

    private static readonly Lazy<(Assembly Assembly, Microsoft.CodeAnalysis.GeneratorDriverRunResult Run)> Compiled = new(() =>
        (GeneratorHarness.CompileAndLoad(Source), GeneratorHarness.Generate(Source).Run));

    [Theory]
    [InlineData("Stretch", true)]
    [InlineData("StoredAgain", false)]
    [InlineData("InABranch", true)]
    [InlineData("OneMemberRead", false)]
    [InlineData("Squared", false)]
    [InlineData("Whole", false)]
    public void Gradients_match_central_differences(string name, bool counted)
    {
        var f = new Differentiated(Compiled.Value.Assembly, "Locals", name);
        foreach ((double x, double y) in new[] { (0.3, -0.7), (-1.1, 0.4), (0.8, 1.3), (1.7, -0.2) })
        {
            double[] args = counted ? [x, y, 5] : [x, y];
            (double value, double[] adjoints) = f.Backprop(args);
            Assert.Equal(f.Value(args), value);
            GradientAssert.Close(f.FiniteDifference(args, 0), adjoints[0], 1e-6, $"{name}: d/dx at ({x}, {y})");
            GradientAssert.Close(f.FiniteDifference(args, 1), adjoints[1], 1e-6, $"{name}: d/dy at ({x}, {y})");
        }
    }

    [Fact]
    public void A_float_vector_local_gives_the_closed_form()
    {
        // |(x, 2y, z)|²: (2x, 8y, 2z).
        MethodInfo backward = Compiled.Value.Assembly.GetType("Locals")!.GetMethod("NormBackward")!;
        object[] args = [1.5f, -0.25f, 2f, 1f, 0f, 0f, 0f];
        float value = (float)backward.Invoke(null, args)!;
        Assert.Equal(1.5f * 1.5f + 0.25f + 4f, value);
        Assert.Equal(3f, (float)args[4]);
        Assert.Equal(-2f, (float)args[5]);
        Assert.Equal(4f, (float)args[6]);
    }

    [Theory]
    [InlineData("Stretch", true)]
    [InlineData("StoredAgain", false)]
    [InlineData("InABranch", true)]
    [InlineData("Squared", false)]
    public void Tangents_agree_with_the_gradient(string name, bool counted)
    {
        Type type = Compiled.Value.Assembly.GetType("Locals")!;
        MethodInfo tangent = type.GetMethod(name + "Tangent")!;
        var f = new Differentiated(Compiled.Value.Assembly, "Locals", name);
        foreach ((double x, double y) in new[] { (0.3, -0.7), (1.7, -0.2) })
        {
            double[] args = counted ? [x, y, 5] : [x, y];
            (_, double[] adjoints) = f.Backprop(args);
            object[] tangentArgs = counted ? [x, y, 5, 0.6, -1.3, 0.0] : [x, y, 0.6, -1.3, 0.0];
            Assert.Equal(f.Value(args), (double)tangent.Invoke(null, tangentArgs)!);
            GradientAssert.Close((0.6 * adjoints[0]) - (1.3 * adjoints[1]), (double)tangentArgs[^1], 1e-12, $"{name} at ({x}, {y})");
        }
    }

    [Fact]
    public void A_local_read_member_by_member_is_read_from_the_values_stored_into_it()
    {
        // Each member stored once, from a temporary: its reads take the temporary (no d_X, no struct, no struct adjoint).
        string text = Text("Stretch");
        Assert.Contains("double t6 = t3;", text, StringComparison.Ordinal);
        Assert.Contains("double t8 = t4;", text, StringComparison.Ordinal);
        Assert.Contains("double t11 = t5;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("d_X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::V3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Stores_again_and_compound_stores_assign_the_scalar()
    {
        string text = Text("StoredAgain");
        Assert.Contains("double p_A = x;", text, StringComparison.Ordinal);
        Assert.Contains("double p_B = y;", text, StringComparison.Ordinal);
        Assert.Contains("p_B += t", text, StringComparison.Ordinal);
        Assert.Contains("p_A -= t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::Pair", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_nothing_reads_is_dropped()
    {
        string one = Text("OneMemberRead");
        Assert.DoesNotContain("q_A", one, StringComparison.Ordinal);
        Assert.DoesNotContain("q_B", one, StringComparison.Ordinal);
        Assert.DoesNotContain("global::Pair", one, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_used_whole_stays_a_struct()
    {
        Assert.Contains("global::Pair d = default;", Text("Whole"), StringComparison.Ordinal);
        Assert.Contains("d.LoopedBackward(", Text("Whole"), StringComparison.Ordinal);
    }

    private static string Text(string name) => GeneratorHarness.GeneratedText(Compiled.Value.Run, $"Locals.{name}.g.cs");
}
