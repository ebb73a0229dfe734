using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.Structs;

/// <summary>
/// A member read of a struct computed by an expression — <c>(a + b).Z</c>, <c>(p with { M = y }).Pos.X</c>, a
/// callee's tuple result <c>Pair(x, y).Product</c> — is differentiated through the expression's members (it was
/// refused with GG0001, and a tuple member read as a field of another object was flagged GG1001), against central
/// differences; so is a computed property of such an expression, inlined.
/// </summary>
public class StructExpressionMemberTests
{
    private static readonly CompiledSource Source = new("""
        using System;
        using System.Numerics;
        using GradientGen;

        public record struct P(double X, double Y);

        public record struct Q(double X, double Y)
        {
            public double Norm2 => X * X + Y * Y;
        }

        public struct Body
        {
            public P Pos;
            public double M;
        }

        public static partial class Members
        {
            [Differentiable]
            public static float OfVectorArithmetic(float x, float y)
            {
                var a = new Vector3(x, y, x * y);
                var b = new Vector3(y, 1, x);
                return (a + b).Z * (a * 2).X - (-b).Y * (a - b).Z;
            }

            [Differentiable]
            public static double OfWith(double x, double y)
            {
                var b = new Body { Pos = new P(x, y), M = x * y };
                return (b with { M = y }).Pos.X * (b with { Pos = new P(y, x) }).M + (b with { M = 2 }).Pos.Y;
            }

            [Differentiable]
            public static (double Sum, double Product) Pair(double x, double y) => (x + y, x * y);

            [Differentiable]
            public static double OfCall(double x, double y) => Pair(x, y).Product * Math.Sin(Pair(y, x * x).Sum);

            // A computed property of such an expression: inlined (StructOwnMemberTests).
            [Differentiable]
            public static double OfComputedProperty(double x, double y) => (new Q(x, 1) with { Y = x * y }).Norm2;
        }
        """);

    private static readonly double[][] Points = [[0.7, -0.4], [1.3, 0.9], [-0.8, 0.5]];

    [Theory]
    [InlineData("OfWith")]
    [InlineData("OfCall")]
    [InlineData("OfComputedProperty")]
    public void A_member_of_a_computed_struct_has_the_derivative_of_central_differences(string method) =>
        GradientAssert.MatchesFiniteDifferences(Source.Method("Members", method), [0, 1], Points);

    [Fact]
    public void A_member_of_vector_arithmetic_has_the_derivative_of_central_differences() =>
        GradientAssert.MatchesFiniteDifferences(Source.Method("Members", "OfVectorArithmetic"), [0, 1], Points, tolerance: 2e-2, h: 1e-3);
}
