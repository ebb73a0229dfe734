namespace GradientGen.Model;

/// <summary>How a floating-point value is laid out: one number, a vector or a matrix of them.</summary>
internal enum ValueShape
{
    /// <summary>Not floating-point data: never active.</summary>
    None,

    /// <summary><c>double</c> or <c>float</c>.</summary>
    Scalar,

    /// <summary><c>T[]</c>, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c>; its adjoint is a <c>Span&lt;T&gt;</c>.</summary>
    Vector,

    /// <summary><c>T[,]</c>; its adjoint is a <c>T[,]</c> of the same shape.</summary>
    Matrix,

    /// <summary>
    /// A jagged array <c>T[][]</c>, read as a matrix whose rows may differ in length (<c>a[i][j]</c>); its adjoint
    /// is a <c>T[][]</c> of the same shape.
    /// </summary>
    Jagged,

    /// <summary>
    /// An array or span of structs that carry derivatives (<c>Vector3[]</c>, <c>ReadOnlySpan&lt;Particle&gt;</c>): its
    /// elements' members are read at one index (<c>p[i].X</c>); its adjoint is a <c>Span&lt;S&gt;</c>.
    /// </summary>
    StructArray,

    /// <summary>A struct of floats (<c>Vector3</c>) or doubles (see <c>StructShapes</c>); its adjoint is a value of the same type.</summary>
    Struct,
}
