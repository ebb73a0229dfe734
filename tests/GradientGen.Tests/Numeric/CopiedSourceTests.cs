namespace GradientGen.Tests.Numeric;

/// <summary>
/// Inactive code is copied into the backward with its meaning unchanged: strings that span lines (whose
/// text the generated file's indentation used to change, and so the value computed), interpolations,
/// raw strings, and the #pragma, #nullable and #if state the body was compiled in (dropped before, so the
/// copy warned again and broke warnings-as-errors builds, or compiled the other #if branch).
/// </summary>
public class CopiedSourceTests
{
    private const string Type = "Numeric.Copied";

    private static readonly CompiledSource Source = new(""""
        using System;
        using GradientGen;

        namespace Numeric;

        public static partial class Copied
        {
            [Obsolete("use something else")] public static int Old() => 2;

            // Length 21 as written; re-indented by 8 it was 37 in the backward (issue #12's repro).
            [Differentiable]
            public static double Verbatim(double x)
            {
                string s = @"a
            b ""q""
                c";
                double y = x * s.Length;
                if (s.Contains("\n    b")) y = y * x;
                return y;
            }

            [Differentiable]
            public static double Raw(double x)
            {
                string s = """
                    one {x}
                      two "2" \n
                    """;
                return x * s.Length + (s.EndsWith("\\n") ? x * x : 0);
            }

            [Differentiable]
            public static double Interpolated(double x, int n)
            {
                string s = $@"n={n,3:D2}
               {{ ""braces"" }} \ {n}";
                string t = $$"""
                    {{n}} {braces} "quotes"
                      {{n + 1}}
                    """;
                return x * s.Length + x * x * t.Length;
            }

            [Differentiable]
            public static double Pragma(double x)
            {
        #pragma warning disable CS0618 // the obsolete call, copied into the backward
                int k = Old();
        #pragma warning restore CS0618
                return x * x * k;
            }

            [Differentiable]
            public static double NullableDisabled(double x)
            {
        #nullable disable
                string s = null;
        #nullable restore
                double y = x * x;
                if (s == null) y = y * x;
                return y;
            }

            [Differentiable]
            public static double ConditionalCompilation(double x)
            {
                double y = x;
        #if GRADIENTGEN_NEVER_DEFINED
                y = y * y * y;
        #else
                y = y * y;
        #endif
                return y;
            }
        }
        """");

    private static Infrastructure.Differentiated Method(string name) => Source.Method(Type, name);

    private const int VerbatimLength = 21;

    [Fact]
    public void Verbatim_string_spanning_lines_keeps_its_value() =>
        NumericAssert.Derivative(Method("Verbatim"), x => 2 * VerbatimLength * x, -1.5, 0.5, 2);

    // The string lengths are what the primal computes: the backward must return exactly the primal's value
    // and adjoints that match its finite differences.
    [Fact]
    public void Raw_string_keeps_its_value() =>
        Infrastructure.GradientAssert.MatchesFiniteDifferences(Method("Raw"), [0], [[-1.5], [0.5], [2]]);

    [Fact]
    public void Verbatim_and_raw_interpolated_strings_keep_their_values() =>
        Infrastructure.GradientAssert.MatchesFiniteDifferences(Method("Interpolated"), [0], [[-1.5, 7], [0.5, 12], [2, 123]]);

    [Fact]
    public void Pragma_inside_the_body_applies_to_the_copy() =>
        NumericAssert.Derivative(Method("Pragma"), x => 4 * x, -1.5, 0.5, 2);

    [Fact]
    public void Nullable_disabled_inside_the_body_applies_to_the_copy() =>
        NumericAssert.Derivative(Method("NullableDisabled"), x => 3 * x * x, -1.5, 0.5, 2);

    [Fact]
    public void Only_the_compiled_branch_of_an_if_directive_is_copied() =>
        NumericAssert.Derivative(Method("ConditionalCompilation"), x => 2 * x, -1.5, 0.5, 2);
}
