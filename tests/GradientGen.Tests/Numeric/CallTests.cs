using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// Calls to other [Differentiable] methods are differentiated through their backwards: same type and
/// another type in another namespace, static and instance, private and public, repeated and nested.
/// </summary>
public class CallTests
{
    private const string StaticType = "Numeric.Calls.StaticCalls";
    private const string InstanceType = "Numeric.Calls.InstanceCalls";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric.Library
        {
            public static partial class Lib
            {
                [Differentiable] public static double Mul(double a, double b) => a * b;
                [Differentiable] public static double Scaled(double a, [NoDerivative] double k) => k * a * a;
                [Differentiable] public static double Power(double a, int n) => Math.Pow(a, n);
                [Differentiable] public static double InPlace(double a, double b) { a += b; return a * b; }
                [Differentiable] public static double Overwrites(double a, double b) { a = a * b; a = Math.Sin(a); return a + b; }
            }

            public partial class Polynomial
            {
                [Differentiable] public double Eval(double x) => 2 * x * x - x + 1;
            }
        }

        namespace Numeric.Calls
        {
            using Numeric.Library;

            public static partial class StaticCalls
            {
                [Differentiable] private static double Square(double x) => x * x;
                [Differentiable] public static double Sine(double x) => Math.Sin(x);
                [Differentiable] public static double Overloaded(double x) => x * x;
                [Differentiable] public static float Overloaded(float x) => x * x * x;
                [Differentiable] public static double WithDefault(double x, double k = 2.0) => k * x * x;

                [Differentiable] public static double SameTypePrivate(double x) => Square(x) + 1;
                [Differentiable] public static double SameTypePublic(double x, double y) => Sine(x) * y;
                [Differentiable] public static double OtherNamespace(double x, double y) => Lib.Mul(x, y) + Lib.Mul(y, 3.0);
                [Differentiable] public static double FullyQualified(double x) => global::Numeric.Library.Lib.Mul(x, x + 1);

                [Differentiable]
                public static double SameCalleeSeveralTimes(double x, double y)
                {
                    double a = Square(x);
                    double b = Square(y);
                    return Square(a - b) + Square(x);
                }

                [Differentiable] public static double RepeatedArgument(double x) => Lib.Mul(x, x);
                [Differentiable] public static double RepeatedArgumentIntoAnInPlaceUpdate(double x) => Lib.InPlace(x, x);
                [Differentiable] public static double RepeatedArgumentIntoAnOverwrite(double x) => Lib.Overwrites(x, x);
                [Differentiable] public static double Nested(double x, double y) => Square(Sine(Lib.Mul(x, Square(y))));
                [Differentiable] public static double CallOfACall(double x) => Sine(SameTypePrivate(x));
                [Differentiable] public static double WithNoDerivativeParameter(double x, [NoDerivative] double k) => Lib.Scaled(x, k) + Lib.Scaled(x, 2.0);
                [Differentiable] public static double WithIntParameter(double x, int n) => Lib.Power(x, n) + Lib.Power(x, 2) + Lib.Power(x, n + 1);
                [Differentiable] public static double ConstantArguments(double x) => Lib.Mul(2.0, x) + Lib.Mul(x, Math.PI);
                [Differentiable] public static double ExpressionArguments(double x, double y) => Lib.Mul(x + y, x - y);
                [Differentiable] public static double NamedArguments(double x, double y) => Lib.Mul(b: Sine(x), a: y * y);

                [Differentiable] public static double CallsOverloads(double x) => Overloaded(x) + Overloaded((float)x);
                [Differentiable] public static double OmittedDefaultArgument(double x, double y) => WithDefault(x) + WithDefault(k: x, x: y);

                [Differentiable]
                public static double OnAnInstanceInALocal(double x)
                {
                    var p = new Polynomial();
                    return p.Eval(x) * x;
                }

                [Differentiable]
                public static double ArgumentOverwrittenAfterTheCall(double x)
                {
                    double a = Square(x);
                    a = Sine(a);
                    x = Lib.Mul(a, x);
                    return x;
                }
            }

            public partial class InstanceCalls
            {
                private static readonly Polynomial Shared = new();
                private readonly Polynomial _own = new();

                [Differentiable] public double Square(double x) => x * x;
                [Differentiable] public double OnInstancesInFields(double x) => _own.Eval(x) * Shared.Eval(x);
                [Differentiable] private double Cube(double x) => Square(x) * x;
                [Differentiable] public double ImplicitThis(double x, double y) => Cube(x) + Square(y);
                [Differentiable] public double ExplicitThis(double x) => this.Square(x) + this.Cube(x);
                [Differentiable] public double StaticFromInstance(double x) => StaticCalls.Sine(x) * Square(x);
            }
        }
        """);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    private static Infrastructure.Differentiated Static(string name) => Source.Method(StaticType, name);

    private static Infrastructure.Differentiated Instance(string name) => Source.Method(InstanceType, name);

    [Fact]
    public void Private_callee_of_the_same_type() =>
        NumericAssert.Derivative(Static("SameTypePrivate"), x => 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void Public_callee_of_the_same_type() =>
        NumericAssert.Gradient(Static("SameTypePublic"), p => [Math.Cos(p[0]) * p[1], Math.Sin(p[0])], Points2);

    [Fact]
    public void Callee_of_another_type_in_another_namespace() =>
        NumericAssert.Gradient(Static("OtherNamespace"), p => [p[1], p[0] + 3], Points2);

    [Fact]
    public void Callee_named_with_global_qualification() =>
        NumericAssert.Derivative(Static("FullyQualified"), x => (2 * x) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Same_callee_called_several_times() =>
        NumericAssert.Gradient(
            Static("SameCalleeSeveralTimes"),
            p =>
            {
                double x = p[0], y = p[1], d = (x * x) - (y * y);
                return [(2 * d * 2 * x) + (2 * x), 2 * d * -2 * y];
            },
            Points2);

    [Fact]
    public void Repeated_argument_gets_both_contributions() =>
        NumericAssert.Derivative(Static("RepeatedArgument"), x => 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void Repeated_argument_into_a_callee_that_updates_its_parameter_in_place() =>
        NumericAssert.Derivative(Static("RepeatedArgumentIntoAnInPlaceUpdate"), x => 4 * x, -1.5, 0.25, 2);

    [Fact]
    public void Repeated_argument_into_a_callee_that_overwrites_its_parameter() =>
        NumericAssert.Derivative(Static("RepeatedArgumentIntoAnOverwrite"), x => (Math.Cos(x * x) * 2 * x) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Nested_calls_in_one_expression() =>
        NumericAssert.Gradient(
            Static("Nested"),
            p =>
            {
                double x = p[0], y = p[1], u = x * y * y;

                // f = sin²(x y²); f' = 2 sin(u) cos(u) u'.
                double outer = 2 * Math.Sin(u) * Math.Cos(u);
                return [outer * y * y, outer * 2 * x * y];
            },
            Points2);

    [Fact]
    public void Call_of_a_method_that_itself_calls() =>
        NumericAssert.Derivative(Static("CallOfACall"), x => Math.Cos((x * x) + 1) * 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void Callee_with_a_NoDerivative_parameter() =>
        NumericAssert.Gradient(Static("WithNoDerivativeParameter"), [0], p => [(2 * p[1] * p[0]) + (4 * p[0])], [0.5, 2], [-1.25, 0.75], [1.7, -3]);

    [Fact]
    public void Callee_with_an_int_parameter() =>
        NumericAssert.Gradient(
            Static("WithIntParameter"),
            [0],
            p => [(p[1] * Math.Pow(p[0], p[1] - 1)) + (2 * p[0]) + ((p[1] + 1) * Math.Pow(p[0], p[1]))],
            [1.5, 3],
            [-0.5, 2],
            [2.25, -1]);

    [Fact]
    public void Constant_arguments_get_no_adjoint() =>
        NumericAssert.Derivative(Static("ConstantArguments"), _ => 2 + Math.PI, -1.5, 0.25, 2);

    [Fact]
    public void Expression_arguments() =>
        NumericAssert.Gradient(Static("ExpressionArguments"), p => [2 * p[0], -2 * p[1]], Points2);

    [Fact]
    public void Named_arguments_in_another_order() =>
        NumericAssert.Gradient(Static("NamedArguments"), p => [Math.Cos(p[0]) * p[1] * p[1], Math.Sin(p[0]) * 2 * p[1]], Points2);

    [Fact]
    public void Instance_callee_through_a_local() =>
        NumericAssert.Derivative(Static("OnAnInstanceInALocal"), x => (6 * x * x) - (2 * x) + 1, -1.5, 0.25, 2);

    [Fact]
    public void Argument_overwritten_after_the_call() =>
        NumericAssert.Derivative(
            Static("ArgumentOverwrittenAfterTheCall"),
            x => (Math.Cos(x * x) * 2 * x * x) + Math.Sin(x * x),
            -1.5,
            0.25,
            2);

    [Fact]
    public void Instance_callees_with_implicit_this_private_and_public() =>
        NumericAssert.Gradient(Instance("ImplicitThis"), p => [3 * p[0] * p[0], 2 * p[1]], Points2);

    [Fact]
    public void Instance_callees_with_explicit_this() =>
        NumericAssert.Derivative(Instance("ExplicitThis"), x => (2 * x) + (3 * x * x), -1.5, 0.25, 2);

    [Fact]
    public void Static_callee_of_another_type_from_an_instance_method() =>
        NumericAssert.Derivative(Instance("StaticFromInstance"), x => (Math.Cos(x) * x * x) + (Math.Sin(x) * 2 * x), -1.5, 0.25, 2);

    [Fact]
    public void Calls_to_overloads_reach_the_right_backward() =>
        NumericAssert.Derivative(Static("CallsOverloads"), x => (2 * x) + (3 * x * x), NumericAssert.Float, -1.5, 0.25, 2);

    [Fact]
    public void Omitted_default_argument_and_named_arguments() =>
        NumericAssert.Gradient(Static("OmittedDefaultArgument"), p => [(4 * p[0]) + (p[1] * p[1]), 2 * p[0] * p[1]], Points2);

    [Fact]
    public void Instance_callees_through_an_instance_field_and_a_static_field() =>
        NumericAssert.Derivative(
            Instance("OnInstancesInFields"),
            x =>
            {
                double p = (2 * x * x) - x + 1, dp = (4 * x) - 1;
                return 2 * p * dp;
            },
            -1.5,
            0.25,
            2);

    [Fact]
    public void Active_argument_to_a_NoDerivative_parameter_is_an_error_not_a_silent_zero()
    {
        const string source = """
            using GradientGen;

            namespace Numeric;

            public static partial class Dropped
            {
                [Differentiable] public static double Scaled(double a, [NoDerivative] double k) => k * a * a;
                [Differentiable] public static double Caller(double x) => Scaled(3.0, x * 2);
            }
            """;
        Diagnostic error = Assert.Single(Infrastructure.GeneratorHarness.AnalyzerDiagnostics(source), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("GG0013", error.Id);
        Assert.Equal("x * 2", source.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        (_, GeneratorDriverRunResult run) = Infrastructure.GeneratorHarness.Generate(source);
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".Caller.g.cs", StringComparison.Ordinal));
    }
}
