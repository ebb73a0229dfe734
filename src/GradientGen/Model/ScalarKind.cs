namespace GradientGen.Model;

/// <summary>The floating-point type of a value; only these carry derivatives.</summary>
internal enum ScalarKind
{
    /// <summary>Not a floating-point scalar: never active.</summary>
    None,
    Double,
    Float,

    /// <summary>A type parameter constrained to <c>IFloatingPointIeee754&lt;T&gt;</c> (generic math; see <c>Analysis.GenericMath</c>).</summary>
    Generic,
}
