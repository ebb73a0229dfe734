using System.Reflection;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// A compiled [Differentiable] method of scalars and its generated <c>…HessianVectorProduct</c>, called by reflection:
/// <c>MHessianVectorProduct(args, a direction entry per active parameter…, out a product entry per active parameter…)</c>.
/// </summary>
internal sealed class HessianProduct
{
    private readonly MethodInfo _product;
    private readonly int _arguments;

    /// <summary>A method of <paramref name="type"/>; a generic one is constructed with <paramref name="methodTypeArguments"/>.</summary>
    public HessianProduct(Type type, string methodName, Type[]? methodTypeArguments = null)
    {
        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly);
        MethodInfo product = methods.Single(m => m.Name == methodName + "HessianVectorProduct");
        _product = methodTypeArguments is null ? product : product.MakeGenericMethod(methodTypeArguments);
        _arguments = methods.Single(m => m.Name == methodName).GetParameters().Length;
        ActiveCount = (_product.GetParameters().Length - _arguments) / 2;
    }

    /// <summary>Whether <paramref name="type"/> has a Hessian-vector product for <paramref name="methodName"/>.</summary>
    public static bool Exists(Type type, string methodName) =>
        type.GetMethod(methodName + "HessianVectorProduct", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is not null;

    public int ActiveCount { get; }

    /// <summary>Calls the product: the returned value and H·v along <paramref name="direction"/>.</summary>
    public (double Value, double[] Product) Hvp(double[] args, double[] direction)
    {
        Assert.Equal(ActiveCount, direction.Length);
        ParameterInfo[] ps = _product.GetParameters();
        double[] all = [.. args, .. direction, .. new double[ActiveCount]];
        object?[] boxed = ps.Select((p, i) => (object?)Convert.ChangeType(all[i], p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double value = Convert.ToDouble(_product.Invoke(null, boxed), System.Globalization.CultureInfo.InvariantCulture);
        return (value, boxed.Skip(_arguments + ActiveCount).Select(b => Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
