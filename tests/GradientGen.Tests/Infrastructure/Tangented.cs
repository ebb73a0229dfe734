using System.Reflection;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// A compiled [Differentiable] method of scalars and its generated <c>…Tangent</c>, called by reflection:
/// <c>MTangent(args, tangents of the active ones…, out tResult)</c>, and the central finite difference of the
/// primal along a direction (the directional derivative the tangent must give).
/// </summary>
internal sealed class Tangented
{
    private readonly MethodInfo _primal;
    private readonly MethodInfo _tangent;
    private readonly object? _instance;

    public Tangented(Assembly assembly, string typeName, string methodName)
        : this(assembly.GetType(typeName, throwOnError: true)!, methodName)
    {
    }

    /// <summary>A method of <paramref name="type"/>; a generic method (and its generic tangent) is constructed with <paramref name="methodTypeArguments"/>.</summary>
    public Tangented(Type type, string methodName, Type[]? methodTypeArguments = null)
    {
        MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        _primal = Construct(methods.Single(m => m.Name == methodName), methodTypeArguments);
        _tangent = Construct(methods.Single(m => m.Name == methodName + "Tangent"), methodTypeArguments);
        _instance = _primal.IsStatic ? null : Activator.CreateInstance(type, nonPublic: true);
        _takesShadow = _tangent.GetParameters().Any(p => ShadowObjects.IsShadow(p, type));
        TangentCount = _tangent.GetParameters().Length - _primal.GetParameters().Length - 1 - (_takesShadow ? 1 : 0);
    }

    private readonly bool _takesShadow;

    /// <summary>How many tangents the method takes (one per active parameter).</summary>
    public int TangentCount { get; }

    public double Value(params double[] args) => Convert.ToDouble(_primal.Invoke(_instance, Box(_primal.GetParameters(), args)));

    /// <summary>Calls the tangent: its returned value and the tangent of the result along <paramref name="directions"/>.</summary>
    public (double Value, double Tangent) Jvp(double[] args, double[] directions)
    {
        Assert.Equal(TangentCount, directions.Length);
        ParameterInfo[] ps = _tangent.GetParameters();
        object?[] all;
        if (_takesShadow)
        {
            // tThis, after the primal's parameters, moves no member: a zero tangent object of the same shapes.
            int at = _primal.GetParameters().Length;
            all = [.. Box(ps[..at], args), ShadowObjects.Zeroed(_instance!), .. Box(ps[(at + 1)..], [.. directions, 0.0])];
        }
        else
        {
            all = Box(ps, [.. args, .. directions, 0.0]);
        }

        double value = Convert.ToDouble(_tangent.Invoke(_instance, all));
        return (value, Convert.ToDouble(all[^1]));
    }

    /// <summary>
    /// Central difference of the primal along <paramref name="directions"/>, which move the arguments at
    /// <paramref name="activeArgs"/>.
    /// </summary>
    public double FiniteDifference(double[] args, int[] activeArgs, double[] directions, double h = 1e-6)
    {
        double[] plus = (double[])args.Clone(), minus = (double[])args.Clone();
        for (int i = 0; i < activeArgs.Length; i++)
        {
            plus[activeArgs[i]] += h * directions[i];
            minus[activeArgs[i]] -= h * directions[i];
        }

        return (Value(plus) - Value(minus)) / (2 * h);
    }

    private static MethodInfo Construct(MethodInfo method, Type[]? typeArguments) =>
        typeArguments is null ? method : method.MakeGenericMethod(typeArguments);

    private static object?[] Box(ParameterInfo[] ps, double[] args)
    {
        Assert.Equal(ps.Length, args.Length);
        // An 'in' or 'out' parameter's type is double&: reflection passes the boxed double by reference.
        return ps.Select((p, i) => (object?)Convert.ChangeType(args[i], p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
