using GradientGen;

namespace GradientGen.Benchmarks.Workloads;

/// <summary>A point in space written the modern way: a struct with its own operators and properties.</summary>
public struct Vec3
{
    public Vec3(double x, double y, double z) { X = x; Y = y; Z = z; }

    public double X { get; set; }

    public double Y { get; set; }

    public double Z { get; set; }

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public double Length => Math.Sqrt(Dot(this));

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;
}

/// <summary>
/// The energy of a chain of springs over points on a user struct with operators (issue #13's structs, written
/// as a C# developer would), beside the hand-written gradient: what inlining the struct's members costs.
/// </summary>
public static partial class SpringChain
{
    /// <summary>Σᵢ ½k(|pᵢ₊₁ − pᵢ| − rest)².</summary>
    [Differentiable]
    public static double Energy(ReadOnlySpan<Vec3> p, double k, [NoDerivative] double rest)
    {
        double e = 0;
        for (int i = 0; i + 1 < p.Length; i++)
        {
            Vec3 d = p[i + 1] - p[i];
            double s = d.Length - rest;
            e += 0.5 * k * s * s;
        }

        return e;
    }

    /// <summary>The energy and its gradient by hand: the force k·s/|d|·d pulls pᵢ₊₁ back and pᵢ forward.</summary>
    public static double EnergyByHand(ReadOnlySpan<Vec3> p, double k, double rest, Span<Vec3> dP, ref double dK)
    {
        double e = 0;
        for (int i = 0; i + 1 < p.Length; i++)
        {
            double dx = p[i + 1].X - p[i].X, dy = p[i + 1].Y - p[i].Y, dz = p[i + 1].Z - p[i].Z;
            double length = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            double s = length - rest;
            e += 0.5 * k * s * s;
            dK += 0.5 * s * s;
            double g = k * s / length;
            dP[i + 1].X += g * dx; dP[i + 1].Y += g * dy; dP[i + 1].Z += g * dz;
            dP[i].X -= g * dx; dP[i].Y -= g * dy; dP[i].Z -= g * dz;
        }

        return e;
    }
}
