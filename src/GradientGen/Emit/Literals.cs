using GradientGen.Model;

namespace GradientGen.Emit;

/// <summary>Numeric literals and Math class names typed for a scalar kind, so float code stays float.</summary>
internal static class Literals
{
    public static string Number(ScalarKind kind, double value) =>
        kind == ScalarKind.Float ? Analysis.SymbolFacts.FloatLiteral((float)value) : Analysis.SymbolFacts.DoubleLiteral(value);

    public static string Zero(ScalarKind kind) => Number(kind, 0);

    public static string One(ScalarKind kind) => Number(kind, 1);

    public static string MathClass(ScalarKind kind) => kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

    /// <summary>The type itself, for the functions only it has (<c>double.CosPi</c>, <c>float.Exp2</c>).</summary>
    public static string FloatingType(ScalarKind kind) => Analysis.SymbolFacts.KeywordFor(kind);
}
