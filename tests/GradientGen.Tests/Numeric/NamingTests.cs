namespace GradientGen.Tests.Numeric;

/// <summary>
/// User names that the generated code could clash with: keyword parameters and locals, locals and
/// parameters named like generated temporaries, adjoints, saves and the result, same-named locals in
/// nested blocks.
/// </summary>
public class NamingTests
{
    private const string Type = "Numeric.Names";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Names
        {
            [Differentiable] public static double KeywordParameter(double @in, double @out) => @in * @out + Math.Sin(@in);

            [Differentiable]
            public static double KeywordParameterOverwritten(double @in, double @double)
            {
                @in = @in * @double;
                @double += @in;
                return @in * @double;
            }

            [Differentiable]
            public static double KeywordLocals(double x)
            {
                double @double = x * x;
                double @return = @double * x;
                return @return + @double;
            }

            [Differentiable]
            public static double LocalsNamedLikeGeneratedNames(double x, double y)
            {
                double t0 = x * y;
                double t1 = t0 * x;
                double dX = t1 + y;
                double result = dX * t0;
                double dResult = result - x;
                double xSaved = dResult * 2;
                double dT0 = xSaved + t1;
                double dDiscard = dT0 * y;
                return dDiscard + dX;
            }

            [Differentiable]
            public static double ParametersNamedLikeGeneratedNames(double t0, double result, double dResult, double dX)
            {
                double x = t0 * result;
                return x * dResult + dX * t0;
            }

            [Differentiable]
            public static double OverwrittenParameterWithClashingLocals(double x, double y)
            {
                double xSaved = y * 3;
                double dXLocal = x + xSaved;
                x = x * y;
                x = Math.Sin(x);
                return x * dXLocal;
            }

            [Differentiable]
            public static double LocalNamedLikeAnotherLocalsAdjoint(double x)
            {
                double u = x * x;
                double dU = u * 3;
                return u * dU;
            }

            [Differentiable]
            public static double SameNamedLocalsInNestedBlocks(double x)
            {
                {
                    double a = x * x;
                    x = a;
                }
                {
                    double a = Math.Sin(x);
                    x = a * 2;
                }
                double a1 = x + 1;
                return a1 * x;
            }

            [Differentiable] public static double CallsAMethodWithClashingParameterNames(double x) => ParametersNamedLikeGeneratedNames(x, x * 2, 1.5, x);
        }
        """);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    [Fact]
    public void Parameters_named_with_keywords() =>
        NumericAssert.Gradient(Method("KeywordParameter"), p => [p[1] + Math.Cos(p[0]), p[0]], Points2);

    [Fact]
    public void Keyword_parameters_overwritten() =>
        NumericAssert.Gradient(
            Method("KeywordParameterOverwritten"),
            p =>
            {
                // i' = i·d, d' = d + i·d; f = i'·d' = i d² + i² d².
                double i = p[0], d = p[1];
                return [(d * d) + (2 * i * d * d), (2 * i * d) + (2 * i * i * d)];
            },
            Points2);

    [Fact]
    public void Locals_named_with_keywords() =>
        NumericAssert.Derivative(Method("KeywordLocals"), x => (3 * x * x) + (2 * x), -1.5, 0.25, 2);

    [Fact]
    public void Locals_named_like_generated_temporaries_adjoints_saves_and_the_result() =>
        NumericAssert.Gradient(
            Method("LocalsNamedLikeGeneratedNames"),
            p =>
            {
                // t0 = xy, t1 = x²y, dX = x²y + y, result = (x²y + y)·xy = x³y² + xy², dResult = result − x,
                // dDiscard = (2 dResult + t1)·y; f = dDiscard + dX.
                double x = p[0], y = p[1];
                double rx = (3 * x * x * y * y) + (y * y), ry = (2 * x * x * x * y) + (2 * x * y);
                double resultValue = (x * x * x * y * y) + (x * y * y), t1 = x * x * y;
                double fx = (((2 * (rx - 1)) + (2 * x * y)) * y) + (2 * x * y);
                double fy = (((2 * ry) + (x * x)) * y) + (2 * (resultValue - x)) + t1 + (x * x) + 1;
                return [fx, fy];
            },
            Points2);

    [Fact]
    public void Parameters_named_like_generated_names() =>
        NumericAssert.Gradient(
            Method("ParametersNamedLikeGeneratedNames"),
            p => [(p[1] * p[2]) + p[3], p[0] * p[2], p[0] * p[1], p[0]],
            [0.5, 2, -1, 1.5],
            [-1.25, 0.75, 2, -0.5],
            [1.7, -0.3, 0.25, 3]);

    [Fact]
    public void Overwritten_parameter_next_to_locals_named_like_its_save_and_adjoint() =>
        NumericAssert.Gradient(
            Method("OverwrittenParameterWithClashingLocals"),
            p =>
            {
                double x = p[0], y = p[1], s = Math.Sin(x * y), c = Math.Cos(x * y), l = x + (3 * y);
                return [(c * y * l) + s, (c * x * l) + (3 * s)];
            },
            Points2);

    [Fact]
    public void Local_named_like_another_locals_adjoint() =>
        NumericAssert.Derivative(Method("LocalNamedLikeAnotherLocalsAdjoint"), x => 12 * x * x * x, -1.5, 0.25, 2);

    [Fact]
    public void Same_named_locals_in_nested_blocks_and_a_local_named_like_their_renaming() =>
        NumericAssert.Derivative(
            Method("SameNamedLocalsInNestedBlocks"),
            x =>
            {
                // x' = 2 sin(x²); f = (x' + 1)·x' = x'² + x'.
                double v = 2 * Math.Sin(x * x), dv = 2 * Math.Cos(x * x) * 2 * x;
                return ((2 * v) + 1) * dv;
            },
            -1.5,
            0.25,
            2);

    [Fact]
    public void Call_to_a_method_whose_parameters_clash_with_generated_names() =>
        NumericAssert.Derivative(Method("CallsAMethodWithClashingParameterNames"), x => (4 * x * 1.5) + (2 * x), -1.5, 0.25, 2);
}
