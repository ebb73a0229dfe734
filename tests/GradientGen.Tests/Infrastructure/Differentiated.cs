using System.Reflection;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// A compiled [Differentiable] method and its generated backward, called by reflection: the primal
/// <c>F(args)</c>, <c>Backward(args, dResult, ref adjoints…)</c>, and central finite differences.
/// </summary>
internal sealed class Differentiated
{
    private readonly MethodInfo _primal;
    private readonly MethodInfo _backward;
    private readonly object? _instance;

    public Differentiated(Assembly assembly, string typeName, string methodName)
        : this(assembly.GetType(typeName, throwOnError: true)!, methodName)
    {
    }

    /// <summary>
    /// A method of <paramref name="type"/>, which may be a constructed generic type (<c>Box&lt;int&gt;</c>); a generic
    /// method (and its generic backward) is constructed with <paramref name="methodTypeArguments"/>.
    /// </summary>
    public Differentiated(Type type, string methodName, Type[]? methodTypeArguments = null)
    {
        _primal = Construct(type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Single(m => m.Name == methodName), methodTypeArguments);
        _backward = Construct(type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Single(m => m.Name == methodName + "Backward"), methodTypeArguments);
        _instance = _primal.IsStatic ? null : Activator.CreateInstance(type, nonPublic: true);
        _takesShadow = _backward.GetParameters().Any(p => ShadowObjects.IsShadow(p, type));
        AdjointCount = _backward.GetParameters().Length - _primal.GetParameters().Length - 1 - (_takesShadow ? 1 : 0);
    }

    private readonly bool _takesShadow;

    public int AdjointCount { get; }

    public MethodInfo Backward => _backward;

    /// <summary>The object an instance method runs on (null for a static one).</summary>
    public object? Instance => _instance;

    /// <summary>For a backward that takes <c>dThis</c>: the shadow the last <see cref="Backprop"/> filled (it starts at zero).</summary>
    public object? LastShadow { get; private set; }

    public double Value(params double[] args) => Convert.ToDouble(_primal.Invoke(_instance, Box(_primal, args)));

    /// <summary>Calls the backward with the given seed and starting adjoints; returns its result and the adjoints after.</summary>
    public (double Value, double[] Adjoints) Backprop(double[] args, double dResult = 1.0, double[]? startAdjoints = null)
    {
        ParameterInfo[] ps = _backward.GetParameters();
        object?[] all = new object?[ps.Length];
        object?[] primalArgs = Box(_primal, args);
        Array.Copy(primalArgs, all, primalArgs.Length);
        all[primalArgs.Length] = ConvertTo(dResult, ps[primalArgs.Length].ParameterType);
        int first = primalArgs.Length + 1;
        if (_takesShadow)
        {
            // dThis comes right after dResult.
            LastShadow = ShadowObjects.Zeroed(_instance!);
            all[first++] = LastShadow;
        }

        for (int i = 0; i < AdjointCount; i++)
        {
            Type t = ps[first + i].ParameterType.GetElementType()!;
            all[first + i] = ConvertTo(startAdjoints?[i] ?? 0.0, t);
        }

        double value = Convert.ToDouble(_backward.Invoke(_instance, all));
        double[] adjoints = new double[AdjointCount];
        for (int i = 0; i < AdjointCount; i++)
        {
            adjoints[i] = Convert.ToDouble(all[first + i]);
        }

        return (value, adjoints);
    }

    /// <summary>Central difference of the primal along argument <paramref name="index"/>.</summary>
    public double FiniteDifference(double[] args, int index, double h = 1e-6)
    {
        double[] plus = (double[])args.Clone(), minus = (double[])args.Clone();
        plus[index] += h;
        minus[index] -= h;
        return (Value(plus) - Value(minus)) / (2 * h);
    }

    private static MethodInfo Construct(MethodInfo method, Type[]? typeArguments) =>
        typeArguments is null ? method : method.MakeGenericMethod(typeArguments);

    private static object?[] Box(MethodInfo method, double[] args)
    {
        ParameterInfo[] ps = method.GetParameters();
        Assert.Equal(ps.Length, args.Length);
        // An 'in' parameter's type is double&: reflection passes the boxed double by reference.
        return ps.Select((p, i) => ConvertTo(args[i], p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)).ToArray();
    }

    private static object ConvertTo(double value, Type type) => Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
}
