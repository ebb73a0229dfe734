using System.Numerics;
using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Structs;

/// <summary>
/// <c>System.Numerics.Complex</c> as parameters, locals, results, array elements and running sums: its operators
/// (with complex and real operands, compound ones included), <c>Exp</c>, <c>Log</c>, <c>Sqrt</c>, <c>Pow</c> by a real,
/// <c>Sin</c>, <c>Cos</c>, <c>Atan</c>, <c>Sinh</c>, <c>Cosh</c>,
/// <c>Conjugate</c>, <c>FromPolarCoordinates</c>, <c>Abs</c>, <c>Magnitude</c>, <c>Phase</c>, the conversion from a real.
/// A complex input's adjoint is the pair of partial derivatives (∂f/∂Re z, ∂f/∂Im z) in a <c>ref Complex</c>; for a
/// holomorphic p with a complex result and the seed g, that is g·conj(p′(z)). Checked against central differences
/// at several points, and against closed forms: that seed rule, and Parseval's theorem for a discrete Fourier
/// transform (Σ|X_k|² = N·Σx², so its gradient is 2N·x).
/// </summary>
public class ComplexTests
{
    internal const string Source = """
        using System;
        using System.Linq;
        using System.Numerics;
        using GradientGen;

        public static partial class Waves
        {
            [Differentiable]
            public static double Mixed(Complex z, Complex w, double s)
            {
                Complex p = z * w + Complex.Exp(z) / w - s * z + 2.0;
                Complex q = Complex.Conjugate(p) / (1.5 + z * z) + Complex.Log(w) * Complex.ImaginaryOne;
                q -= -Complex.Sin(z) + Complex.Cos(w) * s;
                q *= Complex.FromPolarCoordinates(s, z.Real);
                Complex r = s;
                r += q.Imaginary;
                return p.Magnitude + Complex.Abs(q) * q.Phase + r.Real * p.Real;
            }

            // Roots, real powers and hyperbolic functions.
            [Differentiable]
            public static double More(Complex z, double p)
            {
                Complex a = Complex.Sqrt(z) * Complex.Pow(z, p) + Complex.Sinh(z) - Complex.Cosh(z * 0.5);
                return a.Real * a.Imaginary + Complex.Pow(a, 2).Magnitude;
            }

            // Tangents, a complex power, the reciprocal and the base-10 logarithm.
            [Differentiable]
            public static double Trig(Complex z, Complex w)
            {
                Complex a = Complex.Tan(z) * Complex.Tanh(w) + Complex.Pow(z, w) - Complex.Reciprocal(w) + Complex.Log10(z * w);
                return a.Real + a.Imaginary * a.Imaginary;
            }

            // Horner's scheme: a complex result, from a complex local overwritten in a loop.
            [Differentiable]
            public static Complex Polynomial(Complex z, double[] c)
            {
                Complex s = Complex.Zero;
                for (int k = 0; k < c.Length; k++) s = s * z + c[k];
                return s;
            }

            // Σ_k |X_k|² of the discrete Fourier transform X_k = Σ_n x_n e^(−2πikn/N) of a real signal.
            [Differentiable]
            public static double SpectrumEnergy(double[] x)
            {
                int n = x.Length;
                double energy = 0;
                for (int k = 0; k < n; k++)
                {
                    Complex sum = 0;
                    for (int j = 0; j < n; j++)
                    {
                        sum += x[j] * Complex.Exp(new Complex(0, -2 * Math.PI * k * j / n));
                    }

                    energy += sum.Real * sum.Real + sum.Imaginary * sum.Imaginary;
                }

                return energy;
            }

            // The arc tangent, of a product and of z itself.
            [Differentiable]
            public static double Arc(Complex z, Complex w)
            {
                Complex a = Complex.Atan(z * w) + 0.5 * Complex.Atan(z);
                return a.Real * a.Imaginary + a.Real;
            }

            [Differentiable]
            public static Complex ArcTangent(Complex z) => Complex.Atan(z);

            // An array of complex numbers: Σ|z_k|² + Re(z_0 · z_1), read by index.
            [Differentiable]
            public static double Pairs(Complex[] z)
            {
                double total = 0;
                for (int k = 0; k < z.Length; k++) total += (z[k] * Complex.Conjugate(z[k])).Real;
                return total + (z[0] * z[1]).Real;
            }
        }

        public static class Drivers
        {
            private static Complex Z(double[] f, int i) => new(f[i], f[i + 1]);

            // z 2, w 2, s → 5.
            public static double MixedValue(double[] f) => Waves.Mixed(Z(f, 0), Z(f, 2), f[4]);

            public static double[] MixedGradient(double[] f)
            {
                Complex dz = default, dw = default; double ds = 0;
                Waves.MixedBackward(Z(f, 0), Z(f, 2), f[4], 1.0, ref dz, ref dw, ref ds);
                return [dz.Real, dz.Imaginary, dw.Real, dw.Imaginary, ds];
            }

            // z 2, p → 3.
            public static double MoreValue(double[] f) => Waves.More(Z(f, 0), f[2]);

            public static double[] MoreGradient(double[] f)
            {
                Complex dz = default; double dp = 0;
                Waves.MoreBackward(Z(f, 0), f[2], 1.0, ref dz, ref dp);
                return [dz.Real, dz.Imaginary, dp];
            }

            // z 2, w 2 → 4.
            public static double TrigValue(double[] f) => Waves.Trig(Z(f, 0), Z(f, 2));

            public static double[] TrigGradient(double[] f)
            {
                Complex dz = default, dw = default;
                Waves.TrigBackward(Z(f, 0), Z(f, 2), 1.0, ref dz, ref dw);
                return [dz.Real, dz.Imaginary, dw.Real, dw.Imaginary];
            }

            // z 2, c 4 → 6; the seed (0.6, −1.3) picks a real combination of the result.
            private static readonly Complex Seed = new(0.6, -1.3);

            public static double PolynomialValue(double[] f)
            {
                Complex p = Waves.Polynomial(Z(f, 0), f[2..]);
                return Seed.Real * p.Real + Seed.Imaginary * p.Imaginary;
            }

            public static double[] PolynomialGradient(double[] f)
            {
                Complex dz = default; double[] dc = new double[4];
                Waves.PolynomialBackward(Z(f, 0), f[2..], Seed, ref dz, dc);
                return [dz.Real, dz.Imaginary, .. dc];
            }

            // x 6 → 6.
            public static double SpectrumEnergyValue(double[] f) => Waves.SpectrumEnergy(f);

            public static double[] SpectrumEnergyGradient(double[] f)
            {
                double[] dx = new double[f.Length];
                Waves.SpectrumEnergyBackward(f, 1.0, dx);
                return dx;
            }

            // z 2, w 2 → 4.
            public static double ArcValue(double[] f) => Waves.Arc(Z(f, 0), Z(f, 2));

            public static double[] ArcGradient(double[] f)
            {
                Complex dz = default, dw = default;
                Waves.ArcBackward(Z(f, 0), Z(f, 2), 1.0, ref dz, ref dw);
                return [dz.Real, dz.Imaginary, dw.Real, dw.Imaginary];
            }

            // z 3 complex → 6.
            private static Complex[] Zs(double[] f) => Enumerable.Range(0, f.Length / 2).Select(i => Z(f, 2 * i)).ToArray();

            public static double PairsValue(double[] f) => Waves.Pairs(Zs(f));

            public static double[] PairsGradient(double[] f)
            {
                var dz = new Complex[f.Length / 2];
                Waves.PairsBackward(Zs(f), 1.0, dz);
                return dz.SelectMany(d => new[] { d.Real, d.Imaginary }).ToArray();
            }
        }
        """;

    private static readonly FlatDrivers Drivers = new(Source);

    public static TheoryData<string, int> Cases => new()
    {
        { "Mixed", 5 },
        { "More", 3 },
        { "Trig", 4 },
        { "Polynomial", 6 },
        { "SpectrumEnergy", 6 },
        { "Pairs", 6 },
        { "Arc", 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Complex_gradients_match_finite_differences_at_several_points(string name, int size)
    {
        var random = new Random(7);
        for (int point = 0; point < 3; point++)
        {
            double[] f = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
            if (name == "Mixed")
            {
                f[4] = 0.5 + random.NextDouble(); // s > 0: a magnitude for FromPolarCoordinates.
            }

            Drivers.GradientMatchesFiniteDifferences(name, f, 1e-6, 1e-6, $"{name} at point {point}");
        }
    }

    [Fact]
    public void A_complex_adjoint_is_the_seed_times_the_conjugate_derivative()
    {
        // p(z) = c0 z³ + c1 z² + c2 z + c3, so p′(z) = 3c0 z² + 2c1 z + c2.
        double[] f = [0.4, -0.9, 1.5, -0.5, 2.0, 0.25];
        var z = new Complex(f[0], f[1]);
        Complex derivative = 3 * f[2] * z * z + 2 * f[3] * z + f[4];
        Complex expected = new Complex(0.6, -1.3) * Complex.Conjugate(derivative);
        double[] gradient = Drivers.Gradient("Polynomial", f);
        GradientAssert.Close(expected.Real, gradient[0], 1e-12, "dZ.Real");
        GradientAssert.Close(expected.Imaginary, gradient[1], 1e-12, "dZ.Imaginary");
        Complex power = 1;
        for (int k = 3; k >= 0; k--, power *= z)
        {
            // ∂(g·p)/∂c_k is Re(conj(g)·z^(3−k)): the seed's real combination of z's power.
            GradientAssert.Close(0.6 * power.Real - 1.3 * power.Imaginary, gradient[2 + k], 1e-12, $"dC[{k}]");
        }
    }

    [Fact]
    public void The_arc_tangents_adjoint_is_the_seed_times_the_conjugate_of_1_over_1_plus_z_squared_and_its_value_the_runtimes_bits()
    {
        MethodInfo backward = Drivers.Assembly.GetType("Waves")!.GetMethod("ArcTangentBackward")!;
        var seed = new Complex(0.6, -1.3);
        // Off the cuts, where the derivative is 1/(1 + z²); then on them, at signed zeros and far out, for the value.
        Complex[] points = [new(0.3, -0.7), new(-1.2, 0.4), new(2.5, 1.5), new(0.05, 0.9)];
        foreach (Complex z in points)
        {
            object?[] call = [z, seed, default(Complex)];
            backward.Invoke(null, call);
            Complex expected = seed * Complex.Conjugate(1 / (1 + z * z));
            Complex actual = (Complex)call[2]!;
            GradientAssert.Close(expected.Real, actual.Real, 1e-12, $"dZ.Real at {z}");
            GradientAssert.Close(expected.Imaginary, actual.Imaginary, 1e-12, $"dZ.Imaginary at {z}");
        }

        Complex[] edges = [.. points, new(0, 0), new(-0.0, 0.5), new(0.3, -0.0), new(0, 2), new(-0.0, -2), new(0, -2), new(1e-10, 1e-12), new(-3, 4), new(1e200, 1)];
        foreach (Complex z in edges)
        {
            var value = (Complex)backward.Invoke(null, [z, seed, default(Complex)])!;
            Complex runtime = Complex.Atan(z);
            Assert.Equal(BitConverter.DoubleToInt64Bits(runtime.Real), BitConverter.DoubleToInt64Bits(value.Real));
            Assert.Equal(BitConverter.DoubleToInt64Bits(runtime.Imaginary), BitConverter.DoubleToInt64Bits(value.Imaginary));
        }
    }

    [Fact]
    public void The_spectrum_energy_gradient_is_Parsevals_2Nx()
    {
        double[] x = [0.3, -1.1, 0.7, 2.0, -0.4, 0.9];
        double[] gradient = Drivers.Gradient("SpectrumEnergy", x);
        for (int i = 0; i < x.Length; i++)
        {
            GradientAssert.Close(2 * x.Length * x[i], gradient[i], 1e-9, $"dX[{i}]");
        }
    }

    [Fact]
    public void A_complex_parameter_gets_a_ref_complex_adjoint_and_a_complex_result_a_complex_seed()
    {
        MethodInfo backward = Drivers.Assembly.GetType("Waves")!.GetMethod("PolynomialBackward")!;
        Assert.Equal(
            [typeof(Complex), typeof(double[]), typeof(Complex), typeof(Complex).MakeByRefType(), typeof(Span<double>)],
            backward.GetParameters().Select(p => p.ParameterType).ToArray());
        Assert.Equal(typeof(Complex), backward.ReturnType);
        MethodInfo pairs = Drivers.Assembly.GetType("Waves")!.GetMethod("PairsBackward")!;
        Assert.Equal(typeof(Span<Complex>), pairs.GetParameters()[^1].ParameterType);
    }

    [Fact]
    public void The_tangent_of_a_complex_function_matches_finite_differences()
    {
        double[] args = [0.3, -0.2, 0.8, 0.5, 1.2];
        MethodInfo method = Drivers.Assembly.GetType("Waves")!.GetMethod("MixedTangent")!;
        var z = new Complex(args[0], args[1]);
        var w = new Complex(args[2], args[3]);
        var tz = new Complex(0.7, -0.4);
        var tw = new Complex(-0.3, 0.9);
        object?[] call = [z, w, args[4], tz, tw, 0.5, null];
        double value = (double)method.Invoke(null, call)!;
        double h = 1e-6;
        double Along(double e) => (double)Drivers.Assembly.GetType("Waves")!.GetMethod("Mixed")!.Invoke(null, [z + e * tz, w + e * tw, args[4] + e * 0.5])!;
        GradientAssert.Close(Along(0), value, 1e-12, "value");
        GradientAssert.Close((Along(h) - Along(-h)) / (2 * h), (double)call[^1]!, 1e-6, "tangent");
    }
}
