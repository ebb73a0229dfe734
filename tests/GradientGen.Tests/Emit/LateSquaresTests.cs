using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A square's reverse <c>(g + g) * a</c> whose adjoint the block computes (from an operation, a copy of such an adjoint,
/// or by adding into it) doubles the primal factor instead; an adjoint the block only copies, one set outside the block,
/// and lines of nested blocks keep <c>(g + g)</c>.
/// </summary>
public class LateSquaresTests
{
    [Fact]
    public void A_computed_adjoint_gives_its_doubling_to_the_factor()
    {
        // The extended Rosenbrock's iteration: dT4 is a copy of the sum's adjoint, dT0 a copy of one computed here.
        Assert.Equal(
            "double dT5 = dSum;\ndouble dT4 = dT5;\ndouble dU = (dT4 + dT4) * u;\ndouble dV = (dT5 * 200.0) * v;\n// double v = (a * a) - x[i + 1];\ndouble dT0 = dV;\ndA += dT0 * (a + a);",
            LateSquares.Fold("double dT5 = dSum;\ndouble dT4 = dT5;\ndouble dU = (dT4 + dT4) * u;\ndouble dV = (dT5 * 200.0) * v;\n// double v = (a * a) - x[i + 1];\ndouble dT0 = dV;\ndA += (dT0 + dT0) * a;"));
        // Added into, negated, and in a float block.
        Assert.Equal("dS += dT1 * s;\ndX -= dS * (x + x);", LateSquares.Fold("dS += dT1 * s;\ndX -= (dS + dS) * x;"));
        Assert.Equal("float dT2 = dT3 * b;\ndA += -(dT2 * (a + a));", LateSquares.Fold("float dT2 = dT3 * b;\ndA += -((dT2 + dT2) * a);"));
    }

    [Theory]
    [InlineData("double dT4 = dSum;\ndouble dU = (dT4 + dT4) * u;")] // a copy of an adjoint set before the block
    [InlineData("dA += (dResult + dResult) * a;")] // set before the block
    [InlineData("double dT1 = dT2 * b;\nfor (int i = 0; i < n; i++)\n{\n    dA += (dT1 + dT1) * a;\n}")] // the same in each iteration of a nested loop
    [InlineData("double dT1 = dT2 * b;\n// dA += (dT1 + dT1) * a;")] // a comment
    [InlineData("double dT1 = dT2 * b;\ndA += (dT1 + dT1) * x[i];")] // the factor is not a name
    [InlineData("double dT1 = dT2 * b;\ndA += x / (dT1 + dT1) * a;")] // inside a larger expression
    [InlineData("double dT1 = dT2 * b;\ndA += (dT1 + dT1) * a * c;")] // the same
    [InlineData("double dT1 = dT2 * b;\ndT1 = dT5;\ndA += (dT1 + dT1) * a;")] // set again, to a copy
    public void Anything_else_is_left_as_it_is(string block) => Assert.Equal(block, LateSquares.Fold(block));
}
