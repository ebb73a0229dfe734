using GradientGen.Emit;

namespace GradientGen.Tests.Emit;

/// <summary>
/// An element's adjoint added into, then taken and cleared with nothing between that names its array, takes the sum
/// directly (<c>AddedThenTaken</c>); anything that could change the element or the term between stays as it is.
/// </summary>
public class AddedThenTakenTests
{
    [Fact]
    public void The_last_term_is_taken_with_the_element()
    {
        Assert.Equal(
            "dQ[k] += dT5;\nid1 = (int)iteration3;\n// xc[id2] = x[id2] - m[id2];\ndouble dT4 = dXc[id2] + dT6;\ndXc[id2] = 0.0;",
            AddedThenTaken.Fold("dXc[id2] += dT6;\ndQ[k] += dT5;\nid1 = (int)iteration3;\n// xc[id2] = x[id2] - m[id2];\ndouble dT4 = dXc[id2];\ndXc[id2] = 0.0;"));

        // Two additions in turn, a product, a subtraction of a sum (kept whole), a float.
        Assert.Equal("double dT1 = dZ[i] + dT4 + dT2;\ndZ[i] = 0.0;", AddedThenTaken.Fold("dZ[i] += dT4;\ndZ[i] += dT2;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;"));
        Assert.Equal("double dT1 = dZ[i] + dT4 * t0;\ndZ[i] = 0.0;", AddedThenTaken.Fold("dZ[i] += dT4 * t0;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;"));
        Assert.Equal("double dT1 = dZ[i] - (a - b);\ndZ[i] = 0.0;", AddedThenTaken.Fold("dZ[i] -= a - b;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;"));
        Assert.Equal("float dT1 = dZ[i] + dT4;\ndZ[i] = 0.0f;", AddedThenTaken.Fold("dZ[i] += dT4;\nfloat dT1 = dZ[i];\ndZ[i] = 0.0f;"));
    }

    [Theory]
    [InlineData("dZ[i] += dT4;\ndouble dT1 = dZ[i];\ndZ[i] = dT9;")] // not cleared: the sum stays in the element
    [InlineData("dZ[i] += dT4;\ndouble dT1 = dZ[j];\ndZ[j] = 0.0;")] // another element
    [InlineData("dZ[i] += dT4;\ni = (int)iteration;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;")] // the index set between
    [InlineData("dZ[i] += dT4;\ndT4 = t5;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;")] // the term set between
    [InlineData("dZ[i] += t[c];\nt[c--] = 0.0;\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;")] // the term's index stepped between
    [InlineData("dZ[i] += dT4;\nt2 = dZ[j];\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;")] // the array read between
    [InlineData("dZ[i] += dT4;\nif (c0)\n{\n    t2 = 1.0;\n}\ndouble dT1 = dZ[i];\ndZ[i] = 0.0;")] // a branch between
    [InlineData("dZ += dT4;\ndouble dT1 = dZ;\ndZ = 0.0;")] // a scalar adjoint: ClearedAdjoints' and GeometricAdjoints' forms
    public void Anything_else_is_left_as_it_is(string block) => Assert.Equal(block, AddedThenTaken.Fold(block));
}
