namespace GradientGen.Tests.Numeric;

/// <summary>
/// Where the method lives: file-scoped and block namespaces, the global namespace, nested partial types,
/// a generic containing type, static and instance methods, expression and block bodies.
/// </summary>
public class ContainingTypeTests
{
    private static readonly CompiledSource Source = new(
        """
        using System;
        using GradientGen;

        namespace Shapes.FileScoped;

        public static partial class Functions
        {
            [Differentiable] public static double ExpressionBody(double x, double y) => x * Math.Cos(y);

            // Reflection cannot invoke a ref struct's members: its backward is reached through this caller's.
            [Differentiable] public static double ThroughRefStruct(double x, double y) => RefPoint.Norm2(x, y);

            [Differentiable]
            public static double BlockBody(double x, double y)
            {
                double c = Math.Cos(y);
                return x * c;
            }
        }

        public partial class Outer
        {
            public partial class Inner
            {
                [Differentiable] public static double Nested(double x) => x * x * x;

                public static partial class Innermost
                {
                    [Differentiable] public static double DeeplyNested(double x) => Math.Exp(2 * x);
                }
            }
        }

        public partial class Box<T>
        {
            [Differentiable] public static double Static(double x) => x / (1 + x * x);
            [Differentiable] public double Instance(double x, double y) => Static(x) * y;
        }

        public partial struct Point
        {
            [Differentiable] public double Norm2(double x, double y) => x * x + y * y;
        }

        public readonly partial struct ReadOnlyPoint
        {
            [Differentiable] public double Norm2(double x, double y) => x * x + y * y;
        }

        public readonly ref partial struct RefPoint
        {
            [Differentiable] public static double Norm2(double x, double y) => x * x + y * y;
        }

        public partial record Record
        {
            [Differentiable] public double Norm2(double x, double y) => x * x + y * y;
        }

        public partial record struct RecordStruct
        {
            [Differentiable] public double Norm2(double x, double y) => x * x + y * y;
        }

        public partial interface IShape
        {
            [Differentiable] static double Norm2(double x, double y) => x * x + y * y;
        }

        public partial class Instance
        {
            [Differentiable] public double ExpressionBody(double x, double y) => Math.Log(x * x + y * y);

            [Differentiable]
            public double BlockBody(double x, double y)
            {
                double r2 = x * x + y * y;
                return Math.Log(r2);
            }
        }
        """,
        """
        using System;
        using GradientGen;

        namespace Shapes.Block
        {
            namespace Inner
            {
                internal static partial class Functions
                {
                    [Differentiable] public static double InNestedNamespace(double x) => Math.Sinh(x) * 2;
                }
            }

            public static partial class Functions
            {
                [Differentiable] public static double InBlockNamespace(double x) => Math.Cosh(x) - x;
            }
        }

        namespace Shapes.Dotted.Name
        {
            public static partial class Functions
            {
                [Differentiable] public static double InDottedNamespace(double x) => 1 / x;
            }
        }
        """,
        """
        using System;
        using GradientGen;

        public static partial class GlobalFunctions
        {
            [Differentiable] public static double InGlobalNamespace(double x, double y) => Math.Atan(x / y);
        }

        public partial class GlobalInstance
        {
            public partial class Nested
            {
                [Differentiable] public double InGlobalNested(double x) => Math.Sqrt(x);
            }
        }
        """);

    private static readonly double[][] Points2 = [[0.5, 2], [-1.25, 0.75], [1.7, -0.3]];

    [Theory]
    [InlineData("Shapes.FileScoped.Functions")]
    [InlineData("Shapes.FileScoped.Instance")]
    public void Expression_body_and_block_body_give_the_same_gradient(string type)
    {
        Infrastructure.Differentiated expression = Source.Method(type, "ExpressionBody"), block = Source.Method(type, "BlockBody");
        Func<double[], double[]> gradient = type.EndsWith("Instance", StringComparison.Ordinal)
            ? p => [2 * p[0] / ((p[0] * p[0]) + (p[1] * p[1])), 2 * p[1] / ((p[0] * p[0]) + (p[1] * p[1]))]
            : p => [Math.Cos(p[1]), -p[0] * Math.Sin(p[1])];
        NumericAssert.Gradient(expression, gradient, Points2);
        NumericAssert.Gradient(block, gradient, Points2);
    }

    [Fact]
    public void Class_nested_in_a_class() =>
        NumericAssert.Derivative(Source.Method("Shapes.FileScoped.Outer+Inner", "Nested"), x => 3 * x * x, -1.5, 0.25, 2);

    [Fact]
    public void Class_nested_two_levels_deep() =>
        NumericAssert.Derivative(Source.Method("Shapes.FileScoped.Outer+Inner+Innermost", "DeeplyNested"), x => 2 * Math.Exp(2 * x), -1.5, 0.25, 2);

    [Fact]
    public void Generic_containing_type_static_method() =>
        NumericAssert.Derivative(
            Source.Method("Shapes.FileScoped.Box`1", [typeof(int)], "Static"),
            x => (1 - (x * x)) / Math.Pow(1 + (x * x), 2),
            -1.5,
            0.25,
            2);

    [Fact]
    public void Generic_containing_type_instance_method_with_another_type_argument() =>
        NumericAssert.Gradient(
            Source.Method("Shapes.FileScoped.Box`1", [typeof(string)], "Instance"),
            p => [(1 - (p[0] * p[0])) / Math.Pow(1 + (p[0] * p[0]), 2) * p[1], p[0] / (1 + (p[0] * p[0]))],
            Points2);

    [Fact]
    public void Block_namespace() =>
        NumericAssert.Derivative(Source.Method("Shapes.Block.Functions", "InBlockNamespace"), x => Math.Sinh(x) - 1, -1.5, 0.25, 2);

    [Fact]
    public void Namespace_nested_in_a_namespace() =>
        NumericAssert.Derivative(Source.Method("Shapes.Block.Inner.Functions", "InNestedNamespace"), x => 2 * Math.Cosh(x), -1.5, 0.25, 2);

    [Fact]
    public void Dotted_namespace_name() =>
        NumericAssert.Derivative(Source.Method("Shapes.Dotted.Name.Functions", "InDottedNamespace"), x => -1 / (x * x), -1.5, 0.25, 2);

    [Fact]
    public void Global_namespace() =>
        NumericAssert.Gradient(
            Source.Method("GlobalFunctions", "InGlobalNamespace"),
            p => [p[1] / ((p[0] * p[0]) + (p[1] * p[1])), -p[0] / ((p[0] * p[0]) + (p[1] * p[1]))],
            Points2);

    [Fact]
    public void Instance_method_of_a_nested_class_in_the_global_namespace() =>
        NumericAssert.Derivative(Source.Method("GlobalInstance+Nested", "InGlobalNested"), x => 0.5 / Math.Sqrt(x), 0.25, 1, 4);

    [Theory]
    [InlineData("Point")]
    [InlineData("ReadOnlyPoint")]
    [InlineData("Record")]
    [InlineData("RecordStruct")]
    [InlineData("IShape")]
    public void Structs_records_and_interfaces_as_containing_types(string type) =>
        NumericAssert.Gradient(Source.Method("Shapes.FileScoped." + type, "Norm2"), p => [2 * p[0], 2 * p[1]], Points2);

    [Fact]
    public void Readonly_ref_struct_as_containing_type() =>
        NumericAssert.Gradient(Source.Method("Shapes.FileScoped.Functions", "ThroughRefStruct"), p => [2 * p[0], 2 * p[1]], Points2);
}
