using System.Reflection;
using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.Numeric;

/// <summary>
/// Generic math: <c>static T F&lt;T&gt;(T x) where T : IFloatingPointIeee754&lt;T&gt;</c> and members of a generic type
/// using its floating T get a generic backward. Each is checked at T = double and T = float against its analytic
/// derivative and central finite differences: T's operators and functions (<c>T.Sin</c>, <c>T.Hypot</c>, …),
/// constants (<c>T.One</c>, <c>T.Pi</c>, <c>T.CreateChecked(0.5)</c>), branches, loops (the value stack holds T),
/// arrays of T, calls between generic methods and from double code into a generic one, and the gradient tuple.
/// </summary>
public class GenericMathTests
{
    private const string Type = "Numeric.GenericMath";

    private static readonly CompiledSource Source = new($$"""
        using System;
        using System.Numerics;
        using GradientGen;

        namespace Numeric;

        public static partial class GenericMath
        {
        {{string.Join("\n", FloatingTypeMemberTests.Unary.Keys.Select(f => $"    [Differentiable] public static T {f}<T>(T x) where T : IFloatingPointIeee754<T> => T.{f}(x);"))}}

            [Differentiable]
            public static T Mixed<T>(T x, T y) where T : IFloatingPointIeee754<T>
            {
                T z = x * y + T.Sin(x) - T.CreateChecked(0.5) * T.Pow(y, T.CreateChecked(2));
                z += T.Exp(-z / T.CreateChecked(4.0)) / T.Hypot(x, y);
                z *= T.One + T.Atan2(y, x) / T.Pi;
                return -z + T.Max(x, y) * T.FusedMultiplyAdd(x, y, T.E);
            }

            [Differentiable]
            public static TFloat OtherName<TFloat>(TFloat x, [NoDerivative] TFloat c) where TFloat : IFloatingPointIeee754<TFloat>
            {
                TFloat y = x;
                y++;
                y -= c * x;
                return TFloat.Log(y * y + TFloat.One) + TFloat.Clamp(x, -TFloat.One, TFloat.One);
            }

            [Differentiable]
            public static T Branches<T>(T x) where T : IFloatingPointIeee754<T>
            {
                T y;
                if (x > T.Zero)
                {
                    y = T.Sqrt(x) * x;
                }
                else
                {
                    y = T.Abs(x) * T.Tanh(x);
                }

                return x < T.CreateChecked(2) ? y : y / x;
            }

            // The logistic map and a running sum: values overwritten each iteration go to the value stack of T.
            [Differentiable]
            public static T Loop<T>(T x, T r, int n) where T : IFloatingPointIeee754<T>
            {
                T sum = T.Zero;
                for (int i = 0; i < n; i++)
                {
                    x = r * x * (T.One - x);
                    T s = T.Sin(x * r);
                    sum += s * s;
                    if (sum > T.CreateChecked(3)) break;
                }

                return sum + x;
            }

            [Differentiable]
            public static T Recursive<T>(T x, int n) where T : IFloatingPointIeee754<T> => n <= 0 ? x : Recursive(T.Sin(x), n - 1) * x;

            // Another constraint alongside (unmanaged: stackalloc of T), an interface that inherits IFloatingPointIeee754,
            // a switch expression, ++/--, and the functions of two and three arguments.
            [Differentiable]
            public static T Unmanaged<T>(T x, int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
            {
                Span<T> s = stackalloc T[4];
                for (int i = 0; i < s.Length; i++) s[i] = x * T.CreateChecked(i);
                T acc = T.Zero;
                foreach (T v in s) acc += T.Atan2(v, T.One) + T.Log(v + T.CreateChecked(2), T.CreateChecked(3));
                acc += T.Clamp(x, -T.One, T.One) + T.Lerp(x, acc, T.CreateChecked(0.5));
                T y = x;
                y++;
                y--;
                y = n switch { 0 => y * y, 1 => T.Sqrt(T.Abs(y)), _ => y };
                return acc + (x > T.Zero ? y : -y) + T.CreateChecked(n) * x;
            }

            [Differentiable]
            public static T Dot<T>(T[] a, T[] b, T scale) where T : IFloatingPointIeee754<T>
            {
                T[] scaled = new T[a.Length];
                for (int i = 0; i < a.Length; i++) scaled[i] = a[i] * scale;
                T s = T.Zero;
                foreach (T v in scaled) s += v * v;
                for (int i = 0; i < a.Length; i++) s += T.Exp(scaled[i]) * b[i];
                return s;
            }

            // Calls: generic to generic, and double code into generic methods instantiated at double.
            [Differentiable]
            public static T CallsGeneric<T>(T x, T y) where T : IFloatingPointIeee754<T> => Mixed(x, y) * Branches<T>(y) + OtherName(x, T.Pi);

            [Differentiable]
            public static double CallsFromDouble(double x, double y) => Mixed<double>(x, y) + CallsGeneric(y, x) * Math.Sin(x);

            [Differentiable]
            public static float CallsFromFloat(float x) => Mixed(x, 2f) * x;

            [Differentiable]
            public static double CallsGenericType(double w) => Model<double>.Softplus(w) * w;

            [Differentiable]
            public static T[] Softmax<T>(T[] z, T temperature) where T : IFloatingPointIeee754<T>
            {
                T max = z[0];
                foreach (T v in z) max = T.Max(max, v);
                T sum = T.Zero;
                T[] p = new T[z.Length];
                for (int i = 0; i < z.Length; i++) { p[i] = T.Exp((z[i] - max) / temperature); sum += p[i]; }
                for (int i = 0; i < z.Length; i++) p[i] /= sum;
                return p;
            }

            // Drivers for the arrays (spans don't go through reflection): the value, and the flat gradient over (a, b, scale).
            public static double DotValue(double[] a, double[] b, double scale) => Dot(a, b, scale);

            public static double[] DotGradient(double[] a, double[] b, double scale)
            {
                var da = new double[a.Length];
                var db = new double[b.Length];
                double ds = 0;
                DotBackward(a, b, scale, 1.0, da, db, ref ds);
                return [.. da, .. db, ds];
            }

            public static float[] DotGradientFloat(float[] a, float[] b, float scale)
            {
                var da = new float[a.Length];
                var db = new float[b.Length];
                float ds = 0;
                DotBackward(a, b, scale, 1f, da, db, ref ds);
                return [.. da, .. db, ds];
            }

            // Bytes allocated by the generic backwards in steady state (after a warm-up that fills the pool). Dot is
            // left out of the measure: its primal allocates an array, and so does its backward.
            public static long SteadyStateAllocations()
            {
                double[] a = [0.1, 0.2, 0.3], b = [1, 2, 3], da = new double[3], db = new double[3];
                float[] af = [0.1f, 0.2f, 0.3f], bf = [1, 2, 3], daf = new float[3], dbf = new float[3];
                double dx = 0, dr = 0, ds = 0;
                float dxf = 0, drf = 0, dsf = 0;
                for (int warm = 0; warm < 3; warm++)
                {
                    LoopBackward(0.3, 3.7, 200, 1.0, ref dx, ref dr);
                    LoopBackward(0.3f, 3.7f, 200, 1f, ref dxf, ref drf);
                    DotBackward(a, b, 0.5, 1.0, da, db, ref ds);
                    DotBackward(af, bf, 0.5f, 1f, daf, dbf, ref dsf);
                }

                // The fewest of three measures: an allocation per call shows in every one, while the shared pool
                // refilling once after a garbage collection trimmed it (other tests run beside this one) shows in one.
                long fewest = long.MaxValue;
                for (int measure = 0; measure < 3; measure++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int call = 0; call < 100; call++)
                    {
                        LoopBackward(0.3, 3.7, 200, 1.0, ref dx, ref dr);
                        LoopBackward(0.3f, 3.7f, 200, 1f, ref dxf, ref drf);
                        MixedBackward(0.3, 0.7, 1.0, ref dx, ref dr);
                        _ = MixedGradient(0.3f, 0.7f);
                    }

                    fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                }

                return fewest;
            }
        }

        // A generic type's members use its floating T.
        public partial class Model<T> where T : IFloatingPointIeee754<T>
        {
            private readonly T _bias;

            public Model() => _bias = T.CreateChecked(0.25);

            [Differentiable]
            public static T Softplus(T z) => T.Log(T.One + T.Exp(z));

            [Differentiable]
            public T Loss(T w, [NoDerivative] T x, [NoDerivative] T y)
            {
                T z = w * x + _bias;
                T d = Softplus(z) - y;
                return d * d;
            }
        }
        """);

    public static TheoryData<string, string> UnaryAtDoubleAndFloat()
    {
        var data = new TheoryData<string, string>();
        foreach (string f in FloatingTypeMemberTests.Unary.Keys)
        {
            data.Add(f, "double");
            data.Add(f, "float");
        }

        return data;
    }

    /// <summary>The type arguments T is checked at (by name: test cases show them).</summary>
    public static TheoryData<string> DoubleAndFloat => new("double", "float");

    private static Type TypeArgument(string name) => name == "float" ? typeof(float) : typeof(double);

    private static Differentiated Method(string name, string t) => new(Source.Assembly.GetType(Type, throwOnError: true)!, name, [TypeArgument(t)]);

    private static Precision PrecisionOf(string t) => t == "float" ? NumericAssert.Float : NumericAssert.Double;

    [Theory]
    [MemberData(nameof(UnaryAtDoubleAndFloat))]
    public void T_function_matches_its_analytic_derivative(string function, string t) =>
        NumericAssert.Derivative(Method(function, t), FloatingTypeMemberTests.Unary[function].Derivative, PrecisionOf(t), FloatingTypeMemberTests.Unary[function].Points);

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Operators_functions_and_constants_of_T(string t) =>
        NumericAssert.Gradient(
            Method("Mixed", t),
            p =>
            {
                double x = p[0], y = p[1];
                double z0 = (x * y) + Math.Sin(x) - (0.5 * y * y);
                double dz0x = y + Math.Cos(x), dz0y = x - y;
                double h = Math.Sqrt((x * x) + (y * y)), e = Math.Exp(-z0 / 4);
                double z1 = z0 + (e / h);
                double dz1x = dz0x - (e / 4 * dz0x / h) - (e * x / (h * h * h)), dz1y = dz0y - (e / 4 * dz0y / h) - (e * y / (h * h * h));
                double a = 1 + (Math.Atan2(y, x) / Math.PI), dax = -y / (h * h * Math.PI), day = x / (h * h * Math.PI);
                double max = Math.Max(x, y), fma = (x * y) + Math.E;
                double dmx = x >= y ? 1 : 0, dmy = 1 - dmx;
                return [-((dz1x * a) + (z1 * dax)) + (dmx * fma) + (max * y), -((dz1y * a) + (z1 * day)) + (dmy * fma) + (max * x)];
            },
            PrecisionOf(t),
            [0.5, 2],
            [1.25, -0.75],
            [-1.7, 0.3]);

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void A_type_parameter_of_another_name_increments_and_NoDerivative(string t) =>
        NumericAssert.Gradient(
            Method("OtherName", t),
            [0],
            p =>
            {
                double x = p[0], c = p[1], y = x + 1 - (c * x), dy = 1 - c;
                return [(2 * y * dy / ((y * y) + 1)) + (x is > -1 and < 1 ? 1 : 0)];
            },
            PrecisionOf(t),
            [0.5, 2],
            [1.25, -0.75],
            [-1.7, 0.3]);

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Branches_on_comparisons_of_T(string t) =>
        NumericAssert.Derivative(
            Method("Branches", t),
            x =>
            {
                double y = x > 0 ? 1.5 * Math.Sqrt(x) : (Math.Sign(x) * Math.Tanh(x)) + (Math.Abs(x) * (1 - (Math.Tanh(x) * Math.Tanh(x))));
                double value = x > 0 ? Math.Sqrt(x) * x : Math.Abs(x) * Math.Tanh(x);
                return x < 2 ? y : (y / x) - (value / (x * x));
            },
            PrecisionOf(t),
            -1.5,
            0.7,
            3);

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Loops_keep_T_values_on_the_value_stack(string t)
    {
        Differentiated f = Method("Loop", t);
        foreach (int n in new[] { 0, 1, 5, 40 })
        {
            // r = 2.5: the map converges, so float finite differences stay meaningful after 40 steps.
            NumericAssert.Gradient(f, [0, 1], p => LoopGradient(p[0], p[1], n), PrecisionOf(t), [0.3, 2.5, n], [0.6, 2.2, n], [0.45, 2.9, n]);
        }
    }

    /// <summary>Forward-mode derivatives of Loop, carried along by hand.</summary>
    private static double[] LoopGradient(double x, double r, int n)
    {
        double sum = 0, dSumX = 0, dSumR = 0, dxX = 1, dxR = 0;
        for (int i = 0; i < n; i++)
        {
            double next = r * x * (1 - x);
            double dNext = r * (1 - (2 * x));
            (dxX, dxR) = (dNext * dxX, (dNext * dxR) + (x * (1 - x)));
            x = next;
            double s = Math.Sin(x * r), ds = 2 * s * Math.Cos(x * r);
            dSumX += ds * r * dxX;
            dSumR += ds * ((r * dxR) + x);
            sum += s * s;
            if (sum > 3)
            {
                break;
            }
        }

        return [dSumX + dxX, dSumR + dxR];
    }

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Recursion(string t)
    {
        static double R(double x, int n) => n <= 0 ? x : R(Math.Sin(x), n - 1) * x;
        static double DR(double x, int n) => n <= 0 ? 1 : (DR(Math.Sin(x), n - 1) * Math.Cos(x) * x) + R(Math.Sin(x), n - 1);
        foreach (int n in new[] { 0, 1, 3 })
        {
            NumericAssert.Gradient(Method("Recursive", t), [0], p => [DR(p[0], n)], PrecisionOf(t), [0.3, n], [-0.7, n], [1.6, n]);
        }
    }

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Stackalloc_switch_increments_and_functions_of_several_arguments(string t)
    {
        static double F(double x, int n)
        {
            double acc = 0;
            for (int i = 0; i < 4; i++)
            {
                double v = x * i;
                acc += Math.Atan2(v, 1) + Math.Log(v + 2, 3);
            }

            acc += Math.Clamp(x, -1, 1) + double.Lerp(x, acc, 0.5);
            double y = n switch { 0 => x * x, 1 => Math.Sqrt(Math.Abs(x)), _ => x };
            return acc + (x > 0 ? y : -y) + (n * x);
        }

        // Richardson-extrapolated central differences of the same function written in double: exact to ~1e-11.
        static double D(double x, int n)
        {
            double Central(double h) => (F(x + h, n) - F(x - h, n)) / (2 * h);
            return ((4 * Central(1e-4)) - Central(2e-4)) / 3;
        }

        foreach (int n in new[] { 0, 1, 2 })
        {
            NumericAssert.Gradient(Method("Unmanaged", t), [0], p => [D(p[0], n)], PrecisionOf(t), [0.3, n], [-0.4, n], [1.6, n]);
        }
    }

    [Fact]
    public void Arrays_of_T_and_a_local_array_at_double()
    {
        Type type = Source.Assembly.GetType(Type, throwOnError: true)!;
        MethodInfo value = type.GetMethod("DotValue")!, gradient = type.GetMethod("DotGradient")!;
        foreach ((double[] a, double[] b, double scale) in new[] { ([0.1, -0.4, 0.9], new double[] { 1, 2, -3 }, 0.5), ([1.5, 0.2], new double[] { -0.5, 0.25 }, -1.25), (new[] { 0.3 }, new[] { 2.0 }, 2.0) })
        {
            double[] g = (double[])gradient.Invoke(null, [a, b, scale])!;
            double[] flat = [.. a, .. b, scale];
            for (int k = 0; k < flat.Length; k++)
            {
                double Shifted(double h)
                {
                    double[] p = (double[])flat.Clone();
                    p[k] += h;
                    return (double)value.Invoke(null, [p[..a.Length], p[a.Length..^1], p[^1]])!;
                }

                double fd = (Shifted(1e-6) - Shifted(-1e-6)) / 2e-6;
                GradientAssert.Close(fd, g[k], 1e-6, $"entry {k} of the gradient at scale {scale}");
            }

            // Closed form: ∂/∂a_i = 2·a_i·s² + s·e^(a_i·s)·b_i, ∂/∂b_i = e^(a_i·s), ∂/∂s = Σ 2·a_i²·s + a_i·e^(a_i·s)·b_i.
            for (int i = 0; i < a.Length; i++)
            {
                GradientAssert.Close((2 * a[i] * scale * scale) + (scale * Math.Exp(a[i] * scale) * b[i]), g[i], 1e-12, $"dA[{i}]");
                GradientAssert.Close(Math.Exp(a[i] * scale), g[a.Length + i], 1e-12, $"dB[{i}]");
            }

            GradientAssert.Close(a.Select((ai, i) => (2 * ai * ai * scale) + (ai * Math.Exp(ai * scale) * b[i])).Sum(), g[^1], 1e-12, "dScale");
        }
    }

    [Fact]
    public void Arrays_of_T_at_float_match_the_double_gradient()
    {
        Type type = Source.Assembly.GetType(Type, throwOnError: true)!;
        float[] a = [0.1f, -0.4f, 0.9f], b = [1, 2, -3];
        double[] expected = (double[])type.GetMethod("DotGradient")!.Invoke(null, [a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), 0.5])!;
        float[] actual = (float[])type.GetMethod("DotGradientFloat")!.Invoke(null, [a, b, 0.5f])!;
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            GradientAssert.Close(expected[k], actual[k], 2e-6, $"entry {k}");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Generic_method_calling_generic_methods(string t)
    {
        Differentiated calls = Method("CallsGeneric", t), mixed = Method("Mixed", t), branches = Method("Branches", t), other = Method("OtherName", t);
        NumericAssert.Gradient(
            calls,
            p =>
            {
                double x = p[0], y = p[1];
                double[] dm = mixed.Backprop([x, y]).Adjoints;
                double db = branches.Backprop([y]).Adjoints[0];
                double dOther = other.Backprop([x, Math.PI]).Adjoints[0];
                double m = mixed.Value(x, y), b = branches.Value(y);
                return [(dm[0] * b) + dOther, (dm[1] * b) + (m * db)];
            },
            PrecisionOf(t),
            [0.5, 1.5],
            [1.25, -0.75],
            [-1.7, 0.3]);
    }

    [Fact]
    public void Double_and_float_methods_calling_generic_ones_instantiated_at_their_type()
    {
        Differentiated fromDouble = Source.Method(Type, "CallsFromDouble"), mixed = Method("Mixed", "double"), calls = Method("CallsGeneric", "double");
        NumericAssert.Gradient(
            fromDouble,
            p =>
            {
                double x = p[0], y = p[1];
                double[] dm = mixed.Backprop([x, y]).Adjoints, dc = calls.Backprop([y, x]).Adjoints;
                double c = calls.Value(y, x);
                return [dm[0] + (dc[1] * Math.Sin(x)) + (c * Math.Cos(x)), dm[1] + (dc[0] * Math.Sin(x))];
            },
            [0.5, 2],
            [1.25, -0.75],
            [-1.7, 0.3]);

        Differentiated fromFloat = Source.Method(Type, "CallsFromFloat"), mixedFloat = Method("Mixed", "float");
        NumericAssert.Derivative(fromFloat, x => (mixedFloat.Backprop([x, 2]).Adjoints[0] * x) + mixedFloat.Value(x, 2), NumericAssert.Float, 0.5, 1.25, -1.7);
    }

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void Members_of_a_generic_type_use_its_floating_T(string t)
    {
        Type model = Source.Assembly.GetType("Numeric.Model`1", throwOnError: true)!.MakeGenericType(TypeArgument(t));
        var softplus = new Differentiated(model, "Softplus");
        NumericAssert.Derivative(softplus, z => 1 / (1 + Math.Exp(-z)), PrecisionOf(t), -2, 0.3, 4);

        var loss = new Differentiated(model, "Loss");
        double bias = (double)Convert.ChangeType(Convert.ChangeType(0.25, TypeArgument(t), System.Globalization.CultureInfo.InvariantCulture), typeof(double), System.Globalization.CultureInfo.InvariantCulture);
        NumericAssert.Gradient(
            loss,
            [0],
            p =>
            {
                double z = (p[0] * p[1]) + bias, d = Math.Log(1 + Math.Exp(z)) - p[2];
                return [2 * d * p[1] / (1 + Math.Exp(-z))];
            },
            PrecisionOf(t),
            [0.5, 2, 1],
            [1.25, -0.75, 0],
            [-1.7, 0.3, 2]);
    }

    [Fact]
    public void A_double_method_calling_a_member_of_the_generic_type_at_double() =>
        NumericAssert.Derivative(Source.Method(Type, "CallsGenericType"), w => (w / (1 + Math.Exp(-w))) + Math.Log(1 + Math.Exp(w)), -2, 0.3, 4);

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void The_Jacobian_of_a_generic_vector_valued_method(string t)
    {
        // p = softmax(z / τ): ∂p_i/∂z_j = p_i (δ_ij − p_j) / τ, ∂p_i/∂τ = −p_i (z_i − Σ_k p_k z_k) / τ².
        MethodInfo jacobian = Source.Assembly.GetType(Type, throwOnError: true)!.GetMethod("SoftmaxJacobian")!.MakeGenericMethod(TypeArgument(t));
        double tolerance = t == "float" ? 1e-6 : 1e-14;
        foreach ((double[] z, double tau) in new[] { (new[] { 0.1, 0.5, -0.3 }, 1.0), ([2.0, -1.0, 0.25, 0.75], 0.5) })
        {
            Array input = t == "float" ? z.Select(v => (float)v).ToArray() : z;
            object temperature = Convert.ChangeType(tau, TypeArgument(t), System.Globalization.CultureInfo.InvariantCulture);
            var j = (Array)jacobian.Invoke(null, [input, temperature])!;
            double[] zs = z.Select(v => t == "float" ? (double)(float)v : v).ToArray();
            double[] e = zs.Select(v => Math.Exp((v - zs.Max()) / tau)).ToArray();
            double[] p = e.Select(v => v / e.Sum()).ToArray();
            double mean = p.Zip(zs, (pk, zk) => pk * zk).Sum();
            Assert.Equal(new[] { z.Length, z.Length + 1 }, new[] { j.GetLength(0), j.GetLength(1) });
            for (int i = 0; i < z.Length; i++)
            {
                for (int k = 0; k < z.Length; k++)
                {
                    GradientAssert.Close(p[i] * ((i == k ? 1 : 0) - p[k]) / tau, Convert.ToDouble(j.GetValue(i, k), System.Globalization.CultureInfo.InvariantCulture), tolerance, $"J[{i}, {k}]");
                }

                GradientAssert.Close(-p[i] * (zs[i] - mean) / (tau * tau), Convert.ToDouble(j.GetValue(i, z.Length), System.Globalization.CultureInfo.InvariantCulture), tolerance, $"J[{i}, τ]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DoubleAndFloat))]
    public void The_gradient_tuple_of_a_generic_method(string t)
    {
        MethodInfo gradient = Source.Assembly.GetType(Type, throwOnError: true)!.GetMethod("MixedGradient")!.MakeGenericMethod(TypeArgument(t));
        Differentiated mixed = Method("Mixed", t);
        foreach (double[] p in new[] { new[] { 0.5, 2 }, [1.25, -0.75] })
        {
            object[] args = p.Select(v => Convert.ChangeType(v, TypeArgument(t), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            object tuple = gradient.Invoke(null, args)!;
            double[] items = new[] { "Item1", "Item2", "Item3" }.Select(n => Convert.ToDouble(tuple.GetType().GetField(n)!.GetValue(tuple), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            (double value, double[] adjoints) = mixed.Backprop(p);
            Assert.Equal([value, .. adjoints], items);
        }
    }

    [Fact]
    public void Generic_backwards_allocate_nothing_in_steady_state() =>
        Assert.Equal(0L, (long)Source.Assembly.GetType(Type, throwOnError: true)!.GetMethod("SteadyStateAllocations")!.Invoke(null, null)!);
}
