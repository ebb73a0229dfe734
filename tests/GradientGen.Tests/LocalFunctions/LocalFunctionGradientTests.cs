using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;

namespace GradientGen.Tests.LocalFunctions;

/// <summary>
/// Local functions, and lambdas and anonymous methods held in locals, called directly from a [Differentiable]
/// method: their calls are inlined, so what they capture is read at the call like any variable. Gradients
/// against closed forms and central finite differences at several points.
/// </summary>
public class LocalFunctionGradientTests
{
    private const string Type = "LocalFunctions.Cases";

    internal const string CasesSource = """
        using System;
        using System.Numerics;
        using GradientGen;

        namespace LocalFunctions;

        public static partial class Cases
        {
            [Differentiable] private static double Helper(double v) => Math.Exp(v);

            [Differentiable]
            public static double ExpressionBodied(double x)
            {
                static double Square(double v) => v * v;
                return Square(x) + 3 * Square(x + 1);
            }

            [Differentiable]
            public static double BlockBodied(double x)
            {
                double Shape(double v)
                {
                    double t = v * v;
                    if (t > 1)
                    {
                        t = Math.Sqrt(t);
                    }

                    return t * v;
                }

                return Shape(x);
            }

            [Differentiable]
            public static double CapturesAParameter(double x, double c)
            {
                double Wave(double v) => Math.Sin(v * c);
                return Wave(x);
            }

            [Differentiable]
            public static double CapturedValueChangesBetweenCalls(double x, double c)
            {
                double Wave(double v) => Math.Sin(v * c);
                double y = Wave(x);
                c = c * 2;
                return y + Wave(x);
            }

            [Differentiable]
            public static double CapturesOnly(double x, double c)
            {
                double Product() => x * x * c;
                return Product() + x;
            }

            [Differentiable]
            public static double CallingEachOther(double x)
            {
                double Square(double v) => v * v;
                double Quartic(double v) => Square(Square(v)) + Square(v);
                return Quartic(x);
            }

            [Differentiable]
            public static double CallingADifferentiableMethod(double x)
            {
                double Scaled(double v) => Helper(v) * v;
                return Scaled(x);
            }

            [Differentiable]
            public static double DeclaredAfterTheReturn(double x, double y)
            {
                return Mix(x, y) * Mix(y, x);

                static double Mix(double a, double b) => a * a + b;
            }

            [Differentiable]
            public static double IntParameterAndLoopInside(double x, double y)
            {
                double Power(double v, int n)
                {
                    double r = 1;
                    for (int i = 0; i < n; i++)
                    {
                        r *= v;
                    }

                    return r;
                }

                return Power(x, 3) + Power(y, 2);
            }

            [Differentiable]
            public static double ParameterAssignedInside(double x)
            {
                double Twice(double v)
                {
                    v = v * 2;
                    return v * x;
                }

                return Twice(x) + x;
            }

            [Differentiable]
            public static double CalledInAConditionToo(double x)
            {
                double Square(double v) => v * v;
                if (Square(x) > 1)
                {
                    return Square(x) * x;
                }

                return x;
            }

            [Differentiable]
            public static double ConditionAndTrailingDeclaration(double x)
            {
                double k = 2;
                if (Scaled(x) > 1)
                {
                    x = x * 0.5;
                }

                return Scaled(x);

                double Scaled(double v) => v * k;
            }

            [Differentiable]
            public static double Arrays(double[] w, double[] x, [NoDerivative] double[] data)
            {
                double Dot(double[] a, double[] b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++)
                    {
                        s += a[i] * b[i];
                    }

                    return s;
                }

                double Weighted(int i) => w[i] * data[i] * x[i];
                double total = Dot(w, x) + (Dot(data, data) * Dot(data, x));
                for (int i = 0; i < w.Length; i++)
                {
                    total += Weighted(i) * Weighted(i);
                }

                return total;
            }

            private static readonly double[] Data = [0.5, -1.5, 2.0];

            public static double ArraysValue(double[] p) => Arrays(p[..3], p[3..], Data);

            public static double[] ArraysGradient(double[] p)
            {
                double[] dW = new double[3], dX = new double[3];
                ArraysBackward(p[..3], p[3..], Data, 1.0, dW, dX);
                return [.. dW, .. dX];
            }

            [Differentiable]
            public static double Lambda(double x, double c)
            {
                Func<double, double> g = v => v * c + Math.Exp(v);
                var h = (double v) => { double t = v * v; return t * c; };
                return g(x) * h.Invoke(x);
            }

            [Differentiable]
            public static double LambdaWithoutParameters(double x)
            {
                Func<double> square = () => x * x;
                return square() + 1;
            }

            [Differentiable]
            public static double AnonymousMethodAndStaticLambda(double x, double y)
            {
                Func<double, double, double> product = delegate (double a, double b) { return a * b; };
                Func<double, double> cube = static v => v * v * v;
                return product(x, y) + cube(y);
            }

            [Differentiable]
            public static double CalledInALoop(double x, int n)
            {
                double s = 0;
                double Step(double v, int k) => Math.Sin(v * k) / k;
                for (int k = 1; k <= n; k++)
                {
                    s += Step(x, k) * x;
                }

                return s;
            }

            [Differentiable]
            public static float FloatFunction(float x, float y)
            {
                float Cube(float v) => v * v * v;
                return Cube(x) * y + MathF.Sqrt(Cube(y));
            }

            [Differentiable]
            public static double NestedCallsInArguments(double x, double y)
            {
                double Square(double v) => v * v;
                Func<double, double, double> mix = (a, b) => a * Math.Sin(b);
                return mix(Square(x), Square(mix(y, x)));
            }

            [Differentiable]
            public static double SameNameInSiblingBlocks(double x)
            {
                double a, b;
                {
                    double F(double v) => v * 2;
                    a = F(x) > 1 ? F(x) : x;
                }

                {
                    double F(double v) => v * 3;
                    b = F(x) > 1 ? F(x) : x;
                }

                return a + b;
            }

            private const double Offset = 1.5;

            [Differentiable]
            public static double DefaultAndNamedArguments(double x, [NoDerivative] double scale)
            {
                double F(double v, double k = 2) => (v * k * scale) + Offset;
                return F(x) + F(k: 3, v: x * x);
            }

            [Differentiable]
            public static double DeclaredInsideALoop(double x)
            {
                double s = 0;
                for (int i = 1; i <= 3; i++)
                {
                    Func<double, double> g = v => v * i;
                    double H(double v) => Math.Sin(v + i);
                    s += g(x) * H(x);
                }

                return s;
            }

            [Differentiable]
            public static double ExplicitReturnTypeDiscardAndInvoke(double x)
            {
                var f = double (double v) => v * v;
                Func<double, double, double> pick = (_, b) => b * 2;
                return f.Invoke(x) + pick(1.0, x);
            }

            [Differentiable]
            public static double CaptureReassignedBetweenCalls(double x)
            {
                double y = x;
                double Get() => y * y;
                double a = Get();
                y = Math.Sin(x);
                double b = Get();
                y = y * 3;
                return a + (b * Get());
            }

            [Differentiable]
            public static double CalledInALoopCondition(double x)
            {
                double Half(double v)
                {
                    if (v > 1)
                    {
                        v = v / 2;
                    }

                    return v;
                }

                double s = x;
                int n = 0;
                while (Half(s) > 0.5 && n < 5)
                {
                    s = Half(s) + 0.1;
                    n++;
                }

                return s;
            }

            [Differentiable]
            public static T Generic<T>(T x) where T : IFloatingPointIeee754<T>
            {
                T Square(T v) => v * v;
                return Square(x) + T.Sin(Square(x));
            }
        }
        """;

    private static readonly CompiledSource Source = new(CasesSource);

    private static readonly double[][] Points2 = [[0.5, 1.3], [-1.25, 0.75], [1.7, -0.3]];

    private static Differentiated M(string name) => Source.Method(Type, name);

    [Fact]
    public void Expression_bodied_static_local_function_called_twice() =>
        NumericAssert.Derivative(M("ExpressionBodied"), x => (2 * x) + (6 * (x + 1)), -1.5, 0.25, 2);

    [Fact]
    public void Block_bodied_local_function_with_a_local_and_a_branch() =>
        NumericAssert.Derivative(M("BlockBodied"), x => x * x > 1 ? (x > 0 ? 2 * x : -2 * x) : 3 * x * x, -1.5, 0.25, 0.8, 2);

    [Fact]
    public void Captured_parameter_gets_its_derivative() =>
        NumericAssert.Gradient(M("CapturesAParameter"), p => [p[1] * Math.Cos(p[0] * p[1]), p[0] * Math.Cos(p[0] * p[1])], Points2);

    [Fact]
    public void Captured_value_changed_between_two_calls_is_read_at_each_call() =>
        NumericAssert.Gradient(
            M("CapturedValueChangesBetweenCalls"),
            p =>
            {
                double x = p[0], c = p[1];
                return [(c * Math.Cos(x * c)) + (2 * c * Math.Cos(2 * x * c)), (x * Math.Cos(x * c)) + (2 * x * Math.Cos(2 * x * c))];
            },
            Points2);

    [Fact]
    public void Local_function_without_parameters_reads_only_captures() =>
        NumericAssert.Gradient(M("CapturesOnly"), p => [(2 * p[0] * p[1]) + 1, p[0] * p[0]], Points2);

    [Fact]
    public void Local_functions_calling_each_other() =>
        NumericAssert.Derivative(M("CallingEachOther"), x => (4 * x * x * x) + (2 * x), -1.5, 0.25, 2);

    [Fact]
    public void Local_function_calling_a_differentiable_method() =>
        NumericAssert.Derivative(M("CallingADifferentiableMethod"), x => Math.Exp(x) * (x + 1), -1.5, 0.25, 2);

    [Fact]
    public void Local_function_declared_after_the_return() =>
        NumericAssert.Gradient(
            M("DeclaredAfterTheReturn"),
            p =>
            {
                double x = p[0], y = p[1], a = (x * x) + y, b = (y * y) + x;
                return [(2 * x * b) + a, b + (a * 2 * y)];
            },
            Points2);

    [Fact]
    public void Int_parameter_and_a_loop_inside_the_function() =>
        NumericAssert.Gradient(M("IntParameterAndLoopInside"), p => [3 * p[0] * p[0], 2 * p[1]], Points2);

    [Fact]
    public void Parameter_assigned_inside_the_function_is_a_copy() =>
        NumericAssert.Derivative(M("ParameterAssignedInside"), x => (4 * x) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Also_called_in_a_condition_that_carries_no_derivative() =>
        NumericAssert.Derivative(M("CalledInAConditionToo"), x => x * x > 1 ? 3 * x * x : 1, -1.5, 0.25, 0.5, 2);

    [Fact]
    public void Declared_after_the_return_and_called_in_a_condition_before_it() =>
        NumericAssert.Derivative(M("ConditionAndTrailingDeclaration"), x => 2 * x > 1 ? 1 : 2, -1.5, 0.25, 2);

    [Fact]
    public void Arrays_passed_as_arguments_and_captured()
    {
        double[] data = [0.5, -1.5, 2.0];
        var type = Source.Assembly.GetType(Type, throwOnError: true)!;
        Func<double[], double> value = p => (double)type.GetMethod("ArraysValue")!.Invoke(null, [p])!;
        var random = new Random(3);
        for (int point = 0; point < 3; point++)
        {
            double[] p = Enumerable.Range(0, 6).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            double[] gradient = (double[])type.GetMethod("ArraysGradient")!.Invoke(null, [p])!;
            for (int i = 0; i < 3; i++)
            {
                // f = Σ w·x + (Σ d·d)(Σ d·x) + Σ (w d x)²: the inactive data passed where w is passed too
                double w = p[i], x = p[3 + i], d = data[i], m = w * d * x, dd = data.Sum(e => e * e);
                GradientAssert.Close(x + (2 * m * d * x), gradient[i], 1e-12, $"d/dw[{i}] at point {point}");
                GradientAssert.Close(w + (dd * d) + (2 * m * w * d), gradient[3 + i], 1e-12, $"d/dx[{i}] at point {point}");
            }

            GradientAssert.MatchesFiniteDifferences(value, gradient, p, 1e-6, 1e-6, $"point {point}");
        }
    }

    [Fact]
    public void Lambdas_held_in_locals_capturing_an_active_value() =>
        NumericAssert.Gradient(
            M("Lambda"),
            p =>
            {
                double x = p[0], c = p[1], g = (x * c) + Math.Exp(x), h = x * x * c;
                return [((c + Math.Exp(x)) * h) + (g * 2 * x * c), (x * h) + (g * x * x)];
            },
            Points2);

    [Fact]
    public void Lambda_without_parameters_capturing_the_active_value() =>
        NumericAssert.Derivative(M("LambdaWithoutParameters"), x => 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void Anonymous_method_and_static_lambda() =>
        NumericAssert.Gradient(M("AnonymousMethodAndStaticLambda"), p => [p[1], p[0] + (3 * p[1] * p[1])], Points2);

    [Fact]
    public void Called_in_a_loop_with_the_loop_variable() =>
        NumericAssert.Gradient(
            M("CalledInALoop"),
            [0],
            p =>
            {
                double x = p[0], d = 0;
                for (int k = 1; k <= (int)p[1]; k++)
                {
                    d += (Math.Cos(x * k) * x) + (Math.Sin(x * k) / k);
                }

                return [d];
            },
            [0.5, 3],
            [-1.25, 4],
            [1.7, 1]);

    [Fact]
    public void Float_local_function() =>
        NumericAssert.Gradient(
            M("FloatFunction"),
            p =>
            {
                double x = p[0], y = p[1];
                return [3 * x * x * y, (x * x * x) + (1.5 * Math.Sqrt(y))];
            },
            NumericAssert.Float,
            [0.5, 1.3],
            [-1.25, 0.75],
            [1.7, 2.5]);

    [Fact]
    public void Calls_nested_in_the_arguments_of_calls() =>
        NumericAssert.Gradient(
            M("NestedCallsInArguments"),
            p =>
            {
                // f = x² sin(q²), q = y sin x
                double x = p[0], y = p[1], q = y * Math.Sin(x), c = Math.Cos(q * q) * x * x * 2 * q;
                return [(2 * x * Math.Sin(q * q)) + (c * y * Math.Cos(x)), c * Math.Sin(x)];
            },
            Points2);

    [Fact]
    public void Local_functions_of_the_same_name_in_sibling_blocks() =>
        NumericAssert.Derivative(M("SameNameInSiblingBlocks"), x => (2 * x > 1 ? 2 : 1) + (3 * x > 1 ? 3 : 1), -1.5, 0.4, 2);

    [Fact]
    public void Default_and_named_arguments_a_NoDerivative_capture_and_a_constant() =>
        NumericAssert.Gradient(M("DefaultAndNamedArguments"), [0], p => [(2 * p[1]) + (6 * p[0] * p[1])], [0.8, 0.7], [-1.25, 2], [1.7, -0.3]);

    [Fact]
    public void Lambda_and_local_function_declared_inside_a_loop_capture_its_variable() =>
        NumericAssert.Derivative(
            M("DeclaredInsideALoop"),
            x => Enumerable.Range(1, 3).Sum(i => (i * Math.Sin(x + i)) + (x * i * Math.Cos(x + i))),
            -1.5,
            0.25,
            2);

    [Fact]
    public void Explicit_return_type_a_discarded_parameter_and_Invoke() =>
        NumericAssert.Derivative(M("ExplicitReturnTypeDiscardAndInvoke"), x => (2 * x) + 2, -1.5, 0.25, 2);

    [Fact]
    public void Capture_reassigned_between_three_calls() =>
        NumericAssert.Derivative(M("CaptureReassignedBetweenCalls"), x => (2 * x) + (36 * Math.Pow(Math.Sin(x), 3) * Math.Cos(x)), -1.5, 0.25, 2);

    [Fact]
    public void Called_in_a_loop_condition_and_in_the_loop() =>
        NumericAssert.Derivative(
            M("CalledInALoopCondition"),
            x =>
            {
                // Each round halves s above 1 (derivative ½) and adds 0.1.
                double s = x, ds = 1;
                for (int n = 0; (s > 1 ? s / 2 : s) > 0.5 && n < 5; n++)
                {
                    ds *= s > 1 ? 0.5 : 1;
                    s = (s > 1 ? s / 2 : s) + 0.1;
                }

                return ds;
            },
            3.3,
            0.62,
            5.1);

    [Fact]
    public void Local_function_of_a_generic_math_method() =>
        NumericAssert.Derivative(
            new Differentiated(Source.Assembly.GetType(Type, throwOnError: true)!, "Generic", [typeof(double)]),
            x => (2 * x) + (Math.Cos(x * x) * 2 * x),
            -1.5,
            0.25,
            2);
}
