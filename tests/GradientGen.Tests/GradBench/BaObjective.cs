using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>ba</c> eval (evals/ba/README.md, ADBench's bundle adjustment): a camera
/// [r₀ r₁ r₂ C₀ C₁ C₂ f u₀ v₀ k₁ k₂] (Rodrigues rotation, centre, focal length, principal point, radial
/// distortion) projects a 3-D point X; the reprojection error is w·(projection − feature), and each weight
/// has the error 1 − w². The Jacobian is sparse: each observation's two errors depend on one camera's 11
/// parameters, one point's 3 and one weight, so it is built block by block from <see cref="ReprojectionError"/>'s.
/// </summary>
public static partial class BaObjective
{
    public const int CameraParameters = 11;

    /// <summary>The two reprojection errors of one observation.</summary>
    [Differentiable]
    public static void ReprojectionError(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double w, [NoDerivative] ReadOnlySpan<double> feature, Span<double> error)
    {
        // The point relative to the camera centre, rotated by Rodrigues' formula.
        double x0 = point[0] - camera[3];
        double x1 = point[1] - camera[4];
        double x2 = point[2] - camera[5];
        double r0 = camera[0];
        double r1 = camera[1];
        double r2 = camera[2];
        double thetaSquared = (r0 * r0) + (r1 * r1) + (r2 * r2);
        double c0, c1, c2;
        if (thetaSquared != 0)
        {
            double theta = Math.Sqrt(thetaSquared);
            double cos = Math.Cos(theta);
            double sin = Math.Sin(theta);
            double w0 = r0 / theta;
            double w1 = r1 / theta;
            double w2 = r2 / theta;
            double along = ((w0 * x0) + (w1 * x1) + (w2 * x2)) * (1 - cos);
            c0 = (x0 * cos) + (((w1 * x2) - (w2 * x1)) * sin) + (w0 * along);
            c1 = (x1 * cos) + (((w2 * x0) - (w0 * x2)) * sin) + (w1 * along);
            c2 = (x2 * cos) + (((w0 * x1) - (w1 * x0)) * sin) + (w2 * along);
        }
        else
        {
            // At zero rotation, the first-order formula (exact in value, and in derivative).
            c0 = x0 + ((r1 * x2) - (r2 * x1));
            c1 = x1 + ((r2 * x0) - (r0 * x2));
            c2 = x2 + ((r0 * x1) - (r1 * x0));
        }

        // Perspective division, radial distortion, then focal length and principal point.
        double p0 = c0 / c2;
        double p1 = c1 / c2;
        double rSquared = (p0 * p0) + (p1 * p1);
        double distortion = 1 + (camera[9] * rSquared) + (camera[10] * rSquared * rSquared);
        double u = (p0 * distortion * camera[6]) + camera[7];
        double v = (p1 * distortion * camera[6]) + camera[8];
        error[0] = w * (u - feature[0]);
        error[1] = w * (v - feature[1]);
    }

    /// <summary>Zach's robustifier weight error of one observation.</summary>
    [Differentiable]
    public static double WeightError(double w) => 1 - (w * w);

    /// <summary>
    /// All errors: for observation i, with camera obs[2i] and point obs[2i + 1], reprojection errors
    /// 2i and 2i + 1 and weight error i.
    /// </summary>
    public static void Objective(int n, int m, int p, double[] cameras, double[] points, double[] weights, int[] observations, double[] features, double[] reprojectionErrors, double[] weightErrors)
    {
        _ = n;
        _ = m;
        for (int i = 0; i < p; i++)
        {
            int camera = observations[2 * i];
            int point = observations[(2 * i) + 1];
            ReprojectionError(cameras.AsSpan(camera * CameraParameters, CameraParameters), points.AsSpan(point * 3, 3), weights[i], features.AsSpan(2 * i, 2), reprojectionErrors.AsSpan(2 * i, 2));
        }

        for (int i = 0; i < p; i++)
        {
            weightErrors[i] = WeightError(weights[i]);
        }
    }
}
