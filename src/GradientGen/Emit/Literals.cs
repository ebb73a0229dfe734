using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Numeric literals and Math class names typed for a scalar kind, so float code stays float.</summary>
internal static class Literals
{
    public static string Number(ScalarKind kind, double value) => kind switch
    {
        ScalarKind.Float => Analysis.SymbolFacts.FloatLiteral((float)value),
        ScalarKind.Generic when value == 0 => GenericScalar.Placeholder + ".Zero",
        ScalarKind.Generic when value == 1 => GenericScalar.Placeholder + ".One",
        ScalarKind.Generic => $"{GenericScalar.Placeholder}.CreateChecked({Analysis.SymbolFacts.DoubleLiteral(value)})",
        _ => Analysis.SymbolFacts.DoubleLiteral(value),
    };

    public static string Zero(ScalarKind kind) => Number(kind, 0);

    public static string One(ScalarKind kind) => Number(kind, 1);

    /// <summary>Where the functions are: Math, MathF, or a generic T itself (<c>T.Sin</c>).</summary>
    public static string MathClass(ScalarKind kind) => kind switch
    {
        ScalarKind.Float => "global::System.MathF",
        ScalarKind.Generic => GenericScalar.Placeholder,
        _ => "global::System.Math",
    };

    /// <summary>The type itself, for the functions only it has (<c>double.CosPi</c>, <c>float.Exp2</c>).</summary>
    public static string FloatingType(ScalarKind kind) => Analysis.SymbolFacts.KeywordFor(kind);
}
