using GradientGen.Tests.Infrastructure;
using GradientGen.Tests.Numeric;
using Microsoft.CodeAnalysis;

namespace GradientGen.Tests.Robustness;

/// <summary>
/// User code that once broke the build: a generator exception (CS8785, every generated file lost) or
/// generated code that doesn't compile. Each is now either generated cleanly or refused with a located error.
/// </summary>
public class NeverCrashTests
{
    internal const string A_file_local_type_is_GG0004_on_its_file_modifierSource = """
        using System;
        using GradientGen;

        {|GG0004:file|} static partial class Local
        {
            [Differentiable]
            public static double F(double x) => x * x;
        }

        public static partial class Shared
        {
            [Differentiable]
            public static double G(double x) => x * x;
        }
        """;

    [Fact]
    public Task A_file_local_type_is_GG0004_on_its_file_modifier() => AnalyzerVerifier.VerifyAsync(A_file_local_type_is_GG0004_on_its_file_modifierSource);

    /// <summary>A file-local type's metadata name ('&lt;Source0&gt;F…__Local') once made an invalid hint name: CS8785, and no file at all.</summary>
    [Fact]
    public void A_file_local_type_does_not_stop_the_generator_and_the_other_methods_are_generated()
    {
        string source = A_file_local_type_is_GG0004_on_its_file_modifierSource.Replace("{|GG0004:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal);
        (_, GeneratorDriverRunResult run) = GeneratorHarness.Generate(source); // asserts no generator diagnostic (CS8785)
        GeneratorRunResult result = run.Results.Single();
        Assert.Null(result.Exception);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Shared.G.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("Local", StringComparison.Ordinal));
    }

    private static readonly CompiledSource Keywords = new("""
        using System;
        using GradientGen;

        namespace @namespace
        {
            public static partial class @class
            {
                public const double @const = 2.0;

                [Differentiable]
                public static double @double(double @class, double @int)
                {
                    double @float = @class * @int;
                    return @float * @const;
                }
            }

            public static partial class @struct<@int>
            {
                [Differentiable]
                public static double @return(double @in) => @class.@double(@in, @in) + @in;
            }
        }
        """);

    /// <summary>Keyword names of a namespace, types, a type parameter, methods, parameters, locals and a constant get their '@'.</summary>
    [Fact]
    public void Keyword_names_are_escaped_everywhere_the_generated_code_writes_them()
    {
        Differentiated product = Keywords.Method("namespace.class", "double");
        NumericAssert.Gradient(product, p => [2 * p[1], 2 * p[0]], [1.5, -2.0], [0.3, 0.7], [-1.0, 4.0]);
        Differentiated call = Keywords.Method("namespace.struct`1", [typeof(int)], "return");
        NumericAssert.Derivative(call, x => 4 * x + 1, 0.5, -1.25, 3.0);
    }

    private static readonly CompiledSource Continues = new("""
        using System;
        using GradientGen;

        public static partial class Loops
        {
            [Differentiable]
            public static double SkipLast(double x, int n)
            {
                double y = 0;
                for (int i = 0; i < n; i++)
                {
                    y += x * i;
                    if (i > 3) continue;
                }

                return y;
            }

            [Differentiable]
            public static double ContinueLast(double x, int n)
            {
                double y = 1;
                int i = 0;
                while (i < n)
                {
                    i++;
                    if (i % 2 == 0)
                    {
                        y *= x;
                        continue;
                    }
                }

                return y;
            }
        }
        """);

    /// <summary>A continue that ends the body once left 'bool continued' assigned and never read: CS0219 under warnings-as-errors.</summary>
    [Fact]
    public void A_continue_that_ends_the_loop_body_leaves_no_unused_flag()
    {
        // n = 6: y = x·(0 + 1 + … + 5) = 15x, and y = x³ (i = 2, 4, 6).
        NumericAssert.Gradient(Continues.Method("Loops", "SkipLast"), [0], _ => [15], [0.5, 6], [2.0, 6], [-1.0, 6]);
        NumericAssert.Gradient(Continues.Method("Loops", "ContinueLast"), [0], p => [3 * p[0] * p[0]], [0.5, 6], [1.5, 6], [-0.75, 6]);
    }

    private const string HalfTyped = """
        using System;
        using GradientGen;

        public static partial class Typing
        {
            [Differentiable]
            public static double MissingOperand(double x)
            {
                double y = x * ;
                return y;
            }

            [Differentiable]
            public static double UnknownName(double x) => x * Scale(x);

            [Differentiable]
            public static double WrongType(double x)
            {
                double y = "x";
                return y * x;
            }

            [Differentiable]
            public static double Fine(double x) => x * x;
        }
        """;

    /// <summary>
    /// A method whose own code has compiler errors (being typed) gets no file, so its errors are not copied
    /// into generated code to be reported twice, and no GG diagnostic: the compiler's errors come first.
    /// </summary>
    [Fact]
    public void A_method_with_compiler_errors_gets_nothing_generated_and_no_GG_diagnostic()
    {
        (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Generate(HalfTyped);
        Assert.Equal(["Typing.Fine.g.cs", "Typing.Fine.Tangent.g.cs", "Typing.Fine.Hessian.g.cs"], run.Results.Single().GeneratedSources.Select(s => s.HintName).Where(h => h.StartsWith("Typing.", StringComparison.Ordinal)));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(GeneratorHarness.AnalyzerDiagnostics(HalfTyped), d => d.Id.StartsWith("GG", StringComparison.Ordinal));
    }

    internal const string A_caller_of_a_method_with_compiler_errors_is_GG0003Source = """
        using System;
        using GradientGen;

        public static partial class Typing
        {
            [Differentiable]
            public static double Broken(double x) => x * {|CS0103:Scale|}(x);

            [Differentiable]
            public static double Caller(double x) => {|GG0003:Broken(x)|} + x;
        }
        """;

    [Fact]
    public Task A_caller_of_a_method_with_compiler_errors_is_GG0003() => AnalyzerVerifier.VerifyAsync(A_caller_of_a_method_with_compiler_errors_is_GG0003Source);
}
