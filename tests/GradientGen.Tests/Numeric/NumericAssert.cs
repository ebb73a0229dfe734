using System.Globalization;
using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// Checks a generated backward at several points against an analytic gradient and against central
/// finite differences of the primal, and checks at each point that it returns exactly the primal's value
/// and that it accumulates (start adjoints plus dResult times the gradient).
/// </summary>
internal static class NumericAssert
{
    /// <summary>The tolerances for a method computing in double.</summary>
    public static readonly Precision Double = new(Analytic: 1e-10, FiniteDifference: 1e-6, Step: 1e-6, Accumulation: 1e-12, FloatPoints: false);

    /// <summary>
    /// The tolerances for a method computing in float: the analytic gradient (computed in double at the
    /// float-rounded point) to float rounding, finite differences with a larger step and tolerance.
    /// </summary>
    public static readonly Precision Float = new(Analytic: 2e-5, FiniteDifference: 1e-3, Step: 1e-3, Accumulation: 1e-5, FloatPoints: true);

    private const double Seed = 2.5;

    /// <summary>A function of one active argument: <paramref name="derivative"/> is its analytic derivative.</summary>
    public static void Derivative(Differentiated f, Func<double, double> derivative, params double[] points) =>
        Derivative(f, derivative, Double, points);

    public static void Derivative(Differentiated f, Func<double, double> derivative, Precision precision, params double[] points) =>
        Gradient(f, [0], p => [derivative(p[0])], precision, points.Select(x => new[] { x }).ToArray());

    /// <summary>Every argument is active; <paramref name="gradient"/> gives the analytic partial derivatives in argument order.</summary>
    public static void Gradient(Differentiated f, Func<double[], double[]> gradient, params double[][] points) =>
        Gradient(f, gradient, Double, points);

    public static void Gradient(Differentiated f, Func<double[], double[]> gradient, Precision precision, params double[][] points) =>
        Gradient(f, Enumerable.Range(0, points[0].Length).ToArray(), gradient, precision, points);

    /// <summary>
    /// Only the arguments at <paramref name="activeArgs"/> are active; <paramref name="gradient"/> gives the
    /// analytic partial derivatives with respect to them, in that order.
    /// </summary>
    public static void Gradient(Differentiated f, int[] activeArgs, Func<double[], double[]> gradient, params double[][] points) =>
        Gradient(f, activeArgs, gradient, Double, points);

    public static void Gradient(Differentiated f, int[] activeArgs, Func<double[], double[]> gradient, Precision precision, params double[][] points)
    {
        Assert.True(points.Length >= 3, "check a function at three points at least");
        Assert.Equal(activeArgs.Length, f.AdjointCount);
        foreach (double[] rawPoint in points)
        {
            // A float method sees the point rounded to float: evaluate the analytic gradient there too.
            double[] point = precision.FloatPoints ? rawPoint.Select(v => (double)(float)v).ToArray() : rawPoint;
            string at = "(" + string.Join(", ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

            (double value, double[] adjoints) = f.Backprop(point);
            Assert.True(f.Value(point).Equals(value), $"the backward returned {value:R}, the primal {f.Value(point):R} at {at}");

            double[] expected = gradient(point);
            Assert.Equal(activeArgs.Length, expected.Length);
            for (int i = 0; i < activeArgs.Length; i++)
            {
                string what = $"d/d(arg {activeArgs[i]}) at {at}";
                GradientAssert.Close(expected[i], adjoints[i], precision.Analytic, what + " vs the analytic derivative");
                double fd = f.FiniteDifference(point, activeArgs[i], precision.Step);
                GradientAssert.Close(fd, adjoints[i], precision.FiniteDifference, what + " vs the central finite difference");
            }

            Accumulates(f, point, adjoints, precision.Accumulation);
        }
    }

    /// <summary>
    /// With starting adjoints s and seed 2.5 the backward leaves s + 2.5·g, where g is its gradient for seed 1,
    /// and still returns the primal value.
    /// </summary>
    public static void Accumulates(Differentiated f, double[] point, double[] gradient, double tolerance = 1e-12)
    {
        double[] start = Enumerable.Range(0, f.AdjointCount).Select(i => 0.75 - (1.5 * i)).ToArray();
        (double value, double[] adjoints) = f.Backprop(point, Seed, start);
        Assert.True(f.Value(point).Equals(value), $"the backward with seed {Seed} returned {value:R}, the primal {f.Value(point):R}");
        for (int i = 0; i < start.Length; i++)
        {
            GradientAssert.Close(start[i] + (Seed * gradient[i]), adjoints[i], tolerance, $"adjoint {i} accumulated from {start[i]} with seed {Seed}");
        }
    }

    /// <summary>Asserts that the adjoints at <paramref name="point"/> are exactly <paramref name="expected"/> (a documented convention, not an approximation).</summary>
    public static void ExactAdjoints(Differentiated f, double[] point, params double[] expected)
    {
        (_, double[] adjoints) = f.Backprop(point);
        Assert.Equal(expected, adjoints);
    }

    /// <summary>Calls <c>{method}Gradient</c> by reflection; returns the tuple's fields Item1, Item2, … as doubles.</summary>
    public static double[] GradientTuple(Assembly assembly, string typeName, string methodName, params double[] args)
    {
        Type type = assembly.GetType(typeName, throwOnError: true)!;
        MethodInfo gradient = type.GetMethod(methodName + "Gradient", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)!;
        Assert.NotNull(gradient);
        object? instance = gradient.IsStatic ? null : Activator.CreateInstance(type, nonPublic: true);
        object?[] boxed = gradient.GetParameters().Select((p, i) => Box(args[i], p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType)).ToArray();
        object tuple = gradient.Invoke(instance, boxed)!;
        FieldInfo[] items = tuple.GetType().GetFields().Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal)).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        return items.Select(f => Convert.ToDouble(f.GetValue(tuple), CultureInfo.InvariantCulture)).ToArray();
    }

    private static object Box(double value, Type type) => Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
}

/// <summary>Tolerances of a numeric check (relative where the expected value exceeds 1, absolute below).</summary>
/// <param name="Analytic">Against the analytic gradient.</param>
/// <param name="FiniteDifference">Against the central finite difference with step <paramref name="Step"/>.</param>
/// <param name="Accumulation">Of start + 2.5·gradient against the backward run with that start and seed.</param>
/// <param name="FloatPoints">The method takes floats: points are rounded to float before anything is evaluated.</param>
internal sealed record Precision(double Analytic, double FiniteDifference, double Step, double Accumulation, bool FloatPoints);
