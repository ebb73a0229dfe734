using System.Reflection;

namespace GradientGen.Tests.Numeric;

/// <summary>The generated backward and gradient have the primal's accessibility and static-ness, and work at every accessibility.</summary>
public class AccessibilityTests
{
    private const string Type = "Numeric.Access";

    private static readonly CompiledSource Source = new("""
        using System;
        using GradientGen;

        namespace Numeric;

        public partial class Access
        {
            [Differentiable] public static double PublicStatic(double x) => x * x;
            [Differentiable] internal static double InternalStatic(double x) => x * x;
            [Differentiable] private static double PrivateStatic(double x) => x * x;
            [Differentiable] protected static double ProtectedStatic(double x) => x * x;
            [Differentiable] protected internal static double ProtectedInternalStatic(double x) => x * x;
            [Differentiable] private protected static double PrivateProtectedStatic(double x) => x * x;
            [Differentiable] public double PublicInstance(double x) => x * x;
            [Differentiable] internal double InternalInstance(double x) => x * x;
            [Differentiable] private double PrivateInstance(double x) => x * x;
            [Differentiable] static double ImplicitlyPrivate(double x) => x * x;
        }

        internal static partial class InternalType
        {
            [Differentiable] public static double InInternalType(double x) => x * x;
        }
        """);

    private static readonly Dictionary<string, MethodAttributes> Expected = new()
    {
        ["PublicStatic"] = MethodAttributes.Public,
        ["InternalStatic"] = MethodAttributes.Assembly,
        ["PrivateStatic"] = MethodAttributes.Private,
        ["ProtectedStatic"] = MethodAttributes.Family,
        ["ProtectedInternalStatic"] = MethodAttributes.FamORAssem,
        ["PrivateProtectedStatic"] = MethodAttributes.FamANDAssem,
        ["PublicInstance"] = MethodAttributes.Public,
        ["InternalInstance"] = MethodAttributes.Assembly,
        ["PrivateInstance"] = MethodAttributes.Private,
        ["ImplicitlyPrivate"] = MethodAttributes.Private,
    };

    public static TheoryData<string> Methods => new(Expected.Keys);

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    [Theory]
    [MemberData(nameof(Methods))]
    public void Backward_and_gradient_have_the_primals_accessibility_and_staticness(string method)
    {
        MethodAttributes access = Expected[method];
        Type type = Source.Assembly.GetType(Type)!;
        MethodInfo primal = type.GetMethod(method, All)!;
        Assert.Equal(access, primal.Attributes & MethodAttributes.MemberAccessMask);
        foreach (string generated in new[] { method + "Backward", method + "Gradient" })
        {
            MethodInfo m = type.GetMethod(generated, All)!;
            Assert.NotNull(m);
            Assert.Equal(access, m.Attributes & MethodAttributes.MemberAccessMask);
            Assert.Equal(primal.IsStatic, m.IsStatic);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Backward_is_correct_at_every_accessibility(string method) =>
        NumericAssert.Derivative(Source.Method(Type, method), x => 2 * x, -1.5, 0.25, 2);

    [Fact]
    public void Public_method_of_an_internal_type()
    {
        Infrastructure.Differentiated f = Source.Method("Numeric.InternalType", "InInternalType");
        Assert.True(f.Backward.IsPublic);
        NumericAssert.Derivative(f, x => 2 * x, -1.5, 0.25, 2);
    }
}
