using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A cleared adjoint whose next mention in the same block adds into it starts with that term instead: exactly
/// where nothing between names it, the addition is the block's own (not a nested block's) and its term doesn't
/// read the adjoint itself. Around an <c>if</c>/<c>else</c>: a declared zero whose first mentions are the two arms'
/// own additions starts unassigned and each arm assigns; a clear that ends both arms goes when the block's next
/// mention after the branch adds into it. An adjoint set again only from temporaries that took it scaled is multiplied
/// by the sum of their factors, where it was first set again, when every factor still reads the same values there.
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

    [Fact]
    public void An_adjoint_set_again_from_its_scaled_temporaries_is_multiplied_by_their_factors()
    {
        // x = r * x * (1 - x), the logistic map's step: dT1 is named nowhere else afterwards and goes.
        Assert.Equal(
            "x = slots[--cursor];\nt0 = r * x;\nt1 = 1.0 - x;\ndouble dT0 = dX * t1;\ndX *= -t0 + t1 * r;\ndR += dT0 * x;",
            ClearedAdjoints.Fold("x = slots[--cursor];\nt0 = r * x;\nt1 = 1.0 - x;\ndouble dT0 = dX * t1;\ndouble dT1 = dX * t0;\ndX = -dT1;\ndR += dT0 * x;\ndX += dT0 * r;"));

        // w = w * w + Math.Sin(w): the restore before the first setting is read by every factor, and the product is taken after it.
        Assert.Equal(
            "w = wSaved;\ndW *= global::System.Math.Cos(w) + w + w;",
            ClearedAdjoints.Fold("double dT0 = dW;\ndouble dT1 = dW;\nw = wSaved;\ndW = dT1 * global::System.Math.Cos(w);\ndW += dT0 * w;\ndW += dT0 * w;"));

        // A factor in parentheses keeps one pair; a subtraction negates.
        Assert.Equal("dS *= (1.0 - t5 * t5) - 0.75;\nt5 = slots[--cursor];", ClearedAdjoints.Fold("double dT4 = dS;\ndouble dT5 = dS;\ndS = dT5 * (1.0 - t5 * t5);\nt5 = slots[--cursor];\ndS -= dT4 * 0.75;"));
    }

    [Theory]
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\nt0 = slots[--cursor];\ndX = -dT1;\ndX += dT0 * r;")] // t0 set after dT1 took it
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\ndX = -dT1;\nr = slots[--cursor];\ndX += dT0 * r;")] // r set before its addition
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\ndX += 1.0;\ndX = -dT1;\ndX += dT0 * r;")] // dX set after the temporaries took it
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\ndT0 += 1.0;\ndX = -dT1;\ndX += dT0 * r;")] // a temporary set again
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\nFBackward(t1, ref t0);\ndX = -dT1;\ndX += dT0 * r;")] // passed by reference
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dY * t0;\ndX = -dT1;\ndX += dT0 * r;")] // a temporary of another adjoint
    [InlineData("double dT0 = dX * t1;\ndX = dT0 * r;")] // one term: nothing to fold
    [InlineData("double dT0 = dX * t1;\ndouble dT1 = dX * t0;\ndX = -dT1;\ndX += dT0 * dX;")] // a factor reads the adjoint
    public void An_adjoint_set_again_is_left_as_it_is_unless_the_factors_still_hold(string block) => Assert.Equal(block, ClearedAdjoints.Fold(block));
}
