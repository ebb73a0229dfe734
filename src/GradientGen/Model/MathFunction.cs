namespace GradientGen.Model;

/// <summary>The <c>Math</c>/<c>MathF</c> functions that have a built-in derivative rule.</summary>
internal enum MathFunction
{
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Exp,
    Log,
    Log10,
    Log2,
    Sqrt,
    Cbrt,
    Pow,
    Abs,
    Max,
    Min,
    Clamp,
    FusedMultiplyAdd,
}
