using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// A square root's reverse whose adjoint goes, through copies, only into squares' reverses loses both 2s; any other
/// reader, or a copy set again, leaves it as it is.
/// </summary>
public class HalvedAdjointsTests
{
    [Fact]
    public void The_twos_of_a_root_over_squares_cancel()
    {
        Assert.Equal(
            "double dT17 = dT18 / t18;\ndouble dT16 = dT17;\n// X * b.X + Y * b.Y\ndouble dT13 = dT16;\ndouble dT15 = dT16;\ndouble dT14 = dT15 * t14;\ndD.Z = dT14;\ndX += dT13 * t9;",
            HalvedAdjoints.Fold("double dT17 = dT18 / (2.0 * t18);\ndouble dT16 = dT17;\n// X * b.X + Y * b.Y\ndouble dT13 = dT16;\ndouble dT15 = dT16;\ndouble dT14 = (dT15 + dT15) * t14;\ndD.Z = dT14;\ndX += (dT13 + dT13) * t9;"));
        Assert.Equal("float dT3 = dT4 / t4;\ndA += dT3 * a;", HalvedAdjoints.Fold("float dT3 = dT4 / (2f * t4);\ndA += (dT3 + dT3) * a;"));
    }

    [Theory]
    [InlineData("double dT3 = dT4 / (2.0 * t4);\ndA += dT3;")] // read other than doubled
    [InlineData("double dT3 = dT4 / (2.0 * t4);\ndouble dT2 = dT3;\ndA += (dT2 + dT2) * a;\ndB += dT2 * b;")] // a copy read other than doubled
    [InlineData("double dT3 = dT4 / (2.0 * t4);\ndA += (dT3 + dT3) * dT3;")] // read in the factor too
    [InlineData("double dT3 = dT4 / (2.0 * t4);")] // not read
    [InlineData("double dT3 = dT4 / (3.0 * t4 * t4);\ndA += (dT3 + dT3) * a;")] // not a square root's
    public void Anything_else_is_left_as_it_is(string block) => Assert.Equal(block, HalvedAdjoints.Fold(block));
}
