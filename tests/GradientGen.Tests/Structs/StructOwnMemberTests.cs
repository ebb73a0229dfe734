using GradientGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Structs;

/// <summary>
/// A struct's own operators, computed properties and methods (<c>a + s * b</c>, <c>c.Length</c>, <c>a.Dot(b)</c>,
/// <c>V2.Lerp(a, b, t)</c>) and its extension methods (<c>v.Norm1()</c>), declared in another file with no attribute, are inlined where a [Differentiable]
/// method uses them: checked against central differences at several points, against the closed form of a
/// norm's gradient, and in forward mode; the text of one use is pinned. A member GradientGen can't follow is
/// refused where the method uses it, and a [Differentiable] instance method of such a struct that reads the
/// struct's own fields (whose derivative was silently zero) is refused at the read.
/// </summary>
public class StructOwnMemberTests
{
    private const string Geometry = """
        using System;

        public struct V2
        {
            public double X, Y;
            public V2(double x, double y) { X = x; Y = y; }

            public static V2 operator +(V2 a, V2 b) => new V2(a.X + b.X, a.Y + b.Y);
            public static V2 operator -(V2 a, V2 b) => new(a.X - b.X, a.Y - b.Y);
            public static V2 operator -(V2 a) => new V2 { X = -a.X, Y = -a.Y };
            public static V2 operator *(double s, V2 a) => new V2(s * a.X, s * a.Y);
            public static V2 operator *(V2 a, double s) => s * a;
            public static double operator *(V2 a, V2 b) => a.Dot(b);

            public double Length => Math.Sqrt(Dot(this));
            public double LengthSquared { get { return X * X + Y * Y; } }
            public V2 Normalized => this * (1.0 / Length);
            public V2 Unit { get { double l = Length; V2 u = new V2(X / l, Y / l); return u; } }

            public double Dot(V2 b) => X * b.X + Y * b.Y;
            public V2 Rotated(double angle) => new V2(X * Math.Cos(angle) - Y * Math.Sin(angle), X * Math.Sin(angle) + Y * Math.Cos(angle));
            public static V2 Lerp(V2 a, V2 b, double t) => a + t * (b - a);
            public static double Cross(V2 a, V2 b) { return a.X * b.Y - a.Y * b.X; }
        }

        public record struct Polar(double R, double Theta)
        {
            public V2 ToCartesian() => new V2(R * Math.Cos(Theta), R * Math.Sin(Theta));
            public Polar Scaled(float s) => this with { R = R * s };
        }

        public static class V2Extensions
        {
            public static double Norm1(this V2 v) => Math.Abs(v.X) + Math.Abs(v.Y);
            public static V2 Scaled(this V2 v, double s) => new V2(v.X * s, v.Y * s);
        }

        public struct P2f
        {
            public float X, Y;
            public static P2f operator +(P2f a, P2f b) => new P2f { X = a.X + b.X, Y = a.Y + b.Y };
            public float Norm => MathF.Sqrt(X * X + Y * Y);
        }
        """;

    private const string Uses = """
        using System;
        using GradientGen;

        public static partial class Shapes
        {
            [Differentiable]
            public static double Mixed(V2 a, V2 b, double s)
            {
                V2 c = a + s * b;
                return c.Length + a.Dot(c - b);
            }

            [Differentiable]
            public static double Operators(V2 a, V2 b, double t)
            {
                V2 m = V2.Lerp(a, b, t);
                V2 n = -m * 2.0 + m.Normalized - (a + m).Unit * t;
                n += a;
                n -= b * t;
                return n * a + V2.Cross(n, b) + (a - b).LengthSquared + (a + b).X;
            }

            // The members inlined in each iteration of a loop, over locals overwritten each time.
            [Differentiable]
            public static double Path(V2 p, double angle, int steps)
            {
                V2 q = p;
                double length = 0;
                for (int i = 0; i < steps; i++)
                {
                    V2 next = q.Rotated(angle) * 1.1;
                    length += (next - q).Length;
                    q = next;
                }

                return length + q.X;
            }

            [Differentiable]
            public static double FromPolar(Polar p, V2 offset) => (p.Scaled(2f).ToCartesian() + offset).Length;

            // Extension methods of the struct, called as members and as static methods.
            [Differentiable]
            public static double Extensions(V2 a, double s) => a.Scaled(s).Norm1() + V2Extensions.Norm1(a - a.Scaled(2 * s)) * s;

            // A constant receiver, and a [NoDerivative] struct as receiver and argument.
            [Differentiable]
            public static double Constants(V2 a, [NoDerivative] V2 fixedPoint) =>
                new V2(1, 2).Dot(a) + fixedPoint.Dot(a) + a.Dot(fixedPoint) * (fixedPoint - a).Length;

            [Differentiable]
            public static double Norm(V2 a) => a.Length;

            [Differentiable]
            public static float Floats(P2f a, P2f b) => (a + b).Norm * a.X;

            // Members of a struct computed from floats, read in place: no struct variable, so second order too.
            [Differentiable]
            public static double Radius(double x, double y) => new V2(x, y).Length;
        }

        public static class Drivers
        {
            private static V2 V(double[] f, int i) => new(f[i], f[i + 1]);

            public static double MixedValue(double[] f) => Shapes.Mixed(V(f, 0), V(f, 2), f[4]);

            public static double[] MixedGradient(double[] f)
            {
                V2 da = default, db = default; double ds = 0;
                Shapes.MixedBackward(V(f, 0), V(f, 2), f[4], 1.0, ref da, ref db, ref ds);
                return [da.X, da.Y, db.X, db.Y, ds];
            }

            public static double OperatorsValue(double[] f) => Shapes.Operators(V(f, 0), V(f, 2), f[4]);

            public static double[] OperatorsGradient(double[] f)
            {
                V2 da = default, db = default; double dt = 0;
                Shapes.OperatorsBackward(V(f, 0), V(f, 2), f[4], 1.0, ref da, ref db, ref dt);
                return [da.X, da.Y, db.X, db.Y, dt];
            }

            public static double PathValue(double[] f) => Shapes.Path(V(f, 0), f[2], 4);

            public static double[] PathGradient(double[] f)
            {
                V2 dp = default; double dAngle = 0;
                Shapes.PathBackward(V(f, 0), f[2], 4, 1.0, ref dp, ref dAngle);
                return [dp.X, dp.Y, dAngle];
            }

            public static double FromPolarValue(double[] f) => Shapes.FromPolar(new Polar(f[0], f[1]), V(f, 2));

            public static double[] FromPolarGradient(double[] f)
            {
                Polar dp = default; V2 dOffset = default;
                Shapes.FromPolarBackward(new Polar(f[0], f[1]), V(f, 2), 1.0, ref dp, ref dOffset);
                return [dp.R, dp.Theta, dOffset.X, dOffset.Y];
            }

            public static double ExtensionsValue(double[] f) => Shapes.Extensions(V(f, 0), f[2]);

            public static double[] ExtensionsGradient(double[] f)
            {
                V2 da = default; double ds = 0;
                Shapes.ExtensionsBackward(V(f, 0), f[2], 1.0, ref da, ref ds);
                return [da.X, da.Y, ds];
            }

            public static double ConstantsValue(double[] f) => Shapes.Constants(V(f, 0), new V2(0.3, -1.7));

            public static double[] ConstantsGradient(double[] f)
            {
                V2 da = default;
                Shapes.ConstantsBackward(V(f, 0), new V2(0.3, -1.7), 1.0, ref da);
                return [da.X, da.Y];
            }

            public static double FloatsValue(double[] f) => Shapes.Floats(new P2f { X = (float)f[0], Y = (float)f[1] }, new P2f { X = (float)f[2], Y = (float)f[3] });

            public static double[] FloatsGradient(double[] f)
            {
                P2f da = default, db = default;
                Shapes.FloatsBackward(new P2f { X = (float)f[0], Y = (float)f[1] }, new P2f { X = (float)f[2], Y = (float)f[3] }, 1f, ref da, ref db);
                return [da.X, da.Y, db.X, db.Y];
            }

            public static double[] NormGradient(double[] f)
            {
                V2 da = default;
                double value = Shapes.NormBackward(V(f, 0), 1.0, ref da);
                return [value, da.X, da.Y];
            }

            public static double[,] RadiusHessian(double[] f) => Shapes.RadiusHessian(f[0], f[1]);

            public static double[] MixedTangent(double[] f, double[] direction)
            {
                double value = Shapes.MixedTangent(V(f, 0), V(f, 2), f[4], V(direction, 0), V(direction, 2), direction[4], out double tResult);
                return [value, tResult];
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Geometry, Uses);

    /// <summary>Name, number of inputs, central-difference step, tolerance.</summary>
    public static TheoryData<string, int, double, double> Cases => new()
    {
        { "Mixed", 5, 1e-6, 1e-6 },
        { "Operators", 5, 1e-6, 1e-6 },
        { "Path", 3, 1e-6, 1e-6 },
        { "FromPolar", 4, 1e-6, 1e-6 },
        { "Extensions", 3, 1e-6, 1e-6 },
        { "Constants", 2, 1e-6, 1e-6 },
        { "Floats", 4, 1e-3, 2e-2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_struct_s_own_members_have_the_derivatives_of_central_differences(string name, int size, double h, double tolerance)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            double[] point = FlatDrivers.RandomPoint(40 + seed, size).Select(v => v + (v >= 0 ? 0.5 : -0.5)).ToArray();
            Drivers.GradientMatchesFiniteDifferences(name, point, h, tolerance, $"{name} at seed {seed}");
        }
    }

    [Theory]
    [InlineData(3.0, 4.0)]
    [InlineData(-0.6, 0.8)]
    [InlineData(1e-3, -2.0)]
    public void The_gradient_of_a_length_property_is_the_unit_vector(double x, double y)
    {
        var result = (double[])Drivers.Call("NormGradient", new[] { x, y })!;
        double length = Math.Sqrt((x * x) + (y * y));
        Assert.Equal(length, result[0], 12);
        Assert.Equal(x / length, result[1], 12);
        Assert.Equal(y / length, result[2], 12);
    }

    [Theory]
    [InlineData(3.0, 4.0)]
    [InlineData(-0.6, 0.8)]
    public void The_hessian_of_a_length_property_of_a_computed_struct_is_the_closed_form(double x, double y)
    {
        // ∇²r for r = √(x² + y²): [[y², −xy], [−xy, x²]] / r³.
        var hessian = (double[,])Drivers.Call("RadiusHessian", new[] { x, y })!;
        double r3 = Math.Pow((x * x) + (y * y), 1.5);
        Assert.Equal(y * y / r3, hessian[0, 0], 12);
        Assert.Equal(-x * y / r3, hessian[0, 1], 12);
        Assert.Equal(-x * y / r3, hessian[1, 0], 12);
        Assert.Equal(x * x / r3, hessian[1, 1], 12);
    }

    [Fact]
    public void Forward_mode_follows_the_inlined_members_too()
    {
        double[] point = [0.8, -1.1, 0.4, 1.6, 0.7];
        double[] direction = [0.3, -0.2, 1.0, 0.5, -0.9];
        var tangent = (double[])Drivers.Call("MixedTangent", point, direction)!;
        double[] gradient = Drivers.Gradient("Mixed", point);
        Assert.Equal(Drivers.Value("Mixed", point), tangent[0], 12);
        Assert.Equal(gradient.Zip(direction, (g, d) => g * d).Sum(), tangent[1], 12);
    }

    [Fact]
    public void An_inlined_member_reads_the_caller_s_variables_in_place_and_quotes_its_body()
    {
        const string source = """
            using System;
            using GradientGen;

            public static partial class Shapes
            {
                [Differentiable]
                public static double Norm(V2 a) => a.Length;
            }
            """;
        (_, GeneratorDriverRunResult run) = GeneratorHarness.Generate(Geometry, source);
        string text = GeneratorHarness.GeneratedText(run, "Shapes.Norm.g.cs");
        Assert.Contains("""
                public static double NormBackward(global::V2 a, double dResult, ref global::V2 dA)
                {
                    // Forward sweep: the primal computation, keeping what the reverse sweep reads.
                    // return a.Length;
                    // Math.Sqrt(Dot(this)) (in 'V2.Length')
                    // X * b.X + Y * b.Y (in 'V2.Dot(V2)')
                    double t0 = a.X;
                    double t1 = t0 * t0;
                    double t2 = a.Y;
                    double t3 = t2 * t2;
                    double t4 = t1 + t3;
                    double t5 = t4;
                    double t6 = global::System.Math.Sqrt(t5);
                    double result = t6;

                    // Reverse sweep: adjoints flow from the result back to the parameters.
                    // return a.Length;
                    double dT6 = dResult;
                    // Math.Sqrt(Dot(this)) (in 'V2.Length')
                    double dT5 = dT6 / t6;
                    double dT4 = dT5;
                    // X * b.X + Y * b.Y (in 'V2.Dot(V2)')
                    double dT1 = dT4;
                    double dT3 = dT4;
                    double dT2 = dT3 * t2;
                    dA.Y += dT2;
                    double dT0 = dT1 * t0;
                    dA.X += dT0;
                    return result;
                }
            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public double Twice { get { double t = X; return t = t * 2; } }", "a.Twice", "'V2.Twice', whose body assigns 't'")]
    [InlineData("public double Logged { get { System.Console.WriteLine(X); return X; } }", "a.Logged", "'V2.Logged', whose body is more than local declarations and one 'return' of an expression")]
    [InlineData("public double Abs => X > 0 ? X : -X;", "a.Abs", "'V2.Abs', whose body uses 'X > 0 ? X : -X'")]
    [InlineData("public double Unit => One * X; public static double One => 1.0;", "a.Unit", "'V2.Unit', whose body computes 'One' from none of its parameters")]
    [InlineData("public static double operator %(V2 a, V2 b) => b % a;", "a % a", "'V2.operator %(V2, V2)', which uses itself")]
    [InlineData("public double Signed => Math.CopySign(X, Y);", "a.Signed", "GG0005")]
    public void A_member_that_can_t_be_inlined_is_refused_where_the_method_uses_it(string member, string use, string expected)
    {
        string structSource = $$"""
            using System;

            public struct V2
            {
                public double X, Y;
                {{member}}
            }
            """;
        string method = $$"""
            using GradientGen;

            public static partial class Shapes
            {
                [Differentiable]
                public static double F(V2 a) => {{use}} * a.Y;
            }
            """;
        Diagnostic[] errors = GeneratorHarness.AnalyzerDiagnostics(structSource, method).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Diagnostic error = Assert.Single(errors);
        Assert.Equal(method.IndexOf(use, StringComparison.Ordinal), error.Location.SourceSpan.Start);
        Assert.Equal(use.Length, error.Location.SourceSpan.Length);
        Assert.Equal(method, error.Location.SourceTree!.ToString());
        if (expected.StartsWith("GG", StringComparison.Ordinal))
        {
            Assert.Equal(expected, error.Id);
        }
        else
        {
            Assert.Equal("GG0001", error.Id);
            Assert.Contains(expected, error.GetMessage(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Members_that_would_inline_exponentially_many_copies_are_refused_once_where_the_method_uses_them()
    {
        // L13 uses L12 twice, …: 2^13 copies of L0.
        string levels = string.Join("\n", Enumerable.Range(1, 13).Select(i => $"    public double L{i} => L{i - 1} + L{i - 1} * Y;"));
        string structSource = $"public struct V2\n{{\n    public double X, Y;\n    public double L0 => X * Y;\n{levels}\n}}\n";
        const string method = """
            using GradientGen;

            public static partial class Shapes
            {
                [Differentiable]
                public static double F(V2 a) => a.L13;
            }
            """;
        Diagnostic error = Assert.Single(GeneratorHarness.AnalyzerDiagnostics(structSource, method), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("GG0001", error.Id);
        Assert.Equal(method.IndexOf("a.L13", StringComparison.Ordinal), error.Location.SourceSpan.Start);
        Assert.Contains("used past 4096 inlined struct members", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_differentiable_instance_method_of_a_struct_with_hidden_state_is_refused_at_the_reads()
    {
        // The private double makes V2 a struct without an adjoint (StructShapes): its 'this' has none either.
        const string source = """
            using GradientGen;

            public partial struct V2
            {
                public double X, Y;
                private double _scale;
                [NoDerivative] public double Weight;
                public int Id;

                [Differentiable]
                public double Dot(double b) => X * b + _scale * Weight * Id * b;
            }
            """;
        var errors = GeneratorHarness.AnalyzerDiagnostics(source).Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToArray();
        Assert.Equal([("GG0001", "X"), ("GG0001", "_scale")], errors);
    }

    [Fact]
    public void A_differentiable_instance_method_of_a_struct_with_an_int_takes_ref_dThis()
    {
        const string source = """
            using GradientGen;

            public partial struct Scaled
            {
                public double Weight;
                public int Id;

                [Differentiable]
                public double Times(double x) => Weight * Id * x * x;
            }

            public static class Driver
            {
                public static double[] Run(double x)
                {
                    double dx = 0;
                    Scaled dThis = new() { Id = 5 };
                    new Scaled { Weight = 1.5, Id = 2 }.TimesBackward(x, 1.0, ref dThis, ref dx);
                    return [dx, dThis.Weight, dThis.Id];
                }
            }
            """;
        var assembly = GeneratorHarness.CompileAndLoad(source);
        double[] result = (double[])assembly.GetType("Driver")!.GetMethod("Run")!.Invoke(null, [0.7])!;
        Assert.Equal(1.5 * 2 * 2 * 0.7, result[0], 12);
        Assert.Equal(2 * 0.7 * 0.7, result[1], 12);
        Assert.Equal(5, result[2]);
    }
}
