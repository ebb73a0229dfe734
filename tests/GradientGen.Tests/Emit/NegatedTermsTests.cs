using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A temporary that takes a negated term and is then only added into one adjoint of the same block is subtracted
/// there instead; anything else (a minus that isn't the whole term's, a second use, a use in a nested block, what the
/// term reads set between, a reference passed between) stays as it is.
/// </summary>
public class NegatedTermsTests
{
    [Fact]
    public void A_negated_temporary_added_once_is_subtracted()
    {
        Assert.Equal("dT0 = dV;\ndX[(i + 1)] -= dV;", NegatedTerms.Fold("double dT1 = -dV;\ndT0 = dV;\ndX[(i + 1)] += dT1;"));
        Assert.Equal("dP[i].Z += dT8;", NegatedTerms.Fold("double dT5 = -dT8;\ndP[i].Z -= dT5;"));
        Assert.Equal("dA -= a - b;", NegatedTerms.Fold("double dT2 = -(a - b);\ndA += dT2;"));
        Assert.Equal("dA -= g * global::System.Math.Sin(t);", NegatedTerms.Fold("double dT2 = -g * global::System.Math.Sin(t);\ndA += dT2;"));
        Assert.Equal("dA -= dB;", NegatedTerms.Fold("float dT2 = -dB;\ndA += dT2;"));
    }

    [Theory]
    [InlineData("double dT0 = -1.87 <= t0 ? 0.0 : dT1;\ndW[0] += dT0;")] // the minus is a literal's
    [InlineData("double dT0 = -a + b;\ndA += dT0;")] // the minus is the first operand's
    [InlineData("double dT0 = -dV;\ndA += dT0;\ndB += dT0;")] // used twice
    [InlineData("double dT0 = -dV;\nif (c)\n{\n    dA += dT0;\n}")] // used in a nested block
    [InlineData("double dT0 = -dV;\ndV = 0.0;\ndA += dT0;")] // what it reads is set between
    [InlineData("double dT0 = -dV;\nFBackward(x, ref dW);\ndA += dT0;")] // a reference passed between
    [InlineData("double dT0 = -dV;\ndA += dT0 * t;")] // not the whole term
    [InlineData("double dT0 = -dV;\ndouble dA = dT0;")] // not an addition
    public void Anything_else_is_left_as_it_is(string block) => Assert.Equal(block, NegatedTerms.Fold(block));
}
