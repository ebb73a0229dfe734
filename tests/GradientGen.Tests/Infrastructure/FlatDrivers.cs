using System.Reflection;

namespace GradientGen.Tests.Infrastructure;

/// <summary>
/// A test source compiled once, with a static class <c>Drivers</c> whose <c>{Name}Value(double[])</c> and
/// <c>{Name}Gradient(double[])</c> flatten a method's inputs into one vector: the gradient of every input,
/// structs, arrays and objects included, can then be checked against central differences the same way.
/// </summary>
internal sealed class FlatDrivers
{
    /// <summary>A point of <paramref name="size"/> entries uniform in [−1, 1), the same for the same seed.</summary>
    public static double[] RandomPoint(int seed, int size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
    }

    private readonly Lazy<Assembly> _compiled;

    public FlatDrivers(params string[] sources) => _compiled = new(() => GeneratorHarness.CompileAndLoad(sources));

    public Assembly Assembly => _compiled.Value;

    /// <summary>Calls the static driver method <paramref name="name"/> of <c>Drivers</c>.</summary>
    public object? Call(string name, params object?[] arguments) =>
        Assembly.GetType("Drivers")!.GetMethod(name)!.Invoke(null, arguments);

    public double Value(string name, double[] point) => (double)Call(name + "Value", point)!;

    public double[] Gradient(string name, double[] point) => (double[])Call(name + "Gradient", point)!;

    /// <summary>The gradient at <paramref name="point"/> equals the central differences of the value, entry by entry.</summary>
    public void GradientMatchesFiniteDifferences(string name, double[] point, double h, double tolerance, string what) =>
        GradientAssert.MatchesFiniteDifferences(p => Value(name, p), Gradient(name, point), point, h, tolerance, what);
}
