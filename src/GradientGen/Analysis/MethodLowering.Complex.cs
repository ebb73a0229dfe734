using System.Collections.Generic;
using System.Linq;
using GradientGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradientGen.Analysis;

/// <summary>
/// <c>System.Numerics.Complex</c>, a struct whose leaves are <c>Real</c> and <c>Imaginary</c> (<see cref="StructShapes"/>):
/// its arithmetic and functions are lowered on those two, with the formulas the runtime uses, so the
/// reverse sweep differentiates plain real operations. The derivative of a real result with respect to a complex
/// input is the pair of its partial derivatives, <c>(∂f/∂Re z, ∂f/∂Im z)</c>, in a <c>Complex</c> adjoint.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string ComplexFunctions = "Add, Subtract, Multiply, Divide, Negate, Conjugate, Reciprocal, Exp, Log, Log10, Sqrt, Pow, Sin, Cos, Tan, Atan, Sinh, Cosh, Tanh, FromPolarCoordinates, Abs, Magnitude, Phase, Real and Imaginary";

    /// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c> of two complex numbers or of one and a real; null after a report.</summary>
    private List<Atom>? ComplexArithmetic(BinaryOperator op, IOperation left, IOperation right)
    {
        (Atom Re, Atom Im)? a = ComplexOperand(left), b = ComplexOperand(right);
        if (a is not { } x || b is not { } y)
        {
            return null;
        }

        bool leftReal = !StructShapes.IsStruct(left.Type), rightReal = !StructShapes.IsStruct(right.Type);
        (Atom Re, Atom Im) result = op switch
        {
            BinaryOperator.Add => (Real(op, x.Re, y.Re), leftReal ? y.Im : rightReal ? x.Im : Real(op, x.Im, y.Im)),
            BinaryOperator.Subtract => (Real(op, x.Re, y.Re), leftReal ? Unary(y.Im, ScalarKind.Double) : rightReal ? x.Im : Real(op, x.Im, y.Im)),
            BinaryOperator.Multiply when leftReal || rightReal => (Real(op, x.Re, y.Re), leftReal ? Real(op, x.Re, y.Im) : Real(op, x.Im, y.Re)),
            BinaryOperator.Multiply => Multiply(x, y),
            _ when rightReal => (Real(op, x.Re, y.Re), Real(op, x.Im, y.Re)),
            _ => Divide(x, y, leftReal),
        };
        return [result.Re, result.Im];
    }

    /// <summary>(a + ib)(c + id) = (ac − bd) + i(bc + ad).</summary>
    private (Atom Re, Atom Im) Multiply((Atom Re, Atom Im) x, (Atom Re, Atom Im) y) =>
        (Real(BinaryOperator.Subtract, Real(BinaryOperator.Multiply, x.Re, y.Re), Real(BinaryOperator.Multiply, x.Im, y.Im)),
         Real(BinaryOperator.Add, Real(BinaryOperator.Multiply, x.Im, y.Re), Real(BinaryOperator.Multiply, x.Re, y.Im)));

    /// <summary>
    /// (a + ib)/(c + id) = ((ac + bd) + i(bc − ad))/(c² + d²), the textbook formula: the runtime's scaled one
    /// (Smith's) has the same value and derivative up to rounding, but branches on the operands.
    /// </summary>
    private (Atom Re, Atom Im) Divide((Atom Re, Atom Im) x, (Atom Re, Atom Im) y, bool realNumerator)
    {
        Atom norm = Real(BinaryOperator.Add, Real(BinaryOperator.Multiply, y.Re, y.Re), Real(BinaryOperator.Multiply, y.Im, y.Im));
        if (realNumerator)
        {
            return (Real(BinaryOperator.Divide, Real(BinaryOperator.Multiply, x.Re, y.Re), norm),
                Real(BinaryOperator.Divide, Unary(Real(BinaryOperator.Multiply, x.Re, y.Im), ScalarKind.Double), norm));
        }

        Atom re = Real(BinaryOperator.Add, Real(BinaryOperator.Multiply, x.Re, y.Re), Real(BinaryOperator.Multiply, x.Im, y.Im));
        Atom im = Real(BinaryOperator.Subtract, Real(BinaryOperator.Multiply, x.Im, y.Re), Real(BinaryOperator.Multiply, x.Re, y.Im));
        return (Real(BinaryOperator.Divide, re, norm), Real(BinaryOperator.Divide, im, norm));
    }

    /// <summary>A complex operand's two leaves; a real one's value and zero.</summary>
    private (Atom Re, Atom Im)? ComplexOperand(IOperation operand)
    {
        if (StructShapes.IsStruct(operand.Type))
        {
            return StructLeaves(operand) is [var re, var im] ? (re, im) : null;
        }

        return (RealOperand(operand), new ConstantAtom("0.0", 0));
    }

    /// <summary>A real operand of a complex operation, as a double.</summary>
    private Atom RealOperand(IOperation operand)
    {
        Atom atom = LowerAtom(operand);
        return SymbolFacts.KindOf(operand.Type) is ScalarKind.Float ? Computed(new ConvertExpr(ScalarKind.Double, atom), ScalarKind.Double) : atom;
    }

    /// <summary>The static functions of Complex with a complex result; null after a report.</summary>
    private List<Atom>? ComplexFunction(IInvocationOperation call)
    {
        IOperation Arg(int i) => call.Arguments.First(a => a.Parameter?.Ordinal == i).Value;
        switch (call.TargetMethod.Name, call.Arguments.Length)
        {
            case ("Add", 2):
                return ComplexArithmetic(BinaryOperator.Add, Arg(0), Arg(1));
            case ("Subtract", 2):
                return ComplexArithmetic(BinaryOperator.Subtract, Arg(0), Arg(1));
            case ("Multiply", 2):
                return ComplexArithmetic(BinaryOperator.Multiply, Arg(0), Arg(1));
            case ("Divide", 2):
                return ComplexArithmetic(BinaryOperator.Divide, Arg(0), Arg(1));
            case ("Negate", 1) when ComplexOperand(Arg(0)) is { } z:
                return [Unary(z.Re, ScalarKind.Double), Unary(z.Im, ScalarKind.Double)];
            case ("Conjugate", 1) when ComplexOperand(Arg(0)) is { } z:
                return [z.Re, Unary(z.Im, ScalarKind.Double)];
            case ("Exp", 1) when ComplexOperand(Arg(0)) is { } z:
                // e^a (cos b + i sin b)
                Atom scale = MathOf(MathFunction.Exp, "Exp", z.Re);
                return [Real(BinaryOperator.Multiply, scale, MathOf(MathFunction.Cos, "Cos", z.Im)), Real(BinaryOperator.Multiply, scale, MathOf(MathFunction.Sin, "Sin", z.Im))];
            case ("Log", 1) when ComplexOperand(Arg(0)) is { } z:
                // log |z| + i arg z
                return [MathOf(MathFunction.Log, "Log", Hypot(z)), MathOf(MathFunction.Atan2, "Atan2", z.Im, z.Re)];
            case ("Sin", 1) when ComplexOperand(Arg(0)) is { } z:
                // sin a cosh b + i cos a sinh b
                return [Real(BinaryOperator.Multiply, MathOf(MathFunction.Sin, "Sin", z.Re), MathOf(MathFunction.Cosh, "Cosh", z.Im)),
                    Real(BinaryOperator.Multiply, MathOf(MathFunction.Cos, "Cos", z.Re), MathOf(MathFunction.Sinh, "Sinh", z.Im))];
            case ("Cos", 1) when ComplexOperand(Arg(0)) is { } z:
                // cos a cosh b − i sin a sinh b
                return [Real(BinaryOperator.Multiply, MathOf(MathFunction.Cos, "Cos", z.Re), MathOf(MathFunction.Cosh, "Cosh", z.Im)),
                    Unary(Real(BinaryOperator.Multiply, MathOf(MathFunction.Sin, "Sin", z.Re), MathOf(MathFunction.Sinh, "Sinh", z.Im)), ScalarKind.Double)];
            case ("Sqrt", 1) when ComplexOperand(Arg(0)) is { } z:
                // √|z| (cos(θ/2) + i sin(θ/2)), θ = arg z: the principal root, cut along the negative reals like the runtime's.
                return Polar(MathOf(MathFunction.Sqrt, "Sqrt", Hypot(z)), Real(BinaryOperator.Multiply, MathOf(MathFunction.Atan2, "Atan2", z.Im, z.Re), new ConstantAtom("0.5", 0.5)));
            case ("Pow", 2) when !StructShapes.IsStruct(Arg(1).Type) && ComplexOperand(Arg(0)) is { } z:
                // |z|^p (cos pθ + i sin pθ), as the runtime computes a real power.
                Atom power = RealOperand(Arg(1));
                return Polar(MathOf(MathFunction.Pow, "Pow", Hypot(z), power), Real(BinaryOperator.Multiply, power, MathOf(MathFunction.Atan2, "Atan2", z.Im, z.Re)));
            case ("Pow", 2) when StructShapes.IsStruct(Arg(1).Type) && ComplexOperand(Arg(0)) is { } z && ComplexOperand(Arg(1)) is { } w:
                // z^w = |z|^c e^(−dθ) (cos(cθ + d log|z|) + i sin(…)), w = c + id, as the runtime computes it.
                Atom rho = Hypot(z), theta = MathOf(MathFunction.Atan2, "Atan2", z.Im, z.Re);
                Atom modulus = Real(BinaryOperator.Multiply, MathOf(MathFunction.Pow, "Pow", rho, w.Re), MathOf(MathFunction.Exp, "Exp", Unary(Real(BinaryOperator.Multiply, w.Im, theta), ScalarKind.Double)));
                return Polar(modulus, Real(BinaryOperator.Add, Real(BinaryOperator.Multiply, w.Re, theta), Real(BinaryOperator.Multiply, w.Im, MathOf(MathFunction.Log, "Log", rho))));
            case ("Reciprocal", 1) when ComplexOperand(Arg(0)) is { } z:
                // 1/z, as a division with a real numerator.
                (Atom Re, Atom Im) reciprocal = Divide((new ConstantAtom("1.0", 1), new ConstantAtom("0.0", 0)), z, realNumerator: true);
                return [reciprocal.Re, reciprocal.Im];
            case ("Log10", 1) when ComplexOperand(Arg(0)) is { } z:
                // (log |z| + i arg z) / ln 10
                Atom inverseLn10 = new ConstantAtom("0.43429448190325182", 0.43429448190325182);
                return [Real(BinaryOperator.Multiply, MathOf(MathFunction.Log, "Log", Hypot(z)), inverseLn10), Real(BinaryOperator.Multiply, MathOf(MathFunction.Atan2, "Atan2", z.Im, z.Re), inverseLn10)];
            case ("Tan", 1) when ComplexOperand(Arg(0)) is { } z:
                // (sin 2a + i sinh 2b) / (cos 2a + cosh 2b)
                return HalfAngleQuotient(MathFunction.Sin, "Sin", MathFunction.Sinh, "Sinh", MathFunction.Cos, "Cos", MathFunction.Cosh, "Cosh", z);
            case ("Tanh", 1) when ComplexOperand(Arg(0)) is { } z:
                // (sinh 2a + i sin 2b) / (cosh 2a + cos 2b)
                return HalfAngleQuotient(MathFunction.Sinh, "Sinh", MathFunction.Sin, "Sin", MathFunction.Cosh, "Cosh", MathFunction.Cos, "Cos", z);
            case ("Sinh", 1) when ComplexOperand(Arg(0)) is { } z:
                // sinh a cos b + i cosh a sin b
                return [Real(BinaryOperator.Multiply, MathOf(MathFunction.Sinh, "Sinh", z.Re), MathOf(MathFunction.Cos, "Cos", z.Im)),
                    Real(BinaryOperator.Multiply, MathOf(MathFunction.Cosh, "Cosh", z.Re), MathOf(MathFunction.Sin, "Sin", z.Im))];
            case ("Cosh", 1) when ComplexOperand(Arg(0)) is { } z:
                // cosh a cos b + i sinh a sin b
                return [Real(BinaryOperator.Multiply, MathOf(MathFunction.Cosh, "Cosh", z.Re), MathOf(MathFunction.Cos, "Cos", z.Im)),
                    Real(BinaryOperator.Multiply, MathOf(MathFunction.Sinh, "Sinh", z.Re), MathOf(MathFunction.Sin, "Sin", z.Im))];
            case ("Atan", 1) when ComplexOperand(Arg(0)) is { } z:
                return ComplexAtan(z);
            case ("FromPolarCoordinates", 2):
                return Polar(RealOperand(Arg(0)), RealOperand(Arg(1)));
            case ("Negate" or "Conjugate" or "Reciprocal" or "Exp" or "Log" or "Log10" or "Sqrt" or "Sin" or "Cos" or "Tan" or "Atan" or "Sinh" or "Cosh" or "Tanh", 1):
            case ("Pow", 2):
                return null; // An operand was refused.
        }

        Unsupported(call.Syntax, $"'Complex.{call.TargetMethod.Name}'", $"GradientGen differentiates these of Complex: {ComplexFunctions}; write the rest on Real and Imaginary");
        return null;
    }

    /// <summary>
    /// (f(2a) + i g(2b)) / (h(2a) + k(2b)) for z = a + ib: tan and tanh by their double-angle forms. They agree with the
    /// runtime's to rounding, except that cosh overflows when the doubled part passes about 710 (the quotient is then
    /// NaN where the runtime's rescaled form gives ±i or ±1).
    /// </summary>
    private List<Atom> HalfAngleQuotient(MathFunction f, string fName, MathFunction g, string gName, MathFunction h, string hName, MathFunction k, string kName, (Atom Re, Atom Im) z)
    {
        var two = new ConstantAtom("2.0", 2);
        Atom a2 = Real(BinaryOperator.Multiply, two, z.Re), b2 = Real(BinaryOperator.Multiply, two, z.Im);
        Atom denominator = Real(BinaryOperator.Add, MathOf(h, hName, a2), MathOf(k, kName, b2));
        return [Real(BinaryOperator.Divide, MathOf(f, fName, a2), denominator), Real(BinaryOperator.Divide, MathOf(g, gName, b2), denominator)];
    }

    /// <summary>
    /// atan z = (i/2)(log(1 − iz) − log(1 + iz)), operation for operation as the runtime computes it (so the same bits,
    /// signed zeros included): with z = a + ib, iz = −b + ia, 1 − iz = (1 + b) + i(0 − a), 1 + iz = (1 − b) + i(0 + a),
    /// each logarithm log|w| + i arg w, and the difference D times i/2 = (0, 0.5): (0·Re D − 0.5·Im D) + i(0.5·Re D + 0·Im D).
    /// </summary>
    private List<Atom> ComplexAtan((Atom Re, Atom Im) z)
    {
        Atom zero = new ConstantAtom("0.0", 0), one = new ConstantAtom("1.0", 1), half = new ConstantAtom("0.5", 0.5);
        (Atom Re, Atom Im) minus = (Real(BinaryOperator.Add, one, z.Im), Real(BinaryOperator.Subtract, zero, z.Re));
        (Atom Re, Atom Im) plus = (Real(BinaryOperator.Subtract, one, z.Im), Real(BinaryOperator.Add, zero, z.Re));
        Atom re = Real(BinaryOperator.Subtract, MathOf(MathFunction.Log, "Log", Hypot(minus)), MathOf(MathFunction.Log, "Log", Hypot(plus)));
        Atom im = Real(BinaryOperator.Subtract, MathOf(MathFunction.Atan2, "Atan2", minus.Im, minus.Re), MathOf(MathFunction.Atan2, "Atan2", plus.Im, plus.Re));
        return [Real(BinaryOperator.Subtract, Real(BinaryOperator.Multiply, zero, re), Real(BinaryOperator.Multiply, half, im)),
            Real(BinaryOperator.Add, Real(BinaryOperator.Multiply, half, re), Real(BinaryOperator.Multiply, zero, im))];
    }

    /// <summary>r (cos θ + i sin θ).</summary>
    private List<Atom> Polar(Atom r, Atom theta) =>
        [Real(BinaryOperator.Multiply, r, MathOf(MathFunction.Cos, "Cos", theta)), Real(BinaryOperator.Multiply, r, MathOf(MathFunction.Sin, "Sin", theta))];

    /// <summary><c>Complex.Abs(z)</c>, <c>z.Magnitude</c> (the hypotenuse of the leaves) and <c>z.Phase</c> (their Atan2); null for anything else.</summary>
    private Expr? ComplexScalar(IOperation op)
    {
        (IOperation? operand, string? name) = op switch
        {
            IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Abs" } method, Arguments: [var argument] } when StructRebuilds.IsComplex(method.ContainingType) => (argument.Value, "Magnitude"),
            IPropertyReferenceOperation { Property: { Name: "Magnitude" or "Phase" } property, Instance: { } instance } when StructRebuilds.IsComplex(property.ContainingType) => (instance, property.Name),
            _ => (null, null),
        };
        if (operand is null || ComplexOperand(operand) is not { } z)
        {
            return operand is null ? null : new CopyExpr(new ConstantAtom("0.0", 0));
        }

        return name == "Magnitude" ? HypotExpr(z) : MathExpr(MathFunction.Atan2, "Atan2", z.Im, z.Re);
    }

    /// <summary>An implicit or explicit conversion of a real to Complex: the real is the real part.</summary>
    private static bool IsConversionToComplex(IConversionOperation conversion) =>
        StructRebuilds.IsComplex(conversion.Type) && SymbolFacts.KindOf(conversion.Operand.Type) != ScalarKind.None;

    private List<Atom> ConvertedToComplex(IConversionOperation conversion) => [RealOperand(conversion.Operand), new ConstantAtom("0.0", 0)];

    private VariableAtom Hypot((Atom Re, Atom Im) z) => Computed(HypotExpr(z), ScalarKind.Double);

    // |z| as the runtime computes it (Complex.Abs is double.Hypot).
    private static MathCallExpr HypotExpr((Atom Re, Atom Im) z) => new("double", "Hypot", MathFunction.Hypot, ScalarKind.Double, new[] { z.Re, z.Im }.ToEquatableArray());

    private VariableAtom MathOf(MathFunction function, string name, params Atom[] arguments) => Computed(MathExpr(function, name, arguments), ScalarKind.Double);

    private static MathCallExpr MathExpr(MathFunction function, string name, params Atom[] arguments) =>
        new(GradientGen.Emit.Literals.MathClass(ScalarKind.Double), name, function, ScalarKind.Double, arguments.ToEquatableArray());

    private VariableAtom Real(BinaryOperator op, Atom left, Atom right) => Binary(op, left, right, ScalarKind.Double);
}
