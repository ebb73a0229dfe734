using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Diagnostics;

/// <summary>
/// The members of this that carry derivatives are followed where the method reads them; what could read or
/// change them out of sight is refused where it happens: a member array replaced (GG0008), an element of a jagged
/// member or of an array of structs written, or a written member array passed on (GG0001), a
/// method or computed property run on this (GG0003), a method that takes the shadow called on an object whose
/// shadow the caller doesn't have (GG0003), and this passed on to a method without a derivative (GG0001).
/// </summary>
public class InstanceMemberDiagnosticsTests
{
    [Fact]
    public Task Replacing_a_member_array_is_GG0008_on_the_assignment() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            private double[] _w = new double[2];

            [Differentiable]
            public double F(double x)
            {
                {|GG0008:_w = new double[] { x, x }|};
                return _w[0] * _w[1];
            }
        }
        """);

    [Fact]
    public Task Writing_into_a_jagged_member_or_an_array_of_structs_is_GG0001_on_the_store() => AnalyzerVerifier.VerifyAsync("""
        using System.Numerics;
        using GradientGen;

        public partial class C
        {
            private readonly double[][] _rows = [new double[2]];
            private readonly Vector2[] _points = new Vector2[2];

            [Differentiable]
            public double F(double x)
            {
                {|GG0001:_rows[0][1] = x|};
                {|GG0001:_points[0].X = (float)x|};
                return _rows[0][1] * _rows[0][0] + _points[1].Y;
            }
        }
        """);

    [Fact]
    public Task A_member_array_the_method_writes_passed_on_is_GG0001_on_the_argument() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            private readonly double[] _w = new double[2];

            [Differentiable]
            public static double Sum(double[] v) => v[0] + v[1];

            [Differentiable]
            public double F(double x)
            {
                _w[0] = x * x;
                return Sum({|GG0001:_w|});
            }
        }
        """);

    [Fact]
    public void The_messages_say_what_is_written_and_the_way_out()
    {
        Assert.Equal(
            "GradientGen cannot differentiate writing into the member 'this._rows'; of the members, only T[] and T[,] arrays of numbers can be written: store into one of those",
            AnalyzerVerifier.MessageOf("""
                using GradientGen;

                public partial class C
                {
                    private readonly double[][] _rows = [new double[2]];

                    [Differentiable]
                    public double F(double x)
                    {
                        {|GG0001:_rows[0][1] = x|};
                        return _rows[0][1];
                    }
                }
                """, "GG0001"));
    }

    [Fact]
    public Task A_method_run_on_this_is_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            private double[] _w = new double[2];

            private void Normalize() => _w[0] /= _w[1];

            [Differentiable]
            public double F(double x)
            {
                {|GG0003:Normalize()|};
                return _w[0] * x;
            }
        }
        """);

    [Fact]
    public Task A_computed_property_of_this_is_GG0003_on_the_read() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            private double _w = 2;

            private double Twice => 2 * _w;

            [Differentiable]
            public double F(double x) => x * {|GG0003:Twice|};
        }
        """);

    [Fact]
    public Task A_static_caller_of_a_method_that_takes_the_shadow_gets_GG0003_on_the_call() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            public double W = 2;

            [Differentiable]
            public double G(double x) => W * x;
        }

        public static partial class Use
        {
            [Differentiable]
            public static double F(double x, [NoDerivative] C c) => {|GG0003:c.G(x)|} * x;
        }
        """);

    [Fact]
    public Task This_passed_on_is_GG0001_on_this() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            public double W = 2;

            private static double Read(C c) => c.W;

            [Differentiable]
            public double F(double x) => x * Read({|GG0001:this|});
        }
        """);

    [Fact]
    public Task Members_that_carry_no_derivative_and_non_floating_members_are_read_freely() => AnalyzerVerifier.VerifyAsync("""
        using GradientGen;

        public partial class C
        {
            public double W = 2;
            [NoDerivative] public double Rate = 0.1;
            public int Count;
            private int Size => Count * 2;

            [Differentiable]
            public double F(double x)
            {
                Count++;
                return W * x * Rate * Size;
            }
        }
        """);
}
