using GradientGen;

namespace GradientGen.Tests.GradBench;

/// <summary>
/// GradBench's <c>ht</c> eval (evals/ht/README.md, ADBench's hand tracking; cpp/gradbench/evals/ht.hpp), the
/// "simple" variant (no <c>us</c>): 26 pose parameters θ (global rotation as an angle-axis, global
/// translation, then per finger three bend angles and one spread) pose a skinned hand model: each bone's
/// relative transform is its rest transform times an Euler-angle rotation, the absolute transforms are
/// chained from the root, each vertex is the weighted sum of its bones' transforms applied to its rest
/// position, then the global rotation and translation apply. The errors are observed points minus the
/// vertices they correspond to, 3 per point; the eval asks for their Jacobian with respect to θ.
/// Matrices are flat row-major arrays, 16 entries per 4×4 bone transform.
/// </summary>
public static partial class HtObjective
{
    public const int ThetaCount = 26;

    [Differentiable]
    public static double[] Objective(
        double[] theta,
        int[] parents,
        [NoDerivative] double[] baseRelatives,
        [NoDerivative] double[] inverseBaseAbsolutes,
        [NoDerivative] double[,] basePositions,
        [NoDerivative] double[,] weights,
        bool isMirrored,
        int[] correspondences,
        [NoDerivative] double[,] points)
    {
        int bones = parents.Length;
        int vertices = basePositions.GetLength(1);
        double[,] pose = new double[3, bones + 3];
        double[] rotation = new double[9];
        double[] relatives = new double[bones * 16];
        double[] absolutes = new double[bones * 16];
        double[] transforms = new double[bones * 16];
        double[,] positions = new double[3, vertices];
        double[] errors = new double[3 * correspondences.Length];

        // Pose parameters, one column each: global rotation, scale (1), global translation, then one per bone;
        // each finger's first bone takes a bend and a spread, the next two a bend, its fourth none.
        for (int i = 0; i < 3; i++)
        {
            pose[i, 0] = theta[i];
            pose[i, 1] = 1;
            pose[i, 2] = theta[i + 3];
        }

        int iTheta = 6;
        int iPose = 5;
        for (int finger = 0; finger < 5; finger++)
        {
            for (int joint = 2; joint <= 4; joint++)
            {
                pose[0, iPose] = theta[iTheta];
                iTheta++;
                if (joint == 2)
                {
                    pose[1, iPose] = theta[iTheta];
                    iTheta++;
                }

                iPose++;
            }

            iPose++;
        }

        for (int b = 0; b < bones; b++)
        {
            // R = Rz · Ry · Rx from the bone's Euler angles (x, z, y), written out.
            double tx = pose[0, b + 3];
            double tz = pose[1, b + 3];
            double ty = pose[2, b + 3];
            double cx = Math.Cos(tx), sx = Math.Sin(tx);
            double cy = Math.Cos(ty), sy = Math.Sin(ty);
            double cz = Math.Cos(tz), sz = Math.Sin(tz);
            rotation[0] = cz * cy;
            rotation[1] = (-sz * cx) + (cz * sy * sx);
            rotation[2] = (sz * sx) + (cz * sy * cx);
            rotation[3] = sz * cy;
            rotation[4] = (cz * cx) + (sz * sy * sx);
            rotation[5] = (-cz * sx) + (sz * sy * cx);
            rotation[6] = -sy;
            rotation[7] = cy * sx;
            rotation[8] = cy * cx;

            // The posed relative transform: the rest transform times [R 0; 0 1].
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double sum = 0;
                    for (int k = 0; k < 3; k++)
                    {
                        sum += baseRelatives[(b * 16) + (r * 4) + k] * rotation[(k * 3) + c];
                    }

                    relatives[(b * 16) + (r * 4) + c] = sum;
                }

                relatives[(b * 16) + (r * 4) + 3] = baseRelatives[(b * 16) + (r * 4) + 3];
            }

            // Absolute transforms down the tree (a parent comes before its children).
            int parent = parents[b];
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    if (parent < 0)
                    {
                        absolutes[(b * 16) + (r * 4) + c] = relatives[(b * 16) + (r * 4) + c];
                    }
                    else
                    {
                        double sum = 0;
                        for (int k = 0; k < 4; k++)
                        {
                            sum += absolutes[(parent * 16) + (r * 4) + k] * relatives[(b * 16) + (k * 4) + c];
                        }

                        absolutes[(b * 16) + (r * 4) + c] = sum;
                    }
                }
            }

            // The bone's skinning transform: from the rest pose to the posed one.
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    double sum = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        sum += absolutes[(b * 16) + (r * 4) + k] * inverseBaseAbsolutes[(b * 16) + (k * 4) + c];
                    }

                    transforms[(b * 16) + (r * 4) + c] = sum;
                }
            }
        }

        // Linear blend skinning.
        for (int b = 0; b < bones; b++)
        {
            for (int v = 0; v < vertices; v++)
            {
                for (int i = 0; i < 3; i++)
                {
                    double moved = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        moved += transforms[(b * 16) + (i * 4) + k] * basePositions[k, v];
                    }

                    positions[i, v] += moved * weights[b, v];
                }
            }
        }

        if (isMirrored)
        {
            for (int v = 0; v < vertices; v++)
            {
                positions[0, v] = -positions[0, v];
            }
        }

        // The global rotation (angle-axis; none below 1e-4 rad) and translation.
        double norm = Math.Sqrt((pose[0, 0] * pose[0, 0]) + (pose[1, 0] * pose[1, 0]) + (pose[2, 0] * pose[2, 0]));
        if (norm < 0.0001)
        {
            for (int i = 0; i < 9; i++)
            {
                rotation[i] = i % 4 == 0 ? 1 : 0;
            }
        }
        else
        {
            double x = pose[0, 0] / norm;
            double y = pose[1, 0] / norm;
            double z = pose[2, 0] / norm;
            double s = Math.Sin(norm);
            double c = Math.Cos(norm);
            rotation[0] = (x * x) + ((1 - (x * x)) * c);
            rotation[1] = (x * y * (1 - c)) - (z * s);
            rotation[2] = (x * z * (1 - c)) + (y * s);
            rotation[3] = (x * y * (1 - c)) + (z * s);
            rotation[4] = (y * y) + ((1 - (y * y)) * c);
            rotation[5] = (y * z * (1 - c)) - (x * s);
            rotation[6] = (x * z * (1 - c)) - (y * s);
            rotation[7] = (z * y * (1 - c)) + (x * s);
            rotation[8] = (z * z) + ((1 - (z * z)) * c);
        }

        for (int i = 0; i < 3; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                rotation[(i * 3) + k] *= pose[k, 1];
            }
        }

        for (int v = 0; v < vertices; v++)
        {
            double p0 = positions[0, v];
            double p1 = positions[1, v];
            double p2 = positions[2, v];
            for (int i = 0; i < 3; i++)
            {
                positions[i, v] = (rotation[i * 3] * p0) + (rotation[(i * 3) + 1] * p1) + (rotation[(i * 3) + 2] * p2) + pose[i, 2];
            }
        }

        for (int i = 0; i < correspondences.Length; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                errors[(i * 3) + j] = points[j, i] - positions[j, correspondences[i]];
            }
        }

        return errors;
    }
}
