using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A cleared adjoint whose next mention in the same block adds into it starts with that term instead: exactly
/// where nothing between names it, the addition is the block's own (not a nested block's) and its term doesn't
/// read the adjoint itself. Around an <c>if</c>/<c>else</c>: a declared zero whose first mentions are the two arms'
/// own additions starts unassigned and each arm assigns; a clear that ends both arms goes when the block's next
/// mention after the branch adds into it.
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

    [Fact]
    public void A_declared_zero_that_both_arms_add_into_first_is_assigned_by_each_arm()
    {
        Assert.Equal(
            "double dZ;\n// if (z > 0)\nif (c0)\n{\n    // h = z;\n    dZ = dH;\n}\nelse\n{\n    dZ = -(a - b);\n    dZ += dH;\n}\ndT2 = dZ;",
            ClearedAdjoints.Fold("double dZ = 0.0;\n// if (z > 0)\nif (c0)\n{\n    // h = z;\n    dZ += dH;\n}\nelse\n{\n    dZ -= a - b;\n    dZ += dH;\n}\ndT2 = dZ;"));
    }

    [Theory]
    [InlineData("double dZ = 0.0;\nif (c0)\n{\n    dZ += dH;\n}\ndT2 = dZ;")] // no else
    [InlineData("double dZ = 0.0;\nif (c0)\n{\n    dZ += dH;\n}\nelse\n{\n    y = 1;\n}\ndT2 = dZ;")] // an arm without it
    [InlineData("double dZ = 0.0;\nif (c0)\n{\n    dZ += dH;\n}\nelse\n{\n    if (c1)\n    {\n        dZ += dH;\n    }\n}")] // deeper in an arm
    [InlineData("double dZ = 0.0;\ny = dZ;\nif (c0)\n{\n    dZ += dH;\n}\nelse\n{\n    dZ += dH;\n}")] // read before the branch
    [InlineData("double dZ = 0.0;\nif (c0)\n{\n    dZ += dZ * t;\n}\nelse\n{\n    dZ += dH;\n}")] // the term reads it
    public void A_declared_zero_is_kept_unless_both_arms_add_into_it_first(string block) => Assert.Equal(block, ClearedAdjoints.Fold(block));

    [Fact]
    public void A_clear_ending_both_arms_goes_when_the_next_mention_after_the_branch_adds()
    {
        Assert.Equal(
            "if (c0)\n{\n    dZ = dH;\n    h = slots[slot];\n}\nelse\n{\n    dZ = dH * 0.01;\n    h = slots[slot];\n}\nc0 = flags[slot];\ndH = dZ * w;",
            ClearedAdjoints.Fold("if (c0)\n{\n    dZ = dH;\n    dH = 0.0;\n    h = slots[slot];\n}\nelse\n{\n    dZ = dH * 0.01;\n    dH = 0.0;\n    h = slots[slot];\n}\nc0 = flags[slot];\ndH += dZ * w;"));
    }

    [Theory]
    [InlineData("if (c0)\n{\n    dH = 0.0;\n}\nelse\n{\n    y = 1;\n}\ndH += t;")] // one arm only
    [InlineData("if (c0)\n{\n    dH = 0.0;\n    y = dH;\n}\nelse\n{\n    dH = 0.0;\n}\ndH += t;")] // read after the clear
    [InlineData("if (c0)\n{\n    dH = 0.0;\n}\nelse\n{\n    dH = 0.0;\n}\ny = dH;\ndH += t;")] // read after the branch
    [InlineData("if (c0)\n{\n    dH = 0.0;\n}\nelse\n{\n    dH = 0.0;\n}")] // nothing after
    [InlineData("if (c0)\n{\n    dH = 0.0;\n}\nelse\n{\n    dH = 0.0;\n}\ndH += dH * t;")] // the term reads it
    public void Clears_in_the_arms_stay_unless_the_branch_is_followed_by_an_addition(string block) => Assert.Equal(block, ClearedAdjoints.Fold(block));
}
