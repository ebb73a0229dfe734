using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// User source compiled (generator run, warning-free, loaded) once, on first use, and shared by the tests
/// of a class: one compilation per test class keeps the suite fast. A failure to compile fails every test
/// that uses it, with the compiler's message.
/// </summary>
internal sealed class CompiledSource
{
    private readonly Lazy<Assembly> _assembly;

    public CompiledSource(params string[] sources) => _assembly = new Lazy<Assembly>(() => GeneratorHarness.CompileAndLoad(sources));

    public Assembly Assembly => _assembly.Value;

    public Differentiated Method(string typeName, string methodName) => new(Assembly, typeName, methodName);

    /// <summary>A method of a generic type of the source, constructed with <paramref name="typeArguments"/>.</summary>
    public Differentiated Method(string genericTypeName, Type[] typeArguments, string methodName) =>
        new(Assembly.GetType(genericTypeName, throwOnError: true)!.MakeGenericType(typeArguments), methodName);
}
