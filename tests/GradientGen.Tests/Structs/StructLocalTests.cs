using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Structs;

/// <summary>
/// Struct and tuple locals inside a method of doubles, each against its closed-form derivative at several
/// points: the forms that were refused (GG0008, GG0011) before structs carried derivatives — an initializer,
/// a store into a member, a tuple local, deconstruction (a swap included), a member read in a loop.
/// </summary>
public class StructLocalTests
{
    private const string Type = "Structs.Locals";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Structs;

        public struct Pair
        {
            public double A;
            public double B;
        }

        public static partial class Locals
        {
            [Differentiable]
            public static double Initializer(double x)
            {
                var p = new Pair { A = x, B = 2 };
                return p.A * p.B;
            }

            [Differentiable]
            public static double MemberStore(double x)
            {
                var p = new Pair();
                p.A = x;
                p.B = Math.Sin(p.A);
                p.A *= p.B;
                return p.A * 2 + p.B;
            }

            [Differentiable]
            public static double TupleLocal(double x)
            {
                var t = (x * 2, 3.0);
                return t.Item1 * t.Item2;
            }

            [Differentiable]
            public static double Swap(double x)
            {
                (double a, double b) = (x, 2.0);
                (a, b) = (b, a * x);
                var (c, _) = (a + b, x);
                return a * b + c;
            }

            [Differentiable]
            public static double Deconstructed(double x)
            {
                var t = (Sq: x * x, Lin: 3 * x);
                var (s, l) = t;
                return s * l + t.Sq;
            }

            [Differentiable]
            public static double LoopOverwrite(double x, int n)
            {
                var p = new Pair { A = x, B = 1 };
                for (int i = 0; i < n; i++)
                {
                    p = new Pair { A = p.A * p.B, B = p.A + 0.5 };
                }

                return p.A + p.B;
            }
        }
        """);

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Initializer_sets_the_members_2x() =>
        NumericAssert.Derivative(Method("Initializer"), _ => 2, -1.5, 0.25, 3);

    [Fact]
    public void Member_store_then_read() =>
        // p.A = x·sin x, p.B = sin x: f = 2x·sin x + sin x.
        NumericAssert.Derivative(Method("MemberStore"), x => (2 * Math.Sin(x)) + (2 * x * Math.Cos(x)) + Math.Cos(x), -1.5, 0.25, 3);

    [Fact]
    public void Tuple_local_6x() =>
        NumericAssert.Derivative(Method("TupleLocal"), _ => 6, -1.5, 0.25, 3);

    [Fact]
    public void Deconstruction_assigns_all_at_once() =>
        // (a, b) = (2, x²), c = 2 + x²: f = 2x² + 2 + x².
        NumericAssert.Derivative(Method("Swap"), x => 6 * x, -1.5, 0.25, 3);

    [Fact]
    public void Deconstructed_tuple_variable() =>
        // s = x², l = 3x: f = 3x³ + x².
        NumericAssert.Derivative(Method("Deconstructed"), x => (9 * x * x) + (2 * x), -1.5, 0.25, 3);

    [Fact]
    public void Struct_local_overwritten_in_a_loop_matches_finite_differences()
    {
        Infrastructure.Differentiated f = Method("LoopOverwrite");
        foreach (double x in new[] { -0.7, 0.3, 0.9 })
        {
            (double value, double[] adjoints) = f.Backprop([x, 4]);
            Assert.Equal(f.Value(x, 4), value);
            Infrastructure.GradientAssert.Close(f.FiniteDifference([x, 4], 0), adjoints[0], 1e-6, $"d/dx at {x}");
        }
    }
}
