using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A cleared adjoint whose next mention in the same block adds into it starts with that term instead: exactly
/// where nothing between names it, the addition is the block's own (not a nested block's) and its term doesn't
/// read the adjoint itself.
/// </summary>
public class ClearedAdjointsTests
{
    [Fact]
    public void A_clear_then_an_addition_becomes_an_assignment()
    {
        Assert.Equal("double dT0 = dX * t1;\ndX = dT0 * r;", ClearedAdjoints.Fold("double dT0 = dX * t1;\ndX = 0.0;\ndX += dT0 * r;"));
        Assert.Equal("a = 1;\ndX = -dT1;", ClearedAdjoints.Fold("dX = 0.0;\na = 1;\ndX -= dT1;"));
        Assert.Equal("dX = -(a - b);", ClearedAdjoints.Fold("dX = 0.0;\ndX -= a - b;"));
        Assert.Equal("dX = -(-a);", ClearedAdjoints.Fold("dX = 0.0;\ndX -= -a;"));
        Assert.Equal("dX = t;", ClearedAdjoints.Fold("dX = 0.0f;\ndX += t;"));
        Assert.Equal("dX = t;", ClearedAdjoints.Fold("dX = T.Zero;\ndX += t;"));
    }

    [Theory]
    [InlineData("dX = 0.0;\ny = dX;\ndX += t;")] // read between
    [InlineData("dX = 0.0;\nif (c)\n{\n    dX += t;\n}")] // the addition is in a nested block
    [InlineData("dX = 0.0;\ndX += dX * t;")] // the term reads it
    [InlineData("dX = 0.0;\nFBackward(x, ref dX);")] // passed on
    [InlineData("dX = 0.0;")] // nothing after
    [InlineData("dXY = 0.0;\ndX += t;")] // another name
    public void Anything_else_is_left_as_it_is(string block) => Assert.Equal(block, ClearedAdjoints.Fold(block));
}
