using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A struct adjoint declared <c>default</c> at a reverse iteration's top: each member's first addition assigns while
/// the block's own statements name it only through members added into for the first time; clears nothing reads after
/// them go.
/// </summary>
public class IterationLocalAdjointsTests
{
    [Fact]
    public void First_additions_assign_and_unread_clears_go()
    {
        Assert.Equal(
            "dD.Z = dT14;\ndD.Y = -t;\ndD.Z += dT1;\ndouble dT8 = dD.Z;\ndouble dT7 = dD.Y;",
            IterationLocalAdjoints.StartMembers("dD.Z += dT14;\ndD.Y -= t;\ndD.Z += dT1;\ndouble dT8 = dD.Z;\ndD.Z = 0.0;\ndouble dT7 = dD.Y;\ndD.Y = 0.0;", "dD"));
    }

    [Theory]
    [InlineData("dD.A = 0.0;\ndD.A += t;")] // the clear is read by the addition after it
    [InlineData("dD.A = 0.0;\nFBackward(x, ref dD);")] // the whole struct is passed on
    [InlineData("dD.P.X = 0.0;\ny = dD.P;")] // a member around it is read
    public void A_clear_read_after_it_stays(string block) => Assert.Equal(block, IterationLocalAdjoints.StartMembers(block, "dD"));

    [Theory]
    [InlineData("y = dD.A;\ndD.A += t;")] // read before its first addition
    [InlineData("if (c)\n{\n    dD.A += t;\n}\ndD.A += u;")] // first named in a nested block
    [InlineData("dD.A += dD.B * t;")] // the term reads the struct
    [InlineData("FBackward(x, ref dD);\ndD.A += t;")] // passed on first
    public void Additions_after_anything_else_stay(string block) => Assert.Equal(block, IterationLocalAdjoints.StartMembers(block, "dD"));
}
